#!/usr/bin/env bash
# Set up this checkout on a fresh Debian/Ubuntu machine: the system libraries Qt needs to start
# (also offscreen) and a CJK font, then .venv with hbaccept and its test tools.
# With --test, also what the tests use to read exports back: poppler (pdftotext, pdffonts) and
# LibreOffice (proves the .docx/.xlsx open in a real office suite).
# With --build, also PyInstaller and binutils (it reads the libraries' headers with objdump), for
# scripts/build_frozen.sh. The options combine.
# Safe to run again: it installs only what is missing.
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
EXTRAS=(test)
for option in "$@"; do
  case "$option" in
    --test) APT_PACKAGES+=("${TEST_APT_PACKAGES[@]}") ;;
    --build) APT_PACKAGES+=("${BUILD_APT_PACKAGES[@]}"); EXTRAS+=(build) ;;
    *) echo "usage: $0 [--test] [--build]" >&2; exit 2 ;;
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

[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
extras=$(IFS=,; echo "${EXTRAS[*]}")
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[$extras]"
