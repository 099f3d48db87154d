"""PDF export time of one long text: 5,000, 20,000 and 100,000 characters in one cell (附件2's
项目任务完成情况 of the demo) and in one report section (the first section of the library report).

    .venv/bin/python benchmarks/bench_long_text.py [--runs N] [--limit SECONDS]

Each size runs in a fresh child process (fonts registered by an untimed warm-up export first) and
prints the minimum and the median of N runs; a run over --limit seconds is stopped and shown as
「> limit」, so the script also measures the old, quadratic code (100,000 characters took more
than 300 s there). Goal (issue #14, item 6): 100,000 characters in ≤ 2 s, growing linearly.

Figures only: the tests assert behaviour (tests/exporters/test_pdf_long_text.py), never speed."""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "exporters"))
from long_texts import numbered_text, with_description, with_section  # noqa: E402  the texts the tests check

SIZES = (5_000, 20_000, 100_000)
WHERE = ("cell", "section")
RUNS = 3
LIMIT = 600.0


def writer(where: str, length: int):
    """A function writing the PDF with the long text into a folder."""
    from hbaccept_gui.core.pipeline import evaluate, load_demo
    from hbaccept_gui.exporters import pdf
    from hbaccept_gui.exporters.layout import build_export_set

    export_set = build_export_set(evaluate(*load_demo()))
    text = numbered_text(length)[:length]
    if where == "cell":
        form = with_description(export_set, text)
        return lambda folder: pdf.write_form_pdf(form, folder / "form.pdf")
    report = with_section(export_set, text)
    return lambda folder: pdf.write_report_pdf(report, folder / "report.pdf")


def measure(where: str, length: int, runs: int) -> list[float]:
    """In this process: bench_export's timer (an untimed warm-up that registers the fonts, then
    `runs` timed exports, each into a fresh folder)."""
    from bench_export import timed

    return timed(writer(where, length), runs)


def child(where: str, length: int, runs: int, limit: float) -> list[float] | None:
    """`measure` in a fresh process; None when it ran over `limit` seconds per run."""
    command = [sys.executable, __file__, "--one", where, str(length), "--runs", str(runs)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=limit * runs + 30)
    except subprocess.TimeoutExpired:
        return None
    return json.loads(done.stdout.splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--limit", type=float, default=LIMIT, help="seconds per run before giving up")
    parser.add_argument("--one", nargs=2, metavar=("WHERE", "LENGTH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one[0], int(args.one[1]), args.runs)))
        return 0
    label = {"cell": "one cell (附件2)", "section": "one report section"}
    for where in WHERE:
        for length in SIZES:
            times = child(where, length, args.runs, args.limit)
            name = f"PDF, {length:>7,} characters in {label[where]}"
            if times is None:
                print(f"{name:52s} > {args.limit:.0f} s (stopped)")
                break  # the larger sizes would take longer still
            print(f"{name:52s} min {min(times):7.2f} s   median {statistics.median(times):7.2f} s   (n={len(times)})")
    print("goal: 100,000 characters ≤ 2 s in a cell and in a section, time linear in the length")
    return 0


if __name__ == "__main__":
    sys.exit(main())
