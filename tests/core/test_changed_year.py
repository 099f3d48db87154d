"""#18: a new notice is a new folder, not new code. The changed-year fixture (tests/conftest.py,
`with_2025`: every table id renamed, an extra indicator fed by a second itemised task counted in
minutes, a removed 附件5 indicator, a changed target and deadlines) goes through load, figures,
audit, 生成初稿, save and reload, `show`, 汇总 and every export, with its figures checked."""

from __future__ import annotations

import zipfile
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from hbaccept_gui.cli_show import form_lines
from hbaccept_gui.core.calc import recompute
from hbaccept_gui.core.document import ItemRow
from hbaccept_gui.core.draft import plan_draft
from hbaccept_gui.core.merge import merge, read_sources
from hbaccept_gui.core.pipeline import evaluate
from hbaccept_gui.core.storage import load_document, save_document
from hbaccept_gui.exporters.bundle import export_all
from hbaccept_gui.exporters.layout import build_export_set

AUDIO = [("《三国演义》有声版", Decimal(90)), ("《红楼梦》有声版", Decimal(30)), ("《西游记》有声版", Decimal(60))]


@pytest.fixture
def unit_2025(with_2025, unit_doc):
    """Unit 3 of the county fixture in the 2025 definition, with three audio books (180 minutes)
    against 3 hours assigned."""
    doc = unit_doc(3, of=with_2025)
    doc.assigned["audio_books"] = Decimal(3)
    row = doc.rows("audio_books")
    row.append(doc.rows("digital_resources")[0].__class__({"contractor": "某有声读物公司", "description": "已完成"}))
    row[0].items = [ItemRow(title, minutes) for title, minutes in AUDIO]
    return doc


def test_the_changed_folder_loads_with_its_own_ids_rows_and_targets(with_2025):
    definition = with_2025
    assert (definition.id, definition.year) == ("hebei-2025", 2025)
    assert [t.id for t in definition.tables] == ["lib_targets", "lib_details", "cloud_targets", "cloud_details",
                                                 "self_assessment"]
    assert [i.id for i in definition.table("lib_targets").indicators] == ["digital_resources", "support_platform",
                                                                         "audio_books"]
    assert [t.items.item for t in definition.table("lib_details").tasks if t.items] == ["古籍", "有声读物"]
    assert "cloud_visits_growth" not in [i.id for i in definition.performance.indicators]
    assert definition.performance.indicator("library_completion_rate").target.text == "≥95%"
    assert [d.date for d in definition.deadlines] == [date(2026, 6, 30), date(2026, 7, 10)]


def test_figures_roll_up_under_the_renamed_ids(with_2025, unit_2025):
    results = recompute(with_2025, unit_2025)
    assert results.value("lib_details.audio_books.count") == 180
    assert results.value("lib_targets.completed.audio_books") == 3  # 180 minutes ÷ 60
    assert results["lib_targets.rate.audio_books"].text == "100.00"
    assert results.value("lib_targets.completed.digital_resources") == Decimal("0.3")  # 3 works × 1000 叶
    assert results["cloud_targets.rate.live_broadcasts"].text == "112.50"


def test_audit_and_draft_run_and_name_the_new_works(with_2025, unit_2025):
    evaluation = evaluate(with_2025, unit_2025, today=date(2026, 6, 1))
    assert not [f for f in evaluation.findings if f.severity == "error"], [f.message for f in evaluation.findings]
    plan = plan_draft(with_2025, unit_2025, evaluation.results, overwrite=True)
    assert plan.edits
    for edit in plan.edits:
        edit.apply(unit_2025)
    library_report = next(r for r in with_2025.reports if r.programme == "library")
    text = "".join(getattr(s, "text", "") for s in unit_2025.reports[library_report.id]["results"])
    assert "有声读物" in text and "有声资源项目" in text


def test_a_2025_file_saves_and_reopens_with_the_2025_definition(with_2025, unit_2025, tmp_path):
    path = tmp_path / "unit.hbaccept"
    save_document(unit_2025, path)
    definition, document = load_document(path)
    assert definition.id == "hebei-2025"
    assert [i.title for i in document.rows("audio_books")[0].items] == [t for t, _ in AUDIO]


def test_show_prints_every_form_of_the_new_year(with_2025, unit_2025):
    export_set = build_export_set(evaluate(with_2025, unit_2025))
    printed = "\n".join(line for form in export_set.forms for line in form_lines(form))
    assert "2025年度" in printed and "2024" not in printed
    assert "有声资源项目" in printed and "≥95%" in printed


def test_every_export_of_the_new_year(with_2025, unit_2025, tmp_path):
    evaluation = evaluate(with_2025, unit_2025, today=date(2026, 6, 1))
    result = export_all(evaluation, tmp_path, today=date(2026, 6, 1))
    names = [p.name for p in result.files]
    assert names and all("2024" not in name for name in names)
    assert any(name.startswith("附件1_2025年度") and name.endswith(".pdf") for name in names)
    workbook = openpyxl.load_workbook(next(p for p in result.files if p.suffix == ".xlsx"))
    assert all("2024" not in title for title in workbook.sheetnames)
    values = [str(c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert "有声资源建设时长（小时）" in "".join(values).replace("\n", "")
    with zipfile.ZipFile(result.archive) as bundle:
        assert "2025年度" in result.archive.name and len(bundle.namelist()) == len(result.files)


def test_merge_sums_units_of_the_new_year(with_2025, unit_doc, tmp_path):
    paths = []
    for k in (1, 2, 3):
        doc = unit_doc(k, of=with_2025)
        paths.append(tmp_path / f"unit{k}.hbaccept")
        save_document(doc, paths[-1])
    sources, problems = read_sources(paths)
    assert problems == []
    result = merge(sources, "某市")
    assert result.ok, result.problems
    results = recompute(with_2025, result.document)
    assert results.value("lib_targets.completed.digital_resources") == Decimal("0.6")  # (1+2+3) × 1000 叶
    assert results.value("cloud_targets.completed.live_broadcasts") == 54  # Σ 9k


def test_a_file_of_a_year_not_installed_is_refused_naming_the_year(tmp_path, demo):
    import json

    from hbaccept_gui.core.errors import StorageError

    path = tmp_path / "unit.hbaccept"
    save_document(demo, path)
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["definition"] = "hebei-2030"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(StorageError) as refused:
        load_document(path)
    assert "2030年度" in refused.value.message and "本程序有：2024年度" in refused.value.message


def test_files_of_two_years_open_side_by_side_each_with_its_own_definition(with_2025, demo, unit_2025, tmp_path):
    save_document(demo, tmp_path / "2024.hbaccept")
    save_document(unit_2025, tmp_path / "2025.hbaccept")
    assert load_document(tmp_path / "2024.hbaccept")[0].year == 2024
    assert load_document(tmp_path / "2025.hbaccept")[0].year == 2025


def test_a_detail_table_names_the_tables_it_rolls_up_into(with_2025):
    assert [t.id for t in with_2025.tables_fed_by(with_2025.table("lib_details"))] == ["lib_targets"]
    assert [t.id for t in with_2025.tables_fed_by(with_2025.table("cloud_details"))] == ["cloud_targets"]
