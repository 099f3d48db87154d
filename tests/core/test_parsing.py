"""What a clerk may type into a cell, and what is refused with which Chinese reason.

Covers the tolerant number parser (full-width IME input, Excel thousands separators, trailing
units, percent signs), the canonical formatters, dates, free text, the 附件5 targets, and the cell
layer that ties a typed string to a stored value."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hbaccept_gui.core import messages, text
from hbaccept_gui.core.cells import CellRef, all_refs, describe, get_value, set_cell
from hbaccept_gui.core.dates import format_date, parse_date
from hbaccept_gui.core.definition import PERCENT_SPEC
from hbaccept_gui.core.definition_loader import load_definition
from hbaccept_gui.core.document import new_document
from hbaccept_gui.core.errors import DefinitionError, ParseError
from hbaccept_gui.core.numbers import (
    MAX_INPUT_LENGTH,
    NumberSpec,
    format_fixed,
    format_grouped,
    format_number,
    parse_number,
)
from hbaccept_gui.core.targets import parse_target
from hbaccept_gui.core.text import CleanText, check_text, clean_text

# The specs the tests name explicitly, mirroring the shipped 2024 definition.
WAN_LEAVES = NumberSpec(unit="万筒子叶", places=4, max=Decimal("100000"))  # 附件1 数字资源
LEAVES = NumberSpec(unit="叶", aliases=("筒子叶",), places=0, max=Decimal("10000000"))  # 附件2 叶数
PLAIN = NumberSpec()  # integers, no unit, default bound
TWO_PLACES = NumberSpec(places=2)
SIGNED = NumberSpec(places=2, negative=True)

DEFINITION = load_definition("hebei-2024")
DIGITAL_ASSIGNED = CellRef("annex1", ("assigned",), "digital_resources")


def _shipped_specs() -> list[NumberSpec]:
    """Every NumberSpec a cell of the shipped definition uses (plus the explicit ones above)."""
    doc = new_document(DEFINITION)
    specs = {describe(DEFINITION, ref).spec for ref in all_refs(DEFINITION, doc)}
    for table in DEFINITION.tables:
        for task in getattr(table, "tasks", None) or ():
            if task.items is not None:
                specs.add(task.items.count_spec)
    specs.update({WAN_LEAVES, LEAVES, PLAIN, TWO_PLACES, PERCENT_SPEC})
    specs.discard(None)
    return sorted(specs, key=repr)


SHIPPED_SPECS = _shipped_specs()


def refusal(raw: str, spec: NumberSpec) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse_number(raw, spec)
    return caught.value


def to_full_width(ascii_text: str) -> str:
    """What a Chinese IME in full-width mode types for the same keys."""
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in ascii_text)


# ---------------------------------------------------------------------------------------------
# 1. Accepted number inputs
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "spec", "expected"),
    [
        ("１２３．４", TWO_PLACES, Decimal("123.4")),
        ("１２３", PLAIN, Decimal("123")),
        ("０．５", TWO_PLACES, Decimal("0.5")),
        ("１万筒子叶", WAN_LEAVES, Decimal("1")),
    ],
    ids=["digits-and-point", "digits", "leading-zero", "digits-with-unit"],
)
def test_full_width_ime_digits_are_accepted(raw, spec, expected):
    assert parse_number(raw, spec) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("１０，２７４", Decimal("10274")),
        ("10,274", Decimal("10274")),
        ("1,234,567", Decimal("1234567")),
        ("１，２３４，５６７", Decimal("1234567")),
        ("999", Decimal("999")),
    ],
)
def test_thousands_separators_full_width_and_ascii_are_accepted(raw, expected):
    assert parse_number(raw, PLAIN) == expected


def test_grouped_number_with_decimals_is_accepted():
    assert parse_number("10,274.25", TWO_PLACES) == Decimal("10274.25")


@pytest.mark.parametrize(
    "raw",
    [
        " 317",
        "317 ",
        "  317  ",
        "\t317\t",
        "\u3000317\u3000",  # ideographic space
        "\u00a0317\u00a0",  # no-break space, as Excel and web pages paste it
        "\t \u3000\u00a0317\n",
        "\u200b317\ufeff",  # zero-width space and a byte-order mark
    ],
    ids=["lead-space", "trail-space", "both", "tabs", "ideographic", "nbsp", "mixed", "zero-width"],
)
def test_surrounding_spaces_tabs_and_ideographic_space_are_ignored(raw):
    assert parse_number(raw, LEAVES) == Decimal("317")


@pytest.mark.parametrize(
    ("raw", "spec", "expected"),
    [
        ("1万筒子叶", WAN_LEAVES, Decimal("1")),
        ("1.0274万筒子叶", WAN_LEAVES, Decimal("1.0274")),
        ("1 万筒子叶", WAN_LEAVES, Decimal("1")),
        ("１．０２７４万筒子叶", WAN_LEAVES, Decimal("1.0274")),
        ("317叶", LEAVES, Decimal("317")),
        ("317筒子叶", LEAVES, Decimal("317")),
        ("317 叶", LEAVES, Decimal("317")),
        ("10,274叶", LEAVES, Decimal("10274")),
        ("３１７筒子叶", LEAVES, Decimal("317")),
    ],
)
def test_trailing_unit_matching_the_field_is_accepted(raw, spec, expected):
    assert parse_number(raw, spec) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("95%", Decimal("95")),
        ("９５％", Decimal("95")),
        ("95 %", Decimal("95")),
        ("102.74%", Decimal("102.74")),
        ("95", Decimal("95")),
        ("0%", Decimal("0")),
    ],
)
def test_percent_sign_is_accepted_in_a_percent_field(raw, expected):
    assert parse_number(raw, PERCENT_SPEC) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1。5", Decimal("1.5")), ("１。５", Decimal("1.5")), ("。5", Decimal("0.5"))],
)
def test_chinese_full_stop_is_read_as_decimal_point(raw, expected):
    assert parse_number(raw, TWO_PLACES) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+5", Decimal("5")),
        ("＋５", Decimal("5")),
        (".5", Decimal("0.5")),
        ("+.5", Decimal("0.5")),
        ("1.", Decimal("1")),
        ("0", Decimal("0")),
        ("0.000", Decimal("0")),
        ("-0", Decimal("0")),
        ("007", Decimal("7")),
        ("1.50", Decimal("1.5")),
    ],
)
def test_leading_plus_and_bare_decimal_point_are_accepted(raw, expected):
    value = parse_number(raw, TWO_PLACES)
    assert value == expected
    assert isinstance(value, Decimal)


def test_zero_is_returned_as_plain_zero_whatever_its_sign_or_scale():
    for raw in ("0", "-0", "0.00", "+0.0"):
        assert str(parse_number(raw, SIGNED)) == "0"


@pytest.mark.parametrize("raw", [None, "", " ", "\t", "\u3000", "\u00a0", " \t\u3000\u00a0\n", "\u200b"])
def test_empty_and_whitespace_only_input_is_an_empty_cell(raw):
    assert parse_number(raw, LEAVES) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("-1", Decimal("-1")), ("-1.25", Decimal("-1.25")), ("\u22123", Decimal("-3")), ("－２", Decimal("-2"))],
)
def test_negative_number_is_accepted_where_the_field_allows_it(raw, expected):
    assert parse_number(raw, SIGNED) == expected


def test_negative_number_beyond_the_bound_is_too_big_in_a_signed_field():
    error = refusal("-2000000000000", SIGNED)
    assert error.code == "too_big"


def test_value_equal_to_the_maximum_is_accepted():
    assert parse_number("100000", WAN_LEAVES) == Decimal("100000")
    assert parse_number("100000.0000", WAN_LEAVES) == Decimal("100000")


def test_exactly_the_allowed_decimal_places_are_accepted():
    assert parse_number("1.0274", WAN_LEAVES) == Decimal("1.0274")
    assert parse_number("1.02740", WAN_LEAVES) == Decimal("1.0274")  # trailing zero is no extra place


def test_input_at_the_length_limit_is_parsed_not_refused_as_too_long():
    raw = "0." + "0" * (MAX_INPUT_LENGTH - 3) + "1"
    assert len(raw) == MAX_INPUT_LENGTH
    assert refusal(raw, TWO_PLACES).code == "too_many_places"


# ---------------------------------------------------------------------------------------------
# 2. Refused number inputs: exact code, and the reason quotes what was typed
# ---------------------------------------------------------------------------------------------

REFUSED = [
    # (typed text, spec, code, words the Chinese reason must contain)
    ("abc", PLAIN, "not_number", ["不是数字"]),
    ("1e5", PLAIN, "scientific", ["科学计数法", "直接写出数字"]),
    ("1.5E-3", TWO_PLACES, "scientific", ["科学计数法"]),
    ("一万", WAN_LEAVES, "chinese_numeral", ["阿拉伯数字"]),
    ("三百一十七", LEAVES, "chinese_numeral", ["阿拉伯数字"]),
    ("10274叶", WAN_LEAVES, "wrong_unit", ["单位不对", "本栏单位", "万筒子叶"]),
    ("10274筒子叶", WAN_LEAVES, "wrong_unit", ["单位不对", "万筒子叶"]),
    ("317页", LEAVES, "wrong_unit", ["单位不对", "叶"]),
    ("95%", PLAIN, "not_percent_field", ["百分号", "不是百分数"]),
    ("95%", WAN_LEAVES, "not_percent_field", ["百分号", "不是百分数"]),
    ("-1", PLAIN, "negative", ["负数", "不能为负"]),
    ("－１", LEAVES, "negative", ["负数", "不能为负"]),
    ("1.00001", WAN_LEAVES, "too_many_places", ["小数位太多", "最多4位小数"]),
    ("95.555%", PERCENT_SPEC, "too_many_places", ["小数位太多", "最多2位小数"]),
    ("317.5", LEAVES, "not_integer", ["不是整数", "只能填整数"]),
    ("100000.0001", WAN_LEAVES, "too_big", ["太大", "最大为100000"]),
    ("10000001叶", LEAVES, "too_big", ["太大", "最大为10000000"]),
    ("1,0274", PLAIN, "bad_grouping", ["千位分隔符"]),
    ("10,27,4", PLAIN, "bad_grouping", ["千位分隔符"]),
    ("1,000,", PLAIN, "bad_grouping", ["千位分隔符"]),
    ("nan", PLAIN, "not_number", ["不是数字"]),
    ("NaN", TWO_PLACES, "not_number", ["不是数字"]),
    ("inf", PLAIN, "not_number", ["不是数字"]),
    ("Infinity", PLAIN, "not_number", ["不是数字"]),
    ("-Infinity", SIGNED, "not_number", ["不是数字"]),
    ("1 2", PLAIN, "not_number", ["不是数字"]),
    ("1 2", LEAVES, "not_number", ["不是数字"]),
    ("1.2.3", TWO_PLACES, "not_number", ["不是数字"]),
    ("+", PLAIN, "not_number", ["不是数字"]),
    ("-", SIGNED, "not_number", ["不是数字"]),
    (".", TWO_PLACES, "not_number", ["不是数字"]),
    ("%", PERCENT_SPEC, "not_number", ["不是数字"]),
    ("叶", LEAVES, "not_number", ["不是数字"]),
    ("0x10", PLAIN, "not_number", ["不是数字"]),
    ("1_000", PLAIN, "not_number", ["不是数字"]),
    ("--1", SIGNED, "not_number", ["不是数字"]),
]


@pytest.mark.parametrize(
    ("raw", "spec", "code", "words"),
    REFUSED,
    ids=[f"{code}:{raw}" for raw, _spec, code, _words in REFUSED],
)
def test_refused_input_names_the_reason_in_chinese_and_quotes_the_text(raw, spec, code, words):
    error = refusal(raw, spec)
    assert error.code == code
    assert f"“{raw}”" in error.reason
    for word in words:
        assert word in error.reason
    assert str(error) == error.reason
    # every fixed piece of the catalogue's template is in the reason
    for fragment in re.split(r"\{[^}]*\}", messages.REASONS[code]):
        assert fragment in error.reason


def test_refused_input_quotes_the_text_without_surrounding_spaces():
    error = refusal("\u3000 abc\t", PLAIN)
    assert error.code == "not_number"
    assert "“abc”" in error.reason


def test_wrong_unit_in_the_wan_leaves_field_mentions_wan_leaves():
    error = refusal("10274叶", WAN_LEAVES)
    assert error.code == "wrong_unit"
    assert error.reason == "“10274叶”的单位不对，本栏单位是“万筒子叶”"
    assert error.params["单位"] == "万筒子叶"


def test_too_many_places_states_the_allowed_number_of_places():
    error = refusal("1.00001", WAN_LEAVES)
    assert error.reason == "“1.00001”的小数位太多，本栏最多4位小数"


def test_too_big_states_the_canonical_maximum():
    error = refusal("100001", WAN_LEAVES)
    assert error.reason == "“100001”太大，本栏最大为100000"


def test_a_hundred_character_string_is_too_long():
    raw = "1" * 100
    error = refusal(raw, PLAIN)
    assert error.code == "too_long"
    assert "100个字符" in error.reason
    assert "输入过长" in error.reason
    assert "不像是一个数字" in error.reason


def test_one_character_over_the_length_limit_is_too_long():
    assert refusal("1" * (MAX_INPUT_LENGTH + 1), PLAIN).code == "too_long"


# ---------------------------------------------------------------------------------------------
# 3. Canonical formatting
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1.02740"), "1.0274"),
        (Decimal("1E+2"), "100"),
        (Decimal("1E+5"), "100000"),
        (Decimal("0.000"), "0"),
        (Decimal("-0"), "0"),
        (Decimal("0E+3"), "0"),
        (Decimal("10274"), "10274"),
        (Decimal("10274.00"), "10274"),
        (Decimal("0.0001"), "0.0001"),
        (Decimal("1E-7"), "0.0000001"),
        (Decimal("-1.50"), "-1.5"),
        (Decimal("102.74"), "102.74"),
    ],
)
def test_format_number_has_no_exponent_and_no_trailing_zeros(value, expected):
    assert format_number(value) == expected


@pytest.mark.parametrize(
    ("value", "min_places", "expected"),
    [(Decimal("50"), 2, "50.00"), (Decimal("52.3"), 2, "52.30"), (Decimal("52.30"), 2, "52.30"),
     (Decimal("12.3456"), 2, "12.3456"), (Decimal("0"), 2, "0.00"), (Decimal("-1.5"), 2, "-1.50"),
     (Decimal("5E+1"), 2, "50.00"), (Decimal("1.0274"), 0, "1.0274")],
)
def test_format_number_shows_at_least_the_places_asked_and_keeps_the_rest(value, min_places, expected):
    """万元 with two decimals (#13 item 7), without rounding away what was typed beyond them."""
    assert format_number(value, min_places) == expected
    assert NumberSpec(places=4, shown_places=min_places).format(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("1e1000000"), "1E+1000000"), (Decimal("-1e1000000"), "-1E+1000000"),
     (Decimal("1e-1000000"), "1E-1000000"), (Decimal("1000e999999"), "1E+1000002"),
     (Decimal("1.5e100"), "1.5E+100"), (Decimal("NaN"), "NaN"), (Decimal("sNaN"), "sNaN"),
     (Decimal("Infinity"), "Infinity"), (Decimal("-Infinity"), "-Infinity")],
)
def test_formatting_never_raises_on_numbers_no_form_can_hold(value, expected):
    """#14 item 3: format_number normalised in a 40-digit context and raised decimal.Overflow."""
    assert format_number(value) == expected
    assert format_number(value, 2) == expected
    assert format_fixed(value, 2) == expected
    assert format_grouped(value) == expected


def test_formatting_keeps_every_digit_of_a_long_exact_value():
    long = Decimal("12345678901234567890123456789012345678901234567890.5")  # 51 digits: beyond prec 40
    assert format_number(long) == "12345678901234567890123456789012345678901234567890.5"


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("102.745"), 2, "102.75"),
        (Decimal("102.744"), 2, "102.74"),
        (Decimal("2.5"), 0, "3"),
        (Decimal("3.5"), 0, "4"),  # half up, not banker's rounding
        (Decimal("0.125"), 2, "0.13"),
        (Decimal("100"), 2, "100.00"),
        (Decimal("102.74"), 2, "102.74"),
        (Decimal("1E+2"), 2, "100.00"),
        (Decimal("0"), 2, "0.00"),
    ],
)
def test_format_fixed_rounds_half_up_to_exact_places(value, places, expected):
    assert format_fixed(value, places) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("10274"), "10,274"),
        (Decimal("999"), "999"),
        (Decimal("1000"), "1,000"),
        (Decimal("1234567.891"), "1,234,567.891"),
        (Decimal("1E+5"), "100,000"),
        (Decimal("0"), "0"),
        (Decimal("0.5"), "0.5"),
        (Decimal("-10274.50"), "-10,274.5"),
    ],
)
def test_format_grouped_adds_thousands_separators(value, expected):
    assert format_grouped(value) == expected


# ---------------------------------------------------------------------------------------------
# 4. Properties
# ---------------------------------------------------------------------------------------------


@st.composite
def spec_and_value(draw, specs=tuple(SHIPPED_SPECS)):
    """A shipped spec and an exact Decimal it must accept: 0 ≤ x ≤ max, at most `places` places."""
    spec = draw(st.sampled_from(specs))
    scale = draw(st.integers(min_value=0, max_value=spec.places))
    step = Decimal(1).scaleb(-scale)
    top = int(spec.max / step)
    units = draw(st.one_of(st.integers(0, top), st.sampled_from([0, 1, top, top - 1])))
    value = Decimal(units).scaleb(-scale)
    if draw(st.booleans()):
        value = value.normalize()  # also exercise exponent forms such as 1E+2
    return spec, value


PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(spec_and_value())
def test_formatted_number_parses_back_to_the_same_value(case):
    spec, value = case
    assert parse_number(format_number(value), spec) == value


@PROPERTY_SETTINGS
@given(spec_and_value())
def test_grouped_number_parses_back_to_the_same_value(case):
    spec, value = case
    assert parse_number(format_grouped(value), spec) == value


@PROPERTY_SETTINGS
@given(spec_and_value(), st.data())
def test_number_with_its_unit_appended_parses_back_to_the_same_value(case, data):
    spec, value = case
    suffixes = spec.suffixes()
    if not suffixes:
        suffixes = ("",)
    suffix = data.draw(st.sampled_from(suffixes))
    gap = data.draw(st.sampled_from(["", " ", "\u3000"]))
    shown = data.draw(st.sampled_from([format_number(value), format_grouped(value)]))
    assert parse_number(shown + gap + suffix, spec) == value


@PROPERTY_SETTINGS
@given(spec_and_value())
def test_full_width_typed_number_parses_back_to_the_same_value(case):
    spec, value = case
    assert parse_number(to_full_width(format_grouped(value)), spec) == value


@PROPERTY_SETTINGS
@given(spec_and_value())
def test_parsed_value_formats_back_to_the_canonical_text(case):
    spec, value = case
    assert format_number(parse_number(format_grouped(value), spec)) == format_number(value)


NUMBERISH = "0123456789.,+-eE%％１２３４５６７８９０，。．万叶筒子一十 \t\u3000\u00a0\u200b\u2212"


@PROPERTY_SETTINGS
@given(st.one_of(st.text(), st.text(alphabet=NUMBERISH, max_size=45)), st.sampled_from(SHIPPED_SPECS + [SIGNED]))
def test_arbitrary_text_is_parsed_or_refused_never_crashes(raw, spec):
    try:
        value = parse_number(raw, spec)
    except ParseError as error:
        assert error.code in messages.REASONS
        assert isinstance(error.reason, str) and error.reason
        return
    assert value is None or isinstance(value, Decimal)
    if value is not None:
        assert value.is_finite()
        assert abs(value) <= spec.max
        assert spec.negative or value >= 0


@PROPERTY_SETTINGS
@given(st.one_of(st.text(), st.text(alphabet="0123456789年月日-/.．－ ", max_size=20)))
def test_arbitrary_text_is_a_date_or_refused_never_crashes(raw):
    try:
        value = parse_date(raw)
    except ParseError as error:
        assert error.code in {"not_date", "no_such_day", "date_out_of_range"}
        return
    assert value is None or isinstance(value, date)


# ---------------------------------------------------------------------------------------------
# 5. Dates
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "2025年6月5日",
        "2025年06月05日",
        "2025-06-05",
        "2025/6/5",
        "2025.6.5",
        "20250605",
        "２０２５－０６－０５",
        "２０２５年６月５日",
        " 2025-06-05\u3000",
        "2025 年 6 月 5 日",
        "2025。6。5",
    ],
)
def test_dates_in_the_usual_forms_are_accepted(raw):
    assert parse_date(raw) == date(2025, 6, 5)


@pytest.mark.parametrize("raw", [None, "", "  ", "\u3000"])
def test_empty_date_is_an_empty_cell(raw):
    assert parse_date(raw) is None


@pytest.mark.parametrize(
    ("raw", "code", "words"),
    [
        ("2025-02-30", "no_such_day", ["这一天不存在"]),
        ("2025-13-01", "no_such_day", ["这一天不存在"]),
        ("2023年2月29日", "no_such_day", ["这一天不存在"]),
        ("明天", "not_date", ["不是日期", "2025年6月5日", "2025-06-05"]),
        ("6月5日", "not_date", ["不是日期"]),
        ("2025-6", "not_date", ["不是日期"]),
        ("1899-01-01", "date_out_of_range", ["年份应在", "2000", "2099"]),
        ("2100-01-01", "date_out_of_range", ["年份应在"]),
    ],
)
def test_impossible_or_unreadable_dates_are_refused(raw, code, words):
    with pytest.raises(ParseError) as caught:
        parse_date(raw)
    assert caught.value.code == code
    assert f"“{raw}”" in caught.value.reason
    for word in words:
        assert word in caught.value.reason


def test_leap_day_is_accepted_in_a_leap_year():
    assert parse_date("2024-02-29") == date(2024, 2, 29)


def test_format_date_prints_as_the_notice_does():
    assert format_date(date(2025, 6, 5)) == "2025年06月05日"
    assert format_date(date(2024, 12, 31)) == "2024年12月31日"


def test_formatted_date_parses_back():
    assert parse_date(format_date(date(2025, 6, 5))) == date(2025, 6, 5)


# ---------------------------------------------------------------------------------------------
# 6. Free text
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["《海琼玊蟾先生文集》", "\U00020000", "𠀀𪚥𫠠", "保定市图书馆\t承建", "第一行\n第二行", "  前后空格  "],
)
def test_rare_characters_are_kept_exactly(typed):
    assert check_text(typed) == typed


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("一\r\n二", "一\n二"), ("一\r二", "一\n二"), ("a\r\n\r\nb\r", "a\n\nb\n")],
)
def test_line_ends_are_normalised_to_lf(typed, expected):
    assert check_text(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("一\x0b二", "一\n二"),  # Word's manual line break (Shift+Enter)
     ("一\u2028二\u2029三", "一\n二\n三"), ("一\r\n二", "一\n二"), ("一\x0b\r\n二", "一\n\n二")],
)
def test_line_breaks_of_word_and_wps_become_line_breaks(typed, expected):
    assert check_text(typed) == expected
    assert clean_text(typed) == CleanText(expected, ())


@pytest.mark.parametrize(
    ("typed", "kept", "point"),
    [("响铃\x07", "响铃", "U+0007"), ("\x1b[31m红", "[31m红", "U+001B"), ("a\x00b", "ab", "U+0000"),
     ("\x7f", "", "U+007F"), ("\x85", "", "U+0085"), ("\ufffe", "", "U+FFFE"), ("分页\x0c符", "分页符", "U+000C")],
)
def test_control_characters_are_removed_and_named_not_refused(typed, kept, point):
    assert check_text(typed) == kept
    assert clean_text(typed) == CleanText(kept, (point,))


def test_each_removed_control_character_is_named_once_in_order():
    assert clean_text("\x07a\x01b\x07").removed == ("U+0007", "U+0001")


def test_lone_surrogate_is_refused_as_bad_unicode():
    with pytest.raises(ParseError) as caught:
        check_text("文\ud800字")
    assert caught.value.code == "bad_unicode"
    assert "U+D800" in caught.value.reason
    assert "无效的字符编码" in caught.value.reason


def test_text_longer_than_the_limit_is_refused():
    with pytest.raises(ParseError) as caught:
        check_text("字" * (text.MAX_TEXT_LENGTH + 1))
    assert caught.value.code == "text_too_long"
    assert str(text.MAX_TEXT_LENGTH + 1) in caught.value.reason
    assert str(text.MAX_TEXT_LENGTH) in caught.value.reason
    assert "内容过长" in caught.value.reason


def test_text_exactly_at_the_limit_is_kept():
    typed = "字" * text.MAX_TEXT_LENGTH
    assert check_text(typed) == typed


@PROPERTY_SETTINGS
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"),
                                      blacklist_characters="\ufffe\uffff")))
def test_printable_text_is_kept_unchanged(typed):
    """Everything but control characters and line separators (which become \n) is kept."""
    assert check_text(typed) == typed


# ---------------------------------------------------------------------------------------------
# 7. 附件5 targets
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "op", "value", "percent"),
    [
        ("≥90%", "≥", Decimal("90"), True),
        ("≥80%", "≥", Decimal("80"), True),
        ("≥5%", "≥", Decimal("5"), True),
        (">=90%", "≥", Decimal("90"), True),
        ("≥９０％", "≥", Decimal("90"), True),
        ("≤ 10", "≤", Decimal("10"), False),
        ("90%", "", Decimal("90"), True),
    ],
)
def test_numeric_targets_are_parsed(printed, op, value, percent):
    target = parse_target(printed)
    assert target.kind == "numeric"
    assert target.op == op
    assert target.value == value
    assert target.percent is percent
    assert target.text == printed


def test_worded_targets_are_qualitative():
    increase = parse_target("比上一年度增加")
    assert increase.kind == "increase"
    assert increase.value is None
    assert parse_target("长期").kind == "long_term"
    assert increase.is_met(Decimal("100")) is None


def test_target_is_met_only_at_or_above_ninety_percent():
    target = parse_target("≥90%")
    assert target.is_met(Decimal("89.99")) is False
    assert target.is_met(Decimal("90")) is True
    assert target.is_met(Decimal("90.00")) is True
    assert target.is_met(Decimal("102.74")) is True


@pytest.mark.parametrize("printed", ["待定", "", "大于90%", "≥90%以上"])
def test_unknown_target_text_is_a_definition_error(printed):
    with pytest.raises(DefinitionError):
        parse_target(printed)


# ---------------------------------------------------------------------------------------------
# 8. The cell layer
# ---------------------------------------------------------------------------------------------


def test_full_width_one_typed_into_the_assigned_digital_resources_cell_is_stored():
    doc = new_document(DEFINITION)
    change = set_cell(DEFINITION, doc, DIGITAL_ASSIGNED, "１")
    assert doc.assigned["digital_resources"] == Decimal("1")
    assert isinstance(doc.assigned["digital_resources"], Decimal)
    assert get_value(doc, DIGITAL_ASSIGNED) == Decimal("1")
    assert change.old is None
    assert change.new == Decimal("1")


def test_unit_typed_into_the_assigned_digital_resources_cell_is_accepted():
    doc = new_document(DEFINITION)
    set_cell(DEFINITION, doc, DIGITAL_ASSIGNED, "1.0274万筒子叶")
    assert doc.assigned["digital_resources"] == Decimal("1.0274")


@pytest.mark.parametrize("raw", ["一万", "10274叶", "1.00001", "abc", "-1", "1e5"])
def test_refused_entry_leaves_the_old_value_unchanged(raw):
    doc = new_document(DEFINITION)
    set_cell(DEFINITION, doc, DIGITAL_ASSIGNED, "１")
    with pytest.raises(ParseError):
        set_cell(DEFINITION, doc, DIGITAL_ASSIGNED, raw)
    assert doc.assigned["digital_resources"] == Decimal("1")


def test_clearing_a_cell_stores_none():
    doc = new_document(DEFINITION)
    set_cell(DEFINITION, doc, DIGITAL_ASSIGNED, "1")
    change = set_cell(DEFINITION, doc, DIGITAL_ASSIGNED, "\u3000")
    assert doc.assigned["digital_resources"] is None
    assert change.old == Decimal("1")


def test_cell_location_names_annex_row_and_column_with_unit():
    info = describe(DEFINITION, DIGITAL_ASSIGNED)
    assert info.location == "附件1 下达任务量「基础数字资源项目建设数量（万筒子叶）」"
    assert info.kind == "number"
    assert info.spec == WAN_LEAVES


def test_annex5_achieved_rate_takes_a_full_width_percent():
    ref = CellRef("annex5", ("perf", "library_completion_rate"), "achieved")
    doc = new_document(DEFINITION)
    assert describe(DEFINITION, ref).spec == PERCENT_SPEC
    set_cell(DEFINITION, doc, ref, "９５％")
    assert doc.performance["library_completion_rate"].achieved == Decimal("95")


def test_a_growth_rate_may_be_negative_other_annex5_rates_may_not():
    doc = new_document(DEFINITION)
    growth = CellRef("annex5", ("perf", "cloud_visits_growth"), "achieved")
    set_cell(DEFINITION, doc, growth, "－３.５％")  # full-width minus and digits from an IME
    assert doc.performance["cloud_visits_growth"].achieved == Decimal("-3.5")
    with pytest.raises(ParseError) as caught:
        set_cell(DEFINITION, doc, CellRef("annex5", ("perf", "cloud_satisfaction"), "achieved"), "-3.5%")
    assert caught.value.code == "negative"
    with pytest.raises(ParseError):
        set_cell(DEFINITION, doc, CellRef("annex3", ("assigned",), "live_broadcasts"), "-3")


def test_a_wrong_unit_with_a_chinese_multiplier_is_called_a_wrong_unit():
    spec = NumberSpec(unit="叶", aliases=("筒子叶",))
    with pytest.raises(ParseError) as caught:
        parse_number("1万筒子叶", spec)
    assert caught.value.code == "wrong_unit" and "本栏单位是“叶”" in caught.value.reason


def test_digits_of_other_scripts_are_refused():
    with pytest.raises(ParseError):
        parse_number("٣", NumberSpec())
    with pytest.raises(ParseError):
        parse_date("٢٠٢٥-06-05")


def test_a_unit_in_a_percent_cell_names_the_percent_sign():
    with pytest.raises(ParseError) as caught:
        parse_number("95叶", PERCENT_SPEC)
    assert caught.value.code == "wrong_unit" and "“%”" in caught.value.reason
