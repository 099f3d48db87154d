"""Exactly the tested versions everywhere: requirements/lock.txt pins every package with hashes,
agrees with pyproject.toml's ranges (which exclude the release that crashed the window), and is
what this environment holds."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import check_lock  # noqa: E402

LOCK_TEXT = check_lock.LOCK.read_text(encoding="utf-8")
LOCKED = check_lock.read_lock(LOCK_TEXT)
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
WINDOWS = {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt", "python_version": "3.11",
           "python_full_version": "3.11.9", "platform_machine": "AMD64", "implementation_name": "cpython",
           "platform_python_implementation": "CPython"}


def project_requirements() -> list[Requirement]:
    project = PYPROJECT["project"]
    wanted = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    return [Requirement(r) for r in wanted]


def test_every_locked_package_is_pinned_exactly_with_hashes():
    entries = LOCK_TEXT.split("\n")
    for requirement in LOCKED:
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", requirement
        line = next(i for i, text in enumerate(entries) if text.startswith(f"{requirement.name}=="))
        assert "--hash=sha256:" in entries[line + 1], f"{requirement.name} has no hash"


def test_locked_versions_are_inside_pyproject_ranges():
    locked = check_lock.locked_versions(LOCKED)
    for requirement in project_requirements():
        version = locked[canonicalize_name(requirement.name)]
        assert requirement.specifier.contains(version, prereleases=True), f"{requirement} but locked {version}"


def test_the_release_that_freed_none_is_excluded_and_not_locked():
    pyside = next(r for r in project_requirements() if r.name == "PySide6-Essentials")
    assert not pyside.specifier.contains("6.12.0")
    assert check_lock.locked_versions(LOCKED)["pyside6-essentials"] != "6.12.0"


def test_the_lock_covers_the_windows_build():
    """PyInstaller needs pefile and pywin32-ctypes on Windows only; pip and setuptools are locked
    too, since they install and build the project."""
    windows = check_lock.locked_versions(LOCKED, WINDOWS)
    linux = check_lock.locked_versions(LOCKED)
    assert {"pefile", "pywin32-ctypes", "pyinstaller", "pyside6-essentials"} <= windows.keys()
    assert "pefile" not in linux or sys.platform == "win32"
    assert {"pip", "setuptools"} <= linux.keys()


def test_differences_name_unlocked_missing_and_other_versions():
    problems = check_lock.differences({"a": "1.0", "b": "2.0"}, {"b": "2.1", "c": "3.0"})
    assert problems == ["a==1.0 is locked but not installed", "b is 2.1, the lock says 2.0",
                        "c==3.0 is installed but not in the lock"]


def test_this_environment_is_the_lock():
    """bootstrap.sh installs from the lock and checks; a package added by hand fails here."""
    problems = check_lock.differences(check_lock.locked_versions(LOCKED), check_lock.installed_versions())
    assert problems == []


def test_the_windows_build_the_lock_and_ci_agree_on_python_3_11():
    """README, "Which Python the Windows build ships": one interpreter, changed in all places at once."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "py -3.11 -m venv .venv" in readme
    assert "--python-version 3.11" in LOCK_TEXT.splitlines()[1]
    assert "--python-version 3.11" in (ROOT / "scripts" / "lock.sh").read_text(encoding="utf-8")
    assert "(3, 11)" in (ROOT / "scripts" / "bootstrap.sh").read_text(encoding="utf-8")
    assert sys.version_info[:2] == (3, 11), "the suite runs on the Python the Windows build ships"
