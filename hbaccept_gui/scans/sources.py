"""Scanned pages from whatever the clerk has: a scanner's PDF, phone photos (JPEG/PNG, turned by
their EXIF orientation first, as the phone showed them), multi-page TIFF, in any mix. A page is
yielded one at a time and never kept: 30 pages at 300 dpi would be nearly 1 GB as images."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

#: Scanner PDFs are rendered at this resolution: enough for a 12 mm code and for the stamped copy.
PDF_DPI = 200
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp")
#: A phone's 50-megapixel photo decodes to 150 MB; reading codes and seals needs far less.
MAX_PIXELS = 5000 * 5000


class UnreadableScan(Exception):
    """A file that is not a scan we can read; the message is for the clerk."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path, self.message = path, message


@dataclass(frozen=True)
class PageSource:
    """Where a page came from, as the clerk names it: 「扫描1.pdf 第 3 页」."""

    path: Path
    index: int  # 0-based page of the file
    count: int  # pages in the file

    @property
    def name(self) -> str:
        return self.path.name if self.count == 1 else f"{self.path.name} 第 {self.index + 1} 页"


def page_images(path: Path) -> Iterator[tuple[PageSource, Image.Image]]:
    """Every page of one file as an RGB or greyscale image; UnreadableScan for a file that is none
    of the kinds we read (raised before any page, or at the page that fails)."""
    path = Path(path)
    if not path.is_file():
        raise UnreadableScan(path, f"找不到文件“{path}”。")
    if path.suffix.lower() == ".pdf":
        yield from _pdf_pages(path)
    else:
        yield from _image_pages(path)


def _pdf_pages(path: Path):
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError) as error:
        raise UnreadableScan(path, f"“{path.name}”不是可以读取的 PDF 文件（{error}）。") from error
    try:
        count = len(pdf)
        for index in range(count):
            page = pdf[index]
            try:
                image = _scanned_jpeg(page) or page.render(scale=PDF_DPI / 72).to_pil()
                yield PageSource(path, index, count), _normalised(image)
            finally:
                page.close()
    finally:
        pdf.close()


def _scanned_jpeg(page) -> Image.Image | None:
    """A scanner's page is one JPEG drawn upright over the whole page: decoded as it is, that is
    three times faster than rendering it (and keeps the scanner's resolution). Anything else (text,
    several images, a turned or cropped image, CMYK) returns None and is rendered."""
    import io

    import pypdfium2.raw as pdfium_c

    if page.get_rotation():
        return None
    objects = list(page.get_objects(max_depth=1))
    if len(objects) != 1 or objects[0].type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
        return None
    picture = objects[0]
    if picture.get_filters() != ["DCTDecode"]:
        return None
    a, b, c, d, e, f = picture.get_matrix().get()
    width, height = page.get_size()
    if b or c or abs(a - width) > 2 or abs(d - height) > 2 or abs(e) > 2 or abs(f) > 2:
        return None
    try:
        image = Image.open(io.BytesIO(bytes(picture.get_data(decode_simple=False))))
        image.load()
    except (OSError, UnidentifiedImageError):
        return None
    return image if image.mode in ("RGB", "L") else None


def _image_pages(path: Path):
    try:
        image = Image.open(path)
    except (UnidentifiedImageError, OSError) as error:
        raise UnreadableScan(path, f"“{path.name}”不是可以读取的图片或 PDF 文件。") from error
    with image:
        count = getattr(image, "n_frames", 1)
        for index, frame in enumerate(ImageSequence.Iterator(image)):
            try:
                page = _normalised(ImageOps.exif_transpose(frame))
            except OSError as error:  # a truncated file
                raise UnreadableScan(path, f"“{path.name}”第 {index + 1} 页已损坏，无法读取。") from error
            yield PageSource(path, index, count), page


def _normalised(image: Image.Image) -> Image.Image:
    """RGB or L (what the reader, the seal check and JPEG take), no larger than MAX_PIXELS."""
    if image.mode not in ("RGB", "L"):
        grey = image.mode in ("1", "I", "I;16", "F") or (image.mode == "P" and _grey_palette(image))
        image = image.convert("L" if grey else "RGB")
    if image.width * image.height > MAX_PIXELS:
        scale = (MAX_PIXELS / (image.width * image.height)) ** 0.5
        image = image.resize((int(image.width * scale), int(image.height * scale)), Image.Resampling.LANCZOS)
    return image


def _grey_palette(image: Image.Image) -> bool:
    palette = image.getpalette() or []
    return all(palette[i] == palette[i + 1] == palette[i + 2] for i in range(0, len(palette) - 2, 3))
