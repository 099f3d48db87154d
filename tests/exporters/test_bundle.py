"""一键导出: the folder, the zip, the email draft to the province, and what is said before exporting."""

from __future__ import annotations

import email
import re
import zipfile
from datetime import date
from email import policy
from email.header import decode_header, make_header

import pytest

from hbaccept_gui.core.pipeline import evaluate
from hbaccept_gui.exporters.bundle import character_warnings, export_all, folder_name, free_folder, safe_name
from hbaccept_gui.exporters.layout import ExportSet, build_export_set

DAY = date(2025, 6, 5)


@pytest.fixture
def demo_evaluation(definition, demo):
    return evaluate(definition, demo)


@pytest.fixture
def exported(demo_evaluation, tmp_path):
    return export_all(demo_evaluation, tmp_path, today=DAY)


def test_export_folder_is_named_for_the_unit_year_and_day(exported, tmp_path):
    assert exported.folder == tmp_path / "保定市图书馆_2024年度验收材料_20250605"
    names = sorted(p.name for p in exported.files)
    assert "附件1_2024年度全国智慧图书馆体系建设项目任务指标完成情况表.docx" in names
    assert "附件5_2024年度中央转移支付资金项目绩效自评表.pdf" in names
    assert "关于2024年度全国智慧图书馆体系建设项目有关情况的报告.pdf" in names
    assert "保定市图书馆_2024年度验收材料.xlsx" in names
    # forms and reports as Word and PDF, the workbook, and the 字符集外字表 as Word and Excel (玊 and 讃)
    assert len(names) == 2 * (5 + 2) + 1 + 2
    assert "保定市图书馆_2024年度字符集外字表.docx" in names and "保定市图书馆_2024年度字符集外字表.xlsx" in names
    assert all(p.stat().st_size > 0 for p in exported.files)


def test_an_earlier_export_is_never_overwritten(demo_evaluation, exported, tmp_path):
    again = export_all(demo_evaluation, tmp_path, today=DAY)
    assert again.folder.name == "保定市图书馆_2024年度验收材料_20250605_2"
    assert exported.folder.exists() and again.folder.exists()


def test_zip_holds_every_file_under_the_folder_name(exported):
    with zipfile.ZipFile(exported.archive) as archive:
        names = archive.namelist()
    assert len(names) == len(exported.files)
    assert all(n.startswith("保定市图书馆_2024年度验收材料_20250605/") for n in names)


def test_zip_members_are_the_files_stored_as_they_are_compressed_already(exported):
    with zipfile.ZipFile(exported.archive) as archive:
        assert archive.testzip() is None
        for path in exported.files:
            info = archive.getinfo(f"{exported.folder.name}/{path.name}")
            assert info.compress_type == zipfile.ZIP_STORED  # .docx, .xlsx and .pdf are deflated inside
            assert archive.read(info) == path.read_bytes()


def test_email_draft_is_addressed_to_the_province_with_chinese_attachment_names(exported):
    message = email.message_from_bytes(exported.email.read_bytes(), policy=policy.default)
    assert message["To"] == "whtswc@163.com"
    assert message["X-Unsent"] == "1"
    subject = str(make_header(decode_header(message["Subject"])))
    assert "保定市图书馆" in subject and "全国智慧图书馆体系建设项目" in subject and "公共文化云建设项目" in subject
    body = message.get_body(("plain",)).get_content()
    assert "省厅公共服务处" in body
    attachments = list(message.iter_attachments())
    names = {part.get_filename() for part in attachments}
    # the 字符集外字表 goes with the resources handed in later, not with the stamped forms and reports
    expected = {p.name for p in exported.files if p.suffix in (".docx", ".pdf") and "字符集外字表" not in p.name}
    assert names == expected
    for part in attachments:  # Outlook reads name= on Content-Type (RFC 2047), not only filename*
        raw_name = part.get_param("name", header="content-type")
        assert str(make_header(decode_header(raw_name))) == part.get_filename()
    first = next(p for p in attachments if p.get_filename().endswith(".pdf"))
    assert first.get_content().startswith(b"%PDF")


def test_attachment_names_are_written_as_outlook_reads_them(exported):
    """The parser above decodes RFC 2231 too, so look at the bytes: every attachment's Content-Type
    carries an RFC 2047 name="=?utf-8?b?…?=", never RFC 2231 name*0*= continuations."""
    raw = exported.email.read_bytes().decode("ascii")
    content_types = re.findall(r"^Content-Type:\s+application/[^\n]*(?:\n [^\n]*)*", raw, re.MULTILINE)
    emailed = [p for p in exported.files if p.suffix in (".docx", ".pdf") and "字符集外字表" not in p.name]
    assert len(content_types) == len(emailed)
    for header in content_types:
        assert 'name="=?utf-8?b?' in header and "name*" not in header


def test_clean_demo_exports_without_draft_mark(exported):
    assert exported.draft is False


def test_a_document_with_errors_is_exported_as_draft(definition, demo, tmp_path):
    demo.header["contact"] = ""
    result = export_all(evaluate(definition, demo), tmp_path, today=DAY, formats=("pdf",))
    assert result.draft is True


def test_rare_characters_are_reported_before_export(definition, demo):
    demo.details["digital_resources"][0].values["description"] = "完成《\U00020001书》的数字化"
    warnings = character_warnings(build_export_set(evaluate(definition, demo)))
    assert any("U+20001" in w and "GBK" in w for w in warnings)


def test_the_demo_has_nothing_outside_gbk_or_the_fonts(demo_evaluation):
    assert character_warnings(build_export_set(demo_evaluation)) == []


def test_progress_is_reported_step_by_step(demo_evaluation, tmp_path):
    seen = []
    export_all(demo_evaluation, tmp_path, today=DAY, progress=lambda n, total, message: seen.append((n, total)))
    assert seen[0][0] == 1 and seen[-1][0] == seen[-1][1]
    assert [n for n, _t in seen] == list(range(1, len(seen) + 1))


@pytest.mark.parametrize(("unit", "expected"), [
    ("保定市图书馆", "保定市图书馆"), ('a/b\\c:d*e?"f<g>h|', "abcdefgh"), ("  ...", "未填写单位"), ("单位.", "单位")])
def test_unit_names_become_safe_windows_folder_names(unit, expected):
    assert safe_name(unit) == expected


def test_free_folder_counts_up(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x_2").mkdir()
    assert free_folder(tmp_path, "x") == tmp_path / "x_3"
    assert folder_name(ExportSet((), (), "单位", 2024), DAY) == "单位_2024年度验收材料_20250605"
