"""The 字符集外字表 list: every character outside GB 2312, flagged for GBK, with where it occurs."""

from __future__ import annotations

import time
from decimal import Decimal

from hbaccept_gui.core.charset import code_point, excerpt, rare_characters
from hbaccept_gui.core.document import (
    FieldSegment,
    ItemRow,
    TextSegment,
    Unparsed,
    new_contractor_row,
    new_document,
)

WORKS = "附件2 基础数字资源项目 第1个承建单位 数字化古籍清单"


def by_char(definition, doc) -> dict:
    return {item.char: item for item in rare_characters(definition, doc)}


def test_the_demo_lists_玊_with_its_row_in_the_works_list(definition, demo):
    found = by_char(definition, demo)
    yu = found["玊"]
    assert yu.code_point == "U+738A"  # 玊 is U+738A (U+7395 is 玕)
    assert yu.outside_gb2312 and not yu.outside_gbk
    assert f"{WORKS}第4行「题名」" in [o.location for o in yu.occurrences]
    title = next(o for o in yu.occurrences if o.location.endswith("第4行「题名」"))
    assert title.excerpt == "《海琼玊蟾先生文集》"


def test_the_demo_lists_讃_of_续吴先贤讃_and_nothing_else(definition, demo):
    found = by_char(definition, demo)
    assert set(found) == {"玊", "讃"}
    assert found["讃"].code_point == "U+8B83" and not found["讃"].outside_gbk
    assert f"{WORKS}第1行「题名」" in [o.location for o in found["讃"].occurrences]


def test_the_report_text_is_scanned_without_its_bound_figures(definition, demo):
    demo.reports["cloud_report"]["problems"] = [
        TextSegment("个别古籍如《䶮传》需造字，"), FieldSegment("annex1.completed.digital_resources"), TextSegment("。")]
    rare = by_char(definition, demo)["䶮"]
    assert [o.location for o in rare.occurrences] == ["关于2024年度公共文化云建设项目有关情况的报告「3.项目建设存在的困难以及意见建议」"]
    assert rare.occurrences[0].excerpt == "个别古籍如《䶮传》需造字，。"


def test_characters_outside_gbk_are_flagged_twice(definition):
    doc = new_document(definition)
    doc.header["unit_name"] = "\U00020000𠀁 and 䶮"
    found = by_char(definition, doc)
    assert [item.char for item in found.values()] == ["\U00020000", "\U00020001", "䶮"]
    for item in found.values():
        assert item.outside_gb2312 and item.outside_gbk
    assert found["\U00020000"].code_point == "U+20000"
    assert found["䶮"].code_point == "U+4DAE"


def test_ascii_common_chinese_and_spaces_are_not_listed(definition):
    doc = new_document(definition)
    doc.header["unit_name"] = "保定市图书馆 Library 123\u3000，。、“”—…·\u00a0\u200b\ufeff\n\t"
    doc.local_funds = "本级配套资金 50 万元（全部到位）；"
    assert rare_characters(definition, doc) == []


def test_one_occurrence_per_cell_in_the_order_of_the_forms(definition):
    doc = new_document(definition)
    doc.other_notes = "其他：讃"
    doc.header["contact"] = "玊某、玊某"
    row = new_contractor_row(definition.table("annex2"))
    row.items = [ItemRow("普通书名", Decimal(1)), ItemRow("《玊书》", Decimal(2))]
    doc.details["digital_resources"] = [row]
    found = rare_characters(definition, doc)
    assert [item.char for item in found] == ["玊", "讃"]  # header first, 附件5 last
    yu = found[0]
    assert [o.location for o in yu.occurrences] == ["表头「项目联系人」", f"{WORKS}第2行「题名」"]
    assert [o.location for o in found[1].occurrences] == ["附件5「其他说明」"]


def test_text_typed_where_a_number_belongs_is_scanned(definition):
    doc = new_document(definition)
    doc.assigned["digital_resources"] = Unparsed("约玊", "不是数字")
    assert [item.char for item in rare_characters(definition, doc)] == ["玊"]


def test_excerpt_is_the_whole_short_cell_or_ten_characters_either_side():
    assert excerpt("《海琼玊蟾先生文集》", 3) == "《海琼玊蟾先生文集》"
    text = "甲" * 40 + "玊" + "乙" * 40
    assert excerpt(text, 40) == "…" + "甲" * 10 + "玊" + "乙" * 10 + "…"
    assert excerpt("玊" + "乙" * 40, 0) == "玊" + "乙" * 10 + "…"
    assert excerpt("第一行\n" + "玊" * 3, 4) == "第一行 玊玊玊"


def test_the_dash_and_middle_dot_typed_on_windows_are_in_gb2312(definition):
    doc = new_document(definition)
    doc.other_notes = "项目——已完成；阿卜杜拉·艾力；―・"  # U+2014/U+00B7 as Windows maps A1AA/A1A4
    doc.local_funds = "ⅰ"  # GBK's small roman numerals are no GB 2312 code
    assert [item.char for item in rare_characters(definition, doc)] == ["ⅰ"]


def test_code_points_have_at_least_four_digits():
    assert code_point("玊") == "U+738A" and code_point("\u00a9") == "U+00A9" and code_point("𠀀") == "U+20000"


def test_two_thousand_works_are_scanned_in_well_under_a_second(definition):
    doc = new_document(definition)
    row = new_contractor_row(definition.table("annex2"))
    row.items = [ItemRow(f"《古籍第{n}种{'玊' if n % 100 == 0 else ''}》", Decimal(n)) for n in range(2000)]
    doc.details["digital_resources"] = [row]
    start = time.perf_counter()
    found = rare_characters(definition, doc)
    assert time.perf_counter() - start < 1.0
    assert len(found[0].occurrences) == 20
