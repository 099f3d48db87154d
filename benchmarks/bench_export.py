"""Export-all for the demo and for a 2,000-work document and, in the same run, the office-suite
route it replaces: our Word files turned into PDF by LibreOffice headless.

    .venv/bin/python benchmarks/bench_export.py [runs]

Printed, each as the minimum and the median of `runs` runs (the machine may be shared, so the
minimum is the figure to compare between versions):

  (a) export-all of the demo: every file (forms and reports as Word and PDF, the workbook, the
      字符集外字表 as Word and Excel), the zip and the email draft;
  (b) LibreOffice converting the demo's 7 forms and reports .docx to PDF (one soffice call with a
      warmed profile; the 字符集外字表 is left out, export-all has no PDF of it);
  (c) the office-suite route to the same 7 PDFs: writing the 7 .docx, then (b);
  (d) our own PDF writer for the same 7 PDFs, for comparison with (b).

Goal (issue [Export]): (a) ≤ 1 s, and (c) / (a) ≥ 5: export-all, which writes everything, at least
five times faster than the office route producing only the 7 PDFs."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from hbaccept_gui.core.document import ItemRow
from hbaccept_gui.core.pipeline import evaluate, load_demo
from hbaccept_gui.exporters import docx, pdf
from hbaccept_gui.exporters.bundle import export_all
from hbaccept_gui.exporters.layout import build_export_set

RUNS = 15
OFFICE_RUNS = 3  # about 2 s each


def timed(function, runs: int) -> list[float]:
    """Wall times of `runs` calls, each in a fresh temporary folder (after one untimed warm-up)."""
    function(Path(tempfile.mkdtemp(prefix="hbaccept-bench-")))
    times = []
    for _ in range(runs):
        folder = Path(tempfile.mkdtemp(prefix="hbaccept-bench-"))
        start = time.perf_counter()
        function(folder)
        times.append(time.perf_counter() - start)
    return times


def write_docx(export_set, folder: Path) -> list[Path]:
    return ([docx.write_form_docx(f, folder / f"{f.file_stem}.docx") for f in export_set.forms]
            + [docx.write_report_docx(r, folder / f"{r.file_stem}.docx") for r in export_set.reports])


def write_pdf(export_set, folder: Path) -> list[Path]:
    return pdf.write_all_pdf(export_set, folder)


def libreoffice(files: list[Path], runs: int) -> list[float] | None:
    """Times of one `soffice --convert-to pdf` of all `files`, its profile warmed by a first call."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    profile = Path(tempfile.mkdtemp(prefix="hbaccept-lo-profile-"))

    def convert(out: Path) -> None:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out), *map(str, files)], capture_output=True, check=True, timeout=600)
        if len(list(out.glob("*.pdf"))) != len(files):
            raise RuntimeError("LibreOffice did not convert every file")

    return timed(convert, runs)


def big_document():
    definition, document = load_demo()
    resources = document.details["digital_resources"][0]
    resources.items = [ItemRow(f"《示例古籍第{i}种》", Decimal(300 + i % 700)) for i in range(2000)]
    resources.values["description"] = ""  # the list itself is printed
    return evaluate(definition, document)


def show(label: str, times: list[float]) -> None:
    print(f"{label:58s} min {min(times):6.3f} s   median {statistics.median(times):6.3f} s   (n={len(times)})")


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else RUNS
    evaluation = evaluate(*load_demo())
    export_set = build_export_set(evaluation)
    demo = timed(lambda folder: export_all(evaluation, folder), runs)
    show("(a) export-all, demo (all files + zip + eml)", demo)
    big = big_document()
    show("    export-all, 2,000 works", timed(lambda folder: export_all(big, folder), max(1, runs // 5)))
    words = timed(lambda folder: write_docx(export_set, folder), runs)
    show(f"    our Word writer, the {len(export_set.forms) + len(export_set.reports)} forms and reports", words)
    show("(d) our PDF writer, the same PDFs", timed(lambda folder: write_pdf(export_set, folder), runs))
    office = libreoffice(write_docx(export_set, Path(tempfile.mkdtemp(prefix="hbaccept-docx-"))), OFFICE_RUNS)
    if office is None:
        print("LibreOffice not installed: the office-suite route is not measured")
        return
    show("(b) LibreOffice headless, those .docx → PDF", office)
    route = min(words) + min(office), statistics.median(words) + statistics.median(office)
    print(f"{'(c) office-suite route = our Word writer + (b)':58s} min {route[0]:6.3f} s   median {route[1]:6.3f} s")
    print(f"goal (c)/(a) ≥ 5: export-all is {route[0] / min(demo):.1f}× faster than the office route by minima, "
          f"{route[1] / statistics.median(demo):.1f}× by medians (LibreOffice alone, (b)/(a): "
          f"{min(office) / min(demo):.1f}× / {statistics.median(office) / statistics.median(demo):.1f}×)")


if __name__ == "__main__":
    sys.exit(main())
