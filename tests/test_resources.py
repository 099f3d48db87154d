"""Resources are found through one helper, from a checkout and from a frozen (PyInstaller) build:
the forms, the demo, the schema and the bundled font all follow `sys._MEIPASS` when frozen."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from hbaccept_gui import resources
from hbaccept_gui.core.definition_loader import available_definitions, load_definition_folder
from hbaccept_gui.core.pipeline import demo_path, evaluate, load_demo
from hbaccept_gui.resources import APP_ICON, BUNDLE_DIR, is_frozen, resource_path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "hbaccept_gui"


@pytest.fixture
def frozen_bundle(tmp_path, monkeypatch):
    """A fake one-folder build: the resources copied under _MEIPASS, sys.frozen set as the
    PyInstaller bootloader sets it."""
    shutil.copytree(ROOT / "resources", tmp_path / BUNDLE_DIR)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    return tmp_path / BUNDLE_DIR


def test_from_source_resources_are_the_checkout_folder():
    assert not is_frozen()
    assert resource_path("forms", "2024", "notice.toml") == ROOT / "resources" / "forms" / "2024" / "notice.toml"
    assert resource_path(*APP_ICON).is_file()


def test_frozen_resources_are_under_meipass(frozen_bundle):
    assert is_frozen()
    assert resource_path("fonts", "wqy-zenhei.ttc") == frozen_bundle / "fonts" / "wqy-zenhei.ttc"


def test_frozen_build_loads_definitions_and_demo_from_the_bundle(frozen_bundle):
    assert available_definitions() == {"hebei-2024": frozen_bundle / "forms" / "2024"}
    assert demo_path() == frozen_bundle / "samples" / "baoding-2024.hbaccept"
    definition = load_definition_folder(available_definitions()["hebei-2024"])
    assert definition.id == "hebei-2024"
    evaluation = evaluate(*load_demo())
    assert evaluation.results["annex1.completed.digital_resources"].text == "1.0274"


def test_frozen_build_embeds_the_bundled_font_from_the_bundle(frozen_bundle):
    from hbaccept_gui.exporters.fonts import bundled_face

    assert bundled_face().path == frozen_bundle / "fonts" / "wqy-zenhei.ttc"


def test_a_frozen_build_without_its_resources_is_not_mistaken_for_the_checkout(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert not resource_path("samples").exists()
    assert available_definitions() == {}


def test_frozen_without_meipass_is_treated_as_source(monkeypatch):
    """Other freezers set sys.frozen but lay files out differently; only PyInstaller's folder counts."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    assert resource_path("forms") == ROOT / "resources" / "forms"


def test_nothing_else_in_the_package_builds_resource_paths():
    """Only resources.py may look at __file__, _MEIPASS, sys.frozen or name the resources folder."""
    pattern = re.compile(r"__file__|_MEIPASS|sys\.frozen|[\"']resources[\"/\\]")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in PACKAGE.rglob("*.py")
        if path != Path(resources.__file__)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line) and not line.lstrip().startswith("#")
    ]
    assert offenders == []
