"""A paste is a spreadsheet block or a text processor's paragraph by the formats on the clipboard,
as the programs clerks use put them there (Windows format names as Qt shows them)."""

from __future__ import annotations

from hbaccept_gui.core.paste_source import is_paragraph, is_spreadsheet_block, pasted_cells

WIN = 'application/x-qt-windows-mime;value="{}"'
EXCEL = ["text/plain", "text/html", WIN.format("Biff12"), WIN.format("Biff8"), WIN.format("XML Spreadsheet"),
         WIN.format("Csv"), WIN.format("Rich Text Format"), WIN.format("Link"), WIN.format("Embed Source")]
EXCEL_HTML = ('<html xmlns:x="urn:schemas-microsoft-com:office:excel"><body><table border=0>'
              '<tr><td>《周易传义》</td><td align=right x:num>609</td></tr></table></body></html>')
WPS_SHEET = ["text/plain", "text/html", WIN.format("Biff8"), WIN.format("Rich Text Format")]
CALC = ["text/plain;charset=utf-8", "text/html", "text/rtf",
        'application/x-openoffice-sylk;windows_formatname="Sylk"',
        'application/x-openoffice-dif;windows_formatname="DIF"',
        'application/x-openoffice-embed-source-xml;windows_formatname="Star Embed Source (XML)"']
WORD = ["text/plain", "text/html", WIN.format("Rich Text Format"), WIN.format("Object Descriptor"),
        WIN.format("Link Source"), WIN.format("Link Source Descriptor"), WIN.format("ObjectLink")]
WORD_HTML = ("<html><body><!--StartFragment--><p class=MsoNormal>完成直录播<span style='mso-tab-count:1'>"
             "\u00a0</span>共12场</p><!--EndFragment--></body></html>")
WPS_WRITER = ["text/plain", "text/html", WIN.format("Rich Text Format"), WIN.format("Kingsoft WPS 9.0 Format")]
PARAGRAPH = "完成直录播\t共12场\r\n线上观看\t5万人次\r\n"


def test_spreadsheets_paste_blocks():
    assert is_spreadsheet_block(EXCEL, EXCEL_HTML)
    assert is_spreadsheet_block(WPS_SHEET, EXCEL_HTML)
    assert is_spreadsheet_block(CALC, "<table><tr><td>1</td></tr></table>")
    assert pasted_cells("《周易传义》\t609\r\n", EXCEL, EXCEL_HTML) == [["《周易传义》", "609"]]


def test_a_word_or_wps_paragraph_is_one_cell_with_its_line_breaks():
    for formats in (WORD, WPS_WRITER):
        assert is_paragraph(formats, WORD_HTML)
        assert pasted_cells(PARAGRAPH, formats, WORD_HTML) == [["完成直录播\t共12场\n线上观看\t5万人次"]]


def test_a_table_copied_from_word_fills_a_block():
    html = "<table class=MsoTableGrid><tr><td><p>甲</p></td><td><p>1</p></td></tr></table>"
    assert pasted_cells("甲\t1\r\n", WORD, html) == [["甲", "1"]]


def test_plain_text_alone_is_read_as_a_block():
    assert pasted_cells("甲\t1\n乙\t2\n", ["text/plain"]) == [["甲", "1"], ["乙", "2"]]
    assert not is_paragraph(["text/plain"], "")
