#!/usr/bin/env bash
# The demo window of the Windows build under Wine, as a clerk on Windows 10 sees it (Qt's default
# Windows style, windowsvista), saved as screenshots: 概览 (with its 完成率 bars), 附件2 and the
# library report. Run by lane.sh (DISPLAY on its Xvfb, the prefix ready):
#
#   bash scripts/windows/screenshots.sh DIST_EXE OUT_DIR
#
# The window opens in a Wine virtual desktop of the screen's size (Wine then draws Windows' own
# title bar and frame, with no X window manager needed), on a fresh settings folder. Fails if the
# window does not appear within two minutes or the screen stays empty.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/windows/env.sh
source "$HERE/env.sh"
exe=$1
out=$2
mkdir -p "$out"
home=$HBACCEPT_WINE_WORK/home-window
rm -rf "$home"

grab() { import -display "$DISPLAY" -window root "$1"; }
# The share of the screen that is not the Wine desktop's background colour (Control Panel\Colors):
# near 0 with an empty desktop or an error box, near 1 once the window is up.
background=$(wrun reg query 'HKCU\Control Panel\Colors' /v Background | tr -d '\r' | awk '/Background/ {print $3","$4","$5}')
covered() { convert "$1" -fill white +opaque "srgb($background)" -fill black -opaque "srgb($background)" -format '%[fx:mean]' info:; }

# Through a pipe, never into a file (see wrun in env.sh); $window_pid is the subshell.
(HBACCEPT_HOME=$(winpath "$home") wine explorer /desktop=hbaccept,1366x768 "$exe" --demo 2>&1 | cat >"$out/window.log") &
window_pid=$!

# Ready when the window covers most of the screen (not the desktop's colour, and not the black of a
# desktop not yet drawn: hundreds of colours), and two grabs two seconds apart are the same.
ready=0 previous=""
for _ in $(seq 60); do
  sleep 2
  kill -0 "$window_pid" 2>/dev/null || { cat "$out/window.log"; echo "the window process ended" >&2; exit 1; }
  grab "$out/.probe.png"
  now=$(md5sum <"$out/.probe.png")
  if [ "$now" = "$previous" ] && [ "$(identify -format '%k' "$out/.probe.png")" -gt 300 ] \
     && awk "BEGIN {exit !($(covered "$out/.probe.png") > 0.5)}"; then
    ready=1
    break
  fi
  previous=$now
done
if [ "$ready" = 0 ]; then
  cp "$out/.probe.png" "$out/failed.png" 2>/dev/null || true
  cat "$out/window.log"
  echo "no window within 2 minutes (the screen: $out/failed.png)" >&2
  exit 1
fi
rm -f "$out/.probe.png"

shot() {
  sleep 2
  grab "$out/$1.png"
  echo "$out/$1.png: $(identify -format '%wx%h, %k colours' "$out/$1.png"), window on $(covered "$out/$1.png") of the screen"
}
# 概览 first, then other tabs, clicked where the 1366×768 window has them (a changed layout only changes the pictures).
shot 0-overview
xdotool mousemove 296 127 click 1
shot 2-annex2
xdotool mousemove 903 127 click 1
shot 6-report-library
cmp -s "$out/0-overview.png" "$out/2-annex2.png" && echo "warning: the click on 附件2 changed nothing" >&2

# Close the window as a clerk would (Alt+F4; the demo is unchanged, so nothing is asked), then make sure.
xdotool key alt+F4
for _ in $(seq 10); do kill -0 "$window_pid" 2>/dev/null || break; sleep 1; done
if kill -0 "$window_pid" 2>/dev/null; then
  echo "the window did not close on Alt+F4: ending this prefix's Wine processes" >&2
  wineserver -k || true
fi
wait "$window_pid" 2>/dev/null || true
# Nothing of the window may linger into the next step (the installer check waits for Wine to be idle).
timeout 30 wineserver -w || wineserver -k
