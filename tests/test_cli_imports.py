"""What the command line loads: each verb only the libraries its work needs, checked in a fresh
interpreter (this test process has imported everything already). The headless verbs answer in a
fraction of a second because they never load the exporters' libraries (reportlab, openpyxl,
python-docx) nor Qt; an export loads only those of the formats it writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("reportlab", "openpyxl", "docx", "lxml", "PySide6")

PROBE = """
import contextlib, io, json, sys
from hbaccept_gui.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        main(sys.argv[1:])
    except SystemExit:
        pass
print(json.dumps(sorted(sys.modules)))
"""


def loaded(tmp_path: Path, *argv: str) -> set[str]:
    """The modules `hbaccept ARGV` has imported when it is done."""
    env = dict(os.environ, HBACCEPT_HOME=str(tmp_path / "home"), PYTHONPATH=str(ROOT))
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], env=env, capture_output=True, text=True,
                          check=True, timeout=300)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def packages(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules} & set(HEAVY)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    path = folder / "demo.hbaccept"
    subprocess.run([sys.executable, "-m", "hbaccept_gui", "demo", "--out", str(path)], check=True, capture_output=True,
                   env=dict(os.environ, PYTHONPATH=str(ROOT)))
    return path


@pytest.mark.parametrize("verb", ["validate", "validate --json", "show", "draft", "demo", "merge", "--help"])
def test_the_headless_verbs_load_no_exporter_library_and_no_qt(tmp_path, demo, verb):
    copy = tmp_path / "copy.hbaccept"
    copy.write_bytes(demo.read_bytes())
    args = {"validate": [str(demo)], "validate --json": [str(demo), "--json"], "show": [str(demo)],
            "draft": [str(copy)], "demo": ["--out", str(tmp_path / "new.hbaccept")],
            "merge": [str(demo), str(copy), "--out", str(tmp_path / "merged.hbaccept")], "--help": []}[verb]
    assert packages(loaded(tmp_path, verb.split()[0], *args)) == set()


@pytest.mark.parametrize("formats, absent", [("docx", {"openpyxl", "reportlab.platypus", "reportlab.pdfgen"}),
                                              ("xlsx", {"docx", "reportlab.platypus", "reportlab.pdfgen"}),
                                              ("pdf", {"docx", "openpyxl"})])
def test_an_export_loads_the_libraries_of_the_formats_it_writes(tmp_path, demo, formats, absent):
    """The font tables (reportlab.pdfbase) are read for every export: the 字符集外字表 and the
    warnings say which characters the PDF fonts lack."""
    modules = loaded(tmp_path, "export", str(demo), "--out", str(tmp_path / "out"), "--format", formats)
    assert not any(name == prefix or name.startswith(prefix + ".") for name in modules for prefix in absent)
    assert "PySide6" not in packages(modules)
    assert list((tmp_path / "out").glob(f"*/*.{formats}"))
