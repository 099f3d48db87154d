"""Is the page stamped? Red ink where the seal placeholder was printed.

Chinese official seals are red (印油 is a saturated red to magenta-red); nothing else on our pages is
coloured (the placeholder is grey, the text black). So the check counts strongly saturated red
pixels in a box around the placeholder, generous enough for a seal set off-centre or a photo not
quite square. A scan without any colour (a greyscale scan, or a colour file whose three channels
are equal everywhere, as scanner software writes a greyscale scan as RGB) cannot show red ink at
all: that is said, not guessed. A page that was drawn, not scanned (the exported PDF itself), has the
document's own colours, exactly: no red there means no seal, never "cannot be checked"."""

from __future__ import annotations

from enum import Enum

from PIL import Image, ImageChops, ImageStat

#: The box searched: the placeholder's radius times this around its centre.
REACH = 1.8
#: Red in Pillow's HSV (0–255 each): hue within ±HUE of red, saturation and value at least these.
HUE, MIN_SATURATION, MIN_VALUE = 16, 90, 70
#: Share of red pixels in the box that counts as a seal: a 42 mm seal's ring and text cover about
#: 5 % of its box; a stray red pen tick well under 0.5 %.
MIN_SHARE = 0.006
#: A colour scan's channels differ a little everywhere (paper tint, sensor noise); equal to within
#: this on average means no colour was scanned.
GREY_MEAN_DIFFERENCE = 0.8
WORK_SIZE = 320  # the box is examined at this many pixels a side


class Stamp(Enum):
    RED = "red"  # red ink found
    NONE = "none"  # a colour scan without red ink there
    GREY = "grey"  # no colour in the scan: cannot be checked


def is_greyscale(image: Image.Image) -> bool:
    if image.mode != "RGB":
        return True
    small = image.copy()
    small.thumbnail((400, 400))
    r, g, b = small.split()
    spread = ImageStat.Stat(ImageChops.difference(r, g)).mean[0] + ImageStat.Stat(ImageChops.difference(g, b)).mean[0]
    return spread < GREY_MEAN_DIFFERENCE


def red_share(image: Image.Image) -> float:
    """The share of `image`'s pixels that are seal red."""
    hue, saturation, value = image.convert("HSV").split()
    red_hue = hue.point(lambda h: 255 if h <= HUE or h >= 255 - HUE else 0)
    strong = saturation.point(lambda s: 255 if s >= MIN_SATURATION else 0)
    bright = value.point(lambda v: 255 if v >= MIN_VALUE else 0)
    mask = ImageChops.multiply(ImageChops.multiply(red_hue, strong), bright)
    return mask.histogram()[255] / (image.width * image.height)


def seal_box(size: tuple[int, int], centre: tuple[float, float], radius: float) -> tuple[int, int, int, int]:
    """The square searched around a placeholder (centre and radius in pixels), inside the image."""
    width, height = size
    cx, cy = centre
    reach = radius * REACH
    return (max(0, int(cx - reach)), max(0, int(cy - reach)), min(width, int(cx + reach)), min(height, int(cy + reach)))


def check_stamp(image: Image.Image, centre: tuple[float, float], radius: float, drawn: bool = False) -> Stamp:
    """Red ink in the box around the placeholder at `centre` with `radius` (pixels of `image`,
    which may lie any way up: the box is a square around the centre). `drawn`: the page was
    rendered from the PDF's own drawing, not scanned, so its colours are exact."""
    if image.mode != "RGB":
        return Stamp.NONE if drawn else Stamp.GREY
    box = seal_box(image.size, centre, radius)
    if box[2] - box[0] < 4 or box[3] - box[1] < 4:  # the seal's place is outside the photo
        return Stamp.GREY if is_greyscale(image) and not drawn else Stamp.NONE
    region = image.crop(box)
    region.thumbnail((WORK_SIZE, WORK_SIZE))
    if red_share(region) >= MIN_SHARE:
        return Stamp.RED
    return Stamp.GREY if is_greyscale(image) and not drawn else Stamp.NONE
