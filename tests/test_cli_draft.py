"""`hbaccept draft` writes Chinese as it is typeset (issue 20, item 9): a 子项目名称 that has brackets
of its own is not nested in the draft's brackets 「（馆藏古籍数字化（第一批））」."""

from __future__ import annotations

from hbaccept_gui.cli import main
from hbaccept_gui.core.calc import recompute
from hbaccept_gui.core.pipeline import load_demo
from hbaccept_gui.core.report_text import render_segments
from hbaccept_gui.core.storage import load_document, save_document


def test_draft_nests_no_round_brackets(tmp_path, capsys):
    _definition, doc = load_demo()
    doc.rows("digital_resources")[0].values["subproject"] = "馆藏古籍数字化（第一批）"
    path = tmp_path / "保定.hbaccept"
    save_document(doc, path)
    assert main(["draft", str(path), "--force"]) == 0
    capsys.readouterr()
    definition, drafted = load_document(path)
    text = render_segments(recompute(definition, drafted), drafted.reports["library_report"]["results"])
    assert "保定市图书馆（馆藏古籍数字化〔第一批〕）承建" in text
    assert "））" not in text
