"""A larger document for the exporters' page-break tests (issue #15): the Baoding demo plus 60 more works
in the itemised task's list, a second contractor, 300-character texts in every long-text place (项目任务完成情况,
版权情况, 备注, 附件5's reasons and 其他说明, the report sections), a long 访问地址, and rows in both sections of
附件4, so that every form and report crosses a page somewhere.

`large_evaluation` is the recomputed and audited document, `large_export_set` its layout; both are built
once per session and must not be changed by a test (use dataclasses.replace on the layout instead)."""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from hbaccept_gui.core.document import ContractorRow, ItemRow, TextSegment
from hbaccept_gui.core.pipeline import Evaluation, evaluate, load_demo
from hbaccept_gui.exporters.layout import ExportSet, build_export_set

#: Sentences with the punctuation a line must not start with (，。；：), so that line breaking is tested
#: on every long text of the document.
_SENTENCES = (
    "按照省厅统一部署，完成古籍数字化加工、质检与入库工作；",
    "加工过程严格执行《古籍数字化加工规范》，逐叶核对题名、卷次与叶码。",
    "成果已在全省智慧图书馆平台发布：读者可在线检索、浏览与下载。",
    "项目组每周召开推进会，及时解决扫描、著录、校对中出现的问题，",
    "确保进度与质量同步达标，并建立了完整的过程档案与验收台账。",
)

LONG_URL = ("https://www.hebeiculturecloud.example.gov.cn/resources/mass-art/2024/live-broadcasts/"
            "poverty-counties/episode-list?unit=baoding&season=2024&category=intangible-heritage&page=1")


def long_text(length: int = 300, tag: str = "") -> str:
    """About `length` characters of Chinese running text (sentences cycled), starting with `tag` so each
    text is told apart in a PDF's text."""
    text, n = tag, 0
    while len(text) < length:
        text += _SENTENCES[n % len(_SENTENCES)]
        n += 1
    return text[:length - 1] + "。"


def _row(contractor: str, subproject: str, assigned, completed, tag: str, **extra) -> ContractorRow:
    values = {"contractor": contractor, "subproject": subproject, "assigned": Decimal(assigned),
              "completed": Decimal(completed), "description": long_text(300, tag), "remarks": long_text(300, "备注"),
              **extra}
    return ContractorRow(values)


def large_document():
    """(definition, document): the demo with the additions listed in the module's docstring."""
    definition, doc = load_demo()
    books = doc.details["digital_resources"][0]
    books.values["description"] = long_text(300, "项目说明")
    books.values["copyright"] = long_text(300, "版权情况")
    books.values["remarks"] = long_text(300, "备注")
    books.items += [ItemRow(f"《保定府志卷{n}》", Decimal(100 + 7 * n)) for n in range(1, 61)]
    doc.details["digital_resources"].append(
        _row("保定市莲池区图书馆", "莲池区地方文献数字化", "0.2", "0.25", "第二承建单位", copyright=long_text(300, "版权")))
    doc.assigned.update(live_broadcasts=Decimal(20), pc_live_broadcasts=Decimal(12), pc_courses=Decimal(6))
    doc.details["live_broadcasts"] = [_row("保定市群众艺术馆", "非遗直播", 10, 11, "直播一", url=LONG_URL),
                                      _row("清苑区文化馆", "戏曲直播", 10, 10, "直播二", url=LONG_URL)]
    doc.details["pc_live_broadcasts"] = [_row("阜平县文化馆", "脱贫县直播", 6, 7, "脱贫县直播一", url=LONG_URL),
                                         _row("涞源县文化馆", "脱贫县直播", 6, 6, "脱贫县直播二", url=LONG_URL)]
    doc.details["pc_courses"] = [_row("易县文化馆", "慕课制作", 6, 6, "慕课", url=LONG_URL)]
    for n, entry in enumerate(doc.performance.values(), 1):
        entry.reason = long_text(300, f"原因{n}：") if entry.achieved is None else entry.reason
    doc.other_notes = long_text(300, "其他说明")
    doc.local_funds = "市级配套资金30万元，" + long_text(120, "地方资金")
    for sections in doc.reports.values():
        for section_id, segments in sections.items():
            sections[section_id] = list(segments) + [TextSegment("\n" + long_text(300, f"补充{section_id}"))]
    return definition, doc


@pytest.fixture(scope="session")
def large_evaluation() -> Evaluation:
    definition, doc = large_document()
    return evaluate(definition, doc)


@pytest.fixture(scope="session")
def large_export_set(large_evaluation) -> ExportSet:
    return build_export_set(large_evaluation)


# ---------------------------------------------------------------- reading a PDF back (pypdfium2)


@dataclass(frozen=True)
class PdfChar:
    """One character of a PDF page, its box in points from the page's bottom left, its font size."""

    text: str
    left: float
    bottom: float
    right: float
    top: float
    size: float
    baseline: float  # the y of the character's origin: the same for every character of a printed line
    loose_right: float  # the right edge of the character's cell (its advance), not of its ink: 「；」 fills it

    @property
    def middle(self) -> tuple[float, float]:
        return (self.left + self.right) / 2, (self.bottom + self.top) / 2


@dataclass(frozen=True)
class PdfCircle:
    """A round path drawn on a page (the seal placeholder): centre and diameter of its outline."""

    x: float
    y: float
    diameter: float


def pdf_pages(path) -> list[list[PdfChar]]:
    """The printed characters of every page (no spaces, no line ends)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pages = []
    document = pdfium.PdfDocument(str(path))
    try:
        for page in document:
            textpage = page.get_textpage()
            chars = []
            for i in range(textpage.count_chars()):
                text = textpage.get_text_range(i, 1)
                if text.strip():
                    x, y = ctypes.c_double(), ctypes.c_double()
                    raw.FPDFText_GetCharOrigin(textpage.raw, i, ctypes.byref(x), ctypes.byref(y))
                    loose = textpage.get_charbox(i, loose=True)
                    chars.append(PdfChar(text, *textpage.get_charbox(i), raw.FPDFText_GetFontSize(textpage.raw, i),
                                         y.value, loose[2]))
            pages.append(chars)
    finally:
        document.close()
    return pages


def pdf_circles(path, page_index: int = 0) -> list[PdfCircle]:
    """Round paths larger than 50 pt. The diameter is the span of the path's own points (a circle's
    Bézier curves start and end on its four extremes, and their control points stay inside the
    square around it); pdfium's bounds add the stroke width on every side."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(str(path))
    try:
        out = []
        for obj in document[page_index].get_objects():
            if obj.type != raw.FPDF_PAGEOBJ_PATH:
                continue
            left, bottom, right, top = obj.get_bounds()
            if right - left <= 50 or abs((right - left) - (top - bottom)) > 0.5:
                continue
            xs = []
            for n in range(raw.FPDFPath_CountSegments(obj.raw)):
                x, y = ctypes.c_float(), ctypes.c_float()
                raw.FPDFPathSegment_GetPoint(raw.FPDFPath_GetPathSegment(obj.raw, n), ctypes.byref(x), ctypes.byref(y))
                xs.append(x.value)
            out.append(PdfCircle((left + right) / 2, (bottom + top) / 2, max(xs) - min(xs)))
        return out
    finally:
        document.close()


def pdf_lines(chars: list[PdfChar], tolerance: float = 1.0) -> list[list[PdfChar]]:
    """Characters grouped into printed lines (the same baseline), top to bottom, each left to right."""
    lines: list[list[PdfChar]] = []
    for char in sorted(chars, key=lambda c: (-c.baseline, c.left)):
        if lines and abs(lines[-1][0].baseline - char.baseline) <= tolerance:
            lines[-1].append(char)
        else:
            lines.append([char])
    return [sorted(line, key=lambda c: c.left) for line in lines]


@pytest.fixture(scope="session")
def pdf_probe():
    """Functions that read a PDF back: pages (characters with boxes and sizes), circles, lines."""
    return SimpleNamespace(pages=pdf_pages, circles=pdf_circles, lines=pdf_lines)


@pytest.fixture(scope="session")
def large_pdfs(large_export_set, tmp_path_factory) -> dict[str, Path]:
    """The larger document's PDFs, by annex label (附件1…) and report key."""
    from hbaccept_gui.exporters.pdf import write_form_pdf, write_report_pdf

    folder = tmp_path_factory.mktemp("large-pdf")
    out = {form.annex_label: write_form_pdf(form, folder / f"{form.file_stem}.pdf") for form in large_export_set.forms}
    out.update({report.key: write_report_pdf(report, folder / f"{report.file_stem}.pdf")
                for report in large_export_set.reports})
    return out
