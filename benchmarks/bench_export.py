"""Export-all (Word, PDF, Excel, zip, email) for the demo and for a 2,000-work document, and, in
the same run, LibreOffice headless turning the same .docx files into PDF — the office-suite route
the PDF exporter replaces.

    .venv/bin/python benchmarks/bench_export.py

Goal (issue [Export]): export-all of the demo ≤ 1 s and ≥ 5× faster than the office-suite route."""

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
from hbaccept_gui.exporters.bundle import export_all

RUNS = 5


def timed_exports(evaluation, runs: int = RUNS) -> tuple[float, Path]:
    times, last = [], None
    for _ in range(runs):
        folder = Path(tempfile.mkdtemp(prefix="hbaccept-bench-"))
        start = time.perf_counter()
        last = export_all(evaluation, folder)
        times.append(time.perf_counter() - start)
    return statistics.median(times), last.folder


def office_route(folder: Path) -> float | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    out = Path(tempfile.mkdtemp(prefix="hbaccept-soffice-"))
    profile = Path(tempfile.mkdtemp(prefix="hbaccept-lo-profile-"))
    files = sorted(str(p) for p in folder.glob("*.docx"))
    command = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
               "--outdir", str(out), *files]
    subprocess.run(command, capture_output=True, check=True, timeout=600)  # warm the profile once
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True, timeout=600)
    return time.perf_counter() - start


def main() -> None:
    definition, demo = load_demo()
    demo_time, demo_folder = timed_exports(evaluate(definition, demo))
    big = load_demo()[1]
    big.details["digital_resources"][0].items = [ItemRow(f"《示例古籍第{i}种》", Decimal(300 + i % 700)) for i in range(2000)]
    big.details["digital_resources"][0].values["description"] = ""  # the list itself is printed
    big_time, _folder = timed_exports(evaluate(definition, big), runs=1)
    print(f"export-all, demo (15 files + zip + eml, median of {RUNS}): {demo_time:.3f} s")
    print(f"export-all, 2,000 works:                           {big_time:.3f} s")
    office = office_route(demo_folder)
    if office is None:
        print("LibreOffice not installed: office-suite route not measured")
        return
    print(f"LibreOffice headless, the demo's 7 .docx → PDF:     {office:.3f} s "
          f"(export-all is {office / demo_time:.1f}× faster and writes Word, Excel, zip and email too)")


if __name__ == "__main__":
    sys.exit(main())
