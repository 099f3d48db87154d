"""Units that take part in one project only (#13 item 11): what belongs to a participation (from the
definition's `programme` fields), the audit, 生成初稿, the 材料清单, the save file, the suggestion
from what is filled in, and 汇总 of units of different projects."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import jsonschema
import pytest

from hbaccept_gui.core import migrations, participation, storage
from hbaccept_gui.core.calc import recompute
from hbaccept_gui.core.checklist import checklist_rows
from hbaccept_gui.core.checks import check_document
from hbaccept_gui.core.document import ContractorRow, Funding, new_document
from hbaccept_gui.core.draft import plan_draft
from hbaccept_gui.core.errors import StorageError
from hbaccept_gui.core.merge import Source, merge
from hbaccept_gui.core.pipeline import demo_path, evaluate
from hbaccept_gui.resources import resource_path

LIBRARY_PARTS = {"annex1", "annex2", "library_report"}


def cloud_only(doc):
    doc.programmes = ["cloud"]
    return doc


# ---------------------------------------------------------------- what belongs to it


def test_a_new_document_takes_part_in_both_projects(definition):
    assert participation.taking_part(definition, new_document(definition)) == ("library", "cloud")


@pytest.mark.parametrize("given, read", [(["cloud", "library"], ("library", "cloud")), (["cloud", "cloud"], ("cloud",)),
                                         (["museum", "cloud"], ("cloud",)), (["museum"], ("library", "cloud")),
                                         ([], ("library", "cloud"))])
def test_participation_is_read_in_the_definition_order_and_never_empty(definition, given, read):
    assert participation.normalised(definition, given) == read


def test_what_belongs_to_a_project_comes_from_the_definition(definition, demo):
    cloud_only(demo)
    assert [t.id for t in participation.tables(definition, demo)] == ["annex3", "annex4", "annex5"]
    assert [r.id for r in participation.reports(definition, demo)] == ["cloud_report"]
    assert participation.applies(definition, demo, "annex5")  # both projects' rows, as the notice prints them
    assert participation.applies(definition, demo, "checklist") and participation.applies(definition, demo, "header")
    assert participation.parts_text(definition, "library") == "附件1、附件2、总结报告"


# ---------------------------------------------------------------- audit, draft, checklist


def test_a_cloud_only_unit_gets_no_findings_in_the_library_forms(definition, demo):
    demo.assigned["support_platform"] = Decimal(1)  # D03 in 附件1: assigned, no contractor in 附件2
    demo.details["digital_resources"][0].values["contractor"] = ""  # D04 in 附件2
    assert {f.ref.table for f in check_document(definition, demo)} >= {"annex1", "annex2"}
    findings = check_document(definition, cloud_only(demo))
    assert not {f.ref.table for f in findings} & LIBRARY_PARTS
    assert evaluate(definition, demo).clean


def test_annex5_is_audited_for_both_projects_whatever_the_participation(definition, demo):
    demo.funding["library"] = Funding(Decimal(20), None)  # P02: A without B
    rules = {(f.rule, f.ref.table) for f in check_document(definition, cloud_only(demo))}
    assert ("P02", "annex5") in rules


def test_draft_writes_only_the_reports_of_the_projects_taken_part_in(definition):
    doc = cloud_only(new_document(definition))
    plan = plan_draft(definition, doc, recompute(definition, doc))
    assert {edit.ref.table for edit in plan.edits} == {"cloud_report"}


def test_checklist_lists_only_the_materials_of_the_projects_taken_part_in(definition, demo):
    rows = {row.item.id: row for row in checklist_rows(definition, cloud_only(demo), date(2025, 6, 1))}
    assert set(rows) == {"cloud_report", "completion_tables", "detail_tables", "performance", "hd_resources",
                         "tracking_system"}
    assert rows["completion_tables"].item.label == "任务指标完成情况表（附件3）"
    assert rows["completion_tables"].generated == "一键导出：附件3（Word、PDF、Excel）"
    assert rows["detail_tables"].item.label == "任务完成情况明细表（附件4）"
    assert not participation.exports_charset(definition, demo)
    demo.programmes = ["library"]
    rows = {row.item.id: row for row in checklist_rows(definition, demo, date(2025, 6, 1))}
    assert "charset" in rows and "hd_resources" not in rows
    assert rows["completion_tables"].item.label == "任务指标完成情况表（附件1）"


# ---------------------------------------------------------------- suggesting it


def test_nothing_filled_in_suggests_nothing(definition):
    assert participation.suggest(definition, new_document(definition)) is None


def test_the_filled_in_tables_suggest_the_projects(definition, demo):
    assert participation.suggest(definition, demo) == ("library",)  # the Baoding demo fills the library forms
    found = participation.evidence(definition, demo)
    assert [(e.programme, e.annexes) for e in found] == [("library", ("附件1", "附件2", "附件5"))]
    doc = new_document(definition)
    doc.assigned["support_platform"] = Decimal(0)  # 0 is what a unit without the task writes
    doc.details["live_broadcasts"] = [ContractorRow({"contractor": "石家庄市群众艺术馆"})]
    assert participation.suggest(definition, doc) == ("cloud",)
    doc.performance["library_satisfaction"].achieved = Decimal(96)
    assert participation.suggest(definition, doc) == ("library", "cloud")


def test_content_left_out_is_named_outside_annex5(definition, demo):
    hidden = participation.hidden_content(definition, demo, ["cloud"])
    assert [(e.programme, e.annexes) for e in hidden] == [("library", ("附件1", "附件2"))]
    assert participation.hidden_content(definition, demo, ["library", "cloud"]) == []


def test_set_programmes_is_an_edit_that_undoes(definition, demo):
    edit = participation.plan_set_programmes(definition, demo, ["cloud"])
    edit.apply(demo)
    assert demo.programmes == ["cloud"] and edit.structural and edit.label == "修改参与的项目"
    edit.revert(demo)
    assert demo.programmes == ["library", "cloud"]
    assert participation.plan_set_programmes(definition, demo, ["cloud", "library"]) is None


# ---------------------------------------------------------------- the save file


def _raw(doc) -> dict:
    return json.loads(storage.document_bytes(doc).decode("utf-8"))


def test_participation_is_saved_and_read_back(definition, demo, tmp_path):
    path = tmp_path / "云.hbaccept"
    storage.save_document(cloud_only(demo), path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["format_version"] == migrations.CURRENT_VERSION and saved["document"]["programmes"] == ["cloud"]
    with resource_path("schema", "hbaccept-document.schema.json").open("rb") as handle:
        assert list(jsonschema.Draft7Validator(json.load(handle)).iter_errors(saved)) == []
    _definition, again = storage.load_document(path)
    assert again.programmes == ["cloud"]
    assert again.details["digital_resources"][0].items  # what was typed for the other project is kept


def test_a_version_3_file_takes_part_in_both_and_saves_as_the_current_version(tmp_path):
    raw = json.loads(demo_path().read_text(encoding="utf-8"))
    raw["format_version"] = 3
    del raw["document"]["programmes"]
    path = tmp_path / "三版.hbaccept"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    _definition, doc = storage.load_document(path)
    assert doc.programmes == ["library", "cloud"]
    storage.save_document(doc, path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["format_version"] == migrations.CURRENT_VERSION and saved["document"]["programmes"] == ["library", "cloud"]


def test_an_empty_participation_is_refused_and_unknown_ids_are_dropped(demo):
    raw = _raw(demo)
    raw["document"]["programmes"] = []
    with pytest.raises(StorageError) as caught:
        storage.load_document_bytes(json.dumps(raw).encode("utf-8"))
    assert caught.value.code == "schema" and "programmes" in caught.value.message
    raw["document"]["programmes"] = ["museum", "cloud"]
    assert storage.load_document_bytes(json.dumps(raw).encode("utf-8"))[1].programmes == ["cloud"]


def test_a_version_3_program_refuses_a_version_4_file_instead_of_dropping_the_participation(demo, monkeypatch):
    data = storage.document_bytes(cloud_only(demo))
    monkeypatch.setattr(storage, "CURRENT_VERSION", 3)  # the program before this format
    with pytest.raises(StorageError) as caught:
        storage.load_document_bytes(data)
    assert caught.value.code == "newer_version"


# ---------------------------------------------------------------- 汇总


def test_merging_units_of_different_projects_takes_the_union_and_sums_each_unit_for_its_own(definition, unit_doc):
    library = unit_doc(1)
    library.programmes = ["library"]
    cloud = unit_doc(2)
    cloud.programmes = ["cloud"]
    result = merge([Source("一.hbaccept", definition, library), Source("二.hbaccept", definition, cloud)], "某市")
    assert result.ok, result.problems
    doc = result.document
    assert doc.programmes == ["library", "cloud"]
    assert doc.assigned["digital_resources"] == Decimal("0.1")  # only unit 1's: unit 2 is not in the library project
    assert doc.assigned["live_broadcasts"] == 16  # only unit 2's 8 × 2
    assert [row.source for row in doc.details["live_broadcasts"]] == ["正定县图书馆"] * 2
    assert len(doc.details["digital_resources"]) == 1
    shares = {s.unit: s for s in doc.merged_from}
    assert "digital_resources" not in shares[cloud.header["unit_name"]].assigned
    assert shares[cloud.header["unit_name"]].rows == 4  # 2 live broadcasts + 2 market zones


def test_merging_cloud_only_units_keeps_cloud_only(definition, unit_doc):
    sources = []
    for k in (1, 2):
        doc = unit_doc(k)
        doc.programmes = ["cloud"]
        sources.append(Source(f"{k}.hbaccept", definition, doc))
    result = merge(sources, "某市")
    assert result.ok and result.document.programmes == ["cloud"]
