"""Why a file operation failed, in Chinese, for the clerk.

The OS's own text is English on Linux, in the Windows display language elsewhere, and names
neither the cause nor what to do ("[Errno 28] No space left on device"). So the cause is taken from
the error number (Windows' own error code first, where Python folds several causes into one errno:
a locked file and a denied one are both EACCES) and said as a short reason and an advice. Used by
saving and opening (core.storage: the window, autosave, the command line) and by 一键导出 in the
window and `hbaccept export`; no Qt."""

from __future__ import annotations

import errno
import os

#: Causes said the same way whichever error number reports them.
DISK_FULL = ("磁盘空间不足", "请腾出磁盘空间，或导出到其他磁盘。")
NO_WRITE = ("没有写入权限", "请换一个可以写入的文件夹（例如“文档”或“桌面”）。")
IN_USE = ("文件被其他程序占用", "请关闭正在使用这些文件的程序（如 Word、WPS）后重试。")
TOO_MANY_OPEN = ("同时打开的文件过多", "请关闭一些程序后重试。")
BAD_NAME = ("文件名不合法", "请检查单位名称中的特殊字符，或换一个文件夹。")
NAME_TOO_LONG = ("文件名过长", "请缩短文件名，或换一个离磁盘根目录近一些的文件夹（例如桌面）；"
                                "Windows 中较旧的程序只能处理 260 个字符以内的完整路径。")
NOT_A_FOLDER = ("所选路径不是文件夹", "请重新选择文件夹。")
NO_FOLDER = ("文件夹不存在", "文件夹可能已被删除、改名，或 U 盘已拔出，请重新选择。")
#: Windows' MAX_PATH (260, with the final NUL) less the 12 characters a folder's own files need:
#: a path this long is refused by the older Windows functions, which then say "path not found".
LONG_PATH = 248

#: (reason, advice) by errno. EDQUOT is a disk quota: full, as far as the clerk is concerned.
_BY_ERRNO = {
    errno.ENOSPC: DISK_FULL,
    getattr(errno, "EDQUOT", errno.ENOSPC): DISK_FULL,
    errno.EACCES: NO_WRITE,
    errno.EPERM: NO_WRITE,
    errno.EROFS: ("没有写入权限（磁盘是只读的）", NO_WRITE[1]),
    errno.ENAMETOOLONG: NAME_TOO_LONG,
    errno.ENOENT: NO_FOLDER,
    errno.ENOTDIR: NOT_A_FOLDER,
    errno.EEXIST: ("同名文件已存在", "请换一个文件夹，或把同名的文件改名。"),
    errno.EIO: ("磁盘读写出错", "磁盘或 U 盘可能有问题，请换一个位置导出。"),
    errno.EBUSY: IN_USE,
    errno.EMFILE: TOO_MANY_OPEN,
    errno.ENFILE: TOO_MANY_OPEN,
    errno.EINVAL: BAD_NAME,
}

#: Windows error codes that say more than the errno Python maps them to.
_BY_WINERROR = {
    19: ("磁盘有写保护", "请去掉 U 盘的写保护，或换一个文件夹。"),  # ERROR_WRITE_PROTECT
    21: ("磁盘没有准备好", "请检查 U 盘或网络盘是否已连接。"),  # ERROR_NOT_READY
    32: IN_USE,  # ERROR_SHARING_VIOLATION
    33: IN_USE,  # ERROR_LOCK_VIOLATION
    39: DISK_FULL,  # ERROR_HANDLE_DISK_FULL
    112: DISK_FULL,  # ERROR_DISK_FULL
    123: BAD_NAME,  # ERROR_INVALID_NAME
    206: NAME_TOO_LONG,  # ERROR_FILENAME_EXCED_RANGE (Python makes it ENOENT)
    267: NOT_A_FOLDER,  # ERROR_DIRECTORY ("the directory name is invalid")
}

#: ERROR_PATH_NOT_FOUND: a folder that is not there, or a path too long for the older functions.
_PATH_NOT_FOUND = 3


def name_too_long(error: OSError) -> bool:
    """Whether `error` says the file name or the path is too long: ENAMETOOLONG, Windows' 206, or
    Windows' 3 (path not found) of a path of LONG_PATH characters or more."""
    winerror = getattr(error, "winerror", None)
    if error.errno == errno.ENAMETOOLONG or winerror == 206:
        return True
    return winerror == _PATH_NOT_FOUND and any(
        len(os.fsdecode(name)) >= LONG_PATH for name in (error.filename, error.filename2)
        if isinstance(name, (str, bytes, os.PathLike)))


def explain(error: OSError) -> tuple[str, str]:
    """(reason, advice) for `error`, both Chinese: 「磁盘空间不足」, 「请腾出磁盘空间…」."""
    if name_too_long(error):
        return NAME_TOO_LONG
    known = _BY_WINERROR.get(getattr(error, "winerror", None)) or _BY_ERRNO.get(error.errno)
    if known:
        return known
    if isinstance(error, PermissionError):
        return NO_WRITE
    code = getattr(error, "winerror", None) or error.errno
    return (f"系统错误（错误码 {code}）" if code else "系统错误"), "请换一个文件夹重试。"


def os_error_reason(error: OSError) -> str:
    return explain(error)[0]
