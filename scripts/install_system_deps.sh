#!/usr/bin/env bash
# Installs the few Debian packages Chudan needs that pip cannot provide, and only those
# that are missing. Without root it prints the apt command instead of running it.
set -euo pipefail

PACKAGES=(
  # Qt offscreen / xcb platform plugins
  libgl1 libegl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3
  # QtMultimedia (document cameras in the wizard) loads the PulseAudio client library
  libpulse0
  # A CJK font so Chinese renders on screen (PDFs embed the bundled font instead)
  fonts-wqy-microhei
  # pdftotext / pdftoppm read PDFs back in tests
  poppler-utils
  # Head office's tests run on a throwaway PostgreSQL server as well as SQLite
  postgresql
  # The no-telemetry test watches the OCR process's connect() calls
  strace
  # A real X server for window screenshots
  xvfb xauth libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libxcb-xkb1
  # installer-check: waits for the frozen app's window (xwininfo) and screenshots it (import)
  x11-utils imagemagick
  # The bundle's build: gcc and readelf make the stubs for OpenCV's unused FFmpeg, its forwarder
  # to numpy's OpenBLAS and the zh/en-only ICU data library (shipping/opencv_ffmpeg_stub.py,
  # opencv_blas.py, icu_data.py); debootstrap makes the Debian 11 build root
  gcc binutils debootstrap
  # The customer's phone page is tested in a real headless browser (selenium drives it)
  chromium chromium-driver
)

# Debian's own Python ships `venv` without ensurepip: `python3.11 -m venv` then fails until
# python3.11-venv is installed (a python.org or image-built Python has it already).
PY="${PYTHON:-python3.11}"
if command -v "$PY" >/dev/null 2>&1 && ! "$PY" -c "import ensurepip, venv" >/dev/null 2>&1; then
  PACKAGES+=("python$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')-venv")
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "install_system_deps: not a Debian-family system; install the equivalents of: ${PACKAGES[*]}" >&2
  exit 0
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "Chudan needs these Debian packages; run as root:" >&2
  echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 0
fi

echo "install_system_deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
