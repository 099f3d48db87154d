"""Text in Word as the forms and reports set it: the face for each role, and runs and paragraphs
that name their fonts explicitly, built once per look and copied (`_rPr`, `_pPr`).

Word only names fonts (Word/WPS substitute a missing face), so the names come from ExportSettings;
where a setting is None the official face is named if this PC has it, else the common Windows face.
python-docx sets only the Latin font of a run, and the default template's theme fonts win over
explicit ones, so every run carries explicit w:eastAsia/ascii/hAnsi fonts, no *Theme attributes
and the zh-CN language."""

from __future__ import annotations

import sys
from copy import deepcopy
from dataclasses import dataclass
from functools import cache

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.paragraph import CT_P
from docx.oxml.text.parfmt import CT_PPr
from docx.oxml.text.run import CT_R
from docx.oxml.text.font import CT_RPr
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml.etree import SubElement

from hbaccept_gui.core.text import xml_safe
from hbaccept_gui.exporters.settings import ExportSettings

BODY_PT = 16  # 三号: the reports' body text and the forms' 附件N label

_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


#: The official faces by role: (file in the Windows font folders, the family name Word knows).
_OFFICIAL = {
    "title": (("FZXBSJW.TTF", "方正小标宋简体"), ("方正小标宋简体.ttf", "方正小标宋简体"),
              ("FZXBSK.TTF", "方正小标宋_GBK"), ("方正小标宋_GBK.ttf", "方正小标宋_GBK")),
    "body": (("FS_GB2312.ttf", "仿宋_GB2312"), ("仿宋_GB2312.ttf", "仿宋_GB2312"),
             ("SIMFANG_GB2312.ttf", "仿宋_GB2312")),
    "heading2": (("KT_GB2312.ttf", "楷体_GB2312"), ("楷体_GB2312.ttf", "楷体_GB2312"),
                 ("SIMKAI_GB2312.ttf", "楷体_GB2312")),
}


_FALLBACK = {"title": "黑体", "body": "仿宋", "heading2": "楷体"}


def default_font(role: str) -> str:
    """The face to name when the setting is None: the official face where this Windows PC has it
    (a name Word cannot find would be substituted by something arbitrary), else the face every
    Chinese Windows has. Elsewhere (Linux CI, a Mac) always the fallback."""
    if sys.platform == "win32":
        from hbaccept_gui.exporters.fonts import font_dirs  # the PDF exporter's font folders

        for file, family in _OFFICIAL[role]:
            if any((folder / file).is_file() for folder in font_dirs()):
                return family
    return _FALLBACK[role]


@dataclass(frozen=True)
class _Faces:
    title: str
    body: str
    heading1: str
    heading2: str
    number: str
    bold_level3: bool  # 「1.」 headings bold: local practice, not the standard

    @classmethod
    def resolve(cls, settings: ExportSettings) -> _Faces:
        return cls(settings.title_font or default_font("title"), settings.body_font or default_font("body"),
                   settings.heading1_font or "黑体", settings.heading2_font or default_font("heading2"),
                   settings.page_number_font or "宋体", settings.bold_level3_headings)


def heavy(face: str) -> bool:
    """小标宋 and 黑体 are heavy already; any other title face is set bold to look like a title."""
    return "小标宋" in face or "黑" in face


def _set_font(rPr, face: str, size: float | None = None, bold: bool | None = None) -> None:
    """Explicit fonts for every script, no theme fonts (they would win), Chinese language."""
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            rPr.remove_all(tag)
        rPr.get_or_add_sz().set(qn("w:val"), str(round(size * 2)))
        szCs = OxmlElement("w:szCs")
        szCs.set(qn("w:val"), str(round(size * 2)))
        rPr.sz.addnext(szCs)
    if bold is not None:
        rPr._remove_b()
        if bold:
            rPr._add_b()
    fonts = rPr.get_or_add_rFonts()
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), face)
    _set_lang(rPr)


def _set_lang(rPr) -> None:
    rPr.remove_all("w:lang")
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")  # Latin text stays English (spelling); Chinese is zh-CN
    lang.set(qn("w:eastAsia"), "zh-CN")
    rPr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")


@cache
def _rPr(face: str, size: float, bold: bool) -> CT_RPr:
    """The run properties for (face, size, bold), built once by `_set_font` and copied into every
    run and paragraph mark that uses them: python-docx's per-element get-or-add calls made
    formatting each run cost more than everything else in a form. Never modify the returned one."""
    rPr = OxmlElement("w:rPr")
    _set_font(rPr, face, size, bold)
    return rPr


@cache
def _pPr(face: str, size: float, align, exact: float | None = None) -> CT_PPr:
    """The properties of one of our paragraphs (alignment, no spacing, an `exact` line pitch if
    given, the mark in our font), built once through python-docx and copied like `_rPr`."""
    paragraph = Paragraph(OxmlElement("w:p"), None)
    paragraph.alignment = align
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
    _mark_rPr(paragraph).extend(deepcopy(child) for child in _rPr(face, size, False))
    if exact is not None:
        _exact(paragraph, exact)
    return paragraph._p.pPr


def _add_run(p: CT_P, text: str, face: str, size: float, bold: bool = False) -> CT_R:
    r = SubElement(p, qn("w:r"))
    r.append(deepcopy(_rPr(face, size, bold)))
    if text:
        r.text = xml_safe(text)  # python-docx's setter: tabs and line breaks as Word elements
    return r


def _run(paragraph, text: str, face: str, size: float, bold: bool = False) -> Run:
    return Run(_add_run(paragraph._p, text, face, size, bold), paragraph)


def _format(p: CT_P, text: str, face: str, size: float, align, bold: bool, exact: float | None = None) -> None:
    """Give an unformatted paragraph (new, or holding at most a style, as a new footer's) our
    properties and `text` as one run."""
    template = _pPr(face, size, align, exact)
    if p.pPr is None:
        p.insert(0, deepcopy(template))
    else:
        p.pPr.extend(deepcopy(child) for child in template)
    if text:
        _add_run(p, text, face, size, bold)


def _paragraph(container, text: str, face: str, size: float, align=WD_ALIGN_PARAGRAPH.LEFT,
               bold: bool = False, paragraph=None):
    """A paragraph with one run and no extra spacing; `paragraph` reuses an existing empty one."""
    paragraph = paragraph if paragraph is not None else container.add_paragraph()
    _format(paragraph._p, text, face, size, align, bold)
    return paragraph


def _mark_rPr(paragraph):
    """The paragraph mark's run properties: they size an empty paragraph (python-docx has no API)."""
    pPr = paragraph._p.get_or_add_pPr()
    rPr = pPr.find(qn("w:rPr"))
    if rPr is None:
        rPr = OxmlElement("w:rPr")
        pPr.insert_element_before(rPr, "w:sectPr", "w:pPrChange")
    return rPr


def _exact(paragraph, points: float) -> None:
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = Pt(points)


def _no_autospace(paragraph) -> None:
    """No extra space between Chinese and digits: Word and WPS add about a quarter character there,
    which the signature's centring cannot know of."""
    pPr = paragraph._p.get_or_add_pPr()
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        pPr.insert_element_before(OxmlElement(tag, attrs={qn("w:val"): "0"}), *_AFTER_AUTOSPACE)


#: CT_PPr's children after w:snapToGrid / w:autoSpaceDN, in schema order.
_AFTER_AUTOSPACE = ("w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                    "w:pPrChange")


def char_width(text: str) -> float:
    """Width in characters: half-width digits and letters count a half."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def _number_runs(paragraph, face: str, size: float) -> None:
    _run(paragraph, "— ", face, size)
    _page_field(paragraph, face, size)
    _run(paragraph, " —", face, size)


def _page_field(paragraph, face: str, size: float) -> None:
    """A PAGE field (begin, instruction, separate, shown number, end): Word fills in each page's
    number; the 1 is only what shows before the field is updated."""
    for tag, attrs, text in (("w:fldChar", {"w:fldCharType": "begin"}, None), ("w:instrText", {}, " PAGE "),
                             ("w:fldChar", {"w:fldCharType": "separate"}, None), ("w:t", {}, "1"),
                             ("w:fldChar", {"w:fldCharType": "end"}, None)):
        element = OxmlElement(tag, attrs={qn(k): v for k, v in attrs.items()})
        if text is not None:
            element.set(qn("xml:space"), "preserve")
            element.text = text
        _run(paragraph, "", face, size)._r.append(element)
