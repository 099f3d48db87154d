#!/usr/bin/env bash
# Set up this checkout on a fresh Debian/Ubuntu machine: the system libraries Qt needs to start
# (also offscreen) and a CJK font, then .venv with hbaccept and its test tools.
# With --test, also what the tests use to read exports back: poppler (pdftotext, pdffonts) and
# LibreOffice (proves the .docx/.xlsx open in a real office suite).
# With --build, also binutils (PyInstaller reads the libraries' headers with objdump), for
# scripts/build_frozen.sh. The options combine.
# Python packages come only from requirements/lock.txt (exact versions, checked hashes; the app,
# its test tools and PyInstaller), and the result is checked against the lock: a floating release
# once crashed the window. See README, "Locked versions".
# With --latest, instead: .venv-latest with the newest releases pyproject.toml allows, then the
# whole test suite and a 60 s soak there, to try new releases on purpose before refreshing the lock.
# Safe to run again: it installs only what is missing or differs from the lock.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0
  libxcb-render-util0 libxcb-image0 libxcb-xkb1
  fonts-wqy-zenhei
)
TEST_APT_PACKAGES=(poppler-utils libreoffice-writer-nogui libreoffice-calc-nogui)
BUILD_APT_PACKAGES=(binutils)
PYTHON="${PYTHON:-python3}"
LOCK=requirements/lock.txt
VENV=.venv
LATEST=0
for option in "$@"; do
  case "$option" in
    --test) APT_PACKAGES+=("${TEST_APT_PACKAGES[@]}") ;;
    --build) APT_PACKAGES+=("${BUILD_APT_PACKAGES[@]}") ;;
    --latest) LATEST=1; VENV=.venv-latest; APT_PACKAGES+=("${TEST_APT_PACKAGES[@]}" "${BUILD_APT_PACKAGES[@]}") ;;
    *) echo "usage: $0 [--test] [--build] [--latest]" >&2; exit 2 ;;
  esac
done

if command -v dpkg >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  missing=()
  for package in "${APT_PACKAGES[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  "$PYTHON" -m venv --help >/dev/null 2>&1 || missing+=(python3-venv)
  if ((${#missing[@]})); then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

# One Python everywhere: the lock is resolved for 3.11, the Windows build ships 3.11 (README, "Windows").
"$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || {
  echo "$PYTHON is $("$PYTHON" --version 2>&1); hbaccept is built and tested on Python 3.11 (set PYTHON=python3.11)" >&2
  exit 2
}
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
pip=("$VENV/bin/python" -m pip -q --disable-pip-version-check)
if [ "$LATEST" = 1 ]; then
  "${pip[@]}" install --upgrade pip setuptools
  "${pip[@]}" install --upgrade --upgrade-strategy eager -e ".[test,build]"
  echo "Newest releases against $LOCK:"
  "$VENV/bin/python" scripts/check_lock.py "$LOCK" || true
  # The suite's check that the environment is the lock is the one test expected to differ here.
  QT_QPA_PLATFORM=offscreen "$VENV/bin/python" -m pytest -q --deselect tests/test_lock.py::test_this_environment_is_the_lock
  QT_QPA_PLATFORM=offscreen "$VENV/bin/python" scripts/soak.py --seconds 60
  echo "The newest releases pass. To adopt them: bash scripts/lock.sh --upgrade"
  exit 0
fi
"${pip[@]}" install --require-hashes -r "$LOCK"
"${pip[@]}" install --no-deps --no-build-isolation -e .
"$VENV/bin/python" scripts/check_lock.py "$LOCK"
