"""Print and preview the exported PDFs without leaving the app: pages are rendered with pdfium and
painted onto the printer, so what is printed is exactly the file that is exported and sent."""

from __future__ import annotations

from pathlib import Path

from hbaccept_gui.ui.qt import QImage, QPageLayout, QPainter, QPrinter, QPrintPreviewDialog, QRectF, Qt

RENDER_DPI = 200


def page_images(paths: list[Path], dpi: int = RENDER_DPI):
    """(image, landscape) for every page of the PDFs, in order."""
    import pypdfium2 as pdfium

    for path in paths:
        document = pdfium.PdfDocument(str(path))
        try:
            for page in document:
                width, height = page.get_size()
                bitmap = page.render(scale=dpi / 72, rev_byteorder=True)  # RGB(A) byte order, as QImage wants
                pixels = bytes(bitmap.buffer)
                image_format = QImage.Format_RGBA8888 if bitmap.n_channels == 4 else QImage.Format_RGB888
                image = QImage(pixels, bitmap.width, bitmap.height, bitmap.stride, image_format)
                yield image.copy(), width > height
                page.close()
        finally:
            document.close()


def paint_pages(printer: QPrinter, paths: list[Path]) -> int:
    painter = QPainter()
    count = 0
    for image, landscape in page_images(paths):
        orientation = QPageLayout.Landscape if landscape else QPageLayout.Portrait
        printer.setPageOrientation(orientation)
        if count == 0:
            painter.begin(printer)
        else:
            printer.newPage()
        target = QRectF(painter.viewport())
        size = image.size().scaled(target.size().toSize(), Qt.KeepAspectRatio)
        painter.drawImage(QRectF(target.x(), target.y(), size.width(), size.height()), image)
        count += 1
    if painter.isActive():
        painter.end()
    return count


def preview(parent, paths: list[Path], title: str = "打印预览") -> None:
    printer = QPrinter(QPrinter.HighResolution)
    printer.setFullPage(True)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.paintRequested.connect(lambda target: paint_pages(target, paths))
    dialog.resize(1100, 760)
    dialog.exec()
