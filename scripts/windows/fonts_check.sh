#!/usr/bin/env bash
# The Windows fonts path of the PDF export (hbaccept_gui/exporters/fonts.py), which runs only on
# Windows: the clerk's 黑体/仿宋/楷体/宋体 are taken from C:\Windows\Fonts (or the per-user font
# folder) by file name. Under Wine, with the Windows build:
#   1. stand-in TrueType CJK fonts at exactly those names: simhei.ttf, simfang.ttf, simsun.ttc (a
#      collection) in C:\Windows\Fonts, simkai.ttf in %LOCALAPPDATA%\Microsoft\Windows\Fonts;
#      hbaccept.exe export must find and embed them, take face 0 out of the collection, and fall
#      back per character where a face lacks one (check_pdf_fonts.py says what is checked);
#   2. none of them: everything in the bundled WenQuanYi Zen Hei, embedded.
# The stand-ins come from Debian packages that are downloaded and unpacked into the work folder, not
# installed: the machine's own fonts stay as they are. They are removed again at the end.
# Run by lane.sh (the prefix ready):
#
#   bash scripts/windows/fonts_check.sh DIST_EXE OUT_DIR
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=scripts/windows/env.sh
source "$HERE/env.sh"
exe=$1
out=$2
rm -rf "$out" && mkdir -p "$out"
fail() { echo "fonts check FAILED: $*" >&2; exit 1; }

# Windows name ← (Debian package, file in it).
STANDINS=(
  "simhei.ttf fonts-droid-fallback usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
  "simfang.ttf fonts-arphic-gbsn00lp usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf"
  "simkai.ttf fonts-arphic-gkai00mp usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf"
  "simsun.ttc fonts-arphic-uming usr/share/fonts/truetype/arphic/uming.ttc"
)
fonts=$HBACCEPT_WINE_WORK/downloads/fonts
if [ ! -f "$fonts/simsun.ttc" ]; then
  rm -rf "$fonts" && mkdir -p "$fonts/debs"
  packages=()
  for standin in "${STANDINS[@]}"; do read -r _ package _ <<<"$standin"; packages+=("$package"); done
  download() { (cd "$fonts/debs" && apt-get download -q -o APT::Sandbox::User=root "${packages[@]}" >/dev/null); }
  download || { apt-get update -qq && download; }
  for deb in "$fonts"/debs/*.deb; do dpkg-deb -x "$deb" "$fonts/unpacked"; done
  for standin in "${STANDINS[@]}"; do
    read -r name _ file <<<"$standin"
    cp "$fonts/unpacked/$file" "$fonts/$name"
  done
fi

system_fonts=$WINEPREFIX/drive_c/windows/Fonts
user_fonts=$(win_user_dir)/AppData/Local/Microsoft/Windows/Fonts
placed=("$system_fonts/simhei.ttf" "$system_fonts/simfang.ttf" "$system_fonts/simsun.ttc" "$user_fonts/simkai.ttf")
remove_standins() { rm -f "${placed[@]}"; }
trap remove_standins EXIT

home=$out/home
document=$out/保定市图书馆.hbaccept
HBACCEPT_HOME=$(winpath "$home") wrun "$exe" demo --out "$(winpath "$document")" >/dev/null
export_pdfs() {
  mkdir -p "$1"
  HBACCEPT_HOME=$(winpath "$home") wrun "$exe" export "$(winpath "$document")" --out "$(winpath "$1")" \
    --format pdf >"$1.log" || { cat "$1.log"; fail "hbaccept.exe export exited $?"; }
}

echo "-- stand-ins at C:\\Windows\\Fonts\\simhei.ttf, simfang.ttf, simsun.ttc; simkai.ttf in the per-user font folder"
mkdir -p "$user_fonts"
for name in simhei.ttf simfang.ttf simsun.ttc; do cp "$fonts/$name" "$system_fonts/$name"; done
cp "$fonts/simkai.ttf" "$user_fonts/simkai.ttf"
export_pdfs "$out/with-standins"
"$ROOT/.venv/bin/python" "$HERE/check_pdf_fonts.py" standins "$out/with-standins" || fail "with the stand-ins"

echo "-- none of them"
remove_standins
export_pdfs "$out/without"
"$ROOT/.venv/bin/python" "$HERE/check_pdf_fonts.py" bundled "$out/without" || fail "without Windows fonts"
