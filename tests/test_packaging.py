"""The Windows installer script (installer/hbaccept.nsi, NSIS) agrees with the program: the name and
the save-file type it registers are the program's, it installs per user without admin rights, it
refuses Windows older than 10 1809, and uninstalling never deletes the clerk's data. (The
installer itself is compiled, installed, run and uninstalled under Wine by scripts/windows/lane.sh.)"""

from __future__ import annotations

import re
from pathlib import Path

from hbaccept_gui import APP_NAME
from hbaccept_gui.core.storage import FILE_SUFFIX

ROOT = Path(__file__).resolve().parents[1]
NSI_BYTES = (ROOT / "installer" / "hbaccept.nsi").read_bytes()
NSI = NSI_BYTES.decode("utf-8-sig")
#: The script without its comments (NSIS comments start with ; or #).
CODE = "\n".join(line for line in NSI.splitlines() if not line.lstrip().startswith((";", "#")))


def define(name: str) -> str:
    return re.search(rf'^\s*!define {name} "?(.*?)"?$', CODE, re.M).group(1)


def section(title: str) -> str:
    """The body of a Section (the first whose title starts with `title`)."""
    return re.search(rf'^Section (?:/o )?"{re.escape(title)}.*?$(.*?)^SectionEnd', CODE, re.M | re.S).group(1)


def test_a_64_bit_unicode_chinese_setup():
    assert re.search(r"^Unicode true$", CODE, re.M)
    assert re.search(r"^Target amd64-unicode$", CODE, re.M)
    assert '!insertmacro MUI_LANGUAGE "SimpChinese"' in CODE
    assert NSI_BYTES.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: makensis on Windows reads it as UTF-8


def test_the_name_and_the_registered_file_type_are_the_programs():
    assert define("APP_NAME") == APP_NAME
    assert define("FILE_SUFFIX") == FILE_SUFFIX
    program = section("${APP_NAME}")
    assert 'WriteRegStr SHCTX "Software\\Classes\\${FILE_SUFFIX}" "" "${PROG_ID}"' in program
    # opened as `hbaccept FILE`, with the exe's icon
    assert '''"Software\\Classes\\${PROG_ID}\\shell\\open\\command" "" '"$INSTDIR\\hbaccept.exe" "%1"\'''' in program
    assert '"Software\\Classes\\${PROG_ID}\\DefaultIcon" "" "$INSTDIR\\hbaccept.exe,0"' in program


def test_the_version_is_the_exes():
    """One place to change it: hbaccept_gui.__version__ → build_exe.spec's version resource → here."""
    assert '!getdllversion "${DIST}\\hbaccept.exe" EXE_VERSION_' in CODE
    assert 'OutFile "${OUTDIR}\\hbaccept-${VERSION}-setup.exe"' in CODE


def test_installs_per_user_without_admin_rights_by_default():
    assert define("MULTIUSER_EXECUTIONLEVEL") == "Highest"  # admin rights asked only where the account has them
    assert re.search(r"^!define MULTIUSER_INSTALLMODE_DEFAULT_CURRENTUSER$", CODE, re.M)
    assert re.search(r"^!define MULTIUSER_INSTALLMODE_COMMANDLINE$", CODE, re.M)  # /AllUsers for IT
    assert "!insertmacro MULTIUSER_PAGE_INSTALLMODE" in CODE  # 为本机所有用户安装, for those with admin rights
    # %LOCALAPPDATA%\Programs\hbaccept (MultiUser.nsh's per-user folder), not the data folder %LOCALAPPDATA%\hbaccept
    assert define("MULTIUSER_INSTALLMODE_INSTDIR") == "hbaccept"
    assert "$LOCALAPPDATA" not in CODE
    assert "RequestExecutionLevel" not in CODE  # MultiUser.nsh sets it from MULTIUSER_EXECUTIONLEVEL


def test_refuses_windows_older_than_10_1809():
    assert define("MIN_WINDOWS_BUILD") == "17763"
    on_init = re.search(r"^Function \.onInit$(.*?)^FunctionEnd", CODE, re.M | re.S).group(1)
    check = on_init.index("${IfNot} ${AtLeastBuild} ${MIN_WINDOWS_BUILD}")
    assert check < on_init.index("!insertmacro MULTIUSER_INIT")  # before anything else
    refusal = on_init[check:on_init.index("${EndIf}", check)]
    assert "/SD IDOK" in refusal and "SetErrorLevel 2" in refusal and "Quit" in refusal  # silent installs too


def test_a_folder_given_with_slash_d_is_kept():
    """MultiUser.nsh sets the mode's folder in .onInit, after NSIS has read /D=: it is put back."""
    on_init = re.search(r"^Function \.onInit$(.*?)^FunctionEnd", CODE, re.M | re.S).group(1)
    saved, init = on_init.index("StrCpy $R9 $INSTDIR"), on_init.index("!insertmacro MULTIUSER_INIT")
    assert saved < init < on_init.index("StrCpy $INSTDIR $R9")
    assert not re.search(r"^InstallDir\b", CODE, re.M)  # so $INSTDIR is empty without /D=


def test_shortcuts_the_program_its_self_test_and_an_optional_desktop_one():
    program = section("${APP_NAME}")
    assert 'CreateShortcut "$SMPROGRAMS\\${APP_NAME}\\${APP_NAME}.lnk" "$INSTDIR\\hbaccept.exe"' in program
    assert re.search(r'CreateShortcut "\$SMPROGRAMS\\\$\{APP_NAME\}\\\$\{APP_NAME\} 自检\.lnk" '
                     r'"\$INSTDIR\\hbaccept\.exe" "--selftest"', program)
    assert re.search(r'^Section /o "桌面快捷方式"', CODE, re.M)  # unticked unless chosen (or /DESKTOP)
    assert 'CreateShortcut "$DESKTOP\\${APP_NAME}.lnk"' in section("桌面快捷方式")


def test_uninstall_never_touches_the_clerks_data():
    """Settings, autosave and the self-test report live in %LOCALAPPDATA%\\hbaccept (platformdirs);
    documents anywhere. The uninstaller deletes only what the setup made, by name."""
    uninstall = section("Uninstall")
    assert not re.search(r"\$(LOCALAPPDATA|APPDATA|DOCUMENTS|PROFILE|TEMP)\b", uninstall)
    for command in re.findall(r"^\s*(Delete|RMDir)\b(.*)$", uninstall, re.M):
        target = re.findall(r'"([^"]*)"', command[1])[-1]
        assert target.startswith(("$INSTDIR", "$SMPROGRAMS\\${APP_NAME}", "$DESKTOP\\${APP_NAME}.lnk")), command
    assert re.findall(r"RMDir /r (.*)", CODE) == ['"$INSTDIR\\_internal"', '"$INSTDIR\\_internal"']  # upgrade, uninstall
    assert "RMDir /r \"$INSTDIR\"" not in CODE  # the folder itself only when empty


def test_the_installer_takes_the_build_the_spec_makes():
    spec = (ROOT / "build_exe.spec").read_text(encoding="utf-8")
    assert 'name="hbaccept"' in spec and "console=False" in spec
    assert define("DIST").replace("\\", "/") == "../dist/hbaccept"
    assert 'File /r "${DIST}\\*"' in section("${APP_NAME}")


def test_the_inno_setup_script_is_retired():
    """Inno Setup's compiler and setups are 32-bit and cannot be built or tested on CI (README, "Windows")."""
    assert not (ROOT / "installer" / "hbaccept.iss").exists()
