#!/bin/sh
# Install head office into a Python environment: the Containerfile runs this, and so does the
# test that checks the install pulls neither Qt nor OCR (tests/integration/hq/test_hq_install.py).
#   shipping/hq/install.sh PYTHON SOURCE_DIR
# PYTHON is the environment's interpreter, SOURCE_DIR a checkout (or the container's copy).
set -eu
PYTHON="$1"
SRC="$2"
"$PYTHON" -m pip install -q -c "$SRC/requirements.lock" -r "$SRC/requirements-hq.txt"
"$PYTHON" -m pip install -q --no-deps "$SRC"
"$PYTHON" -m hq.cli --version
