#!/usr/bin/env bash
# The outlet's Debian package from a built bundle: `make deb` (after `make installer`).
#   /opt/chudan/            the bundle (release build)
#   /usr/bin/chudan         -> /opt/chudan/chudan, so `chudan db check` works from any shell
#   /usr/share/applications/chudan.desktop and the icon in hicolor: the menu entry
# The clerks' data lives in each user's ~/.local/share/chudan (never under /opt), so removing
# or purging the package leaves every store, key file and backup where it was.
#   scripts/build_deb.sh [BUNDLE=dist/chudan] [OUT=dist]
#   DEB_COMPRESSION=xz (default, for release) or gzip (CI: the same package, minutes faster)
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLE="${1:-dist/chudan}"
OUT="${2:-dist}"
VERSION="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' app/__init__.py)"
ARCH="$(dpkg --print-architecture)"
test -x "$BUNDLE/chudan" || { echo "build_deb: no bundle at $BUNDLE (run make installer)" >&2; exit 2; }
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
PKG="$STAGE/chudan"
mkdir -p "$PKG/DEBIAN" "$PKG/opt" "$PKG/usr/bin" "$PKG/usr/share/applications" \
  "$PKG/usr/share/icons/hicolor/256x256/apps" "$PKG/usr/share/doc/chudan"
cp -a "$BUNDLE" "$PKG/opt/chudan"
ln -s /opt/chudan/chudan "$PKG/usr/bin/chudan"
install -m 0644 shipping/linux/chudan.desktop "$PKG/usr/share/applications/chudan.desktop"
install -m 0644 resources/icons/chudan.png "$PKG/usr/share/icons/hicolor/256x256/apps/chudan.png"
{
  echo "Chudan 出单台 is licensed under the Apache License 2.0: /opt/chudan/LICENSE."
  echo "Third-party components and their licences: /opt/chudan/THIRD-PARTY-NOTICES.txt."
} >"$PKG/usr/share/doc/chudan/copyright"
SIZE_KB="$(du -sk "$PKG" | cut -f1)"
# What the bundle takes from the system rather than carrying: glibc, OpenGL/EGL, the X11/xcb
# and Wayland client libraries Qt's platform plugins load, fontconfig, D-Bus, PulseAudio (camera).
cat >"$PKG/DEBIAN/control" <<CONTROL
Package: chudan
Version: $VERSION
Architecture: $ARCH
Maintainer: Chudan maintainers <chudan@localhost>
Installed-Size: $SIZE_KB
Section: misc
Priority: optional
Depends: libc6 (>= 2.31), libgl1, libegl1, libfontconfig1, libfreetype6, libdbus-1-3, libxkbcommon0, libxkbcommon-x11-0, libx11-6, libx11-xcb1, libxcb1, libxcb-cursor0 | libxcb-util0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-randr0, libxcb-render-util0, libxcb-shape0, libxcb-xfixes0, libxcb-xinerama0, libxcb-xkb1, libglib2.0-0
Recommends: libpulse0, fonts-wqy-microhei
Description: Chudan 出单台 motor-insurance issuance desk
 Offline-first desk for issuing Chinese motor-insurance policies (交强险 and
 商业险) at dealerships and repair shops: guided issuance, local OCR of ID
 cards and vehicle licences, an encrypted local store, sync with head office.
CONTROL
cat >"$PKG/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
# Menu and icon caches, where the desktop has them.
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q /usr/share/applications || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q /usr/share/icons/hicolor || true
exit 0
POSTINST
cat >"$PKG/DEBIAN/postrm" <<'POSTRM'
#!/bin/sh
set -e
# Removal and purge take only what the package installed. Each user's data (store, key file,
# backups in ~/.local/share/chudan) stays: it is the outlet's record of issued policies.
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q /usr/share/applications || true
exit 0
POSTRM
chmod 0755 "$PKG/DEBIAN/postinst" "$PKG/DEBIAN/postrm"
mkdir -p "$OUT"
DEB="$OUT/chudan_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Z"${DEB_COMPRESSION:-xz}" --build "$PKG" "$DEB" >/dev/null
echo "$DEB"
