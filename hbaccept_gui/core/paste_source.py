"""Whether pasted text is a spreadsheet block or a text processor's paragraph, told by the
formats the copying program put on the clipboard, not by the text.

A paragraph copied from Word or WPS Writer may hold tabs and line breaks; split as a block it
spilled over 访问地址 and 备注 with no warning. Spreadsheets (Excel, WPS Spreadsheets,
LibreOffice Calc) always offer an HTML table and usually formats of their own (BIFF, XML
Spreadsheet, SYLK, DIF, CSV); text processors offer HTML paragraphs and RTF. On Windows, Qt names
a clipboard format it has no MIME type for `application/x-qt-windows-mime;value="<name>"`;
LibreOffice on Linux names them `application/x-openoffice-…;windows_formatname="<name>"`. Plain
text alone (our own copies, Notepad) keeps being read as a tab-separated block."""

from __future__ import annotations

import re

from hbaccept_gui.core.edits import parse_block

#: Clipboard format names only spreadsheets offer.
SPREADSHEET_FORMATS = ("biff", "xml spreadsheet", "xltable", "sylk", "dif", "csv", "link source descriptor;et",
                       "wps sheet", "kingsoft et")
#: Formats that say "formatted text": a text processor's paragraphs unless a table is in the HTML.
TEXT_PROCESSOR_FORMATS = ("text/html", "text/rtf", "text/richtext", "rich text format", "kingsoft wps",
                          "msworddoc", "wps writer")
HTML_TABLE = re.compile(r"<table[\s>]", re.IGNORECASE)


def is_spreadsheet_block(formats: list[str], html: str) -> bool:
    names = [f.lower() for f in formats]
    return bool(HTML_TABLE.search(html)) or any(marker in name for name in names for marker in SPREADSHEET_FORMATS)


def is_paragraph(formats: list[str], html: str) -> bool:
    """Formatted text without a table, from a program that is not a spreadsheet."""
    names = [f.lower() for f in formats]
    formatted = any(marker in name for name in names for marker in TEXT_PROCESSOR_FORMATS)
    return formatted and not is_spreadsheet_block(formats, html)


def pasted_cells(text: str, formats: list[str], html: str = "") -> list[list[str]]:
    """The cells a paste fills: one cell for a paragraph (its line breaks kept, the trailing one
    dropped), else the rows and columns of the block."""
    if is_paragraph(formats, html):
        paragraph = text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n")
        return [[paragraph]] if paragraph else []
    return parse_block(text)
