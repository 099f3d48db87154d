"""Real "scans" of our own exports, for the tests and the benchmark: the demo's PDFs are written with
page codes, rendered with pypdfium2, then handled as a clerk's scanner or phone would (a paper
tint and sensor noise, a few degrees of skew, a quarter or half turn, blur, greyscale, JPEG at
quality 60) and some stamped with a synthetic red seal where the placeholder is."""

from __future__ import annotations

import copy
import io
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from hbaccept_gui.core.pipeline import evaluate, load_demo
from hbaccept_gui.exporters import page_code, pdf
from hbaccept_gui.exporters.layout import ExportSet, build_export_set
from hbaccept_gui.exporters.settings import ExportSettings
from hbaccept_gui.resources import resource_path

WHITE = (255, 255, 255)


def demo_export_set(edit=None, unit: str | None = None) -> ExportSet:
    definition, doc = load_demo()
    doc = copy.deepcopy(doc)
    if unit is not None:
        doc.header["unit_name"] = unit
    if edit is not None:
        edit(doc)
    return build_export_set(evaluate(definition, doc))


def one_more_leaf(doc) -> None:
    """An edit after printing: the first book gets one leaf more (附件1, 附件2 and the report change)."""
    doc.details["digital_resources"][0].items[0].count += 1


def write_coded_pdfs(export_set: ExportSet, folder: Path, settings: ExportSettings = ExportSettings(),
                     keys: tuple[str, ...] | None = None) -> dict:
    """{layout key: PDF path} of every form and report (or those of `keys`), each page with its code,
    written as 一键导出 writes them."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for layout, write in [(f, pdf.write_form_pdf) for f in export_set.forms] + [
            (r, pdf.write_report_pdf) for r in export_set.reports]:
        if keys is None or layout.key in keys:
            paths[layout.key] = write(layout, folder / f"{layout.file_stem}.pdf", settings, export_set.draft,
                                      code=page_code.document_code(export_set, layout))
    return paths


def render_pages(path: Path, dpi: int) -> list[Image.Image]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        return [document[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(document))]
    finally:
        document.close()


# ---------------------------------------------------------------- what scanners and phones do


def colour_scan(page: Image.Image) -> Image.Image:
    """Paper is never white on a colour scan: a warm tint and a little sensor noise, different in
    each channel."""
    tinted = ImageChops.multiply(page.convert("RGB"), Image.new("RGB", page.size, (250, 246, 236)))
    w, h = page.size
    noise = Image.effect_noise((w // 2 + 1, h // 2 + 1), 5).resize((w, h))
    channels = Image.merge("RGB", [noise, ImageChops.offset(noise, 7, 3), ImageChops.offset(noise, 13, 11)])
    return ImageChops.add(tinted, channels, offset=-128)


def stamp(page: Image.Image, circle, shift_mm: float = 3.0) -> Image.Image:
    """A red seal (ring, star, the unit's name) over the placeholder `circle` ((centre, radius) in
    pixels, as `Reading.seal_circle` finds it), a little off-centre as a hand sets it."""
    page = page.copy()
    (cx, cy), r = circle
    px = r / 21  # pixels a millimetre: the placeholder is 42 mm across
    cx, cy = cx + shift_mm * px, cy - shift_mm * px
    ink = (205, 28, 38)
    draw = ImageDraw.Draw(page)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=ink, width=max(2, int(1.2 * px)))
    star = [(cx + 6 * px * _cos(a), cy - 6 * px * _sin(a)) for a in range(90, 90 + 720, 144)]
    draw.polygon(star, fill=ink)
    font = ImageFont.truetype(str(resource_path("fonts", "wqy-zenhei.ttc")), int(5 * px))
    draw.text((cx, cy + 10 * px), "保定市图书馆", fill=ink, font=font, anchor="mm")
    return page


def sealed(page: Image.Image) -> Image.Image:
    """A colour scan of `page`, stamped where its code says the seal goes (if it says so)."""
    from hbaccept_gui.scans.reader import read_page

    scan = colour_scan(page)
    circle = read_page(page).seal_circle()
    return stamp(scan, circle) if circle else scan


def _cos(degrees: float) -> float:
    import math
    return math.cos(math.radians(degrees))


def _sin(degrees: float) -> float:
    import math
    return math.sin(math.radians(degrees))


def skew(page: Image.Image, degrees: float) -> Image.Image:
    fill = WHITE if page.mode == "RGB" else 255
    return page.rotate(degrees, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=fill)


def turn(page: Image.Image, degrees: int) -> Image.Image:
    return page.rotate(degrees, expand=True)


def blur(page: Image.Image, radius: float = 0.8) -> Image.Image:
    return page.filter(ImageFilter.GaussianBlur(radius))


def jpeg(page: Image.Image, quality: int = 60) -> bytes:
    out = io.BytesIO()
    page.save(out, "JPEG", quality=quality)
    return out.getvalue()


def save_pdf(pages: list[Image.Image], path: Path, dpi: int) -> Path:
    """A scanner's PDF: one JPEG image a page."""
    pages[0].save(path, "PDF", save_all=True, append_images=pages[1:], resolution=dpi, quality=75)
    return path


def run_cli_scans(capsys, *argv):
    """`hbaccept scans ARGV` in this process, through the real parser: (exit code, captured output)."""
    import argparse

    from hbaccept_gui import cli_scans

    parser = argparse.ArgumentParser(prog="hbaccept")
    cli_scans.add_parser(parser.add_subparsers(dest="command"))
    code = cli_scans.run(parser.parse_args(["scans", *map(str, argv)]))
    return code, capsys.readouterr()
