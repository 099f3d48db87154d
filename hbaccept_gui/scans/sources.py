"""Scanned pages from whatever the clerk has: a scanner's PDF, phone photos (JPEG/PNG, turned by
their EXIF orientation first, as the phone showed them), multi-page TIFF, in any mix. A page is
yielded one at a time and never kept: 30 pages at 300 dpi would be nearly 1 GB as images.

A PDF page says what it is made of, which a photo cannot: where its raster images lie (`images`,
in the pixels of the page image yielded) and whether the file is one of our own exports (its
Creator and Producer as `exporters.pdf` writes them). A scan is a picture of the sheet, whatever
else the file carries (an OCR text layer is drawn invisibly over the picture); the exported PDF
itself is drawn: vector text and the page code as vector modules, no picture of a page. `sorting`
uses this to refuse the exported PDFs picked by mistake instead of the stamped scans."""

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


#: What our PDF exports write as Creator (exporters/pdf.py) and how reportlab names itself as Producer.
EXPORT_CREATOR, EXPORT_PRODUCER = "hbaccept", "ReportLab"

Box = tuple[float, float, float, float]  # left, top, right, bottom in the page image's pixels


@dataclass(frozen=True)
class PageSource:
    """Where a page came from, as the clerk names it: 「扫描1.pdf 第 3 页」."""

    path: Path
    index: int  # 0-based page of the file
    count: int  # pages in the file
    #: A PDF page's raster images, in the pixels of the page image; None for a photo or TIFF (which
    #: is a raster through and through).
    images: tuple[Box, ...] | None = None
    #: The PDF's metadata says it is one of our own exports (not a scan of one).
    exported: bool = False

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
        exported = _our_export(pdf)
        for index in range(count):
            page = pdf[index]
            try:
                image = _scanned_jpeg(page)
                if image is not None:
                    images = ((0.0, 0.0, float(image.width), float(image.height)),)
                else:
                    image = page.render(scale=PDF_DPI / 72).to_pil()
                    images = tuple(_image_boxes(page, image.size))
                normal = _normalised(image)
                if normal.size != image.size:  # shrunk: the boxes shrink with it
                    scale = normal.width / image.width
                    images = tuple(tuple(v * scale for v in box) for box in images)
                yield PageSource(path, index, count, images, exported), normal
            finally:
                page.close()
    finally:
        pdf.close()


def _our_export(pdf) -> bool:
    try:
        meta = pdf.get_metadata_dict()
    except Exception:  # noqa: BLE001 (a damaged Info dictionary says nothing either way)
        return False
    return meta.get("Creator", "") == EXPORT_CREATOR and meta.get("Producer", "").startswith(EXPORT_PRODUCER)


def _image_boxes(page, size: tuple[int, int]):
    """Where the page's raster images are drawn, as boxes in the pixels of the page rendered at
    `size` (images inside form XObjects too, placed by the forms' matrices)."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    width, height = size
    for matrix in _image_matrices(page):
        xs, ys = [], []
        for corner in ((0, 0), (1, 0), (1, 1), (0, 1)):  # an image fills the unit square of its matrix
            x, y = matrix.on_point(*corner)
            dx, dy = ctypes.c_int(), ctypes.c_int()
            pdfium_c.FPDF_PageToDevice(page, 0, 0, width, height, 0, x, y, ctypes.byref(dx), ctypes.byref(dy))
            xs.append(dx.value)
            ys.append(dy.value)
        left, top, right, bottom = max(0, min(xs)), max(0, min(ys)), min(width, max(xs)), min(height, max(ys))
        if right > left and bottom > top:
            yield float(left), float(top), float(right), float(bottom)


def _image_matrices(page, form=None, outer=None, depth: int = 0):
    import pypdfium2.raw as pdfium_c

    for obj in page.get_objects(max_depth=0, form=form):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            matrix = obj.get_matrix()
            yield matrix if outer is None else matrix.multiply(outer)
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 8:
            matrix = obj.get_matrix()
            yield from _image_matrices(page, obj, matrix if outer is None else matrix.multiply(outer), depth + 1)


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
