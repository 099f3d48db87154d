"""JSON numbers the exact arithmetic cannot hold (#14 item 3): refused on loading with the cell
named, never a decimal.Overflow later and never silently 0 or rounded."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from hbaccept_gui.core.errors import StorageError
from hbaccept_gui.core.json_numbers import representable
from hbaccept_gui.core.pipeline import demo_path
from hbaccept_gui.core.serialize import document_to_dict
from hbaccept_gui.core.storage import load_document_bytes

PLACE = '"@NUMBER@"'


def with_number(put, number: str) -> bytes:
    """The demo with the JSON number `number` (as written, not a string) where `put` puts it."""
    raw = json.loads(demo_path().read_text(encoding="utf-8"))
    put(raw["document"], "@NUMBER@")
    return json.dumps(raw, ensure_ascii=False).replace(PLACE, number).encode("utf-8")


def first_perf(document):
    return document["performance"]["library_completion_rate"]


PLACES = {
    "下达": (lambda d, v: d["assigned"].__setitem__("digital_resources", v),
           "附件1 下达任务量「基础数字资源项目建设数量（万筒子叶）」"),
    "预算": (lambda d, v: d["funding"]["library"].__setitem__("budget", v), "附件5 年度资金总额 全国智慧图书馆体系建设项目「全年预算数"),
    "叶数": (lambda d, v: d["details"]["digital_resources"][0]["items"][2].__setitem__("count", v),
           "附件2 基础数字资源项目 第1个承建单位 数字化古籍清单第3行「筒子叶数（叶）」"),
    "完成量": (lambda d, v: d["details"]["live_broadcasts"].append({"contractor": "甲", "completed": v}),
            "附件4 全民艺术普及相关直录播 第1个承建单位「实际完成量（场）」"),
    "绩效完成量": (lambda d, v: first_perf(d).__setitem__("achieved", v), "附件5 全国智慧图书馆体系建设项目建设完成率「完成量」"),
    "单位名称": (lambda d, v: d["header"].__setitem__("unit_name", v), "表头「单位名称」"),
    "merged_from": (lambda d, v: d.__setitem__("merged_from", [{"unit": "正定县图书馆", "file": "正定县.hbaccept",
                                                                 "assigned": {"live_broadcasts": v}, "completed": {},
                                                                 "funding": {}, "rows": 1}]),
                    "汇总来源第1个单位的附件3 下达任务量「"),
    "别的程序的列": (lambda d, v: d["details"]["digital_resources"][0].__setitem__("other_program", v),
               "“document/details/digital_resources/0/other_program”处"),
}


@pytest.mark.parametrize("number", ["1e1000000", "-1e1000000", "1e-2000000", "1E+101", "1e-101",
                                    "1." + "0" * 60 + "1", "9" * 41, "1" + "0" * 5000],
                         ids=["1e1000000", "-1e1000000", "1e-2000000", "1E+101", "1e-101", "61 digits",
                              "41-digit integer", "5001-digit integer"])
@pytest.mark.parametrize("place", list(PLACES))
def test_a_number_beyond_the_arithmetic_refuses_the_file_naming_the_cell(place, number):
    put, where = PLACES[place]
    with pytest.raises(StorageError) as caught:
        load_document_bytes(with_number(put, number), "某县.hbaccept")
    message = caught.value.message
    assert caught.value.code == "number_out_of_range"
    assert "“某县.hbaccept”中" in message and where in message and "超出本程序能精确处理的范围" in message


def test_a_tiny_number_is_not_read_as_zero():
    with pytest.raises(StorageError, match="1E-2000000"):
        load_document_bytes(with_number(PLACES["下达"][0], "1e-2000000"))


@pytest.mark.parametrize(("number", "value"), [("19.6", Decimal("19.6")), ("0e-2000000", Decimal(0)),
                                               ("1.50000000000000000000000000000000000000000000000", Decimal("1.5"))])
def test_ordinary_json_numbers_still_load_exactly(number, value):
    _definition, doc = load_document_bytes(with_number(PLACES["预算"][0], number))
    assert doc.funding["library"].budget == value


def test_the_largest_accepted_magnitudes_load_and_become_findings_that_save():
    _definition, doc = load_document_bytes(with_number(PLACES["下达"][0], "1e100"))
    assert doc.assigned["digital_resources"].reason  # refused by the cell's own rules, reported by the audit
    _definition, doc = load_document_bytes(with_number(PLACES["别的程序的列"][0], "-1e-100"))
    assert Decimal(document_to_dict(doc)["details"]["digital_resources"][0]["other_program"]) == Decimal("-1e-100")


@pytest.mark.parametrize(("text", "ok"), [("1", True), ("0", True), ("-0E-9999999", True), ("1E+100", True),
                                          ("1E+101", False), ("1E-100", True), ("1E-101", False),
                                          ("9" * 40, True), ("9" * 41, False), ("1" + "0" * 60, True),
                                          ("NaN", False), ("Infinity", False)])
def test_representable_counts_significant_digits_and_the_exponent(text, ok):
    assert representable(Decimal(text)) is ok
