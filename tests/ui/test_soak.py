"""The soak (scripts/soak.py) drives the real window like a clerk and stops at the first sign of
trouble; CI runs it for 60 s. Here: a short run passes and reports its figures, and each of its
checks catches what it is there for."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import soak  # noqa: E402


def test_a_short_soak_passes_and_reports_its_figures(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HBACCEPT_HOME=str(tmp_path))
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "soak.py"), "--seconds", "8", "--seed", "7"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    first = done.stdout.splitlines()[0]
    assert first.startswith("soak passed: "), done.stdout
    assert int(first.split()[2]) >= 40, "a few dozen actions at least"
    assert "type_into_cell" in done.stdout and "refcounts start → end" in done.stdout


@pytest.fixture
def watched(open_window):
    window = open_window(demo=True)
    return window, soak.refcounts(), window.session.document.header["unit_name"]


def test_the_check_passes_on_a_healthy_window(watched):
    window, baseline, unit = watched
    messages = soak.QtMessages(install=False)
    messages.handle(None, None, "This plugin does not support raise()")  # the offscreen platform's own
    soak.check(window, baseline, messages, unit)


def test_the_check_catches_lost_references(watched):
    window, baseline, unit = watched
    messages = soak.QtMessages(install=False)
    inflated = baseline | {"None": baseline["None"] + 10 * soak.REFCOUNT_TOLERANCE}
    with pytest.raises(soak.Problem, match="references lost"):
        soak.check(window, inflated, messages, unit)


def test_the_check_catches_a_stray_editor_warning(watched):
    window, baseline, unit = watched
    messages = soak.QtMessages(install=False)
    messages.handle(None, None, "QAbstractItemView::commitData called with an editor that does not belong to this view")
    with pytest.raises(soak.Problem, match="Qt warned"):
        soak.check(window, baseline, messages, unit)


def test_the_check_catches_a_changed_unit_name(watched):
    window, baseline, unit = watched
    messages = soak.QtMessages(install=False)
    window.session.document.header["unit_name"] = "1"
    with pytest.raises(soak.Problem, match="单位名称"):
        soak.check(window, baseline, messages, unit)
