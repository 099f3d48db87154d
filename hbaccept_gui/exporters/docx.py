"""Word files: one document per annex, laid out like the notice's forms, and the summary reports in
the GB/T 9704 official-document format. Both render the format-free layouts of `layout`. The rest
of the program writes them through this module (the export bundle reads its writers here, and
tests replace them here); the work is done by:

- `docx_text`: the faces by role, runs and paragraphs with explicitly named fonts, page numbers;
- `docx_package`: the document copied from a cached template, its page, and `save`;
- `docx_table`, `docx_tall_rows`: a form's table as Word tables, rows taller than a page cut;
- `docx_form`, `docx_report`: the annex forms and the summary reports.

Word only names fonts, and the template's theme fonts win over explicit ones, so every run and
the document defaults carry explicit fonts and the zh-CN language; the template's Letter page,
paragraph spacing and Calibri are all overridden.

Word paginates when the file is opened, with the fonts of that PC, so nothing here can print a
label only where a page happens to break. What can be done is: every table repeats its header rows
(a form part with a heading of its own, such as 附件4's second section, is a table of its own,
`table_blocks`), no row is split (rows taller than a page are cut beforehand into rows of about a
page, their labels repeated with 「（续）」, `split_tall_rows`), and the rows of a short merged
label keep together. No Qt here."""

from __future__ import annotations

from hbaccept_gui.exporters.docx_form import build_form_docx, write_form_docx
from hbaccept_gui.exporters.docx_package import save
from hbaccept_gui.exporters.docx_report import write_report_docx

__all__ = ["build_form_docx", "save", "write_form_docx", "write_report_docx"]
