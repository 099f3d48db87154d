"""Chinese for argparse's own words (usage, errors, --help), so the whole CLI speaks Chinese.

argparse looks its messages up through gettext at call time; installing these translations in
its namespace is the supported hook short of shipping a .mo catalogue."""

from __future__ import annotations

import argparse

_ZH = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "不认识的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "expected one argument": "需要一个参数值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "show program's version number and exit": "显示版本号并退出",
}


def _gettext(message: str) -> str:
    return _ZH.get(message, message)


def _ngettext(singular: str, plural: str, count: int) -> str:
    return _ZH.get(singular if count == 1 else plural, singular if count == 1 else plural)


def install() -> None:
    argparse._ = _gettext
    argparse.ngettext = _ngettext
