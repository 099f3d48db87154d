#!/usr/bin/env bash
# The installer's round trip under Wine: compile installer/hbaccept.nsi with Debian's makensis, then
#   - on "Windows 8.1" the setup refuses (exit code 2) and installs nothing (the 10.0.17763 floor);
#   - per user, silently (/S): files in %LOCALAPPDATA%\Programs\hbaccept, the two Start-menu
#     shortcuts, no desktop shortcut, the .hbaccept file type in HKCU\Software\Classes, the entry in
#     Apps & features; the installed hbaccept.exe --selftest passes and a document is saved;
#   - its uninstaller (the QuietUninstallString) removes all of that, and keeps the clerk's
#     documents, settings, autosave drafts and self-test report;
#   - for all users (/S /AllUsers /DESKTOP): C:\Program Files\hbaccept, the desktop shortcut, the file
#     type in HKLM (so Windows' merged view, HKCR, has it: cmd's assoc and ftype must say so), then
#     its uninstaller, leaving nothing;
#   - per user into a folder given with /D=, and uninstalled from there.
# Run by lane.sh (the prefix ready, DISPLAY set):
#
#   bash scripts/windows/installer_check.sh DIST_DIR OUT_DIR [SCREENSHOT_DIR]
#
# With SCREENSHOT_DIR, the wizard's first four pages are also saved there, as setup-wizard.png.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=scripts/windows/env.sh
source "$HERE/env.sh"
dist=$1
out=$2
screenshots=${3:-}
rm -rf "$out" && mkdir -p "$out"

fail() { echo "installer check FAILED: $*" >&2; exit 1; }
ok() { echo "  ok: $*"; }
user=$(win_user_dir)
win_user="C:\\users\\$(id -un)"
programs_user="$user/AppData/Local/Programs/hbaccept"
programs_all="$WINEPREFIX/drive_c/Program Files/hbaccept"
start_user="$user/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/验收材料填报助手"
start_all="$WINEPREFIX/drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs/验收材料填报助手"
data="$user/AppData/Local/hbaccept"
uninstall_key='Software\Microsoft\Windows\CurrentVersion\Uninstall\hbaccept'

# reg_export KEY: the key and its subkeys as .reg text (UTF-8, no CRs), or failure if there is no such
# key. (reg query prints Chinese through the console code page; an export file is always UTF-16.)
reg_export() {
  local file=$out/export.reg
  rm -f "$file"
  wrun reg export "$1" "$(winpath "$file")" /y >/dev/null 2>&1 || return 1
  iconv -f UTF-16 -t UTF-8 "$file" | tr -d '\r'
}
# expect_reg KEY LINE...: each LINE is in the export of KEY (as regedit writes it: @="…" for the default).
expect_reg() {
  local key=$1 text
  shift
  text=$(reg_export "$key") || fail "no registry key $key"
  for line in "$@"; do
    grep -Fxq -- "$line" <<<"$text" || { echo "$text" >&2; fail "$key lacks: $line"; }
  done
}
expect_no_key() { ! reg_export "$1" >/dev/null || fail "$1 is still in the registry"; }
# What a Windows path looks like inside a .reg file (backslashes doubled).
reg_path() { printf '%s' "${1//\\/\\\\}"; }
# quiet_uninstall HKCU|HKLM: run the QuietUninstallString that Apps & features would run.
quiet_uninstall() {
  local command program options
  command=$(reg_export "$1\\$uninstall_key" | sed -n 's/^"QuietUninstallString"="\(.*\)"$/\1/p' \
    | sed 's/\\\\/\\/g; s/\\"/"/g')
  program=$(sed -n 's/^"\([^"]*\)".*/\1/p' <<<"$command")
  [ -n "$program" ] || fail "no QuietUninstallString in $1"
  echo "  $command"
  options=${command#"\"$program\""}
  # shellcheck disable=SC2086 # the options after the quoted program, one word each: /CurrentUser /S
  wrun "$program" $options || fail "$command exited $?"
  wait_for_wine
}
# The uninstaller copies itself to %TEMP% and returns at once: wait until every Wine process is done.
wait_for_wine() { timeout 120 wineserver -w || fail "Wine processes still running after 2 minutes"; }

echo "-- makensis"
started=$SECONDS
makensis -V2 -INPUTCHARSET UTF8 -DDIST="$dist" -DOUTDIR="$out" "$ROOT/installer/hbaccept.nsi"
setup=$(ls "$out"/hbaccept-*-setup.exe)
echo "  $(basename "$setup"): $(du -h "$setup" | cut -f1) ($(stat -c %s "$setup") bytes), compiled in $((SECONDS - started)) s"
file "$setup" | grep -q "PE32+ executable (GUI) x86-64" || fail "$(file "$setup")"

if [ -n "$screenshots" ]; then
  echo "-- the wizard (screenshots)"
  # In a Wine desktop of 800×600 at the screen's top left; Enter goes to the next page, four times.
  (wine explorer /desktop=setup,800x600 "$setup" 2>&1 | cat >"$out/wizard.log") &
  wizard=$!
  pages=()
  for page in 1 2 3 4; do
    previous=""
    for _ in $(seq 30); do
      sleep 2
      import -display "$DISPLAY" -window root -crop 800x600+0+0 +repage "$out/page$page.png"
      now=$(md5sum <"$out/page$page.png")
      [ "$(identify -format '%k' "$out/page$page.png")" -gt 100 ] && [ "$now" = "$previous" ] && break
      previous=$now
    done
    pages+=("$out/page$page.png")
    xdotool key Return
  done
  wineserver -k || true  # cancels the wizard before it installs
  wait "$wizard" 2>/dev/null || true
  convert \( "${pages[0]}" "${pages[1]}" +append \) \( "${pages[2]}" "${pages[3]}" +append \) -append \
    -resize 75% "$screenshots/setup-wizard.png"
  echo "  $screenshots/setup-wizard.png"
fi

# A clean slate: nothing of an earlier, interrupted run (files, shortcuts, registry, the data folder).
rm -rf "$programs_user" "$programs_all" "$WINEPREFIX/drive_c/hbaccept-elsewhere" "$start_user" "$start_all" "$data" \
  "$user/Documents/保定市图书馆.hbaccept"* \
  "$user/Desktop/验收材料填报助手.lnk" "$WINEPREFIX/drive_c/users/Public/Desktop/验收材料填报助手.lnk"
{
  echo "Windows Registry Editor Version 5.00"
  for root in HKEY_CURRENT_USER HKEY_LOCAL_MACHINE; do
    for key in 'Software\Classes\.hbaccept' 'Software\Classes\hbaccept.document' \
               'Software\Classes\Applications\hbaccept.exe' "$uninstall_key"; do
      printf '\n[-%s\\%s]\n' "$root" "$key"
    done
  done
} >"$out/clean.reg"
wrun regedit /S "$(winpath "$out/clean.reg")"

echo "-- refused below Windows 10 1809"
wrun reg add 'HKCU\Software\Wine' /v Version /d win81 /f >/dev/null
rc=0
wrun "$setup" /S || rc=$?
wrun reg add 'HKCU\Software\Wine' /v Version /d win10 /f >/dev/null
[ "$rc" = 2 ] || fail "on Windows 8.1 the setup exited $rc, not 2"
[ ! -e "$programs_user" ] || fail "on Windows 8.1 the setup installed $programs_user"
ok "Windows 6.3.9600: exit code 2, nothing installed"

echo "-- per user, silent"
# The clerk's data from earlier use, which no install or uninstall may touch.
mkdir -p "$data/autosave" "$user/Documents"
echo '{"recent_files": []}' >"$data/settings.json"
echo "an autosave journal" >"$data/autosave/kept.journal"
wrun "$setup" /S || fail "the silent per-user install exited $?"
for installed in hbaccept.exe _internal uninstall.exe; do
  [ -e "$programs_user/$installed" ] || fail "no $installed in $programs_user"
done
differences=$(diff -rq "$dist" "$programs_user" | grep -vx "Only in $programs_user: uninstall.exe" || true)
[ -z "$differences" ] || fail "the installed files differ from the build: $differences"
ok "installed in %LOCALAPPDATA%\\Programs\\hbaccept, the same files as dist\\hbaccept"
for shortcut in "验收材料填报助手.lnk" "验收材料填报助手 自检.lnk"; do
  [ -f "$start_user/$shortcut" ] || fail "no Start-menu shortcut $shortcut in $start_user"
done
[ ! -e "$user/Desktop/验收材料填报助手.lnk" ] || fail "a desktop shortcut without /DESKTOP"
ok "Start menu: 验收材料填报助手, 验收材料填报助手 自检; no desktop shortcut"
exe="$win_user\\AppData\\Local\\Programs\\hbaccept\\hbaccept.exe"
expect_reg 'HKCU\Software\Classes\.hbaccept' '@="hbaccept.document"' '"hbaccept.document"=""'
expect_reg 'HKCU\Software\Classes\hbaccept.document' '@="验收材料文件"' \
  "@=\"$(reg_path "$exe"),0\"" "@=\"\\\"$(reg_path "$exe")\\\" \\\"%1\\\"\""
expect_reg 'HKCU\Software\Classes\Applications\hbaccept.exe\SupportedTypes' '".hbaccept"=""'
ok ".hbaccept → hbaccept.document (验收材料文件, its icon, \"hbaccept.exe\" \"%1\") in HKCU\\Software\\Classes"
expect_reg "HKCU\\$uninstall_key" '"DisplayName"="验收材料填报助手"' \
  "\"QuietUninstallString\"=\"\\\"$(reg_path "$win_user\\AppData\\Local\\Programs\\hbaccept\\uninstall.exe")\\\" /CurrentUser /S\""
ok "Apps & features: 验收材料填报助手, with its uninstaller"

echo "-- the installed program"
rm -f "$data/自检报告.txt"
rc=0
WINEQT_QPA_PLATFORM=offscreen wrun "$programs_user/hbaccept.exe" --selftest >/dev/null || rc=$?
[ "$rc" = 0 ] || { cat "$data/自检报告.txt" >&2 || true; fail "the installed hbaccept.exe --selftest exited $rc"; }
tail -2 "$data/自检报告.txt" | sed 's/^/  /'
saved=$(wrun "$programs_user/hbaccept.exe" demo --out "$win_user\\Documents\\保定市图书馆.hbaccept") \
  || fail "the installed hbaccept.exe demo --out exited $?: $saved"
[ -s "$user/Documents/保定市图书馆.hbaccept" ] || fail "the installed program saved no document"
ok "self-test passed; a document saved in Documents"

echo "-- uninstall (per user)"
quiet_uninstall HKCU
[ ! -e "$programs_user" ] || { find "$programs_user" >&2; fail "left behind in $programs_user"; }
[ ! -e "$start_user" ] || fail "Start-menu folder left: $start_user"
for key in '.hbaccept' 'hbaccept.document' 'Applications\hbaccept.exe'; do expect_no_key "HKCU\\Software\\Classes\\$key"; done
expect_no_key "HKCU\\$uninstall_key"
ok "program, shortcuts, file type and Apps & features entry removed"
for kept in "$data/settings.json" "$data/autosave/kept.journal" "$data/自检报告.txt" "$user/Documents/保定市图书馆.hbaccept"; do
  [ -s "$kept" ] || fail "uninstalling removed ${kept#"$user"/}"
done
ok "kept: settings.json, autosave\\kept.journal, 自检报告.txt (%LOCALAPPDATA%\\hbaccept), Documents\\保定市图书馆.hbaccept"

echo "-- all users, silent, with the desktop shortcut"
wrun "$setup" /S /AllUsers /DESKTOP || fail "the silent all-users install exited $?"
[ -f "$programs_all/hbaccept.exe" ] || fail "not installed in $programs_all"
[ -f "$start_all/验收材料填报助手.lnk" ] || fail "no Start-menu shortcut in $start_all"
[ -f "$WINEPREFIX/drive_c/users/Public/Desktop/验收材料填报助手.lnk" ] || fail "no desktop shortcut with /DESKTOP"
expect_reg 'HKLM\Software\Classes\hbaccept.document' '@="\"C:\\Program Files\\hbaccept\\hbaccept.exe\" \"%1\""'
# Windows' merged view of the file types, as Explorer's double-click reads it (Wine merges HKLM's only).
wrun cmd /c assoc .hbaccept | tr -d '\r' | grep -Fxq '.hbaccept=hbaccept.document' || fail "cmd: assoc .hbaccept"
wrun cmd /c ftype hbaccept.document | tr -d '\r' \
  | grep -Fxq 'hbaccept.document="C:\Program Files\hbaccept\hbaccept.exe" "%1"' || fail "cmd: ftype hbaccept.document"
ok "C:\\Program Files\\hbaccept, Start menu and desktop for all users; assoc/ftype see the file type"
quiet_uninstall HKLM
[ ! -e "$programs_all" ] || fail "left behind in $programs_all"
for left in "$start_all" "$WINEPREFIX/drive_c/users/Public/Desktop/验收材料填报助手.lnk"; do
  [ ! -e "$left" ] || fail "left behind: $left"
done
for key in '.hbaccept' 'hbaccept.document' 'Applications\hbaccept.exe'; do expect_no_key "HKLM\\Software\\Classes\\$key"; done
expect_no_key "HKLM\\$uninstall_key"
ok "uninstalled with its QuietUninstallString: nothing left"

echo "-- a folder of IT's choice (/D=)"
elsewhere="$WINEPREFIX/drive_c/hbaccept-elsewhere"
rm -rf "$elsewhere"
wrun "$setup" /S '/D=C:\hbaccept-elsewhere' || fail "the silent install with /D= exited $?"
[ -f "$elsewhere/hbaccept.exe" ] || fail "/D= was not followed: no $elsewhere/hbaccept.exe"
[ ! -e "$programs_user" ] || fail "/D= was not followed: installed in $programs_user"
expect_reg "HKCU\\$uninstall_key" '"InstallLocation"="C:\\hbaccept-elsewhere"'
quiet_uninstall HKCU
[ ! -e "$elsewhere" ] || fail "left behind in $elsewhere"
ok "installed into C:\\hbaccept-elsewhere, uninstalled from there"
rm -f "$out/export.reg"
