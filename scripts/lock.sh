#!/usr/bin/env bash
# Refresh requirements/lock.txt: the exact versions, with the hashes of every platform's files, of
# everything bootstrap.sh, CI and the Windows build install (the runtime, the test and build
# extras of pyproject.toml, pip and setuptools). One universal lock: entries only Windows needs
# (PyInstaller's pefile, pywin32-ctypes) carry a marker. uv resolves it; uv itself is pinned here
# and lives in a throwaway venv, so it is not part of any environment the project runs in.
#
#   bash scripts/lock.sh                 # keep locked versions, add what pyproject.toml newly asks for
#   bash scripts/lock.sh --upgrade       # newest versions pyproject.toml allows
#   bash scripts/lock.sh --upgrade-package reportlab   # one package only
#
# Then: bash scripts/bootstrap.sh --test && .venv/bin/python -m pytest, the soak
# (scripts/soak.py), and commit the lock with the figures in the message. A release that breaks
# the app is excluded in pyproject.toml (as PySide6-Essentials 6.12.0 is), never just skipped here.
set -euo pipefail
cd "$(dirname "$0")/.."
UV_VERSION=0.13.9
PYTHON="${PYTHON:-python3}"

tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
"$PYTHON" -m venv "$tools"
"$tools/bin/python" -m pip install -q --disable-pip-version-check "uv==$UV_VERSION"
cd requirements
"$tools/bin/uv" pip compile ../pyproject.toml tools.in --extra test --extra build \
  --universal --python-version 3.11 --generate-hashes --quiet -o lock.txt "$@"
echo "requirements/lock.txt: $(grep -c '==' lock.txt) packages"
