"""The Word exporter writes form tables as XML and copies run properties and whole documents from
templates built once (for speed): the tables must come out as python-docx's own API writes them,
and nothing done to one copy may show up in another."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from decimal import Decimal

import docx
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm, Twips

from hbaccept_gui.core.charset import rare_characters
from hbaccept_gui.core.document import ItemRow
from hbaccept_gui.core.pipeline import evaluate, load_demo
from hbaccept_gui.exporters import docx as word
from hbaccept_gui.exporters import docx_package, docx_table
from hbaccept_gui.exporters.charset_docx import EXT_B_FACE, write_charset_docx
from hbaccept_gui.exporters.charset_layout import charset_form
from hbaccept_gui.exporters.layout import Cell, Table, build_export_set
from hbaccept_gui.exporters.settings import ExportSettings

#: Row and column spans, a span over both, a span clipped at the table's end, a grid position no
#: cell covers, a cell of two lines and an empty one.
TABLE = Table(
    widths=(1, 2, 1, 1),
    header_rows=((Cell("A", row_span=2, header=True), Cell("B", col_span=2, header=True), Cell("C", header=True)),
                 (Cell("b1", header=True), Cell("b2", header=True), Cell("c2", header=True))),
    body_rows=((Cell("x\ny", col_span=2, row_span=2, align="left"), Cell("z", align="right")),
               (Cell(""), Cell("v", row_span=5))),
)


def shape(tbl) -> list[list[tuple]]:
    """Per row, per w:tc: width, gridSpan, vMerge, vAlign and the text of each paragraph."""
    def val(tcPr, tag):
        element = tcPr.find(qn(tag))
        return None if element is None else element.get(qn("w:val"), "continue")

    return [[(tc.tcPr.find(qn("w:tcW")).get(qn("w:w")), val(tc.tcPr, "w:gridSpan"), val(tc.tcPr, "w:vMerge"),
              val(tc.tcPr, "w:vAlign"), [p.xpath("string(.)") for p in tc.findall(qn("w:p"))])
             for tc in tr.findall(qn("w:tc"))] for tr in tbl.findall(qn("w:tr"))]


def api_table(table: Table, widths: list[int]):
    """The oracle: the same table through python-docx's cell API and `merge`."""
    document = docx.Document()
    rows = table.header_rows + table.body_rows
    grid = document.add_table(rows=len(rows), cols=len(widths))
    cells = [list(row.cells) for row in grid.rows]
    for row in cells:
        for c, twips in enumerate(widths):
            row[c].width = Twips(twips)
            row[c].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for r, c, cell in table.placements():
        for n, line in enumerate(cell.text.split("\n")):
            paragraph = cells[r][c].paragraphs[0] if n == 0 else cells[r][c].add_paragraph()
            if line:
                paragraph.add_run(line)
        bottom = r + max(1, min(cell.row_span, len(rows) - r)) - 1
        right = c + max(1, min(cell.col_span, len(widths) - c)) - 1
        if (bottom, right) != (r, c):
            cells[r][c].merge(cells[bottom][right])
    return grid._tbl


def test_a_table_written_as_xml_has_the_cells_and_merges_of_python_docx_api():
    document = docx_package._new_document("宋体", docx_table.CELL_PT, "t")
    width = Mm(150)
    docx_table._table(document, TABLE, "宋体", width)
    tbl = document.tables[-1]._tbl
    assert shape(tbl) == shape(api_table(TABLE, docx_table._column_widths(TABLE.widths, width)))
    rows = tbl.findall(qn("w:tr"))
    assert [tr.trPr.find(qn("w:tblHeader")) is not None for tr in rows] == [True, True, False, False]
    assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows)
    for r in tbl.iter(qn("w:r")):
        fonts = r.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == "宋体" and fonts.get(qn("w:ascii")) == "宋体"
    # header cells are not bold (the PDF's are not): set in the header face, here the table's own
    assert [r.find(qn("w:rPr")).find(qn("w:b")) is not None for r in rows[0].iter(qn("w:r"))] == [False] * 3


def parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist() if not name.endswith("core.xml")}


def test_documents_copied_from_one_template_share_nothing(tmp_path):
    """A report adds footers and settings to its copy of the template: the next copy starts clean."""
    export_set = build_export_set(evaluate(*load_demo()))
    report = export_set.reports[0]
    first = parts(word.write_report_docx(report, tmp_path / "1.docx"))
    word.write_report_docx(export_set.reports[1], tmp_path / "other.docx")
    second = parts(word.write_report_docx(report, tmp_path / "2.docx"))
    assert first == second
    assert sum(name.startswith("word/footer") for name in first) == 2


def test_our_save_writes_the_parts_python_docx_writes_in_its_order(tmp_path):
    """`save` replaces python-docx's `Document.save` (for the serialized-once styles and a faster
    deflate level): the same members, in the same order, with the same content."""
    document = word.build_form_docx(build_export_set(evaluate(*load_demo())).forms[2])
    document.save(tmp_path / "python-docx.docx")
    word.save(document, tmp_path / "ours.docx")
    with zipfile.ZipFile(tmp_path / "python-docx.docx") as theirs, zipfile.ZipFile(tmp_path / "ours.docx") as ours:
        assert ours.namelist() == theirs.namelist()
        assert all(ours.read(name) == theirs.read(name) for name in theirs.namelist())
        assert {info.compress_type for info in ours.infolist()} == {zipfile.ZIP_DEFLATED}


def test_no_writer_changes_the_styles_the_template_copies_share(tmp_path):
    """Copies of a template share its styles part, written as serialized when the template was
    built: every writer must leave it alone, or the next file would get the change too."""
    definition, demo = load_demo()
    evaluation = evaluate(definition, demo)
    export_set = build_export_set(evaluation)
    for n, form in enumerate(export_set.forms):
        word.write_form_docx(form, tmp_path / f"form{n}.docx")
    for n, report in enumerate(export_set.reports):
        word.write_report_docx(report, tmp_path / f"report{n}.docx")
    write_charset_docx(charset_form(evaluation, rare_characters(definition, demo)), tmp_path / "list.docx")
    assert len(docx_package._SHARED) >= 3  # forms, reports and the list are set in different faces and sizes
    for part, written in docx_package._SHARED.items():
        assert part.blob == written


def test_fonts_set_on_one_document_do_not_leak_into_the_next(tmp_path):
    """The 字符集外字表 names SimSun-ExtB on the runs of Ext-B characters (copies of the shared run
    properties): a form written after it in 宋体 names no SimSun-ExtB."""
    definition, demo = load_demo()
    demo.details["digital_resources"][0].items.append(ItemRow("𠀀", Decimal(1)))
    form = charset_form(evaluate(definition, demo), rare_characters(definition, demo))
    listed = docx.Document(write_charset_docx(form, tmp_path / "list.docx"))
    assert EXT_B_FACE in {f.get(qn("w:eastAsia")) for f in listed.element.body.iter(qn("w:rFonts"))}
    annex = build_export_set(evaluate(*load_demo())).forms[0]
    written = docx.Document(word.write_form_docx(annex, tmp_path / "form.docx", replace(ExportSettings(),
                                                                                       body_font="宋体")))
    assert EXT_B_FACE not in {f.get(qn("w:eastAsia")) for f in written.element.body.iter(qn("w:rFonts"))}
