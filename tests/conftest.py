"""Shared fixtures. Qt runs offscreen in every test: set here, before anything imports Qt."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # never a real screen, whatever the machine has

import pytest  # noqa: E402

from hbaccept_gui.core.definition_loader import load_definition  # noqa: E402
from hbaccept_gui.core.pipeline import load_demo  # noqa: E402


@pytest.fixture(scope="session")
def definition():
    return load_definition("hebei-2024")


@pytest.fixture
def demo():
    """A fresh copy of the shipped Baoding demo document (tests may change it)."""
    _definition, document = load_demo()
    return document
