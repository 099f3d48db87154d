"""Reading an export back before it is handed to the clerk.

A full disk, a USB stick pulled out or a killed process leaves files that look finished by name: a
.docx that is no zip, a PDF cut in the middle. 一键导出 moves its folder into place only after every
file passed these checks, so a clerk never zips and sends a broken one. Each check reads the whole
file (and first flushes it to the disk: a full disk may only say so then), but parses only as much
as proves the file whole. No Qt."""

from __future__ import annotations

import os
import re
import zipfile
from email.parser import BytesHeaderParser
from email.policy import compat32
from pathlib import Path

_PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_PDF_COUNT = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", re.S)


class Incomplete(Exception):
    """A file of the export is not whole: `name` is the file's, `problem` says what is wrong, in
    Chinese, to follow the name: 「不完整（没有 PDF 结尾）」."""

    def __init__(self, problem: str, name: str = "") -> None:
        super().__init__(f"{name}{problem}")
        self.problem, self.name = problem, name


def flush_to_disk(path: Path) -> None:
    """fsync: what the OS still holds in memory is written now, and a full disk is reported here."""
    descriptor = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def check_file(path: Path, members: list[str] | None = None) -> None:
    """Raise Incomplete unless `path` is a whole file of its kind. `members`: for the .zip of the
    folder, the names it must hold."""
    flush_to_disk(path)
    suffix = path.suffix.lower()
    try:
        if suffix in (".docx", ".xlsx"):
            _check_package(path)
        elif suffix == ".pdf":
            _check_pdf(path.read_bytes())
        elif suffix == ".zip":
            _check_zip(path, members or [])
        elif suffix == ".eml":
            _check_eml(path.read_bytes())
    except Incomplete as error:
        raise Incomplete(error.problem, path.name) from None


def _check_package(path: Path) -> None:
    """Word and Excel files are zip packages: every part readable, its checksum right."""
    try:
        with zipfile.ZipFile(path) as package:
            if "[Content_Types].xml" not in package.namelist() or package.testzip() is not None:
                raise Incomplete("内容不完整")
    except zipfile.BadZipFile:
        raise Incomplete("不完整（不是有效的 Word/Excel 文件）") from None


def _check_pdf(data: bytes) -> None:
    """Begins as a PDF, ends with %%EOF, and has as many pages as its page tree says (at least one)."""
    if not data.startswith(b"%PDF-") or not data.rstrip().endswith(b"%%EOF"):
        raise Incomplete("不完整（缺少 PDF 的开头或结尾）")
    counts = [int(a or b) for a, b in _PDF_COUNT.findall(data)]
    pages = len(_PDF_PAGE.findall(data))
    if not counts or pages == 0 or max(counts) != pages:
        raise Incomplete(f"页数不符（应有 {max(counts, default=0)} 页，实有 {pages} 页）")


def _check_zip(path: Path, members: list[str]) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            if sorted(archive.namelist()) != sorted(members):
                raise Incomplete("缺少文件")
            if archive.testzip() is not None:
                raise Incomplete("内容损坏")
    except zipfile.BadZipFile:
        raise Incomplete("不完整（不是有效的 zip 压缩包）") from None


def _check_eml(data: bytes) -> None:
    """Headers readable, and the multipart body closed by its final boundary: a cut message has none."""
    message = BytesHeaderParser(policy=compat32).parsebytes(data)
    boundary = message.get_boundary()
    if message.get("X-Unsent") != "1" or not boundary:
        raise Incomplete("不完整")
    if not data.rstrip().endswith(f"--{boundary}--".encode("ascii")):
        raise Incomplete("不完整")
