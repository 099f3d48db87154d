"""Draw the application icon: resources/icons/hbaccept.ico (16–256 px, for the Windows exe, the
installer, the save-file type and the window) and hbaccept.png (256 px, for Linux desktops).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_icons.py

A form sheet with ruled lines and a red round seal, drawn with plain shapes (no font, so the result
is the same on every machine) at every size rather than scaled down, so the small sizes stay crisp.
Qt can write only one image per .ico, so the icon directory is written here: PNG-compressed entries,
which Windows Vista and later read at every size."""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from hbaccept_gui.resources import APP_ICON, resource_path  # noqa: E402

SIZES = (16, 24, 32, 48, 64, 128, 256)
BLUE = QColor("#1f5fa8")
SEAL_RED = QColor("#d0021b")


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format_ARGB32)
    image.fill(Qt.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.scale(size / 256, size / 256)
    painter.setPen(Qt.NoPen)
    painter.setBrush(BLUE)
    painter.drawRoundedRect(QRectF(8, 8, 240, 240), 44, 44)
    painter.setBrush(Qt.white)
    painter.drawRoundedRect(QRectF(58, 34, 140, 188), 12, 12)
    painter.setPen(QPen(QColor("#9aa7b8"), 12 if size < 48 else 9, Qt.SolidLine, Qt.RoundCap))
    for y in (76, 108, 140):
        painter.drawLine(QPointF(82, y), QPointF(174, y))
    painter.setPen(QPen(SEAL_RED, 14 if size < 48 else 10))
    painter.setBrush(Qt.NoBrush)
    painter.drawEllipse(QPointF(160, 178), 40, 40)
    painter.setPen(Qt.NoPen)
    painter.setBrush(SEAL_RED)
    painter.drawPolygon([QPointF(160 + x, 178 + y) for x, y in _star(17)])
    painter.end()
    return image


def _star(radius: float) -> list[tuple[float, float]]:
    """The five-pointed star at the centre of a Chinese official seal."""
    from math import cos, pi, sin

    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.4
        angle = -pi / 2 + i * pi / 5
        points.append((r * cos(angle), r * sin(angle)))
    return points


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def ico_bytes(images: list[bytes]) -> bytes:
    """An icon directory (ICONDIR + one ICONDIRENTRY per size) followed by the PNG images."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, blob in zip(SIZES, images):
        side = size % 256  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset + len(blobs))
        blobs += blob
    return header + entries + blobs


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv)
    images = {size: draw(size) for size in SIZES}
    icon = resource_path(*APP_ICON)
    icon.parent.mkdir(parents=True, exist_ok=True)
    icon.write_bytes(ico_bytes([png_bytes(images[size]) for size in SIZES]))
    images[256].save(str(icon.with_suffix(".png")), "PNG")
    print(f"wrote {icon} and {icon.with_suffix('.png').name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
