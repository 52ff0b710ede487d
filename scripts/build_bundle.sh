#!/usr/bin/env bash
# Build the outlet bundles (dist/chudan = release, dist/chudan-dev = development) from a clean
# venv that holds only the desk's run-time packages (requirements-desk.txt at the versions in
# requirements.lock) and PyInstaller: nothing from the dev venv (pytest, hypothesis, mypy,
# head office's psycopg) can be pulled in by an optional import.
#   PYTHON        interpreter for the venv (default python3.11)
#   BUNDLE_VENV   where the venv lives (default build/runtime-venv; reused while the lists hold)
#   LOCK_OVERRIDES  a file of name==version lines replacing those packages' lines in the lock
#                   (requirements-glibc231.txt in the Debian 11 root)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3.11}"
VENV="${BUNDLE_VENV:-build/runtime-venv}"
STAMP="$VENV/.chudan-runtime"
mkdir -p build
constraints=build/bundle-constraints.txt
if [ -n "${LOCK_OVERRIDES:-}" ]; then
  # The lock without the overridden names, then the overrides.
  names="$(grep -v '^#' "$LOCK_OVERRIDES" | grep -o '^[A-Za-z0-9_.-]*' | tr 'A-Z_.' 'a-z--' | paste -sd'|')"
  awk -v names="^($names)==" '{ n = tolower($0); gsub(/[_.]/, "-", n); if (n !~ names) print }' \
    requirements.lock >"$constraints"
  grep -v '^#' "$LOCK_OVERRIDES" >>"$constraints"
else
  cp requirements.lock "$constraints"
fi
want="$(cat "$constraints" requirements-desk.txt requirements-build.txt | sha256sum | cut -c1-16)"
start=$(date +%s)
if [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]; then
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -c "$constraints" -r requirements-desk.txt -r requirements-build.txt
  echo "$want" >"$STAMP"
fi
venv_done=$(date +%s)
unset PYTHONPATH
# The bundle ships the engine as Python: a module compiled here would tie it to this machine's
# glibc (the Debian 11 build) and the desk quotes one request at a time.
"$VENV/bin/python" scripts/build_native.py --clean
"$VENV/bin/python" -m shipping.notices build/THIRD-PARTY-NOTICES.txt
"$VENV/bin/pyinstaller" build_installer.spec --noconfirm --log-level WARN \
  --distpath dist --workpath build/pyinstaller
for bundle in dist/chudan dist/chudan-dev; do
  cp LICENSE build/THIRD-PARTY-NOTICES.txt "$bundle/"
  if [ "$(uname -s)" = Linux ]; then
    # One FFmpeg (Qt's), one OpenBLAS (numpy's), ICU's data for zh and en only, and no debug
    # info or symbol tables (shipping/*.py say why).
    "$VENV/bin/python" -m shipping.opencv_ffmpeg_stub "$bundle/_internal" >/dev/null
    "$VENV/bin/python" -m shipping.opencv_blas "$bundle/_internal" >/dev/null
    "$VENV/bin/python" -m shipping.icu_data "$bundle/_internal"
    "$VENV/bin/python" -m shipping.strip_debug "$bundle/_internal" >/dev/null
  fi
done
end=$(date +%s)
printf 'venv %ss, pyinstaller %ss\n' $((venv_done - start)) $((end - venv_done)) | tee build/bundle-build-time.txt
du -sh dist/chudan dist/chudan-dev
