"""Scanned pages sorted into today's documents, with what a clerk needs to hear about them.

Each page is read once (`read_scans`): its code, which way up it is, whether the seal is there, and
the upright page kept as a JPEG (the stamped PDF is made from it; the full image is let go at once).
`sort_pages` then decides, page by page, against the documents of today's export: the page of which
document it is; another unit's or year's page; a page printed before the figures changed (its hash
is not today's); a page without a readable code, which the clerk assigns by hand (`assigned`), after
which `sort_pages` simply runs again — reading is the slow half, sorting is instant.

A page that was drawn, not scanned, is never a stamped page (`drawn`): the exported PDF itself,
picked by mistake instead of the scans of the printed, stamped sheets. A scan is a picture of the
sheet, so its page code was read off a raster image; on the exported PDF the code is vector modules
beside vector text, with no image under it. So a PDF page is drawn when the code read is in none of
its raster images (an OCR text layer over a scan changes nothing: the code is still in the scan's
picture), and a PDF page without a code when images cover less than half of it or the file's
metadata says it is our export. Photos and TIFFs are pictures through and through.

Severity as in 审核: 错误 where the stamped set would be incomplete or wrong (a page missing, a
page to reprint, a page nobody can place), 提示 where we only tell (a page twice, a page skipped as
another unit's, no red ink found, a greyscale scan)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from PIL import Image

from hbaccept_gui.exporters.page_code import DocumentCode, PageCode, document_code, key_hash
from hbaccept_gui.scans.reader import Reading, read_page, upright
from hbaccept_gui.scans.seal import Stamp, check_stamp
from hbaccept_gui.scans.sources import PageSource, UnreadableScan, page_images

ERROR, NOTE = "错误", "提示"
#: A PDF page without a readable code counts as a picture of a sheet when its images cover this much of it.
MIN_RASTER_SHARE = 0.5
ADVICE = "不是盖章后的扫描件：请打印、盖章、扫描后再导入"
#: The upright page is kept at up to this many pixels on its long side (A4 at 200 dpi) as JPEG.
KEEP_LONG_SIDE = 2339
KEEP_QUALITY = 85
THUMBNAIL = 200


@dataclass(frozen=True)
class Expected:
    """A document of today's export that the clerk stamps: its code and file name (without .pdf)."""

    code: DocumentCode
    name: str

    @property
    def key(self) -> str:
        return self.code.document

    @property
    def key_hash(self) -> str:
        return key_hash(self.code.document)


def expected_documents(export_set) -> list[Expected]:
    """The forms and reports of an ExportSet, in the export's order."""
    return [Expected(document_code(export_set, layout), layout.file_stem)
            for layout in (*export_set.forms, *export_set.reports)]


@dataclass(eq=False)
class ScannedPage:
    number: int  # 1-based, in the order read: how the list and a manual assignment name the page
    source: PageSource
    reading: Reading
    stamp: Stamp | None  # None: the page has no seal placeholder
    jpeg: bytes = field(repr=False)  # the upright page
    size: tuple[int, int] = (0, 0)
    thumbnail: bytes = field(repr=False, default=b"")  # a small JPEG for the dialog's list
    drawn: bool = False  # a PDF's own drawing (the exported PDF itself), not a scan: never stamped

    @property
    def code(self) -> PageCode | None:
        return self.reading.code

    @property
    def name(self) -> str:
        return self.source.name


def scan_page(number: int, source: PageSource, image: Image.Image) -> ScannedPage:
    reading = read_page(image)
    drawn = is_drawn(source, reading, image.size)
    circle = reading.seal_circle()
    stamp = check_stamp(image, *circle, drawn=drawn) if circle else None
    page = upright(image, reading.turn)
    if max(page.size) > KEEP_LONG_SIDE:
        scale = KEEP_LONG_SIDE / max(page.size)
        page = page.resize((round(page.width * scale), round(page.height * scale)), Image.Resampling.BILINEAR)
    kept = io.BytesIO()
    page.save(kept, "JPEG", quality=KEEP_QUALITY, optimize=False)
    small = page.reduce(max(1, max(page.size) // (2 * THUMBNAIL)))  # a box filter first: cheap and smooth
    small.thumbnail((THUMBNAIL, THUMBNAIL))
    thumb = io.BytesIO()
    small.save(thumb, "JPEG", quality=70)
    return ScannedPage(number, source, reading, stamp, kept.getvalue(), page.size, thumb.getvalue(), drawn)


def is_drawn(source: PageSource, reading: Reading, size: tuple[int, int]) -> bool:
    """Whether the page is a PDF's own drawing rather than a picture of a sheet (see the module's
    docstring). `size` is the page image's, in whose pixels `reading` and `source.images` are."""
    images = source.images
    if images is None:  # a photo or a TIFF
        return False
    if reading.code is not None and reading.corners:
        x = sum(p[0] for p in reading.corners) / 4
        y = sum(p[1] for p in reading.corners) / 4
        slack = 2
        return not any(left - slack <= x <= right + slack and top - slack <= y <= bottom + slack
                       for left, top, right, bottom in images)
    width, height = size
    covered = sum((right - left) * (bottom - top) for left, top, right, bottom in images)
    return source.exported or covered < MIN_RASTER_SHARE * width * height


def read_scans(paths: Iterable[Path], progress: Callable[[int, str], None] | None = None
               ) -> tuple[list[ScannedPage], list[UnreadableScan]]:
    """Every page of every file, in the order given; files that cannot be read are listed, not raised."""
    pages: list[ScannedPage] = []
    unreadable: list[UnreadableScan] = []
    for path in paths:
        try:
            for source, image in page_images(Path(path)):
                pages.append(scan_page(len(pages) + 1, source, image))
                image.close()
                if progress:
                    progress(len(pages), source.name)
        except UnreadableScan as problem:
            unreadable.append(problem)
    return pages, unreadable


@dataclass(frozen=True)
class Finding:
    severity: str  # 错误 or 提示
    message: str
    document: str = ""  # the Expected's key, "" for a page of no document
    pages: tuple[int, ...] = ()  # ScannedPage numbers


@dataclass
class DocumentScan:
    expected: Expected
    pages_total: int = 0  # from the codes (0: no current page of it was found)
    pages: dict[int, ScannedPage] = field(default_factory=dict)  # page number → the page used
    doubled: dict[int, list[ScannedPage]] = field(default_factory=dict)
    stale: list[ScannedPage] = field(default_factory=list)
    drawn: list[ScannedPage] = field(default_factory=list)  # pages of the exported PDF itself

    @property
    def missing(self) -> list[int]:
        return [n for n in range(1, self.pages_total + 1) if n not in self.pages]

    @property
    def complete(self) -> bool:
        return self.pages_total > 0 and not self.missing

    def ordered(self) -> list[ScannedPage]:
        return [self.pages[n] for n in sorted(self.pages)]


@dataclass
class ScanResult:
    documents: list[DocumentScan]
    findings: list[Finding]
    pages: list[ScannedPage]
    unreadable: list[UnreadableScan]
    unassigned: list[ScannedPage]

    @property
    def exit_code(self) -> int:
        """0 complete, 1 something missing or wrong (an 错误), 2 a file could not be read."""
        if self.unreadable:
            return 2
        return 1 if any(f.severity == ERROR for f in self.findings) else 0

    def lines(self) -> list[str]:
        """The list a clerk reads: each document with its state, then every finding."""
        out = []
        for doc in self.documents:
            if doc.complete:
                state = f"齐全，共 {doc.pages_total} 页"
            elif doc.drawn and not doc.pages:
                state = "未盖章（导入的是导出的 PDF 文件本身）"
            elif doc.pages_total:
                state = f"缺页，已有 {len(doc.pages)}/{doc.pages_total} 页"
            else:
                state = "未找到"
            out.append(f"{doc.expected.name}：{state}")
        out += [f"{p.message}" for p in self.unreadable]
        out += [f"{f.severity}：{f.message}" for f in self.findings]
        return out


def _numbers(numbers: Iterable[int]) -> str:
    return "、".join(str(n) for n in numbers)


def _names(pages: Iterable[ScannedPage]) -> str:
    return "、".join(p.name for p in pages)


def _drawn_files(pages: list[ScannedPage], all_pages: list[ScannedPage]) -> list[tuple[str, list[ScannedPage]]]:
    """Drawn pages by file, each file as the clerk names it: 「“附件1_….pdf”」 when every page of
    the file read is drawn, else 「“扫描.pdf”第 2、3 页」."""
    by_file: dict[Path, list[ScannedPage]] = {}
    for page in pages:
        by_file.setdefault(page.source.path, []).append(page)
    out = []
    for path, taken in by_file.items():
        whole = all(p.drawn for p in all_pages if p.source.path == path)
        what = f"“{path.name}”" if whole else f"“{path.name}”第 {_numbers(p.source.index + 1 for p in taken)} 页"
        out.append((what, taken))
    return out


def _drawn_message(what: str, pages: list[ScannedPage]) -> str:
    if any(p.code is not None for p in pages):
        return f"{what}是导出的 PDF 文件本身，{ADVICE}"
    return f"{what}是电子文档，不是扫描或拍照得到的页面，{ADVICE}"


def _preferred(pages: list[ScannedPage]) -> ScannedPage:
    """Of two copies of a page, the stamped one; else the first read."""
    return next((p for p in pages if p.stamp is Stamp.RED), pages[0])


def sort_pages(expected: list[Expected], pages: list[ScannedPage], unreadable: list[UnreadableScan] = (),
               assigned: dict[int, tuple[str, int]] | None = None) -> ScanResult:
    """Pages into documents. `assigned` maps a page's number to (document key, page number) as the
    clerk placed it by hand; such a page counts as a current page of that document."""
    assigned = assigned or {}
    docs = {e.key: DocumentScan(e) for e in expected}
    by_hash = {e.key_hash: docs[e.key] for e in expected}
    first = expected[0].code if expected else None
    findings: list[Finding] = []
    candidates: dict[str, dict[int, list[ScannedPage]]] = {key: {} for key in docs}
    unassigned: list[ScannedPage] = []
    loose_drawn: list[ScannedPage] = []  # drawn pages of no document of today's export
    for page in pages:
        code = page.code
        if page.drawn:  # never a stamped page, not even when assigned by hand
            doc = by_hash.get(code.document) if code is not None and (
                first is None or (code.year, code.unit) == (first.year, first.unit)) else None
            if doc is None:
                loose_drawn.append(page)
                continue
            if code.figures == doc.expected.code.figures:
                doc.pages_total = max(doc.pages_total, code.pages)
            doc.drawn.append(page)
            continue
        if page.number in assigned and assigned[page.number][0] in docs:
            key, number = assigned[page.number]
            candidates[key].setdefault(number, []).append(page)
            continue
        if code is None:
            unassigned.append(page)
            what = "有二维码但不是本程序打印的页码" if page.reading.text else "未能识别页码"
            findings.append(Finding(ERROR, f"{page.name}：{what}，请手工指定属于哪份文件的第几页", "", (page.number,)))
            continue
        if first is not None and code.year != first.year:
            findings.append(Finding(NOTE, f"{page.name}：是 {code.year} 年度的页，已略过", "", (page.number,)))
            continue
        if first is not None and code.unit != first.unit:
            findings.append(Finding(NOTE, f"{page.name}：是其他单位的页，已略过", "", (page.number,)))
            continue
        doc = by_hash.get(code.document)
        if doc is None:
            findings.append(Finding(NOTE, f"{page.name}：本次导出的文件中没有它所属的文件，已略过", "", (page.number,)))
            continue
        if code.figures != doc.expected.code.figures:
            doc.stale.append(page)
            continue
        doc.pages_total = max(doc.pages_total, code.pages)
        candidates[doc.expected.key].setdefault(code.page, []).append(page)
    for key, doc in docs.items():
        for number, copies in sorted(candidates[key].items()):
            doc.pages_total = max(doc.pages_total, number)
            doc.pages[number] = _preferred(copies)
            if len(copies) > 1:
                doc.doubled[number] = copies
        findings += _document_findings(doc, pages)
    for what, taken in _drawn_files(loose_drawn, list(pages)):
        findings.append(Finding(ERROR, _drawn_message(what, taken), "", tuple(p.number for p in taken)))
    return ScanResult(list(docs.values()), findings, list(pages), list(unreadable), unassigned)


def _document_findings(doc: DocumentScan, all_pages: list[ScannedPage]) -> list[Finding]:
    name, key = doc.expected.name, doc.expected.key
    out = []
    for what, taken in _drawn_files(doc.drawn, all_pages):
        numbers = tuple(p.number for p in taken)
        if all(p.code.page in doc.pages for p in taken):  # the scans of those pages are there too
            out.append(Finding(NOTE, f"{name}：{what}是导出的 PDF 文件本身，不是盖章后的扫描件，已略过", key, numbers))
        else:
            out.append(Finding(ERROR, f"{name}：{_drawn_message(what, taken)}", key, numbers))
    drawn_numbers = {p.code.page for p in doc.drawn}
    for page in doc.stale:
        code = page.code
        replaced = code.page in doc.pages
        if replaced:
            out.append(Finding(NOTE, f"{name}：{page.name}（第 {code.page} 页）打印后数据已修改，已改用重新打印的页",
                               key, (page.number,)))
        else:
            out.append(Finding(ERROR, f"{name}：{page.name}（第 {code.page} 页）此页打印后数据已修改，请重新打印后盖章",
                               key, (page.number,)))
    stale_numbers = {p.code.page for p in doc.stale}
    if not doc.pages_total and not doc.stale and not doc.drawn:
        out.append(Finding(ERROR, f"{name}：扫描件中没有这份文件的页", key))
    missing = [n for n in doc.missing if n not in stale_numbers and n not in drawn_numbers]
    if missing:
        out.append(Finding(ERROR, f"{name}：缺第 {_numbers(missing)} 页（共 {doc.pages_total} 页）", key))
    for number, copies in sorted(doc.doubled.items()):
        out.append(Finding(NOTE, f"{name}：第 {number} 页有 {len(copies)} 份（{_names(copies)}），"
                                 f"已使用“{doc.pages[number].name}”", key, tuple(p.number for p in copies)))
    for number, page in sorted(doc.pages.items()):
        if page.stamp is Stamp.NONE:
            out.append(Finding(NOTE, f"{name}：第 {number} 页未见红色公章", key, (page.number,)))
        elif page.stamp is Stamp.GREY:
            out.append(Finding(NOTE, f"{name}：第 {number} 页是黑白扫描，无法检查是否已盖章", key, (page.number,)))
    return out


def check_scans(export_set, paths: Iterable[Path], progress=None) -> ScanResult:
    """Read `paths` and sort their pages against `export_set` (today's export of the document)."""
    pages, unreadable = read_scans(paths, progress)
    return sort_pages(expected_documents(export_set), pages, unreadable)
