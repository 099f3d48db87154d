"""草稿 while errors remain, end to end: the audit's verdict decides what export-all prints."""

from __future__ import annotations

from datetime import date

from test_pdf import poppler, text_of

from hbaccept_gui.core.cells import CellRef, put_value
from hbaccept_gui.core.pipeline import evaluate, load_demo
from hbaccept_gui.exporters.bundle import export_all

DAY = date(2025, 6, 5)


def pdfs(result):
    return [p for p in result.files if p.suffix == ".pdf"]


def watermarked(pdf) -> bool:
    return "Subject:         草稿" in poppler("pdfinfo", pdf)


def test_the_clean_demo_exports_without_the_watermark(tmp_path):
    definition, doc = load_demo()
    evaluation = evaluate(definition, doc, today=DAY)
    assert evaluation.clean  # the shipped demo has warnings (outline prompts) but no error
    result = export_all(evaluation, tmp_path, formats=("pdf",), today=DAY)
    assert not result.draft
    assert pdfs(result) and not any(watermarked(p) for p in pdfs(result))


def test_a_document_with_an_audit_error_exports_every_pdf_as_draft(tmp_path):
    definition, doc = load_demo()
    put_value(doc, CellRef("annex2", ("digital_resources", 0), "contractor"), "")  # rule D04, an error
    evaluation = evaluate(definition, doc, today=DAY)
    assert [f.rule for f in evaluation.findings if f.severity == "error"] == ["D04"]
    result = export_all(evaluation, tmp_path, formats=("pdf",), today=DAY)
    assert result.draft
    assert all(watermarked(p) for p in pdfs(result))
    assert "草稿" in "".join(text_of(pdfs(result)[0], "-raw").split())
