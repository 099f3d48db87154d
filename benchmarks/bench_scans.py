"""Stamped scans back in: 30 pages scanned at 300 dpi (the demo's 9 pages, three times over and
three more, stamped, in colour, with a few turned and skewed) in one scanner PDF, read, sorted and
assembled into the stamped PDFs; prints the time of each half and the whole (goal: ≤ 10 s on a
2-core PC).

    .venv/bin/python benchmarks/bench_scans.py

Figures only: the tests assert behaviour, never speed."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "scans"))

import fake_scans as fs  # noqa: E402
from hbaccept_gui.scans import expected_documents, write_stamped  # noqa: E402
from hbaccept_gui.scans.sorting import read_scans, sort_pages  # noqa: E402

DPI = 300
PAGES = 30


def scanner_pdf(folder: Path) -> Path:
    export_set = fs.demo_export_set()
    pdfs = fs.write_coded_pdfs(export_set, folder / "export")
    pages = [page for path in pdfs.values() for page in fs.render_pages(path, DPI)]
    scans = []
    for n in range(PAGES):
        page = fs.sealed(pages[n % len(pages)])
        if n % 7 == 3:
            page = fs.turn(page, 180)
        elif n % 7 == 5:
            page = fs.skew(page, 2)
        scans.append(page)
    return fs.save_pdf(scans, folder / "扫描.pdf", DPI), export_set


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        print(f"preparing {PAGES} pages at {DPI} dpi …", flush=True)
        scan, export_set = scanner_pdf(folder)
        print(f"scanner PDF: {scan.stat().st_size / 1048576:.1f} MB")
        out = folder / "out"
        out.mkdir()
        start = time.perf_counter()
        pages, unreadable = read_scans([scan])
        read = time.perf_counter()
        result = sort_pages(expected_documents(export_set), pages, unreadable)
        written = write_stamped(result, out)
        done = time.perf_counter()
        found = sum(p.code is not None for p in pages)
        print(f"read {len(pages)} pages ({found} codes): {read - start:.2f} s "
              f"({(read - start) / len(pages) * 1000:.0f} ms a page)")
        print(f"sorted and wrote {len(written.paths)} stamped PDFs "
              f"({written.total_bytes / 1048576:.1f} MB): {done - read:.2f} s")
        print(f"total: {done - start:.2f} s (goal ≤ 10 s)")


if __name__ == "__main__":
    main()
