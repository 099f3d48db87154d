"""A bound figure of a summary report follows the tables all the way into the exported files: edit a
leaf count in the save file, and the Word and PDF reports state the new total without re-drafting."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from hbaccept_gui.core.pipeline import demo_path, evaluate_file
from hbaccept_gui.exporters.docx import write_report_docx
from hbaccept_gui.exporters.layout import build_export_set
from hbaccept_gui.exporters.pdf import write_report_pdf

WORK = "《海琼玊蟾先生文集》"


def save_file(folder: Path, count: str | None) -> Path:
    """The demo as a save file, with the 497 叶 of 《海琼玊蟾先生文集》 changed to `count` if given."""
    raw = json.loads(demo_path().read_text(encoding="utf-8"))
    item = raw["document"]["details"]["digital_resources"][0]["items"][3]
    assert item == {"title": WORK, "count": "497"}
    if count is not None:
        item["count"] = count
    path = folder / f"demo-{count or 'shipped'}.hbaccept"
    path.write_text(json.dumps(raw, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def library_report(path: Path):
    evaluation = evaluate_file(path)
    [report] = [r for r in build_export_set(evaluation).reports if r.key == "library_report"]
    return report


def docx_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(path).element.body.iter(qn("w:p")))


def pdf_text(path: Path) -> str:
    """The PDF's text as a reader gets it, with pdftotext's line breaks and spaces taken out."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return "".join(text.split())


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, dict[str, str]]:
    """{"shipped" | "edited": {"layout" | "docx" | "pdf": text}} of the library report."""
    folder = tmp_path_factory.mktemp("bound")
    texts = {}
    for name, count in (("shipped", None), ("edited", "500")):
        report = library_report(save_file(folder, count))
        texts[name] = {
            "layout": "\n".join(p for s in report.sections for p in s.paragraphs),
            "docx": docx_text(write_report_docx(report, folder / f"{name}.docx")),
            "pdf": pdf_text(write_report_pdf(report, folder / f"{name}.pdf")),
        }
    return texts


def test_the_shipped_report_states_10274_leaves(exported):
    assert "共完成9种古籍、10274叶的数字化" in exported["shipped"]["layout"]
    assert "实际完成1.0274万筒子叶，完成率102.74%" in exported["shipped"]["docx"]
    assert "10274叶" in exported["shipped"]["pdf"] and "102.74%" in exported["shipped"]["pdf"]


def test_the_edited_leaf_count_changes_the_bound_figures_of_the_word_report(exported):
    text = exported["edited"]["docx"]
    assert "共完成9种古籍、10277叶的数字化" in text
    assert "实际完成1.0277万筒子叶，完成率102.77%" in text
    assert "10274" not in text and "102.74%" not in text


def test_the_edited_leaf_count_changes_the_bound_figures_of_the_pdf_report(exported):
    text = exported["edited"]["pdf"]
    assert "共完成9种古籍、10277叶的数字化" in text
    assert "实际完成1.0277万筒子叶，完成率102.77%" in text
    assert "10274" not in text and "102.74%" not in text
    assert f"{WORK}500叶" in text and "497叶" not in text  # the bound works list (#20 item 5)


def test_only_the_figures_and_the_list_changed(exported):
    """The rest of the drafted text is the same: nothing was re-drafted. The works list is bound
    too, so the edited work's count changes in it (#20 item 5)."""
    shipped, edited = exported["shipped"]["docx"], exported["edited"]["docx"]
    swapped = (shipped.replace("10274", "10277").replace("1.0274", "1.0277").replace("102.74%", "102.77%")
               .replace(f"{WORK}497叶", f"{WORK}500叶"))
    assert edited == swapped
    assert f"{WORK}500叶" in edited and f"{WORK}497叶" not in edited
