"""The stamped files: one PDF per complete document, 「<文件名>（盖章版）.pdf」, its pages upright and
in order, each page an A4 sheet with the scan fitted on it (so it prints as the original did).

Mailboxes refuse large messages, and the province's wants everything in one email: the pages are
re-encoded as JPEG, smaller step by step, until all stamped PDFs together fit `limit` bytes. JPEG
keeps the colour, so the red seal stays red. Each JPEG goes into the PDF as it is (DCTDecode), so
what is measured is what is written. Files are written atomically (`core.storage.atomic_write`)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from reportlab.lib.pagesizes import A4, landscape

from hbaccept_gui.core.storage import atomic_write
from hbaccept_gui.scans.sorting import DocumentScan, ScanResult

DEFAULT_LIMIT = 20 * 1024 * 1024
SUFFIX = "（盖章版）.pdf"
#: (long side in pixels, JPEG quality), tried in order until the files fit: 200, 150, 125, 100 and
#: 80 dpi on A4. Below 100 dpi a stamped form is still legible, a seal still visibly red.
STEPS = ((None, None), (2339, 75), (1754, 70), (1462, 62), (1169, 55), (935, 50))
PDF_OVERHEAD = 4096  # a PDF's own bytes beyond its images, per file, rounded up


class TooLarge(Exception):
    """Even the smallest step does not fit the limit: the message says how large it came out."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Written:
    paths: list[Path]
    total_bytes: int
    step: int  # index into STEPS: 0 the pages as read


def stamped_name(doc: DocumentScan) -> str:
    return f"{doc.expected.name}{SUFFIX}"


def _reencoded(jpeg: bytes, long_side: int | None, quality: int | None) -> bytes:
    if long_side is None:
        return jpeg
    with Image.open(io.BytesIO(jpeg)) as image:
        image.draft("RGB" if image.mode == "RGB" else "L", (long_side, long_side))  # JPEG's cheap downscale
        image = image.copy()
    image.thumbnail((long_side, long_side), Image.Resampling.BICUBIC)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()


def pdf_bytes(images: list[tuple[bytes, tuple[int, int]]], title: str) -> bytes:
    """One A4 page per JPEG, portrait or landscape as the page is, the image fitted and centred.

    Written by hand: a PDF of JPEG pages is a handful of objects, and reportlab would ASCII85 every
    image (a quarter larger, when size is the point) and read each twice."""
    objects: list[bytes] = []  # object n + 1

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog, pages = add(b""), add(b"")  # filled in below, when the pages are known
    kids = []
    for jpeg, (w, h) in images:
        mode = _jpeg_mode(jpeg)
        page_w, page_h = landscape(A4) if w > h else A4
        scale = min(page_w / w, page_h / h)
        dw, dh = w * scale, h * scale
        image = add(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /%s "
                    b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n%s\nendstream"
                    % (w, h, b"DeviceGray" if mode == "L" else b"DeviceRGB", len(jpeg), jpeg))
        draw = b"q %.2f 0 0 %.2f %.2f %.2f cm /Im Do Q" % (dw, dh, (page_w - dw) / 2, (page_h - dh) / 2)
        content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(draw), draw))
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.2f %.2f] "
                        b"/Resources << /XObject << /Im %d 0 R >> >> /Contents %d 0 R >>"
                        % (pages, page_w, page_h, image, content)))
    objects[pages - 1] = b"<< /Type /Pages /Count %d /Kids [%s] >>" % (len(kids), b" ".join(b"%d 0 R" % k for k in kids))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages
    info = add(b"<< /Title <%s> /Producer (hbaccept) >>" % ("\ufeff" + title).encode("utf-16-be").hex().encode())
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, catalog, info, xref))
    return out.getvalue()


def _jpeg_mode(jpeg: bytes) -> str:
    with Image.open(io.BytesIO(jpeg)) as image:
        return image.mode


def write_stamped(result: ScanResult, folder: Path, limit: int = DEFAULT_LIMIT) -> Written:
    """The stamped PDF of every complete document of `result` into `folder`, all of them together
    under `limit` bytes; TooLarge (and nothing written) when that cannot be reached. The smallest
    step is measured first, so a limit that cannot be met is known after one pass; then the steps
    from the best down, until one fits."""
    folder = Path(folder)
    docs = [d for d in result.documents if d.complete]
    last = len(STEPS) - 1
    smallest = _files(docs, folder, last)
    if _total(smallest) > limit:
        raise TooLarge(f"盖章版文件压缩后仍有 {_total(smallest) / 1048576:.1f} MB，超过 {limit / 1048576:.0f} MB 的限制。"
                       f"请减少扫描页数或降低扫描分辨率后重试。")
    for step in range(len(STEPS)):
        files = smallest if step == last else _files(docs, folder, step)
        if _total(files) <= limit:
            for path, data in files:
                atomic_write(path, data)
            return Written([path for path, _data in files], _total(files), step)
    raise AssertionError("the smallest step fits")  # pragma: no cover


def _files(docs: list[DocumentScan], folder: Path, step: int) -> list[tuple[Path, bytes]]:
    long_side, quality = STEPS[step]
    files = []
    for doc in docs:
        pages = []
        for page in doc.ordered():
            jpeg = _reencoded(page.jpeg, long_side, quality)
            pages.append((jpeg, _size(jpeg) if long_side else page.size))
        files.append((folder / stamped_name(doc), pdf_bytes(pages, doc.expected.name)))
    return files


def _total(files: list[tuple[Path, bytes]]) -> int:
    return sum(len(data) for _path, data in files)


def _size(jpeg: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(jpeg)) as image:
        return image.size
