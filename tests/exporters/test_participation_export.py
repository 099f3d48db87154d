"""一键导出 of a unit that takes part in one project only (#13 item 11): no empty forms or report
with a seal circle for the other project, an email that names only its own project, and
`hbaccept validate/export/show` following the same participation."""

from __future__ import annotations

import email
import json
from datetime import date
from email import policy
from email.header import decode_header, make_header

import pytest

from hbaccept_gui import cli
from hbaccept_gui.core.pipeline import evaluate
from hbaccept_gui.core.storage import save_document
from hbaccept_gui.exporters.bundle import export_all
from hbaccept_gui.exporters.layout import build_export_set

DAY = date(2025, 6, 5)
LIBRARY_FILES = ("附件1_", "附件2_", "全国智慧图书馆体系建设项目有关情况的报告")


@pytest.fixture
def cloud_demo(demo):
    demo.programmes = ["cloud"]
    return demo


def test_export_set_holds_only_the_forms_and_report_of_the_project_taken_part_in(definition, cloud_demo):
    export_set = build_export_set(evaluate(definition, cloud_demo))
    assert [f.key for f in export_set.forms] == ["annex3", "annex4", "annex5"]
    assert [r.key for r in export_set.reports] == ["cloud_report"]


def test_a_cloud_only_unit_exports_and_emails_no_library_form(definition, cloud_demo, tmp_path):
    result = export_all(evaluate(definition, cloud_demo), tmp_path, today=DAY)
    names = sorted(p.name for p in result.files)
    assert not [n for n in names if any(part in n for part in LIBRARY_FILES)]
    assert "附件3_2024年度公共文化云建设项目任务指标完成情况表.pdf" in names
    assert "附件5_2024年度中央转移支付资金项目绩效自评表.pdf" in names
    assert "关于2024年度公共文化云建设项目有关情况的报告.docx" in names
    # 附件3, 附件4, 附件5 and the report as Word and PDF, and the workbook; no 字符集外字表 (a library material)
    assert len(names) == 2 * (3 + 1) + 1
    message = email.message_from_bytes(result.email.read_bytes(), policy=policy.default)
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject == "保定市图书馆2024年度公共文化云建设项目验收材料"
    body = message.get_body(("plain",)).get_content()
    assert "公共文化云建设项目验收材料" in body and "智慧图书馆" not in body
    attached = {part.get_filename() for part in message.iter_attachments()}
    assert len(attached) == 8 and not [n for n in attached if any(part in n for part in LIBRARY_FILES)]


def test_a_unit_of_both_projects_names_both_in_the_email(definition, demo, tmp_path):
    result = export_all(evaluate(definition, demo), tmp_path, today=DAY)
    message = email.message_from_bytes(result.email.read_bytes(), policy=policy.default)
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject == "保定市图书馆2024年度全国智慧图书馆体系建设项目和公共文化云建设项目验收材料"


def test_the_command_line_follows_the_participation(cloud_demo, tmp_path, capsys):
    path = tmp_path / "云.hbaccept"
    cloud_demo.details["digital_resources"][0].values["contractor"] = ""  # an error in 附件2, not handed in
    save_document(cloud_demo, path)
    assert cli.main(["validate", str(path), "--json"]) == cli.EXIT_OK
    report = json.loads(capsys.readouterr().out)
    assert report["programmes"] == ["cloud"]
    assert not {f["table"] for f in report["findings"]} & {"annex1", "annex2", "library_report"}
    assert cli.main(["validate", str(path)]) == cli.EXIT_OK
    assert "参与项目：公共文化云建设项目" in capsys.readouterr().out
    assert cli.main(["show", str(path)]) == cli.EXIT_OK
    shown = capsys.readouterr().out
    assert "附件3" in shown and "附件1" not in shown
    assert cli.main(["export", str(path), "--out", str(tmp_path / "out"), "--format", "docx"]) == cli.EXIT_OK
    folder = next(p for p in (tmp_path / "out").iterdir() if p.is_dir())
    assert sorted(p.name[:3] for p in folder.iterdir() if p.suffix == ".docx") == ["关于2", "附件3", "附件4", "附件5"]
