"""`hbaccept scans FILE SCAN... --out DIR`: the list on stdout, the stamped PDFs, the exit codes.
The parser is built here as cli.py builds it (`cli_scans.add_parser` on its sub-commands)."""

from __future__ import annotations

import pytest

from hbaccept_gui.core.pipeline import load_demo
from hbaccept_gui.core.storage import save_document

import fake_scans as fs

DPI = 150


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo saved, and every page of its export scanned in colour with the seals stamped."""
    base = tmp_path_factory.mktemp("cli_scans")
    save_document(load_demo()[1], base / "保定.hbaccept")
    pages = []
    for path in fs.write_coded_pdfs(fs.demo_export_set(), base / "export").values():
        for page in fs.render_pages(path, DPI):
            pages.append(fs.sealed(page))
    return base, pages


run = fs.run_cli_scans


def test_complete_stamped_scans_exit_0_and_write_every_stamped_pdf(demo, tmp_path, capsys):
    base, pages = demo
    scan = fs.save_pdf(pages[::-1], tmp_path / "扫描.pdf", DPI)
    code, out = run(capsys, base / "保定.hbaccept", scan, "--out", tmp_path)
    assert code == 0, out.out
    assert f"共读取 {len(pages)} 页。" in out.out
    assert "已写出 7 份盖章版 PDF" in out.out
    assert len(list(tmp_path.glob("*（盖章版）.pdf"))) == 7
    assert "错误：" not in out.out


def test_a_missing_page_exits_1_and_says_which(demo, tmp_path, capsys):
    base, pages = demo
    scan = fs.save_pdf(pages[:3] + pages[4:], tmp_path / "扫描.pdf", DPI)
    code, out = run(capsys, base / "保定.hbaccept", scan, "--out", tmp_path)
    assert code == 1
    assert "缺第" in out.out and "已写出 6 份盖章版 PDF" in out.out


def test_an_unreadable_scan_exits_2(demo, tmp_path, capsys):
    base, pages = demo
    broken = tmp_path / "坏.pdf"
    broken.write_bytes(b"not a pdf")
    code, out = run(capsys, base / "保定.hbaccept", broken, "--out", tmp_path)
    assert code == 2
    assert "“坏.pdf”不是可以读取的 PDF 文件" in out.err


def test_a_missing_out_folder_or_save_file_exits_2(demo, tmp_path, capsys):
    base, _pages = demo
    code, out = run(capsys, base / "保定.hbaccept", base / "保定.hbaccept", "--out", tmp_path / "没有")
    assert code == 2 and "不存在" in out.err
    code, out = run(capsys, tmp_path / "没有.hbaccept", base / "保定.hbaccept", "--out", tmp_path)
    assert code == 2 and out.err.startswith("错误：")
