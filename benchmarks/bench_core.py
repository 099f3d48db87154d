"""Load, recompute and save a document with 2,000 itemised works; prints median times.

    .venv/bin/python benchmarks/bench_core.py

Figures only: the tests assert behaviour, never speed."""

from __future__ import annotations

import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from hbaccept_gui.core.calc import recompute
from hbaccept_gui.core.checks import check_document
from hbaccept_gui.core.document import ItemRow
from hbaccept_gui.core.pipeline import load_demo
from hbaccept_gui.core.storage import load_document, save_document

WORKS = 2000
RUNS = 21


def big_document():
    definition, doc = load_demo()
    doc.details["digital_resources"][0].items = [
        ItemRow(f"《示例古籍第{i}种》", Decimal(300 + i % 700)) for i in range(WORKS)
    ]
    return definition, doc


def median_ms(action, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    definition, doc = big_document()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.hbaccept"
        save_document(doc, path)
        size_kb = path.stat().st_size / 1024
        print(f"document: {WORKS} itemised works, {size_kb:.0f} KiB on disk, median of {RUNS} runs")
        print(f"load (read + schema + parse):  {median_ms(lambda: load_document(path)):8.2f} ms")
        print(f"recompute (all derived):       {median_ms(lambda: recompute(definition, doc)):8.2f} ms")
        print(f"audit (all rules):             {median_ms(lambda: check_document(definition, doc)):8.2f} ms")
        print(f"save (atomic, fsync, .bak):    {median_ms(lambda: save_document(doc, path)):8.2f} ms")


if __name__ == "__main__":
    main()
