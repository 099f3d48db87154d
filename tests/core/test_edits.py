"""Edits are values: planned first (everything parsed, nothing touched), then applied and reverted
as often as undo/redo asks, always landing on exactly the document that was there before."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hbaccept_gui.core.calc import recompute
from hbaccept_gui.core.cells import CellRef, get_value
from hbaccept_gui.core.document import ItemRow, Unparsed, new_contractor_row
from hbaccept_gui.core.edits import (
    CellError,
    EditGroup,
    InsertRow,
    RemoveRow,
    SetValue,
    format_block,
    kept_unparsed,
    parse_block,
    plan_insert_contractor,
    plan_insert_item,
    plan_paste_cells,
    plan_paste_items,
    plan_remove_contractor,
    plan_remove_item,
    plan_set,
)
from hbaccept_gui.core.errors import ParseError
from hbaccept_gui.core.pipeline import load_demo

TASK = "digital_resources"
ASSIGNED = CellRef("annex1", ("assigned",), "digital_resources")
ASSIGNED_LOCATION = "附件1 下达任务量「基础数字资源项目建设数量（万筒子叶）」"
ROW_LOCATION = "附件2 基础数字资源项目 第1个承建单位"

BAODING_WORKS = [
    ("《续吴先贤讃》", 317),
    ("《周易传义》", 609),
    ("《甲子会纪》", 270),
    ("《海琼玊蟾先生文集》", 497),
    ("《三朝北盟会编》", 3865),
    ("《大明一统志》", 2993),
    ("《东洲初稿》", 621),
    ("《可泉辛巳集》", 306),
    ("《畿辅七名家诗钞》", 796),
]
BAODING_PASTE = (
    "《续吴先贤讃》\t317\n《周易传义》\t609\n《甲子会纪》\t270\n《海琼玊蟾先生文集》\t497\n"
    "《三朝北盟会编》\t3865\n《大明一统志》\t2993\n《东洲初稿》\t621\n《可泉辛巳集》\t306\n"
    "《畿辅七名家诗钞》\t796"
)


def item_ref(index: int, column: str) -> CellRef:
    return CellRef("annex2", (TASK, 0, index), column)


def works(doc) -> list[tuple[str, Decimal | None]]:
    return [(item.title, item.count) for item in doc.details[TASK][0].items]


def leaves(definition, doc) -> Decimal:
    return recompute(definition, doc).value("annex2.digital_resources.count")


def location_of_count(row_number: int) -> str:
    return f"{ROW_LOCATION} 数字化古籍清单第{row_number}行「筒子叶数（叶）」"


_BASE_DEFINITION, _BASE_DEMO = load_demo()


# ---------------------------------------------------------------- plan_set


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("abc", "“abc”不是数字"),
        ("约300", "“约300”不是数字"),
        ("-1", "“-1”是负数，本栏不能为负"),
        ("一", "“一”请改用阿拉伯数字填写"),
        ("317叶", "“317叶”的单位不对，本栏单位是“万筒子叶”"),
        ("1.23456", "“1.23456”的小数位太多，本栏最多4位小数"),
        ("1e3", "“1e3”是科学计数法，请直接写出数字"),
    ],
)
def test_refused_value_raises_cell_error_prefixed_with_its_location(definition, demo, raw, reason):
    before = copy.deepcopy(demo)
    with pytest.raises(CellError) as caught:
        plan_set(definition, demo, ASSIGNED, raw)
    error = caught.value
    assert error.message.startswith(f"{ASSIGNED_LOCATION}：")
    assert error.message == f"{ASSIGNED_LOCATION}：{reason}"
    assert error.location == ASSIGNED_LOCATION
    assert error.reason == reason
    assert str(error) == error.message
    assert isinstance(error, ParseError)
    assert demo == before


def test_refused_value_leaves_the_document_unchanged(definition, demo):
    before = copy.deepcopy(demo)
    with pytest.raises(CellError):
        plan_set(definition, demo, item_ref(3, "count"), "约300")
    assert demo == before
    assert recompute(definition, demo).value("annex1.rate.digital_resources") == Decimal("102.74")


@pytest.mark.parametrize(
    ("ref", "raw", "message"),
    [
        (item_ref(3, "count"), "1.5", f"{location_of_count(4)}：“1.5”不是整数，本栏只能填整数"),
        (item_ref(3, "title"), "a\ud800b",
         f"{ROW_LOCATION} 数字化古籍清单第4行「题名」：含有无效的字符编码（U+D800）"),
        (CellRef("header", (), "date"), "2025年13月1日", "表头「日期」：“2025年13月1日”这一天不存在"),
    ],
)
def test_refused_value_names_the_cell_in_every_table(definition, demo, ref, raw, message):
    before = copy.deepcopy(demo)
    with pytest.raises(CellError) as caught:
        plan_set(definition, demo, ref, raw)
    assert caught.value.message == message
    assert demo == before


def test_planning_an_accepted_value_touches_nothing(definition, demo):
    before = copy.deepcopy(demo)
    edit = plan_set(definition, demo, ASSIGNED, "２")
    assert demo == before
    assert edit == SetValue(ASSIGNED, Decimal(1), Decimal(2))


def test_full_width_one_is_accepted_and_applies_and_reverts_exactly(definition, demo):
    ref = CellRef("annex1", ("assigned",), "support_platform")  # 0 in the demo
    before = copy.deepcopy(demo)
    edit = plan_set(definition, demo, ref, "１")
    assert edit.old == Decimal(0)
    assert edit.new == Decimal(1)
    edit.apply(demo)
    assert demo.assigned["support_platform"] == Decimal(1)
    assert recompute(definition, demo).value("annex1.rate.support_platform") == Decimal(0)
    edit.revert(demo)
    assert demo == before
    assert recompute(definition, demo).value("annex1.rate.support_platform") is None


def test_full_width_decimal_changes_the_rate_and_undo_restores_it(definition, demo):
    before = copy.deepcopy(demo)
    edit = plan_set(definition, demo, ASSIGNED, "１．０２７４")
    edit.apply(demo)
    assert demo.assigned["digital_resources"] == Decimal("1.0274")
    assert recompute(definition, demo).value("annex1.rate.digital_resources") == Decimal("100.00")
    edit.revert(demo)
    assert demo == before
    assert recompute(definition, demo).value("annex1.rate.digital_resources") == Decimal("102.74")


def test_edit_can_be_redone_and_undone_many_times(definition, demo):
    before = copy.deepcopy(demo)
    edit = plan_set(definition, demo, item_ref(3, "count"), "503")
    for _ in range(3):
        edit.apply(demo)
        assert leaves(definition, demo) == Decimal(10280)
        edit.revert(demo)
        assert demo == before


@pytest.mark.parametrize(
    ("ref", "raw", "stored"),
    [
        (CellRef("header", (), "unit_name"), "  保定市图书馆（改）  ", "保定市图书馆（改）"),
        (CellRef("header", (), "date"), "2025-06-06", date(2025, 6, 6)),
        (CellRef("annex5", ("funding", "cloud"), "budget"), "12.5", Decimal("12.5")),
        (item_ref(3, "title"), "《海琼玊蟾先生文集》（残本）", "《海琼玊蟾先生文集》（残本）"),
    ],
)
def test_accepted_value_of_any_kind_applies_and_reverts_exactly(definition, demo, ref, raw, stored):
    before = copy.deepcopy(demo)
    edit = plan_set(definition, demo, ref, raw)
    edit.apply(demo)
    assert get_value(demo, ref) == stored
    edit.revert(demo)
    assert demo == before


# ---------------------------------------------------------------- rows


def test_inserting_a_contractor_applies_and_reverts(definition, demo):
    before = copy.deepcopy(demo)
    edit = plan_insert_contractor(definition, demo, TASK, 0)
    assert demo == before
    assert edit.structural
    edit.apply(demo)
    rows = demo.details[TASK]
    assert len(rows) == 2
    assert rows[0] == new_contractor_row(definition.task(TASK)[0])
    assert rows[1] == before.details[TASK][0]
    results = recompute(definition, demo)
    assert results.value("annex2.digital_resources.0.count") == Decimal(0)
    assert results.value("annex2.digital_resources.1.count") == Decimal(10274)
    assert results.value("annex1.completed.digital_resources") == Decimal("1.0274")
    edit.revert(demo)
    assert demo == before


@pytest.mark.parametrize(("index", "lands_at"), [(1, 1), (99, 1), (-5, 0)])
def test_contractor_insert_position_is_clamped_to_the_table(definition, demo, index, lands_at):
    before = copy.deepcopy(demo)
    edit = plan_insert_contractor(definition, demo, TASK, index)
    assert edit.index == lands_at
    edit.apply(demo)
    assert demo.details[TASK][lands_at].values["contractor"] == ""
    edit.revert(demo)
    assert demo == before


def test_inserting_a_contractor_under_an_empty_task(definition, demo):
    before = copy.deepcopy(demo)
    edit = plan_insert_contractor(definition, demo, "live_broadcasts", 0)
    edit.apply(demo)
    assert len(demo.details["live_broadcasts"]) == 1
    edit.revert(demo)
    assert demo == before


def test_removing_the_only_contractor_zeroes_the_done_quantity_and_undo_restores_it(definition, demo):
    before = copy.deepcopy(demo)
    edit = plan_remove_contractor(demo, TASK, 0)
    assert demo == before
    assert edit.structural
    edit.apply(demo)
    assert demo.details[TASK] == []
    results = recompute(definition, demo)
    assert results.value("annex1.completed.digital_resources") == Decimal(0)
    assert results.value("annex1.rate.digital_resources") == Decimal(0)
    edit.revert(demo)
    assert demo == before
    assert recompute(definition, demo).value("annex1.rate.digital_resources") == Decimal("102.74")


def test_removing_the_4th_work_gives_9777_leaves_and_undo_gives_10274_again(definition, demo):
    before = copy.deepcopy(demo)
    edit = plan_remove_item(definition, demo, TASK, 0, 3)
    assert edit.row.title == "《海琼玊蟾先生文集》"
    assert edit.row.count == Decimal(497)
    assert demo == before
    edit.apply(demo)
    assert "《海琼玊蟾先生文集》" not in [title for title, _count in works(demo)]
    results = recompute(definition, demo)
    assert results.value("annex2.digital_resources.count") == Decimal(9777)
    assert results.value("annex2.digital_resources.items") == Decimal(8)
    assert results.value("annex1.completed.digital_resources") == Decimal("0.9777")
    assert results.value("annex1.rate.digital_resources") == Decimal("97.77")
    edit.revert(demo)
    assert demo == before
    assert works(demo)[3] == ("《海琼玊蟾先生文集》", Decimal(497))
    assert leaves(definition, demo) == Decimal(10274)


def test_inserting_a_work_adds_a_blank_row_and_undo_removes_it(definition, demo):
    before = copy.deepcopy(demo)
    edit = plan_insert_item(definition, demo, TASK, 0, 3)
    assert demo == before
    edit.apply(demo)
    assert works(demo)[3] == ("", None)
    assert works(demo)[4] == ("《海琼玊蟾先生文集》", Decimal(497))
    results = recompute(definition, demo)
    assert results.value("annex2.digital_resources.items") == Decimal(9), "a blank line is not a 种"
    assert results.value("annex2.digital_resources.count") == Decimal(10274)
    fill = plan_set(definition, demo, item_ref(3, "count"), "１００")
    fill.apply(demo)
    assert leaves(definition, demo) == Decimal(10374)
    fill.revert(demo)
    edit.revert(demo)
    assert demo == before


@pytest.mark.parametrize(("index", "lands_at"), [(0, 0), (9, 9), (50, 9), (-3, 0)])
def test_work_insert_position_is_clamped_to_the_list(definition, demo, index, lands_at):
    before = copy.deepcopy(demo)
    edit = plan_insert_item(definition, demo, TASK, 0, index)
    assert edit.index == lands_at
    edit.apply(demo)
    assert demo.details[TASK][0].items[lands_at] == ItemRow()
    edit.revert(demo)
    assert demo == before


@pytest.mark.parametrize("index", range(9))
def test_removing_any_work_reverts_to_the_same_order(definition, demo, index):
    before = copy.deepcopy(demo)
    edit = plan_remove_item(definition, demo, TASK, 0, index)
    edit.apply(demo)
    assert leaves(definition, demo) == Decimal(10274 - BAODING_WORKS[index][1])
    edit.revert(demo)
    assert demo == before


def test_removing_the_last_work_by_negative_index_reverts_exactly(definition, demo):
    before = copy.deepcopy(demo)
    edit = plan_remove_item(definition, demo, TASK, 0, -1)
    edit.apply(demo)
    edit.revert(demo)
    assert demo == before


def test_undo_and_redo_of_a_sequence_of_edits_replay_exactly(definition, demo):
    """An undo stack in miniature: each edit is planned against the document as it is then."""
    planners = [
        lambda doc: plan_insert_item(definition, doc, TASK, 0, 0),
        lambda doc: plan_set(definition, doc, item_ref(0, "title"), "《新增之书》"),
        lambda doc: plan_set(definition, doc, item_ref(0, "count"), "１２３叶"),
        lambda doc: plan_remove_item(definition, doc, TASK, 0, 5),
        lambda doc: plan_paste_items(definition, doc, TASK, 0, 8, 0, parse_block("《甲》\t1\n《乙》\t2\n《丙》\t3\n")),
        lambda doc: plan_insert_contractor(definition, doc, TASK, 1),
        lambda doc: plan_remove_contractor(doc, TASK, 0),
    ]
    states = [copy.deepcopy(demo)]
    done = []
    for plan in planners:
        edit = plan(demo)
        edit.apply(demo)
        done.append(edit)
        states.append(copy.deepcopy(demo))
    for _round in range(2):
        for edit, state in zip(reversed(done), reversed(states[:-1])):
            edit.revert(demo)
            assert demo == state
        for edit, state in zip(done, states[1:]):
            edit.apply(demo)
            assert demo == state


# ---------------------------------------------------------------- pasting works


def _empty_works(demo):
    demo.details[TASK][0].items = []
    return copy.deepcopy(demo)


def test_pasting_nine_baoding_works_is_one_undo_step(definition, demo):
    before = _empty_works(demo)
    group = plan_paste_items(definition, demo, TASK, 0, 0, 0, parse_block(BAODING_PASTE))
    assert demo == before  # planned, not applied
    assert isinstance(group, EditGroup)
    assert group.structural
    group.apply(demo)
    assert works(demo) == [(title, Decimal(count)) for title, count in BAODING_WORKS]
    results = recompute(definition, demo)
    assert results.value("annex2.digital_resources.items") == Decimal(9)
    assert results.value("annex2.digital_resources.count") == Decimal(10274)
    assert results["annex1.completed.digital_resources"].value == Decimal("1.0274")
    assert results["annex1.completed.digital_resources"].text == "1.0274"
    assert results["annex1.rate.digital_resources"].value == Decimal("102.74")
    assert results["annex1.rate.digital_resources"].text == "102.74"
    group.revert(demo)
    assert demo.details[TASK][0].items == []
    assert demo == before


def test_pasted_nine_works_equal_the_shipped_demo_rows(definition, demo):
    shipped = copy.deepcopy(demo)
    _empty_works(demo)
    plan_paste_items(definition, demo, TASK, 0, 0, 0, parse_block(BAODING_PASTE)).apply(demo)
    assert demo == shipped


def test_pasting_nine_works_can_be_redone_after_undo(definition, demo):
    before = _empty_works(demo)
    group = plan_paste_items(definition, demo, TASK, 0, 0, 0, parse_block(BAODING_PASTE.replace("\n", "\r\n") + "\r\n"))
    for _ in range(3):
        group.apply(demo)
        assert leaves(definition, demo) == Decimal(10274)
        assert len(demo.details[TASK][0].items) == 9
        group.revert(demo)
        assert demo == before


def test_pasting_over_existing_works_replaces_their_values_and_undo_restores_them(definition, demo):
    before = copy.deepcopy(demo)
    group = plan_paste_items(definition, demo, TASK, 0, 3, 0, [["《新书甲》", "100"], ["《新书乙》", "200"]])
    assert not group.structural  # nothing added
    assert demo == before
    group.apply(demo)
    assert works(demo)[3:5] == [("《新书甲》", Decimal(100)), ("《新书乙》", Decimal(200))]
    assert works(demo)[:3] == works(before)[:3]
    assert works(demo)[5:] == works(before)[5:]
    assert leaves(definition, demo) == Decimal(10274 - 497 - 3865 + 300)
    group.revert(demo)
    assert demo == before
    assert works(demo)[3] == ("《海琼玊蟾先生文集》", Decimal(497))


def test_pasting_past_the_end_adds_only_the_missing_works(definition, demo):
    before = copy.deepcopy(demo)
    group = plan_paste_items(definition, demo, TASK, 0, 8, 0, [["《甲》", "1"], ["《乙》", "2"], ["《丙》", "3"]])
    assert sum(isinstance(e, InsertRow) for e in group.edits) == 2
    group.apply(demo)
    assert len(demo.details[TASK][0].items) == 11
    assert works(demo)[8:] == [("《甲》", Decimal(1)), ("《乙》", Decimal(2)), ("《丙》", Decimal(3))]
    assert leaves(definition, demo) == Decimal(10274 - 796 + 6)
    group.revert(demo)
    assert demo == before


def test_pasting_beyond_a_gap_fills_it_with_blank_works(definition, demo):
    before = copy.deepcopy(demo)
    group = plan_paste_items(definition, demo, TASK, 0, 11, 0, [["《远》", "5"]])
    group.apply(demo)
    assert works(demo)[9:] == [("", None), ("", None), ("《远》", Decimal(5))]
    group.revert(demo)
    assert demo == before


@pytest.mark.parametrize("bad_line", [0, 4, 8])
def test_a_bad_count_in_a_paste_is_kept_as_pasted_and_the_rest_stored(definition, demo, bad_line):
    """Issue 20 item 6: one bad cell never rejects a pasted block; it keeps the pasted text (with
    why it is not a number) for the clerk to correct, and undo takes back the whole paste."""
    before = _empty_works(demo)
    block = parse_block(BAODING_PASTE)
    block[bad_line][1] = "约300"
    group = plan_paste_items(definition, demo, TASK, 0, 0, 0, block)
    assert len(kept_unparsed(group)) == 1
    group.apply(demo)
    assert [title for title, _count in works(demo)] == [title for title, _count in BAODING_WORKS]
    assert works(demo)[bad_line][1] == Unparsed("约300", "“约300”不是数字")
    assert all(isinstance(count, Decimal) for n, (_t, count) in enumerate(works(demo)) if n != bad_line)
    group.revert(demo)
    assert demo == before


def test_paste_over_existing_works_with_a_bad_count_undoes_to_the_original(definition, demo):
    before = copy.deepcopy(demo)
    group = plan_paste_items(definition, demo, TASK, 0, 7, 0, [["《甲》", "1"], ["《乙》", "约300"], ["《丙》", "3"]])
    group.apply(demo)
    assert works(demo)[7:] == [("《甲》", Decimal(1)), ("《乙》", Unparsed("约300", "“约300”不是数字")),
                               ("《丙》", Decimal(3))]
    group.revert(demo)
    assert demo == before


def test_every_bad_cell_of_a_paste_is_kept_and_counted(definition, demo):
    group = plan_paste_items(definition, demo, TASK, 0, 0, 0, [["《甲》", "1"], ["《乙》", " x "], ["《丙》", "y"]])
    assert [k.ref for k in kept_unparsed(group)] == [item_ref(1, "count"), item_ref(2, "count")]
    group.apply(demo)
    assert works(demo)[1][1] == Unparsed("x", "“x”不是数字")


def test_a_paste_with_control_characters_is_cleaned_not_refused_and_says_so(definition, demo):
    """Word's manual line break becomes a line break; a stray control character goes (#13 item 5)."""
    group = plan_paste_items(definition, demo, TASK, 0, 0, 0, [["《甲\x01》", "1"], ["《乙\x0b上册》", "2"]])
    group.apply(demo)
    items = demo.rows(TASK)[0].items
    assert [items[0].title, items[1].title] == ["《甲》", "《乙\n上册》"]
    assert group.notice == f"{ROW_LOCATION} 数字化古籍清单第1行「题名」：已删除不可见的控制字符（U+0001）"


def test_a_typed_value_keeps_word_line_breaks_and_names_what_it_removed(definition, demo):
    ref = CellRef("annex2", (TASK, 0), "description")
    edit = plan_set(definition, demo, ref, "第一行\x0b第二行\u2028第三行\u2029第四行\r\n第五行\x07\x1b")
    assert edit.new == "第一行\n第二行\n第三行\n第四行\n第五行"
    assert edit.notice == (f"{ROW_LOCATION}「项目任务完成情况」：已删除不可见的控制字符（U+0007、U+001B）")
    assert plan_set(definition, demo, ref, "第一行\x0b第二行").notice == ""


def test_pasting_counts_only_into_the_second_column_sets_counts(definition, demo):
    before = copy.deepcopy(demo)
    block = parse_block("\n".join(["100"] * 9))
    group = plan_paste_items(definition, demo, TASK, 0, 0, 1, block)
    assert group.refs() == [item_ref(i, "count") for i in range(9)]
    group.apply(demo)
    assert works(demo) == [(title, Decimal(100)) for title, _count in BAODING_WORKS]
    assert leaves(definition, demo) == Decimal(900)
    group.revert(demo)
    assert demo == before


def test_counts_only_paste_ignores_text_beyond_the_last_column(definition, demo):
    group = plan_paste_items(definition, demo, TASK, 0, 0, 1, [["1", "《不是题名》"]])
    group.apply(demo)
    assert works(demo)[0] == ("《续吴先贤讃》", Decimal(1))


def test_text_beyond_the_count_column_is_ignored(definition, demo):
    _empty_works(demo)
    group = plan_paste_items(definition, demo, TASK, 0, 0, 0, parse_block("《甲》\t5\t备注\t更多\n"))
    assert group.refs() == [item_ref(0, "title"), item_ref(0, "count")]
    group.apply(demo)
    assert works(demo) == [("《甲》", Decimal(5))]


def test_titles_only_paste_leaves_counts_empty(definition, demo):
    _empty_works(demo)
    plan_paste_items(definition, demo, TASK, 0, 0, 0, parse_block("《甲》\n《乙》\n")).apply(demo)
    assert works(demo) == [("《甲》", None), ("《乙》", None)]


@pytest.mark.parametrize(
    ("raw", "count"),
    [("３１７", 317), ("317叶", 317), ("３１７叶", 317), ("317 筒子叶", 317), (" 317 ", 317), ("3,865", 3865),
     ("３，８６５", 3865), ("", None)],
)
def test_full_width_digits_and_units_are_accepted_in_paste(definition, demo, raw, count):
    _empty_works(demo)
    plan_paste_items(definition, demo, TASK, 0, 0, 0, [["《续吴先贤讃》", raw]]).apply(demo)
    assert works(demo) == [("《续吴先贤讃》", None if count is None else Decimal(count))]


def test_pasted_titles_are_trimmed_but_rare_characters_kept(definition, demo):
    _empty_works(demo)
    plan_paste_items(definition, demo, TASK, 0, 0, 0, [["\u3000 《海琼玊蟾先生文集》 ", "497"]]).apply(demo)
    assert works(demo) == [("《海琼玊蟾先生文集》", Decimal(497))]


@settings(max_examples=60, deadline=None)
@given(
    start=st.integers(min_value=0, max_value=12),
    counts=st.lists(st.integers(min_value=0, max_value=100000), min_size=1, max_size=6),
    first_column=st.sampled_from([0, 1]),
)
def test_any_paste_applies_where_asked_and_reverts_exactly(start, counts, first_column):
    definition, doc = _BASE_DEFINITION, copy.deepcopy(_BASE_DEMO)
    before = copy.deepcopy(doc)
    block = [[str(c)] if first_column else [f"《书{c}》", str(c)] for c in counts]
    group = plan_paste_items(definition, doc, TASK, 0, start, first_column, block)
    assert doc == before
    group.apply(doc)
    items = doc.details[TASK][0].items
    assert len(items) == max(9, start + len(counts))
    assert [item.count for item in items[start: start + len(counts)]] == [Decimal(c) for c in counts]
    assert group.structural == (start + len(counts) > 9)
    group.revert(doc)
    assert doc == before


# ---------------------------------------------------------------- pasting cells


def test_pasting_several_cells_applies_and_reverts_as_one_step(definition, demo):
    before = copy.deepcopy(demo)
    targets = [
        (CellRef("header", (), "unit_name"), "保定市图书馆（改）"),
        (ASSIGNED, "２"),
        (item_ref(3, "count"), "５００"),
        (CellRef("annex5", ("funding", "cloud"), "budget"), "12.5"),
    ]
    group = plan_paste_cells(definition, demo, targets)
    assert demo == before
    assert not group.structural
    assert group.refs() == [ref for ref, _raw in targets]
    group.apply(demo)
    assert demo.header["unit_name"] == "保定市图书馆（改）"
    assert demo.assigned["digital_resources"] == Decimal(2)
    assert demo.funding["cloud"].budget == Decimal("12.5")
    results = recompute(definition, demo)
    assert results.value("annex2.digital_resources.count") == Decimal(10277)
    assert results.value("annex1.rate.digital_resources") == Decimal("51.39")  # 1.0277 ÷ 2
    group.revert(demo)
    assert demo == before


def test_paste_into_cells_keeps_a_bad_value_as_pasted_and_stores_the_rest(definition, demo):
    before = copy.deepcopy(demo)
    targets = [
        (CellRef("header", (), "unit_name"), "保定市图书馆（改）"),
        (ASSIGNED, "２"),
        (item_ref(3, "count"), "约300"),
        (item_ref(4, "count"), "1"),
    ]
    group = plan_paste_cells(definition, demo, targets)
    assert len(kept_unparsed(group)) == 1
    group.apply(demo)
    assert demo.header["unit_name"] == "保定市图书馆（改）" and demo.assigned[TASK] == Decimal(2)
    assert works(demo)[3][1] == Unparsed("约300", "“约300”不是数字") and works(demo)[4][1] == Decimal(1)
    group.revert(demo)
    assert demo == before


def test_pasting_the_same_cell_twice_still_reverts_to_the_original(definition, demo):
    before = copy.deepcopy(demo)
    group = plan_paste_cells(definition, demo, [(ASSIGNED, "2"), (ASSIGNED, "3")])
    group.apply(demo)
    assert demo.assigned["digital_resources"] == Decimal(3)
    group.revert(demo)
    assert demo == before


def test_pasting_no_cells_is_an_empty_step(definition, demo):
    before = copy.deepcopy(demo)
    group = plan_paste_cells(definition, demo, [])
    group.apply(demo)
    group.revert(demo)
    assert group.refs() == []
    assert not group.structural
    assert demo == before


# ---------------------------------------------------------------- the clipboard format


def test_excel_clipboard_with_crlf_and_trailing_newline_parses_to_rows():
    assert parse_block("《续吴先贤讃》\t317\r\n《周易传义》\t609\r\n") == [["《续吴先贤讃》", "317"], ["《周易传义》", "609"]]


def test_clipboard_without_trailing_newline_parses_the_same():
    assert parse_block("a\tb\r\nc\td") == [["a", "b"], ["c", "d"]]


def test_excel_quoted_cells_keep_tabs_newlines_and_doubled_quotes():
    text = '"第一行\n第二行"\t"有\t制表符"\r\n"他说""好"""\t普通\r\n'
    assert parse_block(text) == [["第一行\n第二行", "有\t制表符"], ['他说"好"', "普通"]]


def test_crlf_inside_a_quoted_cell_becomes_a_newline():
    assert parse_block('"a\r\nb"\tc\r\n') == [["a\nb", "c"]]


def test_empty_cells_and_blank_lines_are_kept_in_place():
    assert parse_block("a\t\tc\r\n\r\n\tx\t\r\n") == [["a", "", "c"], [""], ["", "x", ""]]


def test_quote_inside_an_unquoted_cell_is_literal():
    assert parse_block('5"屏\t《书》"注"\n') == [['5"屏', '《书》"注"']]


def test_empty_clipboard_is_no_rows():
    assert parse_block("") == []


def test_single_cell_without_newline():
    assert parse_block("317") == [["317"]]


def test_trailing_empty_cell_without_newline_is_kept():
    assert parse_block("《甲》\t") == [["《甲》", ""]]
    assert parse_block('a\t""') == [["a", ""]]


def test_format_block_quotes_only_cells_that_need_it():
    grid = [["《周易传义》", "609"], ["一\n二", 'a"b', "x\ty"]]
    assert format_block(grid) == '《周易传义》\t609\n"一\n二"\t"a""b"\t"x\ty"\n'


def test_nine_works_survive_format_and_parse():
    grid = [[title, str(count)] for title, count in BAODING_WORKS]
    assert parse_block(format_block(grid)) == grid


_cells = st.text(alphabet=st.characters(blacklist_characters="\r", blacklist_categories=("Cs",)))
_rows = st.lists(_cells, min_size=1, max_size=5).filter(lambda row: len(row) >= 2 or row[0] != "")


@settings(max_examples=300, deadline=None)
@given(st.lists(_rows, min_size=1, max_size=6))
def test_parse_block_inverts_format_block(grid):
    assert parse_block(format_block(grid)) == grid


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_cells, min_size=1, max_size=5), min_size=1, max_size=6))
def test_parse_block_inverts_format_block_even_with_blank_rows(grid):
    assert parse_block(format_block(grid)) == grid


# ---------------------------------------------------------------- EditGroup


def _set(ref, old=None, new=Decimal(1)):
    return SetValue(ref, old, new)


def test_group_of_value_changes_is_not_structural():
    group = EditGroup([_set(item_ref(0, "count")), _set(ASSIGNED)])
    assert not group.structural
    assert group.refs() == [item_ref(0, "count"), ASSIGNED]


def test_group_with_an_inserted_row_is_structural():
    group = EditGroup([_set(ASSIGNED), InsertRow((TASK, 0), 9, ItemRow())])
    assert group.structural
    assert group.refs() == [ASSIGNED]


def test_group_with_a_removed_row_is_structural():
    group = EditGroup([RemoveRow((TASK,), 0, new_contractor_row(_BASE_DEFINITION.task(TASK)[0])), _set(ASSIGNED)])
    assert group.structural
    assert group.refs() == [ASSIGNED]


def test_empty_group_is_not_structural_and_changes_no_cell():
    assert not EditGroup().structural
    assert EditGroup().refs() == []


def test_nested_groups_report_structure_and_refs_of_their_parts():
    inner = EditGroup([InsertRow((TASK, 0), 0, ItemRow()), _set(item_ref(0, "title"), "", "《甲》")])
    outer = EditGroup([_set(ASSIGNED), inner])
    assert outer.structural
    assert outer.refs() == [ASSIGNED, item_ref(0, "title")]


def test_single_edits_report_their_own_refs_and_structure():
    assert _set(ASSIGNED).refs() == [ASSIGNED]
    assert not _set(ASSIGNED).structural
    assert InsertRow((TASK,), 0, ItemRow()).refs() == []
    assert RemoveRow((TASK,), 0, ItemRow()).structural


def test_paste_group_lists_the_refs_of_every_pasted_cell(definition, demo):
    _empty_works(demo)
    group = plan_paste_items(definition, demo, TASK, 0, 0, 0, [["《甲》", "1"], ["《乙》", "2"]])
    assert group.refs() == [item_ref(0, "title"), item_ref(0, "count"), item_ref(1, "title"), item_ref(1, "count")]
    assert [type(e) for e in group.edits] == [InsertRow, InsertRow, SetValue, SetValue, SetValue, SetValue]
