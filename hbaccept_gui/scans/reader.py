"""Reading a page's code, and which way up the page is.

The code is printed in the bottom margin, so on a scan it is in a strip along one edge: the
bottom when the page is upright, the top when upside down, a side when turned. Those four strips
are read first (a strip of a 300-dpi page decodes in a few milliseconds, the whole page in ten
times that); only when none holds a code is the whole page read. zxing-cpp finds codes at any
angle and says how the code is turned, which is how the page is turned: the page is then put
upright in quarter turns (a scan's ±3° stays, as it does on paper)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import zxingcpp
from PIL import Image

from hbaccept_gui.exporters.page_code import CODE_SIZE_MM, PageCode, PageCodeError, decode

#: How far into the page the strips reach: the code's top is 16 mm from the edge of a 210 × 297 mm
#: sheet; a phone photo shows a margin of table or floor around the sheet as well.
STRIP = 0.2


Point = tuple[float, float]


@dataclass(frozen=True)
class Reading:
    code: PageCode | None  # None: a QR that is not ours (`text` says what it was), or none
    text: str  # the QR's text, "" when no QR was found
    turn: int  # degrees counter-clockwise (PIL's `rotate`) that put the page upright
    #: The code's corners in the image as read: its own top left, top right, bottom right, bottom
    #: left, whichever way the page lies.
    corners: tuple[Point, Point, Point, Point] | None = None

    def page_point(self, x_mm: float, y_mm: float) -> Point:
        """Where a point (x_mm right of, y_mm up from the code's lower left corner) is in the image:
        the code's edges are the page's axes and its size the scale, so this holds on a photo too."""
        (tlx, tly), _tr, (brx, bry), (blx, bly) = self.corners
        u, v = x_mm / CODE_SIZE_MM, y_mm / CODE_SIZE_MM
        return blx + u * (brx - blx) + v * (tlx - blx), bly + u * (bry - bly) + v * (tly - bly)

    def pixels_per_mm(self) -> float:
        (tlx, tly), _tr, (brx, bry), (blx, bly) = self.corners
        return (math.dist((blx, bly), (brx, bry)) + math.dist((blx, bly), (tlx, tly))) / 2 / CODE_SIZE_MM

    def seal_circle(self) -> tuple[Point, float] | None:
        """The seal placeholder's centre and radius in image pixels, if the page has one."""
        if self.code is None or self.code.seal is None or self.corners is None:
            return None
        spot = self.code.seal
        return self.page_point(spot.x, spot.y), spot.radius * self.pixels_per_mm()


def _strips(image: Image.Image):
    """(region, its left, its top): where the code is when the page lies each way."""
    w, h = image.size
    sw, sh = int(w * STRIP), int(h * STRIP)
    yield image.crop((0, h - sh, w, h)), 0, h - sh  # upright
    yield image.crop((0, 0, w, sh)), 0, 0  # upside down
    yield image.crop((0, 0, sw, h)), 0, 0  # turned
    yield image.crop((w - sw, 0, w, h)), w - sw, 0


def _barcodes(image: Image.Image):
    return zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)


def read_page(image: Image.Image) -> Reading:
    """The page code on `image` (the strips first, then the whole page); a page with several of our
    codes takes the first, a page with none says so (`code` None, `text` "")."""
    grey = image if image.mode == "L" else image.convert("L")
    foreign = ""
    for region, left, top in (*_strips(grey), (grey, 0, 0)):
        for barcode in _barcodes(region):
            try:
                code = decode(barcode.text)
            except PageCodeError:
                foreign = foreign or barcode.text
                continue
            where = barcode.position
            corners = tuple((p.x + left, p.y + top)
                            for p in (where.top_left, where.top_right, where.bottom_right, where.bottom_left))
            return Reading(code, barcode.text, _quarter(barcode.orientation), corners)
    return Reading(None, foreign, 0)


def _quarter(orientation: int) -> int:
    """zxing's orientation is how the code is turned clockwise; PIL turns counter-clockwise."""
    return (round(orientation / 90) * 90) % 360


def upright(image: Image.Image, turn: int) -> Image.Image:
    """The page turned by `turn` (a quarter turn, exactly: no resampling)."""
    transposes = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_270}
    return image.transpose(transposes[turn]) if turn in transposes else image
