"""The audit rules of resources/forms/2024/rules.toml (审核公式): each one fires on the data it is
about, with its id, its severity and a Chinese message naming the cell and the actual values, and
stays silent on good data. The demo as shipped has no findings but the R02 outline prompts."""

from __future__ import annotations

import json
import shutil
import string
from datetime import date
from decimal import Decimal

import pytest

from hbaccept_gui.cli import main
from hbaccept_gui.core import storage
from hbaccept_gui.core.calc import recompute
from hbaccept_gui.core.cells import CellRef
from hbaccept_gui.core.checks import check_document
from hbaccept_gui.core.definition import DetailTable
from hbaccept_gui.core.definition_loader import forms_root, load_definition_folder
from hbaccept_gui.core.document import FieldSegment, ItemRow, TextSegment, Unparsed, new_contractor_row
from hbaccept_gui.core.draft import plan_draft
from hbaccept_gui.core.errors import DefinitionError
from hbaccept_gui.core.findings import ERROR, WARNING
from hbaccept_gui.core.pipeline import demo_path, load_demo
from hbaccept_gui.core.rules import RULE_CHECKS

TODAY = date(2025, 6, 10)  # five days after the demo's 日期 2025-06-05
ALL_RULES = ["H01", "H02", "H03", "H04", "N01", "T01", "D01", "D02", "D03", "D04", "D05", "D06", "D07", "D08",
             "P01", "P02", "P03", "P04", "P05", "R01", "R02", "R03", "R04", "Y01"]

LIBRARY_REPORT = "关于2024年度全国智慧图书馆体系建设项目有关情况的报告"
RESULTS_SECTION = f"{LIBRARY_REPORT}「2.项目任务总体完成情况及取得的成效」"
DIGITAL_ROW = "附件2 基础数字资源项目 第1个承建单位"
ASSIGNED_DIGITAL = "附件1 下达任务量「基础数字资源项目建设数量（万筒子叶）」"
LIVE_ROW = "附件4 全民艺术普及相关直录播 第1个承建单位"


# ---------------------------------------------------------------- helpers


def demo_doc():
    """A fresh copy of the shipped demo (load_demo reads the file anew each call)."""
    return load_demo()


def audit(definition, doc, today: date = TODAY):
    return check_document(definition, doc, today=today)


def of_rule(findings, rule: str):
    return [f for f in findings if f.rule == rule]


def fired(definition, doc, rule: str, today: date = TODAY):
    return of_rule(audit(definition, doc, today), rule)


def the_one(definition, doc, rule: str, today: date = TODAY):
    """The single finding of `rule`; fails if there is none or more than one."""
    found = fired(definition, doc, rule, today)
    assert len(found) == 1, [f.message for f in found]
    return found[0]


def others(definition, doc, *allowed: str):
    """Findings other than the demo's R02 prompts and the rules named."""
    return [f for f in audit(definition, doc) if f.rule not in ("R02", *allowed)]


def add_live_broadcast(definition, doc, url: str = "https://pm.culturedc.cn/index", quantity: str = "3"):
    """A complete 附件4 row under 全民艺术普及相关直录播, with 附件3's 下达任务量 to match, so that
    only the URL can be wrong."""
    table, _task = definition.task("live_broadcasts")
    row = new_contractor_row(table)
    row.values.update(contractor="河北省群众艺术馆", subproject="云上艺术普及直录播",
                      description="完成全民艺术普及直录播3场。", url=url,
                      assigned=Decimal(quantity), completed=Decimal(quantity))
    doc.rows("live_broadcasts").append(row)
    doc.assigned["live_broadcasts"] = Decimal(quantity)
    redraft_cloud_report(definition, doc)
    return row


def redraft_cloud_report(definition, doc):
    """生成初稿 of the cloud report again, once its tables are filled: the demo's says 「本年度本单位未承担
    公共文化云建设项目的任务指标。」, which R04 rightly points at then."""
    for edit in plan_draft(definition, doc, recompute(definition, doc), overwrite=True, only="cloud_report").edits:
        edit.apply(doc)


def sections(definition):
    for report in definition.reports:
        for section in report.sections:
            yield report.id, section.id


def demo_dict() -> dict:
    return json.loads(demo_path().read_text(encoding="utf-8"))


def load_raw(raw: dict):
    return storage.load_document_bytes(json.dumps(raw, ensure_ascii=False).encode("utf-8"), "test.hbaccept")


# ---------------------------------------------------------------- the rules as data


def test_the_definition_has_exactly_the_rules_of_rules_toml(definition):
    assert [r.id for r in definition.rules] == ALL_RULES


def test_every_rule_names_a_registered_check_and_only_the_values_it_supplies(definition):
    for rule in definition.rules:
        assert rule.check in RULE_CHECKS, rule.id
        names = {name for _t, name, _s, _c in string.Formatter().parse(rule.message) if name}
        assert "位置" in names, rule.id  # every message says where
        assert names <= set(RULE_CHECKS[rule.check].names), rule.id
        assert rule.severity in (ERROR, WARNING), rule.id


@pytest.fixture
def rules_folder(tmp_path):
    """A copy of the 2024 definition that a test may break."""
    folder = tmp_path / "2024"
    shutil.copytree(forms_root() / "2024", folder)
    return folder


def test_an_unchanged_copy_of_the_definition_loads(rules_folder):
    assert [r.id for r in load_definition_folder(rules_folder).rules] == ALL_RULES


@pytest.mark.parametrize(("old", "new", "problem"), [
    # H01's check (required_header) supplies only 位置
    ('id = "H01"\ncheck = "required_header"\nseverity = "error"\nmessage = "{位置}：必须填写"',
     'id = "H01"\ncheck = "required_header"\nseverity = "error"\nmessage = "{位置}：“{原文}”必须填写"',
     "rule H01: message uses ['原文']"),
    # D02's check supplies 完成, 下达, 完成率 but not 合计
    ("（完成率 {完成率}）", "（合计 {合计}）", "rule D02: message uses ['合计']"),
    ('check = "phone"', 'check = "telephone"', "rule H03: unknown check telephone"),
    ('id = "R03"\ncheck = "report_empty"\nseverity = "warning"',
     'id = "R03"\ncheck = "report_empty"\nseverity = "fatal"', "(id R03).severity: must be one of"),
    ('id = "H04"', 'id = "H03"', "audit rule ids must be unique"),
    ('params = { field = "date" }\n', "", "rule H02: check date_not_future needs params ['field']"),
    ('severity = "warning"\nmessage = "{位置}：尚未填写', 'serverity = "warning"\nmessage = "{位置}：尚未填写',
     "(id R03): must contain ['severity'] properties; unknown serverity"),
])
def test_the_loader_refuses_a_broken_rule(rules_folder, old, new, problem):
    path = rules_folder / "rules.toml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(DefinitionError) as refused:
        load_definition_folder(rules_folder)
    assert problem in str(refused.value)


# ---------------------------------------------------------------- good data: the demo


def test_the_demo_has_no_findings_but_the_outline_prompts(definition, demo):
    findings = audit(definition, demo)
    assert findings, "the shipped demo still has its 【请填写…】 prompts"
    assert {(f.rule, f.severity) for f in findings} == {("R02", WARNING)}
    assert len(findings) == 6  # three sections in each of the two reports


@pytest.mark.parametrize("rule", [r for r in ALL_RULES if r != "R02"])
def test_each_rule_is_silent_on_the_demo(definition, demo, rule):
    assert fired(definition, demo, rule) == []


# ---------------------------------------------------------------- H01 required header fields


@pytest.mark.parametrize(("field", "blank", "label"), [
    ("unit_name", "", "单位名称"),
    ("unit_name", "   ", "单位名称"),
    ("date", None, "日期"),
    ("contact", "", "项目联系人"),
    ("phone", "", "联系电话"),
])
def test_h01_fires_on_an_empty_header_field(field, blank, label):
    definition, doc = demo_doc()
    doc.header[field] = blank
    finding = the_one(definition, doc, "H01")
    assert finding.severity == ERROR
    assert finding.ref == CellRef("header", (), field)
    assert finding.message == f"表头「{label}」：必须填写"
    assert fired(definition, doc, "H03") == []  # an empty phone is H01's, not H03's


def test_h01_is_silent_when_every_header_field_is_filled(definition, demo):
    assert all(demo.header[f.id] for f in definition.header_fields)
    assert fired(definition, demo, "H01") == []


# ---------------------------------------------------------------- H02 date not in the future


@pytest.mark.parametrize("today", [date(2025, 6, 10), date(2025, 6, 5), date(2026, 1, 1)])
def test_h02_is_silent_when_the_date_is_today_or_earlier(definition, demo, today):
    assert demo.header["date"] == date(2025, 6, 5)
    assert fired(definition, demo, "H02", today=today) == []


@pytest.mark.parametrize(("today", "today_text"), [(date(2025, 6, 1), "2025年06月01日"),
                                                   (date(2025, 6, 4), "2025年06月04日")])
def test_h02_fires_when_the_date_is_after_today(definition, demo, today, today_text):
    finding = the_one(definition, demo, "H02", today=today)
    assert finding.severity == ERROR
    assert finding.ref == CellRef("header", (), "date")
    assert finding.message == f"表头「日期」：2025年06月05日晚于今天（{today_text}），请填写实际的填报日期"


# ---------------------------------------------------------------- H03 phone


@pytest.mark.parametrize("phone", [
    "0311-67960552",
    "15511872369",
    "(0311)67960552",
    "0312-1234567、15511872369",
    "０３１１－６７９６０５５２",  # typed with a full-width input method
    "0311-67960552转8001",
    "400-123-4567",
    "0311 67960552",  # area code and number apart
    "+86 15511872369",
    "0311—67960552",  # a dash from a word processor
    "0312-1234567 15511872369",  # two numbers, a space apart
])
def test_h03_accepts_landlines_mobiles_and_lists_of_them(phone):
    definition, doc = demo_doc()
    doc.header["phone"] = phone
    assert fired(definition, doc, "H03") == []


@pytest.mark.parametrize(("phone", "quoted"), [
    ("12345", "12345"),
    ("abc", "abc"),
    ("0311-123", "0311-123"),
    ("0312-1234567、12345", "12345"),  # only the bad one of two is quoted
])
def test_h03_fires_on_what_is_not_a_phone_number(phone, quoted):
    definition, doc = demo_doc()
    doc.header["phone"] = phone
    finding = the_one(definition, doc, "H03")
    assert finding.severity == ERROR
    assert finding.ref == CellRef("header", (), "phone")
    assert finding.message == (f"表头「联系电话」：“{quoted}”不像电话号码，"
                               "请填写座机（如 0311-67960552）或手机号（如 15511872369）")


# ---------------------------------------------------------------- H04 url (附件4 only)


def test_only_annex4_has_a_url_column(definition):
    with_url = [t.id for t in definition.tables_of(DetailTable) if any(c.kind == "url" for c in t.columns)]
    assert with_url == ["annex4"]


@pytest.mark.parametrize("url", [
    "https://pm.culturedc.cn/index",
    "http://localhost:8080/live",
    "成果尚未发布",  # the notice allows an explanation instead of an address
    "省平台：https://www.hebeiwenhuayun.cn/a，国家云：http://www.culturedc.cn/",
    "https://www.hebeiwenhuayun.cn（已发布）",  # the address ends where the Chinese begins
    "网址https://x.cn/live国家云已收录",
    "",
])
def test_h04_accepts_web_addresses_and_explanations(url):
    definition, doc = demo_doc()
    add_live_broadcast(definition, doc, url)
    assert fired(definition, doc, "H04") == []
    assert others(definition, doc) == []  # the added row is otherwise complete and consistent


@pytest.mark.parametrize(("url", "quoted"), [
    ("www.example.cn", "www.example.cn"),  # no scheme
    ("htp://x.cn", "htp://x.cn"),
    ("http://", "http://"),
    ("ftp://x.cn", "ftp://x.cn"),
    ("成果尚未发布，预计见www.x.cn", "www.x.cn"),
])
def test_h04_fires_on_a_malformed_address(url, quoted):
    definition, doc = demo_doc()
    add_live_broadcast(definition, doc, url)
    finding = the_one(definition, doc, "H04")
    assert finding.severity == ERROR
    assert finding.ref == CellRef("annex4", ("live_broadcasts", 0), "url")
    assert finding.message == (f"{LIVE_ROW}「访问地址」：“{quoted}”不是有效的网址，"
                               "应以 http:// 或 https:// 开头，如 https://www.example.cn/")
    assert {f.rule for f in others(definition, doc)} == {"H04"}


def test_h04_does_not_look_at_text_columns_of_annex2():
    definition, doc = demo_doc()
    doc.rows("digital_resources")[0].values["remarks"] = "www.example.cn"
    assert fired(definition, doc, "H04") == []


# ---------------------------------------------------------------- N01 unparsed values


def test_n01_fires_on_an_unparsed_number_in_the_document():
    definition, doc = demo_doc()
    doc.assigned["digital_resources"] = Unparsed("约三百", "“约三百”请改用阿拉伯数字填写")
    finding = the_one(definition, doc, "N01")
    assert finding.severity == ERROR
    assert finding.ref == CellRef("annex1", ("assigned",), "digital_resources")
    assert finding.message == f"{ASSIGNED_DIGITAL}：“约三百”请改用阿拉伯数字填写"


def test_n01_fires_on_values_a_save_file_could_not_parse():
    raw = demo_dict()
    raw["document"]["details"]["digital_resources"][0]["items"][3]["count"] = "四百九十七"
    raw["document"]["header"]["date"] = "2025年13月1日"
    raw["document"]["funding"]["library"]["budget"] = "20万"
    definition, doc = load_raw(raw)
    messages = {f.ref: (f.severity, f.message) for f in fired(definition, doc, "N01")}
    assert messages == {
        CellRef("header", (), "date"): (ERROR, "表头「日期」：“2025年13月1日”这一天不存在"),
        CellRef("annex2", ("digital_resources", 0, 3), "count"):
            (ERROR, f"{DIGITAL_ROW} 数字化古籍清单第4行「筒子叶数（叶）」：“四百九十七”请改用阿拉伯数字填写"),
        CellRef("annex5", ("funding", "library"), "budget"):
            (ERROR, "附件5 年度资金总额 全国智慧图书馆体系建设项目「全年预算数（A）（万元）」："
                    "“20万”的单位不对，本栏单位是“万元”"),
    }


def test_n01_is_silent_on_a_save_file_of_parsed_values():
    definition, doc = load_raw(demo_dict())
    assert fired(definition, doc, "N01") == []


# ---------------------------------------------------------------- T01 bad text


@pytest.mark.parametrize(("where", "location"), [
    ("contact", "表头「项目联系人」"),
    ("subproject", f"{DIGITAL_ROW}「子项目名称」"),
    ("item_title", f"{DIGITAL_ROW} 数字化古籍清单第1行「题名」"),
    ("report", f"{LIBRARY_REPORT}「3.项目建设存在的困难以及意见建议」"),
])
def test_t01_fires_on_a_control_character(where, location):
    definition, doc = demo_doc()
    bad = "王\x07晓梅"
    if where == "contact":
        doc.header["contact"] = bad
    elif where == "subproject":
        doc.rows("digital_resources")[0].values["subproject"] = bad
    elif where == "item_title":
        doc.rows("digital_resources")[0].items[0].title = bad
    else:
        doc.reports["library_report"]["problems"] = [TextSegment(bad)]
    finding = the_one(definition, doc, "T01")
    assert finding.severity == ERROR
    assert finding.message == f"{location}：含有不可见的控制字符（U+0007），请删除后再填"


def test_t01_allows_line_breaks_and_tabs():
    definition, doc = demo_doc()
    doc.rows("digital_resources")[0].values["description"] += "\n10、\t说明"
    doc.other_notes = "第一行\n\t第二行"
    assert fired(definition, doc, "T01") == []


# ---------------------------------------------------------------- D01 assigned vs the rows' sum


@pytest.mark.parametrize(("annex1", "row", "sum_text", "assigned_text"), [
    ("2", "1", "1 万筒子叶", "2 万筒子叶"),  # 附件1 says more than the rows
    ("1", "0.5", "0.5 万筒子叶", "1 万筒子叶"),  # the rows say less than 附件1
])
def test_d01_fires_when_the_rows_do_not_add_up_to_the_assigned_quantity(annex1, row, sum_text, assigned_text):
    definition, doc = demo_doc()
    doc.assigned["digital_resources"] = Decimal(annex1)
    doc.rows("digital_resources")[0].values["assigned"] = Decimal(row)
    finding = the_one(definition, doc, "D01")
    assert finding.severity == WARNING
    assert finding.ref == CellRef("annex1", ("assigned",), "digital_resources")
    assert finding.message == (f"{ASSIGNED_DIGITAL}：下达任务量 {assigned_text}，"
                               f"而附件2各承建单位年度承担任务指标量合计为 {sum_text}，两者不一致")


def test_d01_is_silent_when_the_rows_add_up(definition, demo):
    demo.assigned["digital_resources"] = Decimal("2")
    demo.rows("digital_resources")[0].values["assigned"] = Decimal("2")
    assert fired(definition, demo, "D01") == []


def test_d01_sums_every_row_of_every_task_feeding_the_indicator():
    definition, doc = demo_doc()
    for task_id, quantity in (("market_zones_creative", "1"), ("market_zones_fair", "2")):
        table, _task = definition.task(task_id)
        row = new_contractor_row(table)
        row.values.update(contractor="某县文化馆", subproject="赶大集专区", description="建成。",
                          url="成果尚未发布", assigned=Decimal(quantity), completed=Decimal(quantity))
        doc.rows(task_id).append(row)
    doc.assigned["market_zones"] = Decimal("3")
    redraft_cloud_report(definition, doc)
    assert others(definition, doc) == []
    doc.assigned["market_zones"] = Decimal("4")
    finding = the_one(definition, doc, "D01")
    assert "下达任务量 4 个" in finding.message and "附件4各承建单位年度承担任务指标量合计为 3 个" in finding.message


# ---------------------------------------------------------------- D02 completed below assigned


def test_d02_fires_when_fewer_leaves_were_done_than_assigned():
    definition, doc = demo_doc()
    doc.rows("digital_resources")[0].items[4].count = Decimal("365")  # 《三朝北盟会编》 3865 → 365
    finding = the_one(definition, doc, "D02")
    assert finding.severity == WARNING
    assert finding.ref == CellRef("annex1", ("completed",), "digital_resources")
    assert finding.message == ("附件1 实际完成任务量「基础数字资源项目建设数量（万筒子叶）」："
                               "实际完成 0.6774 万筒子叶，低于下达任务量 1 万筒子叶（完成率 67.74%）")
    assert fired(definition, doc, "D01") == []  # the rows still add up to 附件1


def test_d02_is_silent_when_exactly_the_assigned_quantity_was_done():
    definition, doc = demo_doc()
    doc.rows("digital_resources")[0].items[4].count = Decimal("3591")  # total 10000 叶 = 1 万筒子叶
    assert recompute(definition, doc).value("annex1.completed.digital_resources") == Decimal(1)
    assert fired(definition, doc, "D02") == []


# ---------------------------------------------------------------- D03 assigned but no rows


def test_d03_fires_when_an_assigned_task_has_no_contractor():
    definition, doc = demo_doc()
    doc.assigned["support_platform"] = Decimal("1")
    finding = the_one(definition, doc, "D03")
    assert finding.severity == ERROR
    assert finding.ref == CellRef("annex1", ("assigned",), "support_platform")
    assert finding.message == ("附件1 下达任务量「基础支撑平台项目建设数量（个）」："
                               "下达任务量 1 个，但附件2中「基础支撑平台项目」没有填写承建单位")
    assert fired(definition, doc, "D01") == []  # no rows: nothing to add up


def test_d03_names_every_task_feeding_the_indicator():
    definition, doc = demo_doc()
    doc.assigned["market_zones"] = Decimal("2")
    finding = the_one(definition, doc, "D03")
    assert finding.message == ("附件3 下达任务量「赶大集专区建设数量（个）」：下达任务量 2 个，"
                               "但附件4中「赶大集专区建设（文创部分）、赶大集专区建设（文采会部分）」没有填写承建单位")


def test_d03_is_silent_for_a_zero_assignment_and_once_a_row_exists(definition, demo):
    assert demo.assigned["support_platform"] == Decimal(0)
    assert fired(definition, demo, "D03") == []
    add_live_broadcast(definition, demo)
    assert fired(definition, demo, "D03") == []


# ---------------------------------------------------------------- D04 required row columns


@pytest.mark.parametrize(("column", "label", "blank", "works"), [
    ("contractor", "承建单位", "", True),
    ("contractor", "承建单位", "  ", True),
    ("description", "项目任务完成情况", "", False),
    ("description", "项目任务完成情况", "  ", False),
])
def test_d04_fires_on_an_empty_required_column(column, label, blank, works):
    definition, doc = demo_doc()
    row = doc.rows("digital_resources")[0]
    row.values[column] = blank
    if not works:
        row.items = []
    finding = the_one(definition, doc, "D04")
    assert finding.severity == ERROR
    assert finding.ref == CellRef("annex2", ("digital_resources", 0), column)
    assert finding.message == f"{DIGITAL_ROW}「{label}」：必须填写"


@pytest.mark.parametrize("blank", ["", "  \n"])
def test_d04_does_not_ask_for_a_description_that_the_works_list_gives(blank):
    """The printed 附件2 lists the works under 项目任务完成情况 (#20 item 4): a row with works needs no text."""
    definition, doc = demo_doc()
    row = doc.rows("digital_resources")[0]
    row.values["description"] = blank
    assert fired(definition, doc, "D04") == []
    row.items = [ItemRow("", None)]  # a line left blank lists nothing
    assert [f.ref.column for f in audit(definition, doc) if f.rule == "D04"] == ["description"]
    row.items = [ItemRow("《新刊古籍》", Decimal(12))]
    assert fired(definition, doc, "D04") == []
    row.values["contractor"] = ""  # the list answers only what it prints
    assert [f.ref.column for f in audit(definition, doc) if f.rule == "D04"] == ["contractor"]


def test_d04_fires_on_a_new_blank_row_in_annex4():
    definition, doc = demo_doc()
    add_live_broadcast(definition, doc)
    doc.rows("live_broadcasts")[0].values["contractor"] = ""
    finding = the_one(definition, doc, "D04")
    assert finding.message == f"{LIVE_ROW}「承建单位」：必须填写"


def test_d04_is_silent_on_empty_optional_columns(definition, demo):
    row = demo.rows("digital_resources")[0]
    assert row.values["copyright"] == "" and row.values["remarks"] == ""
    assert fired(definition, demo, "D04") == [] and fired(definition, demo, "D06") == []


@pytest.mark.parametrize("blank", ["", "  "])
def test_an_empty_subproject_is_a_hint_d06_not_an_error(blank):
    """The notice's own Baoding example leaves 子项目名称 blank (#13 item 10)."""
    definition, doc = demo_doc()
    doc.rows("digital_resources")[0].values["subproject"] = blank
    finding = the_one(definition, doc, "D06")
    assert finding.severity == WARNING
    assert finding.ref == CellRef("annex2", ("digital_resources", 0), "subproject")
    assert finding.message == f"{DIGITAL_ROW}「子项目名称」：未填写（承建单位有子项目的请填写，没有可不填）"
    assert fired(definition, doc, "D04") == []
    assert not [f for f in audit(definition, doc) if f.severity == ERROR]


# ---------------------------------------------------------------- D05 incomplete work items


def test_d05_fires_on_a_title_without_a_count():
    definition, doc = demo_doc()
    doc.rows("digital_resources")[0].items.append(ItemRow("《新刊古籍》", None))
    finding = the_one(definition, doc, "D05")
    assert finding.severity == ERROR
    assert finding.ref == CellRef("annex2", ("digital_resources", 0, 9), "count")
    assert finding.message == f"{DIGITAL_ROW} 数字化古籍清单第10行「筒子叶数（叶）」：必须填写（本行题名已填写）"


def test_d05_fires_on_a_count_without_a_title():
    definition, doc = demo_doc()
    doc.rows("digital_resources")[0].items[2].title = ""
    finding = the_one(definition, doc, "D05")
    assert finding.ref == CellRef("annex2", ("digital_resources", 0, 2), "title")
    assert finding.message == f"{DIGITAL_ROW} 数字化古籍清单第3行「题名」：必须填写（本行筒子叶数已填写）"


def test_d05_is_silent_on_complete_and_on_entirely_empty_items(definition, demo):
    demo.rows("digital_resources")[0].items.append(ItemRow("", None))
    assert fired(definition, demo, "D05") == []


# ---------------------------------------------------------------- P01 executed over budget


def test_p01_fires_when_b_exceeds_a_without_a_note():
    definition, doc = demo_doc()
    doc.funding["library"].executed = Decimal("25")
    doc.other_notes = ""
    finding = the_one(definition, doc, "P01")
    assert finding.severity == ERROR
    assert finding.ref == CellRef("annex5", ("funding", "library"), "executed")
    assert finding.message == ("附件5 年度资金总额 全国智慧图书馆体系建设项目「全年执行数（B）（万元）」："
                               "全年执行数 25.00 万元 超过全年预算数 20.00 万元，请在「其他说明」中说明原因")


@pytest.mark.parametrize(("executed", "notes"), [
    ("25", "超支部分由地方财政资金补足。"),  # explained in 其他说明
    ("20", ""),  # B = A
    ("19.6", ""),  # B < A
])
def test_p01_is_silent_when_within_budget_or_explained(executed, notes):
    definition, doc = demo_doc()
    doc.funding["library"].executed = Decimal(executed)
    doc.other_notes = notes
    assert fired(definition, doc, "P01") == []


# ---------------------------------------------------------------- P02 funding half filled


@pytest.mark.parametrize(("filled", "missing", "given_label", "missing_label"), [
    ("budget", "executed", "全年预算数（A）", "全年执行数（B）"),
    ("executed", "budget", "全年执行数（B）", "全年预算数（A）"),
])
def test_p02_fires_when_only_one_of_a_and_b_is_filled(filled, missing, given_label, missing_label):
    definition, doc = demo_doc()
    setattr(doc.funding["cloud"], filled, Decimal("5"))
    finding = the_one(definition, doc, "P02")
    assert finding.severity == ERROR
    assert finding.ref == CellRef("annex5", ("funding", "cloud"), missing)
    assert finding.message == (f"附件5 年度资金总额 公共文化云建设项目「{missing_label}（万元）」："
                               f"必须填写（{given_label}已填写，执行率无法计算）")


def test_p02_is_silent_when_both_or_neither_are_filled(definition, demo):
    assert demo.funding["cloud"].budget is None and demo.funding["cloud"].executed is None
    assert fired(definition, demo, "P02") == []
    demo.funding["cloud"].budget, demo.funding["cloud"].executed = Decimal("5"), Decimal("4")
    assert fired(definition, demo, "P02") == []


# ---------------------------------------------------------------- P03 missed target without reason


@pytest.mark.parametrize(("indicator", "achieved", "label", "target"), [
    ("library_satisfaction", "85", "智慧图书馆数字资源服务读者满意率", "≥90%"),
    ("library_visits_growth", "4.5", "智慧图书馆服务人次增长率", "≥5%"),
])
def test_p03_fires_when_a_numeric_target_is_missed_without_a_reason(indicator, achieved, label, target):
    definition, doc = demo_doc()
    doc.performance[indicator].achieved = Decimal(achieved)
    finding = the_one(definition, doc, "P03")
    assert finding.severity == ERROR
    assert finding.ref == CellRef("annex5", ("perf", indicator), "reason")
    assert finding.message == (f"附件5 {label}「未完成绩效目标原因和改进措施」："
                               f"必须填写（完成量 {achieved}% 未达到指标值 {target}）")


@pytest.mark.parametrize(("indicator", "achieved", "reason"), [
    ("library_satisfaction", "85", "部分读者对检索速度不满意，已优化服务器。"),  # reason given
    ("library_satisfaction", "90", ""),  # exactly the target
    ("library_acceptance_rate", "85", ""),  # ≥80%: met
])
def test_p03_is_silent_when_the_target_is_met_or_the_reason_given(indicator, achieved, reason):
    definition, doc = demo_doc()
    doc.performance[indicator].achieved = Decimal(achieved)
    doc.performance[indicator].reason = reason
    assert fired(definition, doc, "P03") == []


@pytest.mark.parametrize("indicator", ["cloud_channels", "cloud_literacy"])
def test_p03_never_checks_a_worded_target(indicator):
    definition, doc = demo_doc()
    entry = doc.performance[indicator]
    entry.achieved_text = "未达到"
    entry.achieved = Decimal("0")  # even a number found there is not compared with 比上一年度增加/长期
    assert fired(definition, doc, "P03") == []


# ---------------------------------------------------------------- P04 typed rate vs computed


def test_p04_fires_when_the_typed_completion_rate_differs_from_the_computed_one():
    definition, doc = demo_doc()
    doc.performance["library_completion_rate"].achieved = Decimal("95")
    finding = the_one(definition, doc, "P04")
    assert finding.severity == WARNING
    assert finding.ref == CellRef("annex5", ("perf", "library_completion_rate"), "achieved")
    assert finding.message == ("附件5 全国智慧图书馆体系建设项目建设完成率「完成量」："
                               "填写的 95% 与附件1计算的 100.00% 不一致")


@pytest.mark.parametrize(("indicator", "achieved"), [
    ("library_completion_rate", "100"),  # = the computed 100.00
    ("library_completion_rate", None),  # not typed yet
    ("library_acceptance_rate", "95"),  # nothing to compute it from
])
def test_p04_is_silent_when_it_agrees_or_cannot_compare(indicator, achieved):
    definition, doc = demo_doc()
    doc.performance[indicator].achieved = None if achieved is None else Decimal(achieved)
    assert fired(definition, doc, "P04") == []


# ---------------------------------------------------------------- R01 numbers in the report text


def set_results_text(doc, *segments):
    doc.reports["library_report"]["results"] = list(segments)


@pytest.mark.parametrize(("text", "quoted", "unit", "table"), [
    ("完成1.5万筒子叶。", "1.5万筒子叶", "万筒子叶", "1、1.0274"),
    ("完成率达到95%。", "95%", "%", None),
    ("共完成10000筒子叶。", "10000筒子叶", "叶", None),  # 筒子叶 is an alias of 叶
])
def test_r01_fires_on_a_typed_number_the_tables_do_not_hold(text, quoted, unit, table):
    definition, doc = demo_doc()
    set_results_text(doc, TextSegment(text))
    finding = the_one(definition, doc, "R01")
    assert finding.severity == WARNING
    assert finding.ref == CellRef("library_report", (), "results")
    assert finding.message.startswith(f"{RESULTS_SECTION}：文中“{quoted}”与表格不符（表格中的{unit}数有：")
    assert finding.message.endswith("）。可用「插入数据项」引用表格中的数")
    if table is not None:
        assert f"表格中的{unit}数有：{table}）" in finding.message


@pytest.mark.parametrize("text", [
    "实际完成1.0274万筒子叶，完成率102.74%。",
    "共完成10274筒子叶的数字化。",  # alias of 叶
    "共完成10274叶，其中《周易传义》609叶。",
    "共完成１０２７４叶。",  # full-width digits
    "下达任务量1万筒子叶。",
    "2024年共完成9种古籍。",  # 年 and 种 are not units of the tables
])
def test_r01_is_silent_on_numbers_the_tables_hold(text):
    definition, doc = demo_doc()
    set_results_text(doc, TextSegment(text))
    assert fired(definition, doc, "R01") == []


def test_r01_never_checks_bound_figures_but_catches_stale_typed_ones():
    definition, doc = demo_doc()
    set_results_text(doc, TextSegment("实际完成"), FieldSegment("annex1.completed.digital_resources"),
                     TextSegment("，另在文中写明1.0274万筒子叶。"))
    assert fired(definition, doc, "R01") == []
    doc.rows("digital_resources")[0].items[3].count = Decimal("500")  # the tables now hold 1.0277
    finding = the_one(definition, doc, "R01")  # the typed copy is stale, the bound one is not
    assert "文中“1.0274万筒子叶”与表格不符（表格中的万筒子叶数有：1、1.0277）" in finding.message


def test_r01_leaves_the_drafted_works_list_alone_after_a_count_changes():
    """The drafted list is bound (#20 item 5): 497 → 551 changes the list, it does not make it stale."""
    definition, doc = demo_doc()
    doc.rows("digital_resources")[0].items[3].count = Decimal("551")
    assert fired(definition, doc, "R01") == []
    section = doc.reports["library_report"]["results"]
    section[section.index(FieldSegment("annex2.digital_resources.works"))] = TextSegment("《海琼玊蟾先生文集》497叶")
    assert "文中“497叶”与表格不符" in the_one(definition, doc, "R01").message  # a typed copy still is stale


def test_r01_checks_only_the_results_section():
    definition, doc = demo_doc()
    doc.reports["library_report"]["measures"] = [TextSegment("（一）加强组织领导。投入1.5万筒子叶的人力。")]
    assert fired(definition, doc, "R01") == []


# ---------------------------------------------------------------- R02 outline prompts


def test_r02_fires_on_a_prompt_left_in_a_section():
    definition, doc = demo_doc()
    findings = {f.ref: f for f in fired(definition, doc, "R02")}
    assert set(findings) == {CellRef(r, (), s) for r, s in sections(definition)}
    finding = findings[CellRef("library_report", (), "problems")]
    assert finding.severity == WARNING
    assert finding.message == (f"{LIBRARY_REPORT}「3.项目建设存在的困难以及意见建议」："
                               "还有提纲中待填写的内容“【请填写：项目实施中遇到的困难和问题】”")


def test_r02_is_silent_once_every_prompt_is_replaced(definition, demo):
    for report_id, section_id in sections(definition):
        demo.reports[report_id][section_id] = [TextSegment("（一）加强组织领导。成立了工作专班。")]
    demo.reports["library_report"]["results"] = [
        TextSegment("（一）基础数字资源项目建设数量。实际完成"), FieldSegment("annex1.completed.digital_resources"),
        TextSegment("。\n（二）取得的成效。数字化古籍已上线服务读者。")]
    assert fired(definition, demo, "R02") == []
    assert audit(definition, demo) == []  # good data all through: no finding at all


# ---------------------------------------------------------------- R03 empty sections


@pytest.mark.parametrize("empty", [[], [TextSegment("")], [TextSegment(" \n ")]])
def test_r03_fires_on_an_empty_section(empty):
    definition, doc = demo_doc()
    doc.reports["cloud_report"]["measures"] = empty
    finding = the_one(definition, doc, "R03")
    assert finding.severity == WARNING
    assert finding.ref == CellRef("cloud_report", (), "measures")
    assert finding.message == ("关于2024年度公共文化云建设项目有关情况的报告「1.组织推进项目建设的具体措施」："
                               "尚未填写（可用「生成初稿」）")


def test_r03_is_silent_on_a_section_holding_only_a_bound_figure(definition, demo):
    demo.reports["library_report"]["results"] = [FieldSegment("annex1.rate.digital_resources")]
    assert fired(definition, demo, "R03") == []


# ---------------------------------------------------------------- hbaccept validate


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_json_lists_the_rule_id_of_an_error(tmp_path, capsys):
    raw = demo_dict()
    raw["document"]["header"]["phone"] = "12345"
    path = tmp_path / "bad.hbaccept"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    code, out, _err = run(capsys, "validate", "--json", str(path))
    report = json.loads(out)
    assert code == 1 and report["clean"] is False
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert [(f["rule"], f["severity_label"], f["table"], f["column"]) for f in errors] == [
        ("H03", "错误", "header", "phone")]
    assert "“12345”不像电话号码" in errors[0]["message"]


def test_validate_text_names_rule_and_severity(tmp_path, capsys):
    raw = demo_dict()
    raw["document"]["details"]["digital_resources"][0]["contractor"] = ""
    raw["document"]["details"]["digital_resources"][0]["subproject"] = ""
    path = tmp_path / "bad.hbaccept"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    code, out, _err = run(capsys, "validate", str(path))
    assert code == 1
    assert f"[错误] D04 {DIGITAL_ROW}「承建单位」：必须填写" in out
    assert f"[提示] D06 {DIGITAL_ROW}「子项目名称」：未填写" in out


def test_validate_passes_a_file_that_leaves_the_subproject_blank_like_the_notice(tmp_path, capsys):
    raw = demo_dict()
    raw["document"]["details"]["digital_resources"][0]["subproject"] = ""
    path = tmp_path / "no-subproject.hbaccept"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    code, out, _err = run(capsys, "validate", "--json", str(path))
    report = json.loads(out)
    assert code == 0 and report["clean"] is True
    assert [(f["rule"], f["severity_label"]) for f in report["findings"] if f["column"] == "subproject"] == [
        ("D06", "提示")]


def test_the_demo_as_shipped_validates_with_exit_code_0(capsys):
    code, out, _err = run(capsys, "validate", "--json", str(demo_path()))
    report = json.loads(out)
    assert code == 0 and report["clean"] is True
    assert [f for f in report["findings"] if f["severity"] == "error"] == []


def test_y01_points_at_text_naming_the_year_before(definition, demo):
    """「2023年」 in a 2024 document: carried over from last year's file, or a typo."""
    from hbaccept_gui.core.document import TextSegment
    from hbaccept_gui.core.pipeline import evaluate

    demo.details["digital_resources"][0].values["remarks"] = "2023年已开始"
    demo.reports["cloud_report"]["problems"] = [TextSegment("2023年度经费不足。")]
    hits = [f for f in evaluate(definition, demo).findings if f.rule == "Y01"]
    assert len(hits) == 2 and all(f.severity == "warning" for f in hits)
    assert any("「备注」：文中提到“2023年”" in f.message for f in hits)
    assert any("项目建设存在的困难以及意见建议」：文中提到“2023年度”" in f.message for f in hits)


def test_d07_points_at_a_works_list_typed_into_the_text_as_well(definition, demo):
    """The printed 附件2 gives the list under the clerk's text: typed there too, it prints twice."""
    from hbaccept_gui.core.pipeline import evaluate

    row = demo.details["digital_resources"][0]
    assert not [f for f in evaluate(definition, demo).findings if f.rule == "D07"]
    row.values["description"] += "\n1、《续吴先贤讃》 317叶\n2、《周易传义》 609叶"
    [hit] = [f for f in evaluate(definition, demo).findings if f.rule == "D07"]
    assert hit.severity == "warning" and "“《续吴先贤讃》”等 2 种" in hit.message
    assert hit.ref.column == "description"
