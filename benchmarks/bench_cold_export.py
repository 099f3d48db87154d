"""What a clerk waits for at the command line: `hbaccept export` of the demo as a whole, fresh
process, side by side with LibreOffice converting the same .docx files to PDF as a whole, fresh
process, alternating in one run (issue [Speed]).

    .venv/bin/python benchmarks/bench_cold_export.py [rounds] [--windows-fonts] [--exe=dist/hbaccept/hbaccept]

Each round runs, in this order:
  ours        `hbaccept export DEMO --out DIR`: 17 files, zip and email draft; the font cache warm
              (as on every export after the first on a PC);
  LibreOffice `soffice --headless --convert-to pdf` of the same .docx files (its profile made
              once beforehand, as on a PC where the office suite has been used);
  no cache    ours with the font cache off (HBACCEPT_FONT_CACHE=0): every process parses the fonts;
  first ever  ours with the font cache emptied first: the first export on a PC (parses and writes
              the cache).
Every process runs from compiled bytecode (`bytecode_cached`), as an installed program does.
Wall time from the parent, CPU time (user + system) of the process and its children from
getrusage. Printed: medians, and our ratio to LibreOffice by both. The third figure is the warm
one of bench_export.py: export-all inside one process that has exported before.

--exe times the frozen build (scripts/build_frozen.sh) instead of the venv: the program a clerk
installs. (With --windows-fonts, the venv is timed: the stand-ins are patched in through Python.)

--windows-fonts puts stand-ins at the Windows font names (simhei/simfang/simkai.ttf: Droid Sans
Fallback, simsun.ttc: WenQuanYi Zen Hei) and points the exporter there, so the PDFs embed four or
five faces as on a Chinese Windows PC.

Goals (issue [Speed]): ours ≥ 5× faster than LibreOffice by wall time, ≤ 0.8 s CPU. The machine
these run on may be shared: compare medians of the same run, not runs of different days."""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 5
STANDIN_CJK = (Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
               Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"))

#: The CLI with fonts.font_dirs pointed at the stand-ins (HBACCEPT_BENCH_FONTS).
CLI_WITH_FONTS = r"""
import os, sys
from pathlib import Path
if os.environ.get("HBACCEPT_BENCH_FONTS"):
    from hbaccept_gui.exporters import fonts
    fonts.font_dirs = lambda: [Path(os.environ["HBACCEPT_BENCH_FONTS"])]
from hbaccept_gui.cli import main
sys.exit(main(sys.argv[1:]))
"""


def run(argv: list[str], env: dict) -> tuple[float, float]:
    """(wall, CPU) of one whole process and its children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, capture_output=True, timeout=600)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def bytecode_cached(env: dict, folder: Path) -> dict:
    """`env` with Python's compiled bytecode kept in `folder` (written by the untimed first run,
    read by the timed ones): what an installed or frozen hbaccept runs from. Without it, a shell
    with PYTHONDONTWRITEBYTECODE set (as some development machines have) would time compiling the
    program's own source, about 0.1 s a process, which no clerk's PC pays."""
    env = dict(env, PYTHONPYCACHEPREFIX=str(folder))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def standin_fonts(folder: Path) -> Path | None:
    if not all(path.is_file() for path in STANDIN_CJK):
        return None
    droid, wqy = STANDIN_CJK
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("simhei.ttf", "simfang.ttf", "simkai.ttf"):
        shutil.copy(droid, folder / name)  # copies: each is its own file to parse, as on Windows
    shutil.copy(wqy, folder / "simsun.ttc")
    return folder


def show(label: str, figures: list[tuple[float, float]]) -> tuple[float, float]:
    wall = statistics.median(w for w, _c in figures)
    cpu = statistics.median(c for _w, c in figures)
    print(f"{label:52s} wall {wall:6.2f} s   CPU {cpu:6.2f} s   (n={len(figures)}; "
          f"wall {min(w for w, _c in figures):.2f}–{max(w for w, _c in figures):.2f})")
    return wall, cpu


def warm_in_process(demo: Path, runs: int, fonts_folder: Path | None) -> list[float]:
    """bench_export.py's figure: export-all in a process that has exported once already."""
    if fonts_folder:
        from hbaccept_gui.exporters import fonts

        fonts.font_dirs = lambda: [fonts_folder]
    from hbaccept_gui.core.pipeline import evaluate_file
    from hbaccept_gui.exporters.bundle import export_all

    evaluation = evaluate_file(demo)
    export_all(evaluation, Path(tempfile.mkdtemp(prefix="hbaccept-bench-")))
    times = []
    for _ in range(runs):
        folder = Path(tempfile.mkdtemp(prefix="hbaccept-bench-"))
        start = time.perf_counter()
        export_all(evaluation, folder)
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    exe = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--exe=")), None)
    rounds = int(args[0]) if args else ROUNDS
    work = Path(tempfile.mkdtemp(prefix="hbaccept-cold-"))
    home = work / "home"
    os.environ["HBACCEPT_HOME"] = str(home)  # also for the warm figure in this process
    env = bytecode_cached(dict(os.environ, PYTHONPATH=str(ROOT)), work / "pycache")
    env.pop("HBACCEPT_FONT_CACHE", None)
    fonts_folder = None
    if "--windows-fonts" in sys.argv:
        fonts_folder = standin_fonts(work / "Fonts")
        if fonts_folder is None:
            print("stand-in fonts not installed (fonts-droid-fallback, fonts-wqy-zenhei): Windows set not measured")
            return 1
        env["HBACCEPT_BENCH_FONTS"] = str(fonts_folder)
    ours_cmd = [str(Path(exe).resolve())] if exe and not fonts_folder else [sys.executable, "-c", CLI_WITH_FONTS]
    demo = work / "demo.hbaccept"
    subprocess.run(ours_cmd + ["demo", "--out", str(demo)], env=env, check=True, capture_output=True)
    first = work / "first"
    subprocess.run(ours_cmd + ["export", str(demo), "--out", str(first)], env=env, check=True, capture_output=True)
    docx = sorted(first.glob("*/*.docx"))
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    office_cmd = None
    if soffice is None:
        print("LibreOffice (soffice) not installed: its half is skipped "
              "(apt-get install libreoffice-writer-nogui to measure it)")
    else:
        profile = work / "lo-profile"
        office_cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                      "--outdir"]
        run(office_cmd + [str(work / "lo-warm")] + list(map(str, docx)), env)  # makes the profile, untimed
    program = f"frozen build {exe}" if ours_cmd[0] != sys.executable else "venv"
    print(f"{program}; {len(docx)} .docx files; fonts: {'Windows stand-ins' if fonts_folder else 'bundled WenQuanYi Zen Hei'}; "
          f"{rounds} rounds on {os.cpu_count()} cores (the machine may be shared)")
    ours, office, uncached, first_ever = [], [], [], []
    no_cache = dict(env, HBACCEPT_FONT_CACHE="0")
    for n in range(rounds):
        ours.append(run(ours_cmd + ["export", str(demo), "--out", str(work / f"ours{n}")], env))
        if office_cmd:
            out = work / f"lo{n}"
            office.append(run(office_cmd + [str(out)] + list(map(str, docx)), env))
            if len(list(out.glob("*.pdf"))) != len(docx):
                raise RuntimeError("LibreOffice did not convert every file")
        uncached.append(run(ours_cmd + ["export", str(demo), "--out", str(work / f"nc{n}")], no_cache))
        shutil.rmtree(home / "cache", ignore_errors=True)
        first_ever.append(run(ours_cmd + ["export", str(demo), "--out", str(work / f"fe{n}")], env))
    wall, cpu = show("(a) hbaccept export, cold process, font cache warm", ours)
    show("    the same, font cache off (every process parses)", uncached)
    show("    the same, first export on the PC (cache written)", first_ever)
    if office:
        lo_wall, lo_cpu = show(f"(b) LibreOffice headless, the {len(docx)} .docx → PDF", office)
        print(f"ratio (b)/(a): {lo_wall / wall:.1f}× by wall time, {lo_cpu / cpu:.1f}× by CPU "
              f"(font cache off: {lo_wall / statistics.median(w for w, _ in uncached):.1f}× / "
              f"{lo_cpu / statistics.median(c for _, c in uncached):.1f}×)")
    warm = warm_in_process(demo, max(rounds, 5), fonts_folder)
    print(f"{'(c) export-all warm, inside one process (bench_export)':52s} wall {statistics.median(warm):6.2f} s   "
          f"(n={len(warm)}; min {min(warm):.2f})")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
