"""汇总: twelve county libraries merged into one city document — every total, each unit's share,
the refusals (another year, the same unit twice, audit errors, unreadable files)."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal

import pytest

from hbaccept_gui.core import merge as merging
from hbaccept_gui.core.calc import recompute
from hbaccept_gui.core.document import Funding, SourceUnit
from hbaccept_gui.core.merge import Source, merge, read_sources
from hbaccept_gui.core.serialize import document_to_dict
from hbaccept_gui.core.storage import load_document, save_document

CITY = "石家庄市文化广电和旅游局"


@pytest.fixture
def merged(unit_files, tmp_path):
    sources, problems = read_sources(unit_files(tmp_path / "units"))
    assert problems == []
    result = merge(sources, CITY)
    assert result.ok, result.problems
    return result


@pytest.fixture
def unit_sources(definition, unit_doc, counties):
    """unit_sources(k, …) → unit k's document as if read from 〈county〉.hbaccept."""
    return lambda *ks: [Source(f"{counties[k - 1]}.hbaccept", definition, unit_doc(k)) for k in ks]


def _codes(result):
    return [p.code for p in result.problems]


# ---------------------------------------------------------------- the totals


def test_twelve_units_sum_to_the_city_figures_of_annex1_and_annex3(merged, definition):
    doc = merged.document
    results = recompute(definition, doc)
    assert doc.header["unit_name"] == CITY
    assert doc.assigned["digital_resources"] == Decimal("7.8")  # Σ k/10
    assert results.value("annex1.completed.digital_resources") == Decimal("7.8")  # 78 works × 1000 叶
    assert results.value("annex2.digital_resources.count") == 78000
    assert results.value("annex2.digital_resources.items") == 78
    assert results["annex1.rate.digital_resources"].text == "100.00"
    assert doc.assigned["support_platform"] == 4
    assert results.value("annex1.completed.support_platform") == 4
    assert doc.assigned["live_broadcasts"] == 624  # Σ 8k
    assert results.value("annex3.completed.live_broadcasts") == 702  # Σ 9k
    assert results["annex3.rate.live_broadcasts"].text == "112.50"
    assert doc.assigned["market_zones"] == 24
    assert results.value("annex3.completed.market_zones") == 24
    assert doc.assigned["mass_activities"] is None  # assigned to nobody stays empty, not 0


def test_annex5_budgets_and_executions_are_summed_and_b_over_a_recomputed(merged, definition):
    doc = merged.document
    results = recompute(definition, doc)
    assert doc.funding["library"] == Funding(Decimal(240), Decimal(234))
    assert doc.funding["cloud"] == Funding(Decimal(78), Decimal("70.2"))
    assert results["annex5.funding.library.rate"].text == "97.50"
    assert results["annex5.funding.cloud.rate"].text == "90.00"


def test_completion_rates_of_annex5_come_from_the_sums_and_the_rest_is_left_to_the_city(merged):
    performance = merged.document.performance
    assert performance["library_completion_rate"].achieved == Decimal("100.00")
    assert performance["cloud_completion_rate"].achieved == Decimal("100.00")  # 112.5 % counts as 100 %
    assert performance["library_satisfaction"].achieved is None  # a mean of units' satisfaction means nothing
    assert performance["cloud_channels"].achieved_text == ""
    assert all(segments == [] for sections in merged.document.reports.values() for segments in sections.values())
    assert merged.document.header["contact"] == ""


def test_detail_rows_are_concatenated_in_file_order_with_their_source_unit(merged, counties):
    details = merged.document.details
    assert [len(details[t]) for t in ("digital_resources", "support_platform", "live_broadcasts",
                                      "market_zones_creative", "market_zones_fair")] == [12, 4, 24, 12, 12]
    assert [r.source for r in details["digital_resources"]] == [f"{c}图书馆" for c in counties]
    assert [r.source for r in details["support_platform"]] == ["行唐县图书馆", "深泽县图书馆", "平山县图书馆", "晋州市图书馆"]
    assert details["live_broadcasts"][1].values["contractor"] == "承建单位乙"
    assert len(details["digital_resources"][11].items) == 12


def test_each_units_share_is_recorded(merged, counties):
    shares = merged.document.merged_from
    assert [s.unit for s in shares] == [f"{c}图书馆" for c in counties]
    assert [s.file for s in shares] == [f"{c}.hbaccept" for c in counties]
    third = shares[2]
    assert third.assigned["digital_resources"] == Decimal("0.3")
    assert third.completed["digital_resources"] == Decimal("0.3")
    assert third.completed["live_broadcasts"] == 27
    assert third.assigned["support_platform"] == 1
    assert "support_platform" not in shares[0].assigned
    assert third.funding["cloud"] == Funding(Decimal(3), Decimal("2.7"))
    assert third.rows == 6  # works list, platform, two broadcasts, two market zones
    assert sum(s.completed["digital_resources"] for s in shares) == Decimal("7.8")


def test_the_merged_document_is_a_normal_save_file_that_reads_back_the_same(merged, definition, tmp_path):
    path = tmp_path / "石家庄市.hbaccept"
    save_document(merged.document, path)
    _definition, again = load_document(path)
    assert again == merged.document
    assert recompute(definition, again).value("annex1.completed.digital_resources") == Decimal("7.8")


def test_merging_does_not_change_the_sources(definition, unit_sources):
    sources = unit_sources(1, 2)
    before = [json.dumps(document_to_dict(s.document), ensure_ascii=False) for s in sources]
    result = merge(sources, CITY)
    result.document.details["digital_resources"][0].items.clear()
    result.document.details["digital_resources"][0].values["contractor"] = "改"
    assert [json.dumps(document_to_dict(s.document), ensure_ascii=False) for s in sources] == before


def test_a_province_merge_of_city_files_keeps_the_county_under_its_city(definition, unit_sources, unit_doc):
    city_a = merge(unit_sources(1, 2), "石家庄市文化广电和旅游局").document
    city_b = merge(unit_sources(3), "保定市文化广电和旅游局").document
    for city in (city_a, city_b):
        city.header.update(date=unit_doc(1).header["date"], contact="甲", phone="0311-67960552")
    result = merge([Source("石家庄.hbaccept", definition, city_a), Source("保定.hbaccept", definition, city_b)], "河北省")
    assert result.ok, result.problems
    doc = result.document
    assert [r.source for r in doc.details["digital_resources"]] == [
        "石家庄市文化广电和旅游局／井陉县图书馆", "石家庄市文化广电和旅游局／正定县图书馆", "保定市文化广电和旅游局／行唐县图书馆"]
    assert [s.unit for s in doc.merged_from] == ["石家庄市文化广电和旅游局", "保定市文化广电和旅游局"]
    assert doc.merged_from[0].completed["digital_resources"] == Decimal("0.3")
    assert doc.assigned["digital_resources"] == Decimal("0.6")


# ---------------------------------------------------------------- refusals


def test_a_file_of_another_year_is_refused_by_name(definition, unit_sources):
    sources = unit_sources(1, 2, 3)
    other_year = dataclasses.replace(definition, id="hebei-2023", year=2023)
    sources[1] = Source(sources[1].file, other_year, sources[1].document)
    result = merge(sources, CITY)
    assert not result.ok
    assert _codes(result) == ["wrong_year"]
    assert result.problems[0].message == (
        "“正定县.hbaccept”是2023年度的表格（hebei-2023），其他文件是2024年度的（hebei-2024），不能汇总在一起。")


def test_the_same_unit_twice_is_refused(definition, unit_sources):
    sources = unit_sources(1, 2)
    sources[1].document.header["unit_name"] = "井陉县图书馆"
    result = merge(sources, CITY)
    assert not result.ok
    assert [p.message for p in result.problems] == [
        "“正定县.hbaccept”与“井陉县.hbaccept”的单位名称都是“井陉县图书馆”，同一单位只能汇总一次。"]


def test_identical_content_is_refused_even_under_another_unit_name(definition, unit_sources, unit_doc):
    sources = unit_sources(1, 2)
    copy = unit_doc(1)
    copy.header["unit_name"] = "另一个图书馆"
    sources.append(Source("副本.hbaccept", definition, copy))
    result = merge(sources, CITY)
    assert not result.ok
    assert [p.message for p in result.problems] == [
        "“副本.hbaccept”与“井陉县.hbaccept”的内容完全相同，可能是同一单位的文件选了两次，只能汇总一次。"]


def test_the_same_file_chosen_twice_is_caught(unit_files, tmp_path):
    paths = unit_files(tmp_path, 2)
    sources, _problems = read_sources([paths[0], paths[1], paths[0]])
    assert _codes(merge(sources, CITY)) == ["same_content"]


def test_a_unit_already_inside_a_merged_file_is_refused(definition, unit_sources, unit_doc):
    city = merge(unit_sources(1, 2), CITY).document
    city.header.update(date=unit_doc(1).header["date"], contact="甲", phone="0311-67960552")
    sources = [Source("石家庄.hbaccept", definition, city)] + unit_sources(2)
    result = merge(sources, "河北省")
    assert [p.message for p in result.problems if p.blocking] == [
        f"“正定县.hbaccept”（正定县图书馆）已经包含在“石家庄.hbaccept”的汇总中，不能再汇总一次。"]


def test_files_with_audit_errors_are_refused_with_their_findings_listed(definition, unit_sources):
    sources = unit_sources(1, 2, 3)
    sources[2].document.header["contact"] = ""
    result = merge(sources, CITY)
    assert not result.ok
    (problem,) = result.problems
    assert problem.file == "行唐县.hbaccept" and problem.blocking
    assert problem.message.startswith("“行唐县.hbaccept”（行唐县图书馆）审核有 1 个错误")
    assert problem.details == ("表头「项目联系人」：必须填写",)


def test_audit_warnings_are_listed_but_do_not_stop_the_merge(definition, monkeypatch, unit_sources):
    from hbaccept_gui.core.cells import CellRef
    from hbaccept_gui.core.findings import WARNING, Finding

    real = merging.evaluate

    def with_warning(definition, doc):
        evaluation = real(definition, doc)
        evaluation.findings.append(Finding("TEST", WARNING, CellRef("header", (), "phone"), "请核对电话"))
        return evaluation

    monkeypatch.setattr(merging, "evaluate", with_warning)
    result = merge(unit_sources(1), CITY)
    assert result.ok
    assert [(p.code, p.blocking, p.details) for p in result.problems] == [("audit_warnings", False, ("请核对电话",))]


def test_a_sum_beyond_the_cells_maximum_is_refused(definition, unit_sources):
    sources = unit_sources(1, 2)
    for source in sources:
        source.document.funding["cloud"] = Funding(Decimal(6000000), Decimal(1))
    result = merge(sources, CITY)
    assert not result.ok
    assert _codes(result) == ["too_big"]
    assert "附件5 年度资金总额 公共文化云建设项目「全年预算数（A）（万元）」" in result.problems[0].message


def test_unreadable_files_are_named_and_the_rest_still_read(unit_files, tmp_path):
    paths = unit_files(tmp_path, 2)
    broken = tmp_path / "坏.hbaccept"
    broken.write_text('{"format": "hbaccept-document", "format_ver', encoding="utf-8")
    sources, problems = read_sources([paths[0], broken, tmp_path / "没有.hbaccept", paths[1]])
    assert [s.file for s in sources] == ["井陉县.hbaccept", "正定县.hbaccept"]
    assert [p.file for p in problems] == ["坏.hbaccept", "没有.hbaccept"]
    assert all(p.code == "unreadable" for p in problems)
    assert "损坏或不完整" in problems[0].message and "找不到文件" in problems[1].message


def test_a_merge_without_a_unit_name_is_made_but_says_so(unit_sources):
    result = merge(unit_sources(1, 2), "  ")
    assert result.ok and result.document.header["unit_name"] == ""
    assert [(p.code, p.blocking) for p in result.problems] == [("no_unit", False)]
    assert "单位名称" in result.problems[0].message


def test_nothing_to_merge_is_said_in_chinese():
    result = merge([], CITY)
    assert not result.ok and [p.message for p in result.problems] == ["没有可汇总的文件。"]


def test_a_merged_share_records_only_what_the_unit_had(definition, unit_sources):
    share = merge(unit_sources(1), CITY).document.merged_from[0]
    assert share == SourceUnit(
        unit="井陉县图书馆", file="井陉县.hbaccept",
        assigned={"digital_resources": Decimal("0.1"), "live_broadcasts": Decimal(8), "market_zones": Decimal(2)},
        completed={"digital_resources": Decimal("0.1"), "live_broadcasts": Decimal(9), "market_zones": Decimal(2)},
        funding={"library": Funding(Decimal(20), Decimal("19.5")), "cloud": Funding(Decimal(1), Decimal("0.9"))},
        rows=5)
