"""One safe-name rule for export folders and 另存为 (#14 item 8), without bidi controls or
zero-width characters (item 11), and file names in merge messages that tell two files apart."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from hbaccept_gui.core.filenames import distinct_names, safe_name, strip_invisible
from hbaccept_gui.exporters import bundle
from hbaccept_gui.exporters.layout import ExportSet


@pytest.mark.parametrize(("unit", "expected"), [
    ("保定市图书馆", "保定市图书馆"),
    ("../../escaped", "escaped"),
    ("..\\..\\escaped", "escaped"),
    ("CON", "CON_"), ("con.hbaccept", "con_.hbaccept"), ("LPT1", "LPT1_"), ("COM9 ", "COM9_"), ("CONSOLE", "CONSOLE"),
    ("x:y*?", "xy"),
    ('a/b\\c:d*e?"f<g>h|', "abcdefgh"),
    ("  ...", "未填写单位"), ("单位.", "单位"), (".hidden", "hidden"),
    ("保定\u202e市图书馆", "保定市图书馆"),  # RIGHT-TO-LEFT OVERRIDE
    ("\u2067保定\u2069\u200b市\u200d图书馆\ufeff", "保定市图书馆"),
    ("\u200b\u200e", "未填写单位"),
])
def test_unit_names_become_safe_names(unit, expected):
    assert safe_name(unit) == expected


def test_long_names_are_cut_without_leaving_a_trailing_dot():
    assert safe_name("长" * 59 + ". 尾" * 5) == "长" * 59
    assert len(safe_name("图" * 300)) == 60


def test_export_uses_the_same_rule():
    assert bundle.safe_name is safe_name
    day = date(2025, 6, 5)
    assert bundle.folder_name(ExportSet((), (), "保定\u202e市\u200b图书馆", 2024), day) == "保定市图书馆_2024年度验收材料_20250605"


def test_strip_invisible_keeps_visible_text():
    assert strip_invisible("a\u200bb\u202ec\u00a0d") == "abc\u00a0d"


def test_distinct_names_add_folders_only_where_names_clash(tmp_path):
    a, b = tmp_path / "县A" / "u004.hbaccept", tmp_path / "县B" / "u004.hbaccept"
    c = tmp_path / "县A" / "u005.hbaccept"
    assert distinct_names([a, b, c, a]) == [f"县A{os.sep}u004.hbaccept", f"县B{os.sep}u004.hbaccept", "u005.hbaccept",
                                            f"县A{os.sep}u004.hbaccept"]
    deep = [tmp_path / "x" / "同" / "u.hbaccept", tmp_path / "y" / "同" / "u.hbaccept"]
    assert distinct_names(deep) == [os.sep.join(["x", "同", "u.hbaccept"]), os.sep.join(["y", "同", "u.hbaccept"])]
    assert distinct_names([Path("\u202eu.hbaccept")]) == ["u.hbaccept"]
