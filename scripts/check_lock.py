"""Is this Python environment exactly the lock? Exit 0 if it is, 1 listing the differences.

    .venv/bin/python scripts/check_lock.py [requirements/lock.txt]

Every installed distribution (but hbaccept itself) must be in the lock at the locked version, and
every lock entry whose marker applies here must be installed. A floating release once crashed the
window (PySide6 6.12.0); bootstrap.sh and CI run this after installing so that cannot recur
unnoticed. Only the standard library and `packaging` (itself locked) are used."""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "lock.txt"
PROJECT = "hbaccept"


def read_lock(text: str) -> list[Requirement]:
    """The `name==version ; marker` lines of a pip requirements file with hashes."""
    requirements = []
    for line in text.splitlines():
        if not line or line[0].isspace() or line.startswith(("#", "-")):
            continue
        requirements.append(Requirement(line.rstrip(" \\")))
    return requirements


def locked_versions(requirements: list[Requirement], environment: dict | None = None) -> dict[str, str]:
    """Canonical name → version of the lock entries that apply to this (or the given) platform."""
    versions = {}
    for requirement in requirements:
        if requirement.marker is None or requirement.marker.evaluate(environment):
            (specifier,) = requirement.specifier
            versions[canonicalize_name(requirement.name)] = specifier.version
    return versions


def installed_versions() -> dict[str, str]:
    return {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()
            if canonicalize_name(d.metadata["Name"]) != PROJECT}


def differences(locked: dict[str, str], installed: dict[str, str]) -> list[str]:
    problems = []
    for name in sorted(locked.keys() | installed.keys()):
        want, have = locked.get(name), installed.get(name)
        if want is None:
            problems.append(f"{name}=={have} is installed but not in the lock")
        elif have is None:
            problems.append(f"{name}=={want} is locked but not installed")
        elif want != have:
            problems.append(f"{name} is {have}, the lock says {want}")
    return problems


def main(argv: list[str]) -> int:
    lock = Path(argv[0]) if argv else LOCK
    problems = differences(locked_versions(read_lock(lock.read_text(encoding="utf-8"))), installed_versions())
    for problem in problems:
        print(f"lock mismatch: {problem}", file=sys.stderr)
    if problems:
        print(f"{sys.prefix} is not the locked environment of {lock}", file=sys.stderr)
        return 1
    print(f"{sys.prefix}: every package as locked in {lock.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
