"""The python-docx package every Word file starts from and ends as: a copy of a cached template
whose defaults are our font (`_template`), its core properties, the A4 page, and `save`, which
writes the parts shared by the copies serialized once."""

from __future__ import annotations

import zipfile
from copy import deepcopy
from datetime import datetime, timezone
from functools import cache
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt

from hbaccept_gui.exporters.docx_text import _THEME_ATTRS, _set_font
from hbaccept_gui.exporters.properties import property_text

CREATOR = "验收材料填报助手"

#: zlib level of the parts in a saved file. python-docx deflates at zlib's default (6), which took
#: as long as building a form; 3 is about three times as fast for files ~30 % larger (1 and 2 are
#: no faster here, and larger).
DEFLATE_LEVEL = 3


#: Parts of the templates that their copies share instead of copying (see `_new_document`), each
#: with its XML, serialized once.
_SHARED: dict[Part, bytes] = {}


def _new_document(face: str, size: float, title: str):
    """A copy of `_template`: copying the parsed package takes half the time of opening and
    adjusting python-docx's default template for every file. The styles part is not copied but
    shared by all copies of the template, and `save` writes its XML serialized once: it is a
    340 KB tree (python-docx's template defines 164 styles) whose copying and serializing took a
    third of each file's time. Nothing changes styles after `_template` (a test checks it)."""
    document = deepcopy(_template(face, size), {id(part): part for part in _SHARED})
    _properties(document, title)
    return document


def save(document, path: Path) -> Path:
    """Write `document` as python-docx's `Document.save` does (the same parts, in the same order,
    through its own content-types builder), but with the shared parts' XML serialized once and
    deflated at DEFLATE_LEVEL: python-docx's writer has no way to choose either."""
    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=DEFLATE_LEVEL) as archive:
        archive.writestr("[Content_Types].xml", _ContentTypesItem.from_parts(parts).blob)
        archive.writestr("_rels/.rels", package.rels.xml)
        for part in parts:
            archive.writestr(part.partname.membername, _SHARED.get(part) or part.blob)
            if len(part.rels):
                archive.writestr(part.partname.rels_uri.membername, part.rels.xml)
    return Path(path)


@cache
def _template(face: str, size: float):
    """A document whose defaults are our font at `size` with no paragraph spacing: the template's
    Calibri, en-US/ja-JP languages, 10 pt space after and 1.15 line spacing would otherwise leak
    into every paragraph we do not format ourselves (empty ones, table cells). Only ever copied
    (its styles part shared, see `_new_document`)."""
    document = Document()
    styles = document.styles.element
    _set_font(styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")), face, size)
    spacing = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.attrib.clear()
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    spacing.set(qn("w:lineRule"), "auto")
    for fonts in styles.iter(qn("w:rFonts")):  # the template's other styles: inherit our font
        for attr in _THEME_ATTRS:
            fonts.attrib.pop(qn(attr), None)
    normal = document.styles["Normal"]
    _set_font(normal.element.get_or_add_rPr(), face, size)
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    lang = document.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    styles_part = document.part.part_related_by(RT.STYLES)
    _SHARED[styles_part] = styles_part.blob
    return document


def _properties(document, title: str) -> None:
    core = document.core_properties
    core.title, core.author, core.last_modified_by = property_text(title), CREATOR, CREATOR  # ≤ 255, else ValueError
    core.comments = core.subject = core.keywords = ""
    core.created = core.modified = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)  # written as UTC
    core.revision = 1


def _set_page(section, landscape: bool, margins: tuple[float, float, float, float]) -> None:
    """A4 with `margins` (top, bottom, left, right in mm); landscape needs the orientation AND
    swapped sizes, else Word keeps portrait."""
    short, long = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    top, bottom, left, right = margins
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)


def _text_width(section) -> int:
    return section.page_width - section.left_margin - section.right_margin


def _page_room(section) -> float:
    """The height of the text block, in points."""
    return Emu(section.page_height - section.top_margin - section.bottom_margin).pt
