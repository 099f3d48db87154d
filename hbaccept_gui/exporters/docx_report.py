"""The summary reports as Word files in the GB/T 9704 official-document format: the title broken
between words, the 主送机关 line, the body on a 28 × 22 grid with 一、/（一）/1. headings, the
unit centred over the date with a seal placeholder, page numbers on odd and even sides."""

from __future__ import annotations

import math
import re
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt

from hbaccept_gui.core.text import xml_safe
from hbaccept_gui.exporters.docx_package import _new_document, _set_page, _text_width, save
from hbaccept_gui.exporters.docx_text import (BODY_PT, _AFTER_AUTOSPACE, _Faces, _exact, _no_autospace, _number_runs,
                                              _paragraph, _run, char_width, heavy)
from hbaccept_gui.exporters.layout import BLANK_DATE, ReportLayout
from hbaccept_gui.exporters.settings import ExportSettings

# GB/T 9704 (the reports): A4, top 37 mm, left 28 mm, text block 156 × 225 mm (so right 26, bottom 35).
REPORT_MARGINS = (37, 35, 28, 26)  # top, bottom, left, right in mm
FOOTER_MM = 25  # puts the page number's dashes about 7 mm below the text block

REPORT_TITLE_PT, NUMBER_PT = 22, 14
LINE_PT = 28.95  # fixed pitch giving GB/T 9704's 22 lines on a 225 mm text block

_LEVEL2 = re.compile(r"^（[一二三四五六七八九十]+）")
_LEVEL3 = re.compile(r"^\d+[.．]")


def write_report_docx(report: ReportLayout, path: Path, settings: ExportSettings = ExportSettings()) -> Path:
    """A summary report in the GB/T 9704 layout: 2号 title broken between words, one empty line, the
    主送机关 line, 3号 仿宋 body on a 28 × 22 grid, 黑体 一、 headings, unit centred over the date with
    a seal placeholder, 「— 1 —」 page numbers on odd/even sides."""
    faces = _Faces.resolve(settings)
    document = _new_document(faces.body, BODY_PT, report.title)
    section = document.sections[0]
    _set_page(section, False, REPORT_MARGINS)
    _report_grid(section)
    title = _paragraph(document, "\n".join(title_lines(report.title, Emu(_text_width(section)).pt / REPORT_TITLE_PT)),
                       faces.title, REPORT_TITLE_PT, WD_ALIGN_PARAGRAPH.CENTER, bold=not heavy(faces.title))
    _exact(title, 36)
    _off_grid(title)
    _body(document, "", faces)  # GB/T 9704: one empty line below the title
    if report.addressee:
        _addressee(document, report.addressee, faces)
    for part in report.sections:
        _indented(document, part.heading, faces.heading1)
        for text in part.paragraphs or ("",):
            _body(document, text, faces)
    _condense(document.paragraphs[1:], section)
    _signature(document, report, faces, settings)
    _page_numbers(document, section, faces.number)
    return save(document, path)


#: GB/T 9704: 28 characters on a line, 22 lines on a page of the 156 × 225 mm text block.
GRID_CHARS = 28
#: CT_RPr's children after w:spacing, in schema order.
_AFTER_CHAR_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr",
                       "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
                       "w:specVanish", "w:oMath")


def _grid_pitch(section) -> float:
    """The character pitch of a full line: 156 mm / 28 = 15.79 pt, less than a 16 pt character."""
    return Emu(_text_width(section)).pt / GRID_CHARS


def _report_grid(section) -> None:
    """Word's document grid (页面设置 → 文档网格) as a line grid of 22 lines (the paragraphs' exact
    28.95 pt pitch keeps them there), with the 28-character pitch recorded in charSpace (4096ths of
    a point relative to the 16 pt default). Not the 「行和字符网格」 type: LibreOffice gives every
    16 pt character two cells of a 15.79 pt grid (12–14 characters on a line, measured), so the 28
    characters come from `_condense` instead, which every renderer honours."""
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.attrib.clear()
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PT * 20)))
    grid.set(qn("w:charSpace"), str(round((_grid_pitch(section) - BODY_PT) * 4096)))


def _condense(paragraphs, section) -> None:
    """Every run (and paragraph mark) of the body text set a little tighter, to the whole twentieth
    of a point that lets 28 characters fit on a line (-0.25 pt: 28 × 15.75 pt ≤ 156 mm)."""
    twentieths = str(math.floor((_grid_pitch(section) - BODY_PT) * 20))
    for paragraph in paragraphs:
        for rPr in paragraph._p.iter(qn("w:rPr")):
            rPr.remove_all("w:spacing")
            rPr.insert_element_before(OxmlElement("w:spacing", attrs={qn("w:val"): twentieths}),
                                      *_AFTER_CHAR_SPACING)


def _off_grid(paragraph) -> None:
    """Not snapped to the line grid: LibreOffice gives a line of the 22 pt title on its 36 pt pitch
    two grid lines (57.9 pt) unless told so; Word leaves an exact pitch alone either way."""
    pPr = paragraph._p.get_or_add_pPr()
    pPr.insert_element_before(OxmlElement("w:snapToGrid", attrs={qn("w:val"): "0"}), *_AFTER_AUTOSPACE[3:])


#: Words after which a title may break (GB/T 9704 7.3.1: 回行时要做到词意完整), best first: a line
#: ends with the name of the project rather than inside it.
TITLE_BREAK_AFTER = ("项目", "情况", "工作", "体系", "建设", "年度", "关于")
#: A title line never starts with a particle or punctuation (「…有关情况／的报告」).
TITLE_NO_LINE_START = "的之和与及、，。：；）》"


def title_lines(title: str, room: float) -> list[str]:
    """`title` in lines of at most `room` characters (`char_width`), broken only after one of
    TITLE_BREAK_AFTER (the earliest-listed word that fits wins, then the most even lines), never
    before a particle; where no such break fits, at the last character boundary that does."""
    if char_width(title) <= room:
        return [title]
    best = None
    for rank, word in enumerate(TITLE_BREAK_AFTER):
        for end in (m.end() for m in re.finditer(re.escape(word), title)):
            rest = title[end:]
            if not rest or rest[0] in TITLE_NO_LINE_START or char_width(title[:end]) > room:
                continue
            lines = [title[:end]] + title_lines(rest, room)
            if all(char_width(line) <= room for line in lines):
                key = (rank, len(lines), abs(char_width(lines[0]) - char_width(lines[-1])))
                best = min(best, (key, lines)) if best else (key, lines)
    if best:
        return best[1]
    end = _last_fitting_break(title, room)
    return [title[:end]] + title_lines(title[end:], room)


def _last_fitting_break(text: str, room: float) -> int:
    """The last boundary whose line fits, not before a particle nor inside a run of digits or letters."""
    fits = [n for n in range(1, len(text)) if char_width(text[:n]) <= room]
    for n in reversed(fits):
        if text[n] not in TITLE_NO_LINE_START and not (text[n - 1].isascii() and text[n].isascii()):
            return n
    return fits[-1] if fits else 1


def _addressee(document, addressee: str, faces: _Faces) -> None:
    """The 主送机关 line, flush left on the line grid, ending with a full-width colon."""
    paragraph = _paragraph(document, f"{xml_safe(addressee).rstrip('：:')}：", faces.body, BODY_PT,
                           WD_ALIGN_PARAGRAPH.JUSTIFY)
    _exact(paragraph, LINE_PT)
    paragraph.paragraph_format.widow_control = False


def _indented(document, text: str, face: str):
    """A text line: fixed pitch, justified, first line indented two characters."""
    paragraph = _paragraph(document, text, face, BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY)
    _exact(paragraph, LINE_PT)
    paragraph.paragraph_format.widow_control = False  # keeps the 22-line page of GB/T 9704
    paragraph.paragraph_format.first_line_indent = Pt(2 * BODY_PT)
    paragraph._p.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "200")  # Word keeps 2 chars
    return paragraph


def _body(document, text: str, faces: _Faces):
    """A body paragraph. A leading 「（一）…。」 is a level-2 heading in 楷体 (GB/T 9704); a leading
    「1.…。」 a level-3 heading, bold only where local practice wants it."""
    text = xml_safe(text)
    level2, level3 = _LEVEL2.match(text), faces.bold_level3 and _LEVEL3.match(text)
    if not (level2 or level3):
        return _indented(document, text, faces.body)
    lead, rest = _split_heading(text)
    paragraph = _indented(document, "", faces.body)
    _run(paragraph, lead, faces.heading2 if level2 else faces.body, BODY_PT, bold=not level2)
    if rest:
        _run(paragraph, rest, faces.body, BODY_PT)
    return paragraph


def _split_heading(text: str) -> tuple[str, str]:
    """The heading part of 「（一）加强组织领导。正文…」 is its first sentence."""
    end = text.find("。")
    return (text, "") if end < 0 else (text[: end + 1], text[end + 1:])


def _signature(document, report: ReportLayout, faces: _Faces, settings: ExportSettings) -> None:
    """Room for the seal, the unit centred over the date, the date four characters in from the right
    (GB/T 9704 for a sealed document), the seal placeholder over both. Word cannot centre one line
    over another, so the unit's right indent comes from both widths, measured in the faces the PDF
    embeds from this PC (仿宋 on a Windows PC, where Word sets it too: 「2025」 is 4 half-width
    digits there but 0.64 em each in the Linux fallback); no autospace, which would widen the date
    by what no width knows of. The last body paragraph, the empty lines and the unit keep with the
    next paragraph: the signature never stands alone on a page."""
    from hbaccept_gui.exporters import fonts  # the PDF's faces: loaded only when a report is written

    date = xml_safe(report.date_text) or BLANK_DATE
    unit = xml_safe(report.unit).replace("\n", "")
    date_pt, unit_pt = (fonts.string_width(text, "body", BODY_PT) for text in (date, unit))
    document.paragraphs[-1].paragraph_format.keep_with_next = True
    for _ in range(2):
        _body(document, "", faces).paragraph_format.keep_with_next = True
    lines = []
    for text, indent, keep in ((unit, DATE_INDENT_PT + (date_pt - unit_pt) / 2, True), (date, DATE_INDENT_PT, False)):
        paragraph = _paragraph(document, text, faces.body, BODY_PT, WD_ALIGN_PARAGRAPH.RIGHT)
        _exact(paragraph, LINE_PT)
        _no_autospace(paragraph)
        paragraph.paragraph_format.right_indent = Pt(max(0.0, indent))
        paragraph.paragraph_format.keep_with_next = keep
        lines.append(paragraph)
    centre = Emu(_text_width(document.sections[0])).pt - DATE_INDENT_PT - date_pt / 2
    _seal(lines[0], min(centre, Emu(_text_width(document.sections[0])).pt - unit_pt / 2),
          settings.seal_diameter_mm, faces.body)


#: GB/T 9704: the date four characters in from the right margin.
DATE_INDENT_PT = 4 * BODY_PT


#: The seal placeholder's outline: the PDF's grey, 0.6 pt, dashed.
SEAL_RGB, SEAL_LINE_PT = "8C8C8C", 0.6


def _seal(paragraph, centre_pt: float, diameter_mm: float, face: str) -> None:
    """A dashed circle of the seal's diameter behind the text, centred at `centre_pt` from the left
    margin, with unit and date a little below its centre (GB/T 9704 7.3.5.1, as the PDF draws it).
    Floating and anchored to the unit's paragraph, so it moves with the signature: DrawingML for
    Word 2010+/WPS/LibreOffice, VML as the fallback older readers take."""
    diameter = Mm(diameter_mm).pt
    left = centre_pt - diameter / 2
    top = LINE_PT - BODY_PT * 0.35 - 6 - diameter / 2  # from the top of the unit's line
    _run(paragraph, "", face, BODY_PT)._r.append(parse_xml(_SEAL_XML.format(
        x=int(Pt(left)), y=int(Pt(top)), d=int(Pt(diameter)), line=int(Pt(SEAL_LINE_PT)), rgb=SEAL_RGB,
        xpt=f"{left:.2f}", ypt=f"{top:.2f}", dpt=f"{diameter:.2f}", linept=f"{SEAL_LINE_PT}")))


_SEAL_XML = (
    '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
    ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    ' xmlns:v="urn:schemas-microsoft-com:vml" xmlns:w10="urn:schemas-microsoft-com:office:word">'
    '<mc:Choice Requires="wps"><w:drawing>'
    '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="251659264" behindDoc="1"'
    ' locked="0" layoutInCell="1" allowOverlap="1">'
    '<wp:simplePos x="0" y="0"/>'
    '<wp:positionH relativeFrom="margin"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
    '<wp:positionV relativeFrom="paragraph"><wp:posOffset>{y}</wp:posOffset></wp:positionV>'
    '<wp:extent cx="{d}" cy="{d}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
    '<wp:docPr id="1" name="盖章处" descr="印章位置（盖章处）"/><wp:cNvGraphicFramePr/>'
    '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<wps:wsp><wps:cNvSpPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{d}" cy="{d}"/></a:xfrm>'
    '<a:prstGeom prst="ellipse"><a:avLst/></a:prstGeom><a:noFill/>'
    '<a:ln w="{line}"><a:solidFill><a:srgbClr val="{rgb}"/></a:solidFill><a:prstDash val="dash"/></a:ln>'
    '</wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
    '<mc:Fallback><w:pict><v:oval style="position:absolute;margin-left:{xpt}pt;margin-top:{ypt}pt;width:{dpt}pt;'
    'height:{dpt}pt;z-index:-251657216;mso-position-horizontal-relative:margin;'
    'mso-position-vertical-relative:text" filled="f" strokecolor="#{rgb}" strokeweight="{linept}pt">'
    '<v:stroke dashstyle="dash"/><w10:wrap anchorx="margin"/></v:oval></w:pict></mc:Fallback>'
    '</mc:AlternateContent>')


def _page_numbers(document, section, face: str) -> None:
    """「— 1 —」 in 4号 宋体: odd pages right, even pages left, one character in from the edge."""
    document.settings.odd_and_even_pages_header_footer = True
    section.footer_distance = Mm(FOOTER_MM)
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        align = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
        paragraph = _paragraph(footer, "", face, NUMBER_PT, align, paragraph=footer.paragraphs[0])
        if odd:
            paragraph.paragraph_format.right_indent = Pt(NUMBER_PT)
        else:
            paragraph.paragraph_format.left_indent = Pt(NUMBER_PT)
        _number_runs(paragraph, face, NUMBER_PT)
