"""The save file format (docs/file-format.md): what is written, what is read, what is never stored."""

from __future__ import annotations

import copy
import json
import re
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hbaccept_gui import __version__
from hbaccept_gui.core import migrations, storage
from hbaccept_gui.core.calc import recompute
from hbaccept_gui.core.cells import CellRef
from hbaccept_gui.core.checks import check_document
from hbaccept_gui.core.document import FieldSegment, Funding, SourceUnit, TextSegment, Unparsed
from hbaccept_gui.core.errors import StorageError
from hbaccept_gui.core.findings import has_errors
from hbaccept_gui.core.pipeline import demo_path
from hbaccept_gui.resources import resource_path

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "file-format.md"
CJK = re.compile(r"[\u4e00-\u9fff]")


# ---------------------------------------------------------------- helpers


def _schema() -> dict:
    with resource_path("schema", "hbaccept-document.schema.json").open("rb") as handle:
        return json.load(handle)


def _validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(_schema())


def _demo_dict() -> dict:
    return json.loads(demo_path().read_text(encoding="utf-8"))


def _bytes(raw: dict) -> bytes:
    return json.dumps(raw, ensure_ascii=False, indent=1).encode("utf-8")


def _load(raw: dict):
    return storage.load_document_bytes(_bytes(raw), "test.hbaccept")


def _saved(doc) -> dict:
    return json.loads(storage.document_bytes(doc).decode("utf-8"))


def _all_keys(node: object):
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from _all_keys(value)
    elif isinstance(node, list):
        for value in node:
            yield from _all_keys(value)


def _with_literal(raw: dict, setter, literal: str) -> bytes:
    """The JSON of `raw` with one value replaced by a bare JSON number `literal` (e.g. 19.6)."""
    marker = "__NUMBER_LITERAL__"
    setter(raw, marker)
    return _bytes(raw).replace(f'"{marker}"'.encode(), literal.encode())


# ---------------------------------------------------------------- the schema


def test_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft7Validator.check_schema(_schema())


def test_demo_validates_against_the_json_schema():
    errors = list(_validator().iter_errors(_demo_dict()))
    assert errors == []


def test_saved_document_validates_against_the_json_schema():
    _definition, doc = storage.load_document(demo_path())
    errors = list(_validator().iter_errors(_saved(doc)))
    assert errors == []


# ---------------------------------------------------------------- what is written


def test_saved_file_is_utf8_json_with_the_top_level_keys():
    _definition, doc = storage.load_document(demo_path())
    data = storage.document_bytes(doc)
    saved = json.loads(data.decode("utf-8"))
    assert list(saved) == ["format", "format_version", "definition", "app_version", "saved_at", "document"]
    assert saved["format"] == "hbaccept-document" == storage.FORMAT_NAME
    assert saved["format_version"] == migrations.CURRENT_VERSION
    assert saved["definition"] == "hebei-2024" == doc.definition_id
    assert saved["app_version"] == __version__
    assert datetime.fromisoformat(saved["saved_at"]).tzinfo is not None
    assert "玊".encode() in data  # Chinese is written as UTF-8, not as \\u escapes


def test_document_has_exactly_the_documented_keys():
    _definition, doc = storage.load_document(demo_path())
    document = _saved(doc)["document"]
    assert list(document) == ["header", "programmes", "assigned", "details", "funding", "local_funds",
                              "performance", "other_notes", "reports", "checklist"]


def test_saving_the_demo_reproduces_its_document_unchanged():
    _definition, doc = storage.load_document(demo_path())
    assert _saved(doc)["document"] == _demo_dict()["document"]


def test_numbers_are_saved_as_strings_of_exact_decimals(definition):
    _definition, doc = storage.load_document(demo_path())
    doc.funding["cloud"].budget = Decimal("12345678.1234")
    doc.assigned["digital_resources"] = Decimal("1.0000")
    document = _saved(doc)["document"]
    assert document["funding"]["library"] == {"budget": "20", "executed": "19.6"}
    assert document["funding"]["cloud"]["budget"] == "12345678.1234"
    assert document["assigned"]["digital_resources"] == "1"  # canonical: no trailing zeros
    assert document["performance"]["library_satisfaction"]["achieved"] == "96"
    numbers = list(document["assigned"].values())
    numbers += [v for f in document["funding"].values() for v in f.values()]
    numbers += [p["achieved"] for p in document["performance"].values()]
    for rows in document["details"].values():
        for row in rows:
            numbers += [row.get("assigned"), row.get("completed")]
            numbers += [item["count"] for item in row.get("items", [])]
    assert numbers and all(n is None or isinstance(n, str) for n in numbers)


def test_dates_are_saved_as_iso_strings():
    _definition, doc = storage.load_document(demo_path())
    assert _saved(doc)["document"]["header"]["date"] == "2025-06-05"


def test_derived_values_are_never_saved(definition):
    _definition, doc = storage.load_document(demo_path())
    results = recompute(definition, doc)
    assert results["annex1.completed.digital_resources"].text == "1.0274"
    assert results["annex1.rate.digital_resources"].text == "102.74"
    data = storage.document_bytes(doc).decode("utf-8")
    assert "1.0274" not in data and "102.74" not in data  # (the description does mention 10274 叶)
    document = json.loads(data)["document"]
    keys = set(_all_keys(document))
    assert not {"rate", "proposed", "count_total"} & keys
    assert not any(key.startswith(("annex1", "annex2", "annex3", "annex4", "annex5")) for key in keys)
    assert set(document["assigned"]) == set(definition._index["indicators"])  # no 实际完成任务量 beside it
    assert all(set(f) == {"budget", "executed"} for f in document["funding"].values())  # no B/A
    assert all(set(p) == {"achieved", "achieved_text", "reason"} for p in document["performance"].values())
    # 基础数字资源项目 is completed by its list of works: the row's completed quantity is computed
    assert document["details"]["digital_resources"][0]["completed"] is None


def test_report_sections_are_saved_as_segment_lists():
    _definition, doc = storage.load_document(demo_path())
    doc.reports["library_report"]["results"] = [
        TextSegment("完成 "), FieldSegment("annex1.completed.digital_resources"), TextSegment("。")]
    doc.reports["cloud_report"]["measures"] = []
    saved = _saved(doc)
    assert saved["document"]["reports"]["library_report"]["results"] == [
        {"text": "完成 "}, {"field": "annex1.completed.digital_resources"}, {"text": "。"}]
    assert saved["document"]["reports"]["cloud_report"]["measures"] == []
    assert list(_validator().iter_errors(saved)) == []
    assert _load(saved)[1].reports == doc.reports


# ---------------------------------------------------------------- version 1 files


def _version_1_dict() -> dict:
    raw = _demo_dict()
    raw["format_version"] = 1
    for sections in raw["document"]["reports"].values():
        for section_id in sections:
            sections[section_id] = ""
    raw["document"]["reports"]["library_report"]["measures"] = "第一段"
    return raw


def test_version_1_report_strings_load_as_segment_lists():
    _definition, doc = _load(_version_1_dict())
    assert doc.reports["library_report"]["measures"] == [TextSegment("第一段")]
    assert doc.reports["library_report"]["results"] == []
    assert doc.reports["cloud_report"]["problems"] == []


def test_version_1_file_on_disk_changes_only_when_saved(tmp_path):
    path = tmp_path / "旧.hbaccept"
    path.write_bytes(_bytes(_version_1_dict()))
    before = path.read_bytes()
    _definition, doc = storage.load_document(path)
    assert path.read_bytes() == before
    storage.save_document(doc, path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["format_version"] == migrations.CURRENT_VERSION == 5
    assert saved["document"]["reports"]["library_report"]["measures"] == [{"text": "第一段"}]
    assert storage.backup_path(path).read_bytes() == before


@pytest.mark.parametrize(
    "document",
    ["not a dict", None, {"reports": ["a", "list"]}, {"reports": {"library_report": "not a dict"}},
     {"reports": {"library_report": {"measures": 7}}}],
)
def test_migrate_leaves_malformed_version_1_data_alone_without_raising(document):
    data = {"format": "hbaccept-document", "format_version": 1, "definition": "hebei-2024", "document": document}
    migrated = migrations.migrate(copy.deepcopy(data), 1)
    assert migrated["format_version"] == migrations.CURRENT_VERSION
    assert migrated["document"] == document
    with pytest.raises(StorageError) as caught:  # the schema check that follows names the problem
        storage.load_document_bytes(_bytes(data))
    assert caught.value.code == "schema"


def test_version_2_file_loads_with_an_unticked_checklist_and_saves_as_the_current_version(tmp_path):
    data = _demo_dict()
    data["format_version"] = 2
    del data["document"]["checklist"]
    path = tmp_path / "二版.hbaccept"
    path.write_bytes(_bytes(data))
    definition, doc = storage.load_document(path)
    assert set(doc.checklist) == {item.id for item in definition.checklist}
    assert not any(entry.done or entry.note for entry in doc.checklist.values())
    storage.save_document(doc, path)
    assert json.loads(path.read_text(encoding="utf-8"))["format_version"] == migrations.CURRENT_VERSION


def test_checklist_ticks_and_notes_survive_saving(tmp_path):
    _definition, doc = storage.load_document(demo_path())
    doc.checklist["metadata"].done = True
    doc.checklist["metadata"].note = "已交省图书馆（移动硬盘）"
    storage.save_document(doc, tmp_path / "清单.hbaccept")
    _definition, again = storage.load_document(tmp_path / "清单.hbaccept")
    assert again.checklist["metadata"].done and again.checklist["metadata"].note == "已交省图书馆（移动硬盘）"
    assert not again.checklist["charset"].done


def test_migrate_leaves_a_current_file_unchanged():
    raw = _demo_dict()
    assert migrations.migrate(copy.deepcopy(raw), migrations.CURRENT_VERSION) == raw


# ---------------------------------------------------------------- version 2 files and merged documents


def test_a_normal_document_has_no_merge_keys():
    saved = _saved(storage.load_document(demo_path())[1])["document"]
    assert "merged_from" not in saved
    assert not any("source_unit" in row for rows in saved["details"].values() for row in rows)


def _merged_demo():
    _definition, doc = storage.load_document(demo_path())
    doc.details["digital_resources"][0].source = "保定市图书馆"
    doc.merged_from = [SourceUnit(
        unit="保定市图书馆", file="保定.hbaccept", assigned={"digital_resources": Decimal("1")},
        completed={"digital_resources": Decimal("1.0274"), "support_platform": Decimal("0")},
        funding={"library": Funding(Decimal("20"), Decimal("19.6"))}, rows=1)]
    return doc


def test_merged_from_and_row_sources_survive_a_round_trip(tmp_path):
    doc = _merged_demo()
    path = tmp_path / "汇总.hbaccept"
    storage.save_document(doc, path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert list(_validator().iter_errors(saved)) == []
    assert saved["document"]["details"]["digital_resources"][0]["source_unit"] == "保定市图书馆"
    assert saved["document"]["merged_from"][0]["completed"]["digital_resources"] == "1.0274"
    _definition, again = storage.load_document(path)
    assert again.merged_from == doc.merged_from
    assert again.details["digital_resources"][0].source == "保定市图书馆"
    assert "source_unit" not in again.details["digital_resources"][0].values


# ---------------------------------------------------------------- tolerant reading


def test_json_numbers_load_as_exact_decimals():
    def put(raw, value):
        raw["document"]["funding"]["library"]["budget"] = value

    data = _with_literal(_demo_dict(), put, "19.6")
    data = data.replace(b'"count": "317"', b'"count": 317')
    assert b'"budget": 19.6' in data and b'"count": 317' in data
    _definition, doc = storage.load_document_bytes(data)
    budget = doc.funding["library"].budget
    assert budget == Decimal("19.6") and str(budget) == "19.6"  # not Decimal(19.6) = 19.600000000000001…
    assert doc.details["digital_resources"][0].items[0].count == Decimal("317")
    saved = _saved(doc)["document"]
    assert saved["funding"]["library"]["budget"] == "19.6"
    assert saved["details"]["digital_resources"][0]["items"][0]["count"] == "317"


@settings(max_examples=60, deadline=None)
@given(st.decimals(min_value=0, max_value=10000000, places=4, allow_nan=False, allow_infinity=False))
def test_any_amount_written_as_a_json_number_loads_exactly(amount):
    literal = format(amount, "f")

    def put(raw, value):
        raw["document"]["funding"]["cloud"]["executed"] = value

    _definition, doc = storage.load_document_bytes(_with_literal(_demo_dict(), put, literal))
    assert doc.funding["cloud"].executed == amount


def test_numbers_are_read_with_the_typing_parser():
    raw = _demo_dict()
    raw["document"]["assigned"]["digital_resources"] = "1万筒子叶"
    raw["document"]["funding"]["library"]["budget"] = "２０"
    raw["document"]["details"]["digital_resources"][0]["items"][0]["count"] = "3,865叶"
    raw["document"]["header"]["date"] = "2025年6月5日"
    _definition, doc = _load(raw)
    assert doc.assigned["digital_resources"] == Decimal(1)
    assert doc.funding["library"].budget == Decimal(20)
    assert doc.details["digital_resources"][0].items[0].count == Decimal(3865)
    assert _saved(doc)["document"]["header"]["date"] == "2025-06-05"


def _unparsed_count_doc():
    raw = _demo_dict()
    raw["document"]["details"]["digital_resources"][0]["items"][0]["count"] = "约三百"
    return _load(raw)


def test_refused_value_loads_as_unparsed_with_a_chinese_reason():
    _definition, doc = _unparsed_count_doc()
    count = doc.details["digital_resources"][0].items[0].count
    assert isinstance(count, Unparsed)
    assert count.text == "约三百"
    assert CJK.search(count.reason) and "约三百" in count.reason


def test_refused_value_is_reported_with_table_row_and_column():
    definition, doc = _unparsed_count_doc()
    parse = [f for f in check_document(definition, doc) if f.rule == "N01"]
    assert len(parse) == 1
    finding = parse[0]
    assert finding.ref == CellRef("annex2", ("digital_resources", 0, 0), "count")
    assert "附件2" in finding.message  # the table
    assert "第1个承建单位" in finding.message and "第1行" in finding.message  # the row
    assert "筒子叶数" in finding.message  # the column
    assert "约三百" in finding.message


def test_refused_value_is_saved_back_unchanged(tmp_path):
    _definition, doc = _unparsed_count_doc()
    path = tmp_path / "a.hbaccept"
    storage.save_document(doc, path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["document"]["details"]["digital_resources"][0]["items"][0]["count"] == "约三百"
    _definition, again = storage.load_document(path)
    assert again.details["digital_resources"][0].items[0].count == Unparsed("约三百", doc.details[
        "digital_resources"][0].items[0].count.reason)


def test_unknown_contractor_row_keys_survive_a_round_trip(tmp_path):
    raw = _demo_dict()
    raw["document"]["details"]["digital_resources"][0]["extra_col"] = "x"
    raw["document"]["details"]["digital_resources"][0]["extra_number"] = 7
    _definition, doc = _load(raw)
    path = tmp_path / "a.hbaccept"
    storage.save_document(doc, path)
    row = json.loads(path.read_text(encoding="utf-8"))["document"]["details"]["digital_resources"][0]
    assert row["extra_col"] == "x"
    assert row["extra_number"] == 7
    _definition, again = storage.load_document(path)
    assert again.details["digital_resources"][0].values["extra_col"] == "x"


# ---------------------------------------------------------------- the documentation


def _doc_example() -> dict:
    text = DOC_PATH.read_text(encoding="utf-8")
    blocks = re.findall(r"```json\n(.*?)```", text, re.DOTALL)
    examples = [b for b in blocks if '"format": "hbaccept-document"' in b]
    assert len(examples) == 1
    return json.loads(examples[0])


def test_the_example_in_the_documentation_is_a_valid_save_file(definition):
    example = _doc_example()
    assert list(_validator().iter_errors(example)) == []
    _definition, doc = _load(example)
    assert not has_errors(check_document(definition, doc))
    results = recompute(definition, doc)
    assert results["annex1.completed.digital_resources"].text_with_unit == "0.0926 万筒子叶"


def test_the_documentation_lists_every_storage_error_code():
    from hbaccept_gui.core.messages import STORAGE

    text = DOC_PATH.read_text(encoding="utf-8")
    assert [code for code in STORAGE if f"`{code}`" not in text] == []
