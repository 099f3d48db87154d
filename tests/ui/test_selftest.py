"""`hbaccept --selftest` from source: every check passes on a complete checkout, a broken part
fails its check (and the ones that need it) with exit code 1, and the report reaches the clerk
with or without a console. The frozen build runs the same self-test in CI (.ci/run)."""

from __future__ import annotations

import re
import sys

import pytest

from hbaccept_gui import selftest
from hbaccept_gui.cli import main
from hbaccept_gui.core import pipeline
from hbaccept_gui.core.pipeline import evaluate, load_demo
from hbaccept_gui.exporters.layout import build_export_set
from hbaccept_gui.ui import app as app_module
from hbaccept_gui.ui.app import make_application


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("HBACCEPT_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def lines_of(text: str) -> dict[str, str]:
    """Check label → its report line."""
    return {line.split("：")[0][5:]: line for line in text.splitlines() if line.startswith("[")}


def test_a_complete_checkout_passes_every_check_and_saves_the_report(home, capsys):
    assert main(["--selftest"]) == 0
    out = capsys.readouterr().out
    checks = lines_of(out)
    assert list(checks) == [label for label, _check in selftest.SelfTest(home).checks()]
    assert all(line.startswith("[通过]") for line in checks.values()), out
    assert "1.0274 万筒子叶" in checks["计算"]
    word, pdf, excel = map(int, re.search(r"Word (\d+) 个、PDF (\d+) 个、Excel (\d+) 个", checks["导出 Word、PDF、Excel"]).groups())
    export_set = build_export_set(evaluate(*load_demo()))
    assert pdf == len(export_set.forms) + len(export_set.reports) and word >= pdf and excel >= 1
    assert "Cancel → 取消" in checks["Qt 中文翻译"]
    assert "第 1/1 页" in checks["盖章页码"]
    assert "结果：全部 10 项通过" in out
    report = (home / "data" / selftest.REPORT_NAME).read_text(encoding="utf-8-sig")
    assert report.splitlines()[2:] == out.splitlines()[2:-1]
    assert f"报告已保存到：{home / 'data' / selftest.REPORT_NAME}" in out


def test_the_selftest_leaves_settings_and_autosave_alone(home, capsys):
    selftest.run_selftest()
    assert sorted(p.relative_to(home).as_posix() for p in home.rglob("*")) == ["data", f"data/{selftest.REPORT_NAME}"]


def test_a_missing_demo_fails_it_and_everything_built_on_it(home, capsys, monkeypatch):
    monkeypatch.setattr(pipeline, "DEMO_FILE", ("samples", "missing.hbaccept"))
    assert selftest.run_selftest() == 1
    checks = lines_of(capsys.readouterr().out)
    assert checks["表格定义"].startswith("[通过]")
    assert checks["示例文档"].startswith("[失败]") and "missing.hbaccept" in checks["示例文档"]
    assert "程序出错" not in checks["示例文档"]  # the storage layer's own Chinese message
    for label in ("计算", "导出 Word、PDF、Excel", "PDF 字体嵌入", "盖章页码", "程序窗口", "打印预览"):
        assert checks[label].startswith("[失败]") and "需要先通过" in checks[label]
    assert checks["Qt 中文翻译"].startswith("[通过]")  # independent checks still run


def test_a_wrong_result_fails_the_computation(home, capsys, monkeypatch):
    monkeypatch.setattr(selftest, "DEMO_CHECK", ("annex1.completed.digital_resources", "1.0275"))
    assert selftest.run_selftest() == 1
    assert "应为 1.0275，算得 1.0274" in lines_of(capsys.readouterr().out)["计算"]


def test_a_pdf_without_a_readable_page_code_fails_the_page_code_check(home, capsys, monkeypatch):
    """Pages printed for stamping must come back readable: a PDF without its codes fails here."""
    from hbaccept_gui.exporters import page_code

    monkeypatch.setattr(page_code, "draw_page_code", lambda *_args, **_kwargs: None)
    assert selftest.run_selftest() == 1
    assert "无法读出" in lines_of(capsys.readouterr().out)["盖章页码"]


def test_no_definitions_fail_the_first_check(home, capsys, monkeypatch):
    monkeypatch.setattr(selftest, "available_definitions", dict)
    assert selftest.run_selftest() == 1
    assert "没有找到任何年度的表格定义" in lines_of(capsys.readouterr().out)["表格定义"]


@pytest.fixture
def without_translations(monkeypatch):
    """Qt as a build without the zh_CN catalogues would have it; put back afterwards."""
    app = make_application()
    for translator in app_module._translators:
        app.removeTranslator(translator)
    monkeypatch.setattr(app_module, "QT_TRANSLATIONS", ("qtbase_xx_XX",))
    yield
    for translator in app_module._translators:
        app.installTranslator(translator)


def test_missing_qt_translations_fail_their_check(home, capsys, without_translations):
    assert selftest.run_selftest() == 1
    assert "没有加载 Qt 的中文翻译" in lines_of(capsys.readouterr().out)["Qt 中文翻译"]


def test_a_font_that_is_not_embedded_is_found(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "helvetica.pdf"
    canvas = Canvas(str(path))
    canvas.drawString(72, 720, "not embedded")
    canvas.save()
    assert selftest.pdf_fonts(path) == {"Helvetica": False}


def test_without_a_console_the_report_is_shown_in_a_window(home, monkeypatch, dialogs):
    """A windowed Windows build has sys.stdout = None: the report goes into a message box."""
    monkeypatch.setattr(sys, "stdout", None)
    assert selftest.run_selftest() == 0
    (kind, text), = dialogs.asked
    assert kind == "information"
    assert "结果：全部 10 项通过" in text and "报告已保存到" in text


def test_a_failure_without_a_console_is_shown_as_an_error(home, monkeypatch, dialogs):
    monkeypatch.setattr(selftest, "available_definitions", dict)
    monkeypatch.setattr(sys, "stdout", None)
    assert selftest.run_selftest() == 1
    assert [kind for kind, _text in dialogs.asked] == ["critical"]


def test_an_unwritable_report_folder_is_said_not_hidden(tmp_path, capsys, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("HBACCEPT_HOME", str(blocker))
    assert selftest.run_selftest() == 0
    assert "报告无法保存到" in capsys.readouterr().out


def test_an_unreadable_icon_fails_its_check(home, capsys, monkeypatch):
    monkeypatch.setattr(app_module, "APP_ICON", ("icons", "missing.ico"))
    assert selftest.run_selftest() == 1
    assert "无法读取程序图标" in lines_of(capsys.readouterr().out)["程序图标"]
