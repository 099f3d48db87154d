# shellcheck shell=bash
# The Wine environment of the Windows lane (scripts/windows/lane.sh). Sourced by the lane, and by
# hand to look around after a run:
#
#   source scripts/windows/env.sh
#   wrun "$WIN_PYTHON" -c "import sys; print(sys.version)"
#   wrun "$HBACCEPT_WINE_WORK/dist/hbaccept/hbaccept.exe" --selftest
#
# Everything lives in one work folder outside the checkout, $HBACCEPT_WINE_WORK (default
# /tmp/hbaccept-wine): downloads (kept, so a rerun is fast), the Wine prefix, the Windows Python,
# PyInstaller's build and dist folders, the installer, screenshots. Delete it to start from scratch.

HBACCEPT_WINE_WORK=${HBACCEPT_WINE_WORK:-/tmp/hbaccept-wine}
export HBACCEPT_WINE_WORK
# A 64-bit prefix (Debian 12's wine64 only; no wine32 is needed by anything the lane runs).
export WINEPREFIX=$HBACCEPT_WINE_WORK/prefix WINEARCH=win64 WINEDEBUG=-all
# mscoree, mshtml: disabled, so Wine never offers to download Mono or Gecko (the machine is offline).
# mscms=n: the stand-in of shims/mscms.c instead of Wine's builtin (see there).
# winemenubuilder: disabled, so shortcuts and file types installed in the prefix never become
# menu entries, icons or MIME types of the Linux user (~/.local, ~/.config).
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d;mscms=n"
# Mesa (Wine's OpenGL under Xvfb) keeps its shader cache in the work folder, not in ~/.cache.
export MESA_SHADER_CACHE_DIR=$HBACCEPT_WINE_WORK/cache/mesa
mkdir -p "$MESA_SHADER_CACHE_DIR"
# Wine takes the Windows locale from LANG, and the encoding of Unix file names (Chinese names such as
# 自检报告.txt) from it too. Only C.UTF-8 is sure to exist on a fresh machine: Windows then runs as
# en-US with code page 1252/437, the harder case for Chinese console output (cli.py).
export LANG=C.UTF-8 LC_ALL=C.UTF-8
# Python from source under Wine honours this (the frozen exe does not: it decides itself, see cli.py).
export PYTHONIOENCODING=utf-8 PYTHONDONTWRITEBYTECODE=1

#: The Windows CPython the build ships (scripts/windows/unpack_python.py) and its site-packages.
export WIN_PYTHON=$HBACCEPT_WINE_WORK/python/python.exe

# wrun PROGRAM ARGS...: run a Windows program, its output piped. With stdout redirected to a regular
# file, Wine 8 hands Python an invalid standard handle ("init_sys_streams: Invalid handle"), so
# output always goes through a pipe (cat), and the program's exit code is kept.
wrun() {
  wine "$@" 2>&1 | cat
  return "${PIPESTATUS[0]}"
}

# winpath /linux/path: the same path as Windows programs see it (Wine maps Z: to /).
winpath() {
  local path=$1
  printf 'Z:%s' "${path//\//\\}"
}

# Wine drops QT_* variables on their way into the Windows environment; WINEQT_* arrive there as QT_*
# (so: WINEQT_QPA_PLATFORM=offscreen wrun ...).

# The Windows user's folders inside the prefix (the user is named after the Linux user).
win_user_dir() { printf '%s/drive_c/users/%s' "$WINEPREFIX" "$(id -un)"; }
