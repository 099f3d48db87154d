"""Roll-ups and percentages, as the notice computes them: exact decimals, half-up rounding."""

from __future__ import annotations

from decimal import Decimal

from hbaccept_gui.core.calc import recompute
from hbaccept_gui.core.cells import CellRef, set_cell
from hbaccept_gui.core.document import Funding, ItemRow, new_contractor_row, new_document

BAODING_LEAVES = [317, 609, 270, 497, 3865, 2993, 621, 306, 796]


def test_baoding_sample_rolls_up_to_10274_leaves(definition, demo):
    results = recompute(definition, demo)
    assert sum(BAODING_LEAVES) == 10274
    assert results.value("annex2.digital_resources.0.count") == Decimal(10274)
    assert results.value("annex2.digital_resources.count") == Decimal(10274)
    assert results.value("annex2.digital_resources.items") == Decimal(9)


def test_baoding_sample_rolls_up_to_1_0274_wan_leaves(definition, demo):
    results = recompute(definition, demo)
    completed = results["annex1.completed.digital_resources"]
    assert completed.value == Decimal("1.0274")
    assert completed.text == "1.0274"
    assert results["annex2.digital_resources.0.completed"].formula == "Σ 9 种古籍 10274 叶 ÷ 10000 = 1.0274 万筒子叶"


def test_baoding_sample_is_102_74_percent_of_the_assigned_one(definition, demo):
    rate = recompute(definition, demo)["annex1.rate.digital_resources"]
    assert rate.value == Decimal("102.74")
    assert rate.text == "102.74"
    assert rate.formula == "1.0274 ÷ 1 × 100% = 102.74%"


def test_support_platform_with_nothing_assigned_has_zero_done_and_no_rate(definition, demo):
    results = recompute(definition, demo)
    assert results.value("annex1.completed.support_platform") == Decimal(0)
    assert results.value("annex1.rate.support_platform") is None


def test_rare_titles_are_kept_exactly(demo):
    titles = [item.title for item in demo.details["digital_resources"][0].items]
    assert "《海琼玊蟾先生文集》" in titles


def test_editing_one_leaf_count_moves_every_figure(definition, demo):
    ref = CellRef("annex2", ("digital_resources", 0, 3), "count")
    set_cell(definition, demo, ref, "503")
    results = recompute(definition, demo)
    assert results.value("annex2.digital_resources.count") == Decimal(10280)
    assert results.value("annex1.completed.digital_resources") == Decimal("1.0280")
    assert results.value("annex1.rate.digital_resources") == Decimal("102.80")


def test_leaves_are_rounded_half_up_to_four_places_of_wan(definition):
    doc = new_document(definition)
    table, _task = definition.task("digital_resources")
    row = new_contractor_row(table)
    row.items = [ItemRow("甲", Decimal(12345)), ItemRow("乙", Decimal(0))]
    doc.details["digital_resources"] = [row, new_contractor_row(table)]
    doc.details["digital_resources"][1].items = [ItemRow("丙", Decimal(5))]
    results = recompute(definition, doc)
    # 12345 ÷ 10000 = 1.2345 and 5 ÷ 10000 = 0.0005: exact, then summed.
    assert results.value("annex1.completed.digital_resources") == Decimal("1.2350")
    doc.details["digital_resources"][1].items = [ItemRow("丙", Decimal(1))]
    assert recompute(definition, doc).value("annex2.digital_resources.1.completed") == Decimal("0.0001")


def test_both_market_zone_tasks_add_up_in_annex3(definition):
    doc = new_document(definition)
    table, _task = definition.task("market_zones_creative")
    doc.assigned["market_zones"] = Decimal(4)
    for task_id, done in (("market_zones_creative", "3"), ("market_zones_fair", "2")):
        row = new_contractor_row(table)
        row.values["completed"] = Decimal(done)
        doc.details[task_id] = [row]
    results = recompute(definition, doc)
    assert results.value("annex3.completed.market_zones") == Decimal(5)
    assert results.value("annex3.rate.market_zones") == Decimal("125.00")
    assert "赶大集专区建设（文创部分） 3 + 赶大集专区建设（文采会部分） 2 = 5 个" in results["annex3.completed.market_zones"].formula


def live_broadcast_rows(definition, contractors):
    table, _task = definition.task("live_broadcasts")
    rows = []
    for name, done in contractors:
        row = new_contractor_row(table)
        row.values.update(contractor=name, completed=None if done is None else Decimal(done))
        rows.append(row)
    return rows


def test_the_completed_formula_shows_the_sum_and_who_it_comes_from(definition):
    """#13 item 13: 「13 = 13 场」 told the clerk nothing."""
    doc = new_document(definition)
    doc.assigned["live_broadcasts"] = Decimal(12)
    doc.details["live_broadcasts"] = live_broadcast_rows(
        definition, [("石家庄市群众艺术馆", "6"), ("正定县文化馆", "4"), ("", None), ("赞皇县文化馆", "3")])
    formula = recompute(definition, doc)["annex3.completed.live_broadcasts"].formula
    assert formula == "6 + 4 + 3 = 13 场：石家庄市群众艺术馆 6、正定县文化馆 4、赞皇县文化馆 3（附件4）"


def test_an_unnamed_contractor_is_called_by_its_placeholder_and_one_row_needs_no_sum(definition):
    doc = new_document(definition)
    doc.details["live_broadcasts"] = live_broadcast_rows(definition, [("", "5")])
    assert recompute(definition, doc)["annex3.completed.live_broadcasts"].formula == "5 场：承建单位1 5（附件4）"


def test_the_completed_formula_of_the_baoding_sample_names_the_library(definition, demo):
    results = recompute(definition, demo)
    assert results["annex1.completed.digital_resources"].formula == "1.0274 万筒子叶：保定市图书馆 1.0274（附件2）"


def test_many_contractors_are_summed_and_the_first_ten_named(definition):
    doc = new_document(definition)
    doc.details["live_broadcasts"] = live_broadcast_rows(definition, [(f"第{n}县文化馆", "2") for n in range(1, 26)])
    formula = recompute(definition, doc)["annex3.completed.live_broadcasts"].formula
    assert formula.startswith("Σ 25 个承建单位 = 50 场：第1县文化馆 2、")
    assert formula.endswith("第10县文化馆 2等 25 个承建单位（附件4）")
    assert "第11县文化馆" not in formula and len(formula) < 200


def test_business_training_rolls_up_to_trainees(definition):
    doc = new_document(definition)
    table, _task = definition.task("pc_trainees")
    doc.assigned["pc_trainees"] = Decimal(300)
    rows = []
    for done in ("120", "80.0"):
        row = new_contractor_row(table)
        row.values["completed"] = Decimal(done)
        rows.append(row)
    doc.details["pc_trainees"] = rows
    results = recompute(definition, doc)
    assert results.value("annex3.completed.pc_trainees") == Decimal(200)
    assert results["annex3.rate.pc_trainees"].text == "66.67"


def test_percentages_round_half_up_not_to_even(definition):
    doc = new_document(definition)
    doc.assigned["live_broadcasts"] = Decimal(8)
    table, _task = definition.task("live_broadcasts")
    row = new_contractor_row(table)
    row.values["completed"] = Decimal(1)  # 12.5 % exactly: stays 12.50
    doc.details["live_broadcasts"] = [row]
    assert recompute(definition, doc)["annex3.rate.live_broadcasts"].text == "12.50"
    doc.assigned["live_broadcasts"] = Decimal(32)  # 1/32 = 3.125 % → 3.13 (half up, not 3.12)
    assert recompute(definition, doc)["annex3.rate.live_broadcasts"].text == "3.13"


def test_no_float_artefacts_in_hours(definition):
    doc = new_document(definition)
    doc.assigned["art_resources"] = Decimal("0.3")
    table, _task = definition.task("art_resources")
    rows = []
    for hours in ("0.1", "0.2"):
        row = new_contractor_row(table)
        row.values["completed"] = Decimal(hours)
        rows.append(row)
    doc.details["art_resources"] = rows
    results = recompute(definition, doc)
    assert results["annex3.completed.art_resources"].text == "0.3"
    assert results["annex3.rate.art_resources"].text == "100.00"


def test_execution_rate_is_b_over_a(definition, demo):
    results = recompute(definition, demo)
    assert results["annex5.funding.library.rate"].text == "98.00"
    demo.funding["cloud"] = Funding(Decimal(3), Decimal(2))
    assert recompute(definition, demo)["annex5.funding.cloud.rate"].text == "66.67"
    demo.funding["cloud"] = Funding(Decimal(0), Decimal(2))
    assert recompute(definition, demo).value("annex5.funding.cloud.rate") is None


def test_completion_rate_is_proposed_from_annex1_capped_at_100(definition, demo):
    results = recompute(definition, demo)
    proposed = results["annex5.perf.library_completion_rate.proposed"]
    assert proposed.value == Decimal("100.00")
    assert "102.74%" in proposed.formula
    demo.assigned["support_platform"] = Decimal(2)
    table, _task = definition.task("support_platform")
    row = new_contractor_row(table)
    row.values["completed"] = Decimal(1)
    demo.details["support_platform"] = [row]
    # mean of min(102.74, 100) and 50 = 75
    assert recompute(definition, demo).value("annex5.perf.library_completion_rate.proposed") == Decimal("75.00")


def test_empty_cloud_tables_stay_blank_not_zero(definition, demo):
    results = recompute(definition, demo)
    assert results.value("annex3.completed.live_broadcasts") is None
    assert results.value("annex5.perf.cloud_completion_rate.proposed") is None


def test_unparsed_values_do_not_count(definition, demo):
    from hbaccept_gui.core.document import Unparsed

    demo.details["digital_resources"][0].items[0].count = Unparsed("三百", "不是数字")
    results = recompute(definition, demo)
    assert results.value("annex2.digital_resources.count") == Decimal(10274 - 317)


def test_derived_cells_are_addressable_for_the_views(definition, demo):
    results = recompute(definition, demo)
    cell = results.at(CellRef("annex1", ("completed",), "digital_resources"))
    assert cell is not None and cell.text == "1.0274"


# ---------------------------------------------------------------- works lists (#20 item 5)

BAODING_WORDS = ("《续吴先贤讃》317叶、《周易传义》609叶、《甲子会纪》270叶、《海琼玊蟾先生文集》497叶、《三朝北盟会编》3865叶、"
                 "《大明一统志》2993叶、《东洲初稿》621叶、《可泉辛巳集》306叶、《畿辅七名家诗钞》796叶")


def test_each_itemised_row_and_its_task_have_a_works_list_as_text(definition, demo):
    results = recompute(definition, demo)
    for key in ("annex2.digital_resources.0.works", "annex2.digital_resources.works"):
        works = results[key]
        assert works.value is None and works.text == works.text_in_prose == BAODING_WORDS
        assert works.formula == "9 种古籍的题名和筒子叶数"
    label = results["annex2.digital_resources.0.works"].label
    assert label.startswith("附件2 基础数字资源项目 ") and label.endswith(" 数字化古籍清单")


def test_the_task_list_joins_its_rows_and_skips_what_has_no_title(definition, demo):
    from hbaccept_gui.core.document import Unparsed

    rows = demo.rows("digital_resources")
    rows[0].items = [ItemRow(" 《甲》 ", Decimal(3)), ItemRow("《乙》", Unparsed("三百", "不是数字")), ItemRow("", Decimal(9))]
    rows.append(new_contractor_row(definition.task("digital_resources")[0]))
    rows[1].items = [ItemRow("《丙》", Decimal(5))]
    rows.append(new_contractor_row(definition.task("digital_resources")[0]))
    results = recompute(definition, demo)
    assert results["annex2.digital_resources.0.works"].text == "《甲》3叶、《乙》"
    assert results["annex2.digital_resources.2.works"].text == ""
    assert results["annex2.digital_resources.2.works"].text_in_prose == "（清单未填写）"
    assert results["annex2.digital_resources.works"].text == "《甲》3叶、《乙》、《丙》5叶"


def test_a_works_list_is_no_figure(definition, demo):
    """Nothing that sums or quotes numbers (R01's table values, 插入数据项) may take a list for one."""
    results = recompute(definition, demo)
    figures = [d for d in results.values() if d.value is not None]
    assert not [d for d in figures if d.key.endswith(".works")]
    assert results.at(CellRef("annex2", ("digital_resources", 0), "completed")).key.endswith(".completed")
