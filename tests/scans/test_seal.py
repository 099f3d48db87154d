"""Is it stamped? Tuned on a rendered 附件1 page (its seal placeholder over 单位名称) with synthetic
seals in the inks seals come in, set off-centre as a hand sets them, through JPEG and blur; and
without: no seal, a blue stamp, a red pen tick, and greyscale scans, which cannot be checked."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops, ImageDraw

from hbaccept_gui.scans.reader import read_page
from hbaccept_gui.scans.seal import Stamp, check_stamp, seal_box

import fake_scans as fs

DPI = 150


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    path = fs.write_coded_pdfs(fs.demo_export_set(), tmp_path_factory.mktemp("seal"), keys=("annex1",))["annex1"]
    image = fs.render_pages(path, DPI)[0]
    return fs.colour_scan(image), read_page(image).seal_circle()


def _inked(page, circle, ink, shift_mm=3.0):
    """fs.stamp's seal in another ink: its pixels recoloured."""
    stamped = fs.stamp(page, circle, shift_mm)
    drawn = ImageChops.difference(stamped, page).convert("L").point(lambda v: 255 if v > 40 else 0)
    return Image.composite(Image.new("RGB", page.size, ink), page, drawn)


def _via_jpeg(image, quality=60):
    return Image.open(io.BytesIO(fs.jpeg(image, quality))).convert("RGB")


@pytest.mark.parametrize("ink", [(205, 28, 38), (230, 60, 60), (170, 30, 55), (235, 125, 135)],
                         ids=["seal red", "bright", "crimson", "faded"])
@pytest.mark.parametrize("shift_mm", [0, 8, -8])
def test_red_seals_are_found(page, ink, shift_mm):
    image, circle = page
    assert check_stamp(_inked(image, circle, ink, shift_mm), *circle) is Stamp.RED


def test_a_seal_is_found_through_jpeg_60_and_blur(page):
    image, circle = page
    assert check_stamp(_via_jpeg(fs.blur(fs.stamp(image, circle), 1.2)), *circle) is Stamp.RED


def test_no_seal_on_a_colour_scan_is_said(page):
    image, circle = page
    assert check_stamp(image, *circle) is Stamp.NONE
    assert check_stamp(_via_jpeg(image), *circle) is Stamp.NONE


def test_a_blue_stamp_is_not_a_red_seal(page):
    image, circle = page
    assert check_stamp(_inked(image, circle, (40, 70, 190)), *circle) is Stamp.NONE


def test_a_red_pen_tick_in_the_box_is_not_a_seal(page):
    image, circle = page
    ticked = image.copy()
    x0, y0, x1, y1 = seal_box(image.size, *circle)
    cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
    ImageDraw.Draw(ticked).line((cx, cy, cx + 60, cy - 30), fill=(210, 30, 40), width=3)  # 10 mm, 0.5 mm wide
    assert check_stamp(ticked, *circle) is Stamp.NONE


def test_a_seal_far_from_the_placeholder_is_not_counted(page):
    image, circle = page
    elsewhere = fs.stamp(image, ((image.width * 0.8, image.height * 0.85), circle[1]), 0)
    assert check_stamp(elsewhere, *circle) is Stamp.NONE


@pytest.mark.parametrize("greyscale", [lambda im: im.convert("L"), lambda im: im.convert("L").convert("RGB"),
                                       lambda im: _via_jpeg(im.convert("L").convert("RGB"))],
                         ids=["L", "grey as RGB", "grey as RGB JPEG"])
def test_greyscale_scans_cannot_be_checked(page, greyscale):
    image, circle = page
    assert check_stamp(greyscale(fs.stamp(image, circle)), *circle) is Stamp.GREY
    assert check_stamp(greyscale(image), *circle) is Stamp.GREY


def test_on_a_phone_photo_the_code_says_where_the_seal_is(page):
    """The sheet small in a larger, darker frame, turned 30°: percentages of the photo would miss
    the seal; the code's corners find it."""
    image, circle = page
    sheet = fs.stamp(image, circle).resize((image.width * 3 // 4, image.height * 3 // 4))
    photo = Image.new("RGB", (sheet.width + 900, sheet.height + 700), (96, 88, 80))  # the desk
    photo.paste(sheet, (600, 150))
    photo = photo.rotate(30, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=(96, 88, 80))
    reading = read_page(photo)
    assert reading.code is not None
    assert check_stamp(photo, *reading.seal_circle()) is Stamp.RED
    unstamped = Image.new("RGB", photo.size, (96, 88, 80))
    unstamped.paste(image.resize(sheet.size), (600, 150))
    assert check_stamp(unstamped, *read_page(unstamped).seal_circle()) is Stamp.NONE
