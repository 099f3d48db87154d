"""The Windows installer script agrees with the program: the save-file type it registers is the
one the program writes, it installs per user without admin rights, and it never deletes the
clerk's data. (The installer itself is built on Windows; the frozen build is checked by CI.)"""

from __future__ import annotations

import re
from pathlib import Path

from hbaccept_gui.core.storage import FILE_SUFFIX

ROOT = Path(__file__).resolve().parents[1]
ISS = (ROOT / "installer" / "hbaccept.iss").read_text(encoding="utf-8")


def setup_value(name: str) -> str:
    return re.search(rf"^{name}=(.*)$", ISS, re.M).group(1).strip()


def test_the_registered_file_type_is_the_save_file_suffix():
    assert re.search(r'^#define FileSuffix "(.*)"$', ISS, re.M).group(1) == FILE_SUFFIX
    assert 'ValueData: """{app}\\hbaccept.exe"" ""%1"""' in ISS  # opened as `hbaccept FILE`


def test_installs_per_user_without_admin_rights_by_default():
    assert setup_value("PrivilegesRequired") == "lowest"
    assert "dialog" in setup_value("PrivilegesRequiredOverridesAllowed").split()
    assert setup_value("DefaultDirName") == r"{autopf}\hbaccept"  # %LOCALAPPDATA%\Programs, not the data folder


def test_uninstall_never_touches_the_clerks_data():
    """Settings and autosave live in %LOCALAPPDATA%\\hbaccept (platformdirs); documents anywhere."""
    assert "[UninstallDelete]" not in ISS
    assert not re.search(r"\{(localappdata|userappdata|userdocs|commondocs)\}", ISS, re.I)
    deleted = re.findall(r"^Type: \w+; Name: \"(.*)\"$", ISS, re.M)
    assert deleted == [r"{app}\_internal"]


def test_the_installer_takes_the_build_the_spec_makes():
    spec = (ROOT / "build_exe.spec").read_text(encoding="utf-8")
    assert 'name="hbaccept"' in spec and "console=False" in spec
    assert r'Source: "..\dist\hbaccept\*"' in ISS
    assert 'Parameters: "--selftest"' in ISS  # the self-test has its own Start-menu shortcut
