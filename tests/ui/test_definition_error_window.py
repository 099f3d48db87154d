"""A broken shipped definition (#18 item 1): the window says so in Chinese and does not start,
instead of a traceback."""

from __future__ import annotations

from hbaccept_gui.core.errors import DefinitionError


def test_the_window_says_so_and_does_not_start(monkeypatch, qtbot):
    from hbaccept_gui.ui import app as app_module
    from hbaccept_gui.ui.qt import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text: shown.append((title, text)))
    monkeypatch.setattr(app_module, "start_window", lambda *_a: (_ for _ in ()).throw(
        DefinitionError("table annex4, tasks[2]: must contain ['label'] properties", "annex4.toml")))
    monkeypatch.setattr(app_module, "start_crash_log", lambda: (None, []))
    assert app_module.run_gui() == 2
    assert shown and shown[0][1].startswith("表格定义有误") and "annex4.toml" in shown[0][1]
