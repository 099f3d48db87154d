"""The page code: a small QR code with a short readable line beside it, printed in the bottom
margin of every PDF page made for stamping, so that the stamped scans that come back can be sorted,
checked and assembled without the clerk naming a single file (issue #16).

A code says which document a page belongs to (year, unit, form or report), which page of how many
it is, and a short hash of what that document printed at export time: a scan whose hash differs from
today's export was printed before the figures changed and must be printed and stamped again. It also
says whether the page carries a seal placeholder and roughly where, so the reader knows where to
look for red ink. The unit travels as a hash: the full name would make the QR denser and harder to
read from a phone photo, and a hash is enough to tell "another unit" from "this one".

The payload uses only QR's alphanumeric characters (「HB1:2024:3F9A0C:5D21:2:3:7F3A9B:S11020521」):
digits, capitals and colons take 5.5 bits a character instead of 8, which keeps it a version-3 code
(29 modules) that a 150-dpi scan reads. For the same reason the document travels as a short hash of
its key, like the unit. No Qt here. Drawing uses reportlab's own QR widget: no new
dependency for writing; reading lives in `hbaccept_gui.scans`."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

TAG = "HB1"  # format tag and version: a reader refuses what it does not know
SEPARATOR = ":"
HASH_CHARS = 6  # 24 bits: a stale page slips through once in 16 million
KEY_CHARS = 4  # a document among the seven of an export
SHOWN_HASH_CHARS = 4  # the readable line shows the first four, as 「7F3A」

#: Where the code goes: the left margin's corner of the bottom margin, clear of the forms' centred
#: page number, the reports' number (7 mm below the text block, left or right) and the seals, which
#: sit in the text block. 14 mm is 0.48 mm a module for a version-3 code: about 3 pixels at 150 dpi.
#: The size is part of the format (a reader measures the page by it): changing it means a new TAG.
CODE_SIZE_MM = 14
CODE_SIZE = CODE_SIZE_MM * mm
CODE_BOTTOM = 3 * mm
TEXT_PT = 7


class PageCodeError(ValueError):
    """A QR text that is not one of our page codes (another program's QR, an unknown version)."""


@dataclass(frozen=True)
class SealSpot:
    """Where a seal placeholder's centre is and how large it is, in whole millimetres from the code's
    lower left corner (x to the right, y up the page) and its radius. Relative to the code, because
    the code is what a reader finds: on a phone photo, where the sheet is anywhere in the frame, at
    any scale and angle, the code's corners say where the seal must be."""

    x: int
    y: int
    radius: int

    def encode(self) -> str:
        return f"S{self.x:03d}{self.y:03d}{self.radius:02d}"

    @classmethod
    def decode(cls, text: str) -> SealSpot:
        if len(text) != 9 or text[0] != "S" or not text[1:].isdigit():
            raise PageCodeError(f"bad seal spot {text!r}")
        return cls(int(text[1:4]), int(text[4:7]), int(text[7:9]))


@dataclass(frozen=True)
class PageCode:
    year: int
    unit: str  # unit_hash() of the unit's name
    document: str  # key_hash() of the layout's key (annex3, library_report …)
    page: int  # 1-based
    pages: int
    figures: str  # figures_hash() of the document's layout at export time
    seal: SealSpot | None = None

    def encode(self) -> str:
        fields = [TAG, str(self.year), self.unit, self.document, str(self.page), str(self.pages), self.figures]
        if self.seal is not None:
            fields.append(self.seal.encode())
        return SEPARATOR.join(fields)

    def readable(self, label: str) -> str:
        """「HB2024·附件3·2/3·7F3A」: what a clerk can read and type when the QR cannot be read."""
        return f"HB{self.year}·{label}·{self.page}/{self.pages}·{self.figures[:SHOWN_HASH_CHARS]}"


def decode(text: str) -> PageCode:
    """The page code in a QR's text; PageCodeError for anything else."""
    fields = text.strip().split(SEPARATOR)
    if len(fields) not in (7, 8) or fields[0] != TAG:
        raise PageCodeError(f"not a page code: {text[:40]!r}")
    _tag, year, unit, document, page, pages, figures, *rest = fields
    if not (year.isdigit() and page.isdigit() and pages.isdigit() and document):
        raise PageCodeError(f"bad page code: {text[:40]!r}")
    if not (_is_hex(unit) and _is_hex(figures) and _is_hex(document, KEY_CHARS)):
        raise PageCodeError(f"bad hash in page code: {text[:40]!r}")
    code = PageCode(int(year), unit, document, int(page), int(pages), figures,
                    SealSpot.decode(rest[0]) if rest else None)
    if not 1 <= code.page <= code.pages:
        raise PageCodeError(f"page {code.page} of {code.pages}")
    return code


def _is_hex(text: str, length: int = HASH_CHARS) -> bool:
    return len(text) == length and all(c in "0123456789ABCDEF" for c in text)


# ---------------------------------------------------------------- hashes


def _short_hash(text: str, length: int = HASH_CHARS) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length].upper()


def key_hash(key: str) -> str:
    """A document's key (annex3) as the code carries it."""
    return _short_hash(key, KEY_CHARS)


def unit_hash(unit: str) -> str:
    """The unit's name as the code carries it; spaces around it do not count."""
    return _short_hash(unit.strip())


def _plain(value):
    """A layout as JSON-able data, field by field: every text, number and flag it prints."""
    if dataclasses.is_dataclass(value):
        return [type(value).__name__] + [[f.name, _plain(getattr(value, f.name))]
                                         for f in dataclasses.fields(value)]
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return f"D{value}"
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot hash a {type(value).__name__} in a layout")


def figures_hash(layout) -> str:
    """A short hash of everything a FormLayout or ReportLayout prints (figures, texts, the header
    fields and date): the layouts are what every format prints, so two exports hash alike exactly
    when their pages say the same."""
    return _short_hash(json.dumps(_plain(layout), ensure_ascii=False, separators=(",", ":")))


def document_label(layout) -> str:
    """The short name on the readable line: 「附件3」 for a form; for a report, its project in a
    word (the titles name it), else 「总结报告」."""
    label = getattr(layout, "annex_label", "")
    if label:
        return label
    title = getattr(layout, "title", "")
    for word, short in (("图书馆", "图书馆报告"), ("文化云", "文化云报告")):
        if word in title:
            return short
    return "总结报告"


@dataclass(frozen=True)
class DocumentCode:
    """What every page of one exported document shares; `page_code` adds the page's own parts."""

    year: int
    unit: str  # unit_hash()
    document: str  # the layout's key
    figures: str
    label: str

    def page_code(self, page: int, pages: int, seal: SealSpot | None = None) -> PageCode:
        return PageCode(self.year, self.unit, key_hash(self.document), page, pages, self.figures, seal)


def document_code(export_set, layout) -> DocumentCode:
    """The code of one form or report of an ExportSet."""
    return DocumentCode(export_set.year, unit_hash(export_set.unit), layout.key, figures_hash(layout),
                        document_label(layout))


# ---------------------------------------------------------------- drawing


def draw_page_code(canvas, x: float, y: float, size: float, code: PageCode, label: str,
                   text_pt: float = TEXT_PT) -> None:
    """The QR code, `size` points square with its lower left corner at (x, y), and the readable line
    beside it, vertically centred. Error correction M: a smudge or a crease is survived, and the
    payload still fits version 3. The modules are drawn as one filled path straight onto the
    canvas: reportlab's renderPDF would set its default Helvetica, an unembedded font in the PDF."""
    modules = qr_modules(code.encode())
    count = len(modules)
    step = size / count
    canvas.saveState()
    canvas.setFillGray(0)
    path = canvas.beginPath()
    for row, dark in enumerate(modules):
        top = y + size - (row + 1) * step
        column = 0
        while column < count:
            if not dark[column]:
                column += 1
                continue
            start = column
            while column < count and dark[column]:
                column += 1
            path.rect(x + start * step, top, (column - start) * step, step)
    canvas.drawPath(path, stroke=0, fill=1)
    _draw_text(canvas, x + size + 2 * mm, y + size / 2 - text_pt * 0.35, code.readable(label), text_pt)
    canvas.restoreState()


def qr_modules(text: str) -> list[list[bool]]:
    """The QR code of `text` as rows of dark (True) and light modules, without the quiet zone (the
    margin around the code is white paper): the smallest version that holds it at level M, with
    the mask that is easiest to read. zxing-cpp encodes it (it reads the scans too): its C++ encoder
    takes a fraction of a millisecond where reportlab's pure-Python one took 12 ms a page, most of
    it trying the eight masks."""
    import zxingcpp

    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = memoryview(barcode.to_image(scale=1, add_quiet_zones=False))
    rows, columns = image.shape
    pixels = image.tobytes()
    return [[pixels[row * columns + column] < 128 for column in range(columns)] for row in range(rows)]


def _draw_text(canvas, x: float, y: float, text: str, size: float) -> None:
    from hbaccept_gui.exporters import fonts  # the export fonts: 附件/报告 need a CJK face

    fonts.draw_string(canvas, x, y, text, "number", size)


def code_position(pagesize, margins) -> tuple[float, float, float]:
    """(x, y, size) of the code on a page of `pagesize` with `margins` (top, right, bottom, left):
    at the left margin, CODE_BOTTOM above the paper's edge."""
    _top, _right, _bottom, left = margins
    return left, CODE_BOTTOM, CODE_SIZE


# ---------------------------------------------------------------- seal spots, page count


def note_seal(canvas, cx: float, cy: float, radius: float) -> None:
    """Record that the current page has a seal placeholder centred at (cx, cy) in the canvas's
    current coordinates (a flowable's): called where the placeholder is drawn, it is kept on the
    canvas in page coordinates until the page is finished (`canvasmaker`)."""
    a, b, c, d, e, f = getattr(canvas, "_currentMatrix", (1, 0, 0, 1, 0, 0))
    x, y = a * cx + c * cy + e, b * cx + d * cy + f
    spots = getattr(canvas, "_page_code_seals", None)
    if spots is None:
        spots = canvas._page_code_seals = []
    spots.append((x, y, radius * abs(a)))


def seal_spot(code_x: float, code_y: float, x: float, y: float, radius: float) -> SealSpot:
    """A seal placeholder centred at (x, y) with `radius` (points, page coordinates) as the code at
    (code_x, code_y) carries it. Our seals are always above and right of the code (it sits in the
    bottom left margin); anything else is clamped to the code's corner."""
    clamp = lambda v, top: max(0, min(top, round(v / mm)))  # noqa: E731
    return SealSpot(clamp(x - code_x, 999), clamp(y - code_y, 999), clamp(radius, 99))


def canvasmaker(document: DocumentCode, margins: tuple[float, float, float, float]):
    """A reportlab Canvas class for `doc.build(story, canvasmaker=…)` that prints `document`'s page
    code on every page, placed by `code_position` for the page's `margins` (top, right, bottom,
    left). The code says 「2/3」, so pages are held until the document is finished
    (reportlab's own "page x of y" recipe): the count is only known then. A page's seal spot is the
    first placeholder `note_seal` recorded on it."""

    class PageCodeCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._held_pages: list[tuple[dict, SealSpot | None]] = []
            self._page_code_seals = []

        def showPage(self):
            seals = self._page_code_seals
            x, y, _size = code_position(self._pagesize, margins)
            spot = seal_spot(x, y, *seals[0]) if seals else None
            self._held_pages.append((dict(self.__dict__), spot))
            self._page_code_seals = []
            self._startPage()

        def save(self):
            if len(self._code):  # a last page not shown yet, as Canvas.save would show it
                self.showPage()
            held, total = self._held_pages, len(self._held_pages)
            for number, (state, spot) in enumerate(held, 1):
                self.__dict__.update(state)
                x, y, size = code_position(self._pagesize, margins)
                draw_page_code(self, x, y, size, document.page_code(number, total, spot), document.label)
                Canvas.showPage(self)
            self._held_pages = []
            Canvas.save(self)

    return PageCodeCanvas
