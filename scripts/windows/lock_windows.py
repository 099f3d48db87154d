"""Write the Windows (win_amd64, CPython 3.11) part of requirements/lock.txt, with its hashes.

    python scripts/windows/lock_windows.py OUT.txt [requirements/lock.txt]

The lock is universal: some entries carry a marker (`pefile ; sys_platform == 'win32'`). pip on
Linux evaluates markers for Linux, so `pip download --platform win_amd64 -r lock.txt` would skip
PyInstaller's Windows-only helpers (pefile, pywin32-ctypes, colorama) and take none of the
Linux-only ones either way. Here every marker is evaluated for the Windows build's interpreter
instead, and the entries that apply are written without their markers but with all their hashes,
so `pip download --no-deps --require-hashes -r OUT.txt` fetches exactly the locked Windows files.
Uses only the standard library and `packaging` (locked; scripts/check_lock.py uses it too)."""

from __future__ import annotations

import sys
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
#: The interpreter the Windows build ships (README, "Which Python the Windows build ships");
#: tests/test_lock.py checks the lock against the same environment.
WINDOWS = {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt", "python_version": "3.11",
           "python_full_version": "3.11.9", "platform_machine": "AMD64", "implementation_name": "cpython",
           "platform_python_implementation": "CPython", "platform_release": "10", "platform_version": "10.0.17763"}


def entries(text: str) -> list[tuple[Requirement, list[str]]]:
    """(requirement, its `--hash=sha256:…` options) for each entry of a `uv pip compile` lock."""
    found: list[tuple[Requirement, list[str]]] = []
    for line in text.splitlines():
        stripped = line.strip().rstrip("\\").strip()
        if not stripped or stripped.startswith("#"):
            continue
        if line[0].isspace():
            if stripped.startswith("--hash="):
                found[-1][1].append(stripped)
            continue
        found.append((Requirement(stripped), []))
    return found


def windows_lock(text: str) -> str:
    lines = []
    for requirement, hashes in entries(text):
        if requirement.marker is not None and not requirement.marker.evaluate(WINDOWS):
            continue
        if not hashes:
            raise SystemExit(f"{requirement.name} has no hash in the lock")
        (specifier,) = requirement.specifier
        lines.append(f"{requirement.name}=={specifier.version} \\\n    " + " \\\n    ".join(hashes))
    return "# The win_amd64 part of requirements/lock.txt (scripts/windows/lock_windows.py)\n" + "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.splitlines()[2].strip(), file=sys.stderr)
        return 2
    lock = Path(argv[1]) if len(argv) > 1 else ROOT / "requirements" / "lock.txt"
    text = windows_lock(lock.read_text(encoding="utf-8"))
    Path(argv[0]).write_text(text, encoding="utf-8")
    print(f"{argv[0]}: {text.count('==')} packages for win_amd64")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
