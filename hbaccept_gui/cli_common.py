"""What every command of the command line shares: its exit codes, how an error is said, and the
refusal to write over a file without --force. No Qt."""

from __future__ import annotations

import sys
from pathlib import Path

EXIT_OK = 0
EXIT_CONTENT_ERRORS = 1  # the file was read; what it says is wrong or incomplete
EXIT_UNREADABLE = 2  # a file could not be read or written


def print_error(message: str) -> None:
    print(f"错误：{message}", file=sys.stderr)


def taken(target: Path, force: bool) -> bool:
    """True (and said) when `target` exists and --force was not given. A name the system refuses
    (too long) is not taken: the save that follows says why, as every failed save does."""
    try:
        exists = target.exists()
    except OSError:
        exists = False
    if exists and not force:
        print_error(f"“{target}”已存在。如要覆盖，请加 --force（旧文件会保留为 .bak）。")
        return True
    return False
