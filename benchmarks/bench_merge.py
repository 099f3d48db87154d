"""汇总 of 100 unit files (each the Baoding demo under another unit name, its 9 works and figures
varied): read, check and merge, then save the merged file; prints median times.

    .venv/bin/python benchmarks/bench_merge.py

Figures only: the tests assert behaviour, never speed."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

from bench_core import median_ms  # benchmarks/ is on the path when run as a script
from hbaccept_gui.core.merge import merge, read_sources
from hbaccept_gui.core.pipeline import load_demo
from hbaccept_gui.core.storage import save_document

UNITS = 100
RUNS = 5


def write_units(folder: Path) -> list[Path]:
    paths = []
    for n in range(1, UNITS + 1):
        _definition, doc = load_demo()
        doc.header["unit_name"] = f"示例第{n}图书馆"
        doc.assigned["digital_resources"] = Decimal(n) / 100
        for item in doc.details["digital_resources"][0].items:
            item.count += n
        paths.append(folder / f"unit{n:03d}.hbaccept")
        save_document(doc, paths[-1])
    return paths


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = write_units(Path(folder))
        sources, _unreadable = read_sources(paths)
        result = merge(sources, "示例市文化广电和旅游局")
        assert result.ok, result.problems
        target = Path(folder) / "merged.hbaccept"
        print(f"{UNITS} unit files, {sum(p.stat().st_size for p in paths) // 1024} KiB; median of {RUNS} runs")
        print(f"read {UNITS} files (load + schema + parse): {median_ms(lambda: read_sources(paths), RUNS):8.1f} ms")
        print(f"merge (check, audit, sum, share):         {median_ms(lambda: merge(sources, '示例市'), RUNS):8.1f} ms")
        print(f"save the merged file:                     {median_ms(lambda: save_document(result.document, target), RUNS):8.1f} ms")
        total = median_ms(lambda: save_document(merge(read_sources(paths)[0], "示例市").document, target), RUNS)
        print(f"whole merge, files to merged file:        {total:8.1f} ms")


if __name__ == "__main__":
    main()
