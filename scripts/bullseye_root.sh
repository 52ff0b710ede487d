#!/usr/bin/env bash
# The Linux bundle is built in a Debian 11 (bullseye, glibc 2.31) root so that it starts on
# Debian 11, Ubuntu 20.04, UOS and Kylin: a binary runs on the glibc it was linked against and
# any newer one, never an older one. Bullseye ships Python 3.9, so CPython 3.11 is built from
# Debian's own python3.11 source package inside the root.
#
#   scripts/bullseye_root.sh create   debootstrap the root, build CPython 3.11 in it
#   scripts/bullseye_root.sh build    copy this checkout in, build dist/chudan/ there
#   scripts/bullseye_root.sh check    installer-check and the .deb (install, purge) inside the root
#   scripts/bullseye_root.sh all      the three in a row
#
# ROOT (default build/bullseye-root) is ignored by git and by pytest. Needs root (chroot, mount).
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="${ROOT:-$HERE/build/bullseye-root}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
PY=/opt/python3.11/bin/python3.11

mounts_up() {
  for d in proc sys dev dev/pts; do
    mountpoint -q "$ROOT/$d" || mount --bind "/$d" "$ROOT/$d"
  done
  cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
  # The host's CA bundle: pip inside the root trusts what the host trusts.
  cp /etc/ssl/certs/ca-certificates.crt "$ROOT/etc/ssl/certs/host-ca.crt" 2>/dev/null || true
}
mounts_down() {
  for d in dev/pts dev sys proc; do
    mountpoint -q "$ROOT/$d" && umount -l "$ROOT/$d" || true
  done
}
in_root() { chroot "$ROOT" /usr/bin/env -i HOME=/root PATH=/opt/python3.11/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

create() {
  if [ ! -x "$ROOT/usr/bin/apt-get" ]; then
    mkdir -p "$ROOT"
    debootstrap --variant=minbase bullseye "$ROOT" "$MIRROR"
  fi
  trap mounts_down EXIT
  mounts_up
  cat >"$ROOT/etc/apt/sources.list" <<LIST
deb $MIRROR bullseye main
deb-src $MIRROR bookworm main
LIST
  in_root apt-get update -qq
  # CPython's build dependencies, then what the bundle needs at run time and installer-check uses.
  in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    build-essential dpkg-dev ca-certificates xz-utils libssl-dev zlib1g-dev libffi-dev \
    libsqlite3-dev libbz2-dev liblzma-dev libreadline-dev uuid-dev libncursesw5-dev \
    libgdbm-dev libexpat1-dev \
    libgl1 libegl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0 \
    libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 \
    libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb-cursor0 libxcb-xfixes0 libx11-xcb1 \
    xvfb xauth x11-utils poppler-utils imagemagick binutils file fonts-wqy-microhei
  if [ ! -x "$ROOT$PY" ]; then
    in_root bash -c 'set -e; mkdir -p /usr/src/cpython && cd /usr/src/cpython &&
      apt-get source --download-only -qq python3.11 && tar xf python3.11_*.orig.tar.* &&
      cd Python-3.11*/ && ./configure -q --prefix=/opt/python3.11 --enable-shared \
        LDFLAGS=-Wl,-rpath,/opt/python3.11/lib &&
      make -s -j"$(nproc)" && make -s altinstall'
  fi
  in_root "$PY" -c 'import ssl, sqlite3, ctypes, lzma, bz2, zlib; print("python ok", __import__("sys").version)'
  in_root ldd --version | head -1
}

build() {
  trap mounts_down EXIT
  mounts_up
  rm -rf "$ROOT/src/chudan" && mkdir -p "$ROOT/src/chudan"
  # The committed tree plus uncommitted edits, none of the build outputs.
  (cd "$HERE" && git ls-files -co --exclude-standard -z | tar --null -T - -cf -) |
    tar -xf - -C "$ROOT/src/chudan"
  in_root bash -c "cd /src/chudan && PIP_CERT=/etc/ssl/certs/host-ca.crt PYTHON=$PY LOCK_OVERRIDES=requirements-glibc231.txt bash scripts/build_bundle.sh"
}

check() {
  trap mounts_down EXIT
  mounts_up
  in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends x11-utils fonts-wqy-microhei >/dev/null
  in_root bash -c "cd /src/chudan && build/runtime-venv/bin/python -m shipping.installer_check"
  # The .deb on this Debian 11 root: installs, `chudan` on PATH, removal keeps the user's data.
  in_root bash -c "cd /src/chudan && bash scripts/build_deb.sh dist/chudan dist" >/dev/null
  in_root bash -c 'set -e
    deb=$(ls /src/chudan/dist/chudan_*_amd64.deb)
    apt-get install -y -qq "$deb" >/dev/null
    test -f /usr/share/applications/chudan.desktop
    test -f /usr/share/icons/hicolor/256x256/apps/chudan.png
    env -i HOME=/home/clerk PATH=/usr/bin:/bin chudan --version
    mkdir -p /home/clerk && env -i HOME=/home/clerk PATH=/usr/bin:/bin chudan db check >/dev/null
    test -f /home/clerk/.local/share/chudan/chudan.db
    dpkg --purge chudan >/dev/null
    test ! -e /opt/chudan && test ! -e /usr/bin/chudan
    test -f /home/clerk/.local/share/chudan/chudan.db -a -f /home/clerk/.local/share/chudan/chudan.db.key
    echo "deb: installed, chudan on PATH, purged; the user data stayed"
    rm -rf /home/clerk'
}

case "${1:-all}" in
  create) create ;;
  build) build ;;
  check) check ;;
  all) create; build; check ;;
  *) echo "usage: $0 create|build|check|all" >&2; exit 2 ;;
esac
