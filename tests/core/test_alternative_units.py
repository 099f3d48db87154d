"""#13 item 9: 建设或优化艺术普及数字资源 may be counted in hours or in TB (附件4: 「(提供的资源量按时长或TB
量统计)」). The definition gives the indicator its alternative unit; a contractor row takes 小时 or TB;
each unit is totalled apart, 附件3 shows both (「15小时、2TB」) and 完成率 counts only the unit of
下达任务量 (小时), saying so. Saved as format version 5; version-4 files are upgraded; 汇总 keeps the
units apart."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from hbaccept_gui.core import migrations, storage
from hbaccept_gui.core.breakdown import unit_shares
from hbaccept_gui.core.calc import recompute
from hbaccept_gui.core.cells import CellRef, cell_text, set_cell
from hbaccept_gui.core.checks import check_document
from hbaccept_gui.core.document import ContractorRow, TextSegment, Unparsed
from hbaccept_gui.core.errors import ParseError
from hbaccept_gui.core.merge import Source, merge
from hbaccept_gui.core.numbers import Quantity
from hbaccept_gui.core.pipeline import demo_path

TASK = "art_resources"


def completed_ref(index: int) -> CellRef:
    return CellRef("annex4", (TASK, index), "completed")


def art_row(name: str, assigned, completed) -> ContractorRow:
    return ContractorRow({"contractor": name, "subproject": "", "assigned": assigned, "completed": completed,
                          "description": "建设艺术普及数字资源。", "url": "https://www.hebeiwhy.cn/res", "remarks": ""})


@pytest.fixture
def three_rows(definition, demo):
    """The demo with 20 小时 assigned and three contractors: 10 小时, 5 小时 and 2 TB done."""
    demo.assigned[TASK] = Decimal(20)
    demo.details[TASK] = [art_row("石家庄市群众艺术馆", Decimal(10), Decimal(10)),
                          art_row("正定县文化馆", Decimal(10), Decimal(5)),
                          art_row("赞皇县文化馆", Quantity(Decimal(2), "TB"), Quantity(Decimal(2), "TB"))]
    return demo


# ---------------------------------------------------------------- the definition and parsing


def test_the_definition_gives_the_art_resources_indicator_tb_besides_hours(definition):
    indicator = definition.indicator(TASK)
    assert indicator.unit == "小时" and indicator.alternative_units == ("TB",)
    assert definition.indicator("live_broadcasts").alternative_units == ()


@pytest.mark.parametrize("typed, stored", [
    ("2TB", Quantity(Decimal(2), "TB")),
    ("２ＴＢ", Quantity(Decimal(2), "TB")),  # full-width, from a Chinese IME
    ("1.5 tb", Quantity(Decimal("1.5"), "TB")),
    (" 1,024 Tb ", Quantity(Decimal(1024), "TB")),
    ("15", Decimal(15)),
    ("15小时", Decimal(15)),
    ("１５．５小时", Decimal("15.5")),
])
def test_a_contractor_row_takes_hours_or_tb(definition, three_rows, typed, stored):
    set_cell(definition, three_rows, completed_ref(1), typed)
    assert three_rows.details[TASK][1].values["completed"] == stored


@pytest.mark.parametrize("typed, reason", [
    ("15小时、2TB", "“15小时、2TB”一格只能填一个数量，单位为“小时”或“TB”；两种单位请分两个承建单位行填写"),
    ("2GB", "“2GB”的单位不对，本栏单位是“小时”或“TB”"),
    ("-2TB", "“-2TB”是负数，本栏不能为负"),
    ("2.345TB", "“2.345TB”的小数位太多，本栏最多2位小数"),
])
def test_what_is_neither_hours_nor_tb_is_refused_naming_the_cell_and_why(definition, three_rows, typed, reason):
    with pytest.raises(ParseError) as refused:
        set_cell(definition, three_rows, completed_ref(1), typed)
    assert refused.value.reason == reason
    assert three_rows.details[TASK][1].values["completed"] == Decimal(5), "nothing changed"


def test_tb_is_only_for_the_task_whose_indicator_allows_it(definition, demo):
    demo.details["live_broadcasts"] = [art_row("甲", None, None)]
    demo.details[TASK] = [art_row("乙", None, None)]
    set_cell(definition, demo, completed_ref(0), "2TB")
    assert demo.details[TASK][0].values["completed"] == Quantity(Decimal(2), "TB")
    with pytest.raises(ParseError):
        set_cell(definition, demo, CellRef("annex4", ("live_broadcasts", 0), "completed"), "2TB")
    with pytest.raises(ParseError):  # 下达任务量 is in the indicator's unit (the printed column says 小时)
        set_cell(definition, demo, CellRef("annex3", ("assigned",), TASK), "2TB")


def test_a_tb_cell_reads_with_its_unit(definition, three_rows):
    assert cell_text(definition, three_rows, completed_ref(2)) == "2TB"
    assert cell_text(definition, three_rows, completed_ref(1)) == "5"


# ---------------------------------------------------------------- totals and 完成率


def test_each_unit_is_totalled_apart_and_annex3_shows_both(definition, three_rows):
    results = recompute(definition, three_rows)
    assert results.value("annex4.art_resources.completed") == Decimal(15)
    assert results.value("annex4.art_resources.completed.TB") == Decimal(2)
    assert results.value("annex4.art_resources.assigned") == Decimal(20)
    assert results.value("annex4.art_resources.assigned.TB") == Decimal(2)
    completed = results["annex3.completed.art_resources"]
    assert completed.value == Decimal(15), "the number behind the cell is the hours only"
    assert completed.text == "15小时、2TB"
    assert completed.text_in_prose == "15小时、2TB", "a report bound to it names both units"
    assert results.value("annex3.completed.art_resources.TB") == Decimal(2)
    assert "另按TB统计 2 TB：赞皇县文化馆 2" in completed.formula


def test_completion_rate_counts_only_the_unit_of_the_assigned_quantity_and_says_so(definition, three_rows):
    rate = recompute(definition, three_rows)["annex3.rate.art_resources"]
    assert rate.text == "75.00"  # 15 ÷ 20, the 2 TB left out
    assert rate.formula.startswith("完成率只按下达任务量的单位（小时）计算，按2TB统计的部分不计入：")
    assert "15 ÷ 20 × 100% = 75.00%" in rate.formula


def test_hours_only_show_as_before(definition, three_rows):
    three_rows.details[TASK].pop()
    results = recompute(definition, three_rows)
    assert results["annex3.completed.art_resources"].text == "15"
    assert results["annex3.completed.art_resources"].text_with_unit == "15 小时"
    assert results["annex3.rate.art_resources"].formula.startswith("完成率只按下达任务量的单位（小时）计算：")


def test_tb_only_still_shows_the_hours_it_is_measured_against(definition, three_rows):
    three_rows.details[TASK] = three_rows.details[TASK][2:]
    results = recompute(definition, three_rows)
    assert results["annex3.completed.art_resources"].text == "0小时、2TB"
    assert "没有按小时统计的承建单位" in results["annex3.completed.art_resources"].formula
    assert results["annex3.rate.art_resources"].text == "0.00"


# ---------------------------------------------------------------- the audit


def test_d02_quotes_both_units_and_compares_only_the_hours(definition, three_rows):
    findings = [f for f in check_document(definition, three_rows) if f.rule == "D02"]
    assert [f.message for f in findings if "艺术普及" in f.message] == [
        "附件3 实际完成任务量「建设或优化艺术普及数字资源时长（小时）」：实际完成 15小时、2TB，低于下达任务量 20 小时（完成率 75.00%）"]


def test_d01_compares_hours_with_hours_and_shows_the_tb_apart(definition, three_rows):
    three_rows.details[TASK][1].values["assigned"] = Decimal(8)
    [finding] = [f for f in check_document(definition, three_rows) if f.rule == "D01" and "艺术普及" in f.message]
    assert "合计为 18 小时、2 TB" in finding.message
    three_rows.details[TASK][1].values["assigned"] = Decimal(10)
    assert not [f for f in check_document(definition, three_rows) if f.rule == "D01" and "艺术普及" in f.message]


def test_a_report_may_quote_the_tb_the_tables_hold_and_not_others(definition, three_rows):
    three_rows.reports["cloud_report"]["results"] = [TextSegment("建设艺术普及数字资源2TB，另有3TB。")]
    quoted = [f.message for f in check_document(definition, three_rows) if f.rule == "R01"]
    assert any("“3TB”" in m for m in quoted)
    assert not any("“2TB”" in m for m in quoted)


# ---------------------------------------------------------------- the save file


def _saved(doc) -> dict:
    return json.loads(storage.document_bytes(doc).decode("utf-8"))


def test_tb_is_saved_as_an_amount_with_its_unit_and_read_back(definition, three_rows):
    data = _saved(three_rows)
    assert data["format_version"] == migrations.CURRENT_VERSION == 5
    rows = data["document"]["details"][TASK]
    assert [r["completed"] for r in rows] == ["10", "5", {"value": "2", "unit": "TB"}]
    _definition, again = storage.load_document_bytes(storage.document_bytes(three_rows), "again.hbaccept")
    assert again.details[TASK][2].values["completed"] == Quantity(Decimal(2), "TB")
    assert again.details[TASK][0].values["completed"] == Decimal(10)


def _version_4_file() -> dict:
    raw = json.loads(demo_path().read_text(encoding="utf-8"))
    raw["format_version"] = 4
    raw["document"]["assigned"][TASK] = "20"
    raw["document"]["details"][TASK] = [
        {"contractor": "石家庄市群众艺术馆", "description": "已建设。", "assigned": "10", "completed": "15"},
        # version 4 refused 「2TB」 there and kept the text as typed
        {"contractor": "赞皇县文化馆", "description": "已建设。", "assigned": None, "completed": "2TB"},
    ]
    return raw


def test_a_version_4_file_is_upgraded_and_its_kept_tb_text_understood(definition, tmp_path):
    path = tmp_path / "四版.hbaccept"
    path.write_text(json.dumps(_version_4_file(), ensure_ascii=False), encoding="utf-8")
    _definition, doc = storage.load_document(path)
    assert doc.details[TASK][0].values["completed"] == Decimal(15)
    assert doc.details[TASK][1].values["completed"] == Quantity(Decimal(2), "TB")
    assert recompute(definition, doc)["annex3.completed.art_resources"].text == "15小时、2TB"
    storage.save_document(doc, path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["format_version"] == 5
    assert saved["document"]["details"][TASK][1]["completed"] == {"value": "2", "unit": "TB"}


def test_the_migration_from_version_4_changes_only_the_number():
    raw = _version_4_file()
    migrated = migrations.migrate(json.loads(json.dumps(raw)), 4)
    assert migrated.pop("format_version") == 5
    assert migrated == {k: v for k, v in raw.items() if k != "format_version"}


def test_a_version_4_program_would_refuse_a_version_5_file(monkeypatch, three_rows):
    data = storage.document_bytes(three_rows)
    monkeypatch.setattr(storage, "CURRENT_VERSION", 4)
    with pytest.raises(storage.StorageError) as refused:
        storage.load_document_bytes(data, "新.hbaccept")
    assert refused.value.code == "newer_version"


def test_a_unit_the_definition_does_not_allow_is_kept_and_reported(definition, three_rows):
    raw = _saved(three_rows)
    raw["document"]["details"][TASK][2]["completed"] = {"value": "2", "unit": "GB"}
    _definition, doc = storage.load_document_bytes(json.dumps(raw, ensure_ascii=False).encode(), "gb.hbaccept")
    value = doc.details[TASK][2].values["completed"]
    assert isinstance(value, Unparsed) and value.text == "2GB"
    assert any(f.rule == "N01" and f.ref == completed_ref(2) for f in check_document(definition, doc))


# ---------------------------------------------------------------- 汇总


def test_merging_keeps_hours_and_tb_apart(definition, unit_doc):
    one, two = unit_doc(1), unit_doc(2)
    one.assigned[TASK] = Decimal(10)
    one.details[TASK] = [art_row("井陉县文化馆", Decimal(10), Decimal(12))]
    two.assigned[TASK] = Decimal(5)
    two.details[TASK] = [art_row("正定县文化馆", Decimal(5), Decimal(3)),
                         art_row("正定县图书馆", Quantity(Decimal("1.5"), "TB"), Quantity(Decimal("1.5"), "TB"))]
    result = merge([Source("井陉县.hbaccept", definition, one), Source("正定县.hbaccept", definition, two)], "石家庄市")
    assert result.ok, result.problems
    merged = result.document
    assert merged.assigned[TASK] == Decimal(15)
    assert [r.values["completed"] for r in merged.details[TASK]] == [
        Decimal(12), Decimal(3), Quantity(Decimal("1.5"), "TB")]
    results = recompute(definition, merged)
    assert results["annex3.completed.art_resources"].text == "15小时、1.5TB"
    assert results["annex3.rate.art_resources"].text == "100.00"
    shares = {s.unit: s for s in unit_shares(definition, merged)}
    tb_lines = [line for line in shares["正定县图书馆"].lines if line.label.endswith("（TB）")]
    assert [(line.planned, line.done) for line in tb_lines] == [(None, Decimal("1.5"))]
    assert not [line for line in shares["井陉县图书馆"].lines if line.label.endswith("（TB）")]
    again = storage.load_document_bytes(storage.document_bytes(merged), "市.hbaccept")[1]
    assert again.merged_from[1].completed["art_resources.TB"] == Decimal("1.5"), "the share's TB survives saving"
