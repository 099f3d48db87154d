"""`hbaccept merge`: twelve unit files into one city file; another year, the same unit twice,
audit errors and unreadable files are refused with their Chinese messages and exit codes."""

from __future__ import annotations

import json
import shutil

import pytest

from hbaccept_gui.cli import main
from hbaccept_gui.core import definition_loader
from hbaccept_gui.core.storage import load_document, save_document

CITY = "石家庄市文化广电和旅游局"


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def units(unit_files, tmp_path):
    return unit_files(tmp_path / "units")


def test_merge_writes_the_city_file_and_prints_the_units_and_totals(units, tmp_path, capsys):
    target = tmp_path / "石家庄市.hbaccept"
    code, out, err = run(capsys, "merge", *units, "--out", target, "--unit", CITY)
    assert (code, err) == (0, "")
    assert f"已汇总 12 个单位的文件到：{target}" in out
    assert "晋州市图书馆" in out and "晋州市.hbaccept" in out
    assert any("基础数字资源项目建设数量（万筒子叶）" in line and line.split()[-2:] == ["7.8", "7.8"]
               for line in out.splitlines())
    _definition, doc = load_document(target)
    assert doc.header["unit_name"] == CITY and len(doc.merged_from) == 12


def test_the_merged_file_validates_and_exports_like_any_other(units, tmp_path, capsys):
    target = tmp_path / "市.hbaccept"
    assert run(capsys, "merge", *units, "--out", target, "--unit", CITY)[0] == 0
    code, out, _err = run(capsys, "validate", "--json", target)
    report = json.loads(out)
    assert report["derived"]["annex3.completed.live_broadcasts"]["value"] == "702"
    assert report["derived"]["annex5.funding.library.rate"]["value"] == "97.50"
    code, out, _err = run(capsys, "export", target, "--out", tmp_path / "导出", "--format", "xlsx")
    assert code == 0 and "已导出 1 个文件" in out


def test_an_existing_output_is_not_overwritten_without_force(units, tmp_path, capsys):
    target = tmp_path / "市.hbaccept"
    target.write_text("mine", encoding="utf-8")
    code, _out, err = run(capsys, "merge", *units[:2], "--out", target)
    assert code == 2 and "已存在" in err
    assert target.read_text(encoding="utf-8") == "mine"
    assert run(capsys, "merge", *units[:2], "--out", target, "--force")[0] == 0


def test_unreadable_files_stop_the_merge_unless_skipped(units, tmp_path, capsys):
    broken = tmp_path / "坏.hbaccept"
    broken.write_bytes(b"PK\x03\x04 not ours")
    target = tmp_path / "市.hbaccept"
    code, _out, err = run(capsys, "merge", units[0], broken, units[1], "--out", target)
    assert code == 2 and not target.exists()
    assert "“坏.hbaccept”是 Word/Excel 等办公文档或压缩包" in err and "--skip-unreadable" in err
    code, out, err = run(capsys, "merge", units[0], broken, units[1], "--out", target, "--skip-unreadable")
    assert code == 0 and "已汇总 2 个单位" in out and "坏.hbaccept" in err


def test_the_same_file_twice_is_refused_and_nothing_written(units, tmp_path, capsys):
    target = tmp_path / "市.hbaccept"
    code, out, _err = run(capsys, "merge", units[0], units[1], units[0], "--out", target)
    assert code == 1 and not target.exists()
    assert "“井陉县.hbaccept”与“井陉县.hbaccept”的内容完全相同" in out
    assert "没有写出汇总文件" in out


def test_audit_errors_are_listed_per_file(unit_doc, units, tmp_path, capsys):
    bad = unit_doc(5)
    bad.header["phone"] = ""
    save_document(bad, units[4])
    code, out, _err = run(capsys, "merge", *units, "--out", tmp_path / "市.hbaccept")
    assert code == 1
    assert "错误：“高邑县.hbaccept”（高邑县图书馆）审核有 1 个错误，请该单位改正后重新提交：" in out
    assert "    表头「联系电话」：必须填写" in out


@pytest.fixture
def year_2023(tmp_path, monkeypatch):
    """The program as if it shipped the 2023 notice too (a copy of 2024's under another id and year)."""
    root = tmp_path / "forms"
    shutil.copytree(definition_loader.forms_root() / "2024", root / "2024")
    shutil.copytree(definition_loader.forms_root() / "2024", root / "2023")
    notice = root / "2023" / "notice.toml"
    notice.write_text(notice.read_text(encoding="utf-8").replace('id = "hebei-2024"', 'id = "hebei-2023"')
                      .replace("year = 2024", "year = 2023"), encoding="utf-8")
    monkeypatch.setattr(definition_loader, "forms_root", lambda: root)
    definition_loader.load_definition.cache_clear()
    yield definition_loader.load_definition("hebei-2023")
    definition_loader.load_definition.cache_clear()


def test_a_file_of_another_year_is_refused_with_its_year(year_2023, unit_doc, units, tmp_path, capsys):
    old = tmp_path / "去年.hbaccept"
    save_document(unit_doc(12, of=year_2023), old)
    code, out, _err = run(capsys, "merge", *units[:3], old, "--out", tmp_path / "市.hbaccept")
    assert code == 1
    assert "“去年.hbaccept”是2023年度的表格（hebei-2023），其他文件是2024年度的（hebei-2024），不能汇总在一起。" in out
