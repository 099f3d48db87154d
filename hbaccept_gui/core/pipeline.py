"""load → recompute → check: the chain of plain functions that the GUI and the CLI both call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from hbaccept_gui.core.calc import Results, recompute
from hbaccept_gui.core.checks import check_document
from hbaccept_gui.core.definition import Definition
from hbaccept_gui.core.document import Document
from hbaccept_gui.core.findings import Finding, has_errors
from hbaccept_gui.core.storage import load_document
from hbaccept_gui.resources import resource_path

DEMO_FILE = ("samples", "baoding-2024.hbaccept")


@dataclass
class Evaluation:
    definition: Definition
    document: Document
    results: Results
    findings: list[Finding]

    @property
    def clean(self) -> bool:
        return not has_errors(self.findings)


def evaluate(definition: Definition, doc: Document, today: date | None = None) -> Evaluation:
    results = recompute(definition, doc)
    return Evaluation(definition, doc, results, check_document(definition, doc, results, today))


def evaluate_file(path: Path | str) -> Evaluation:
    return evaluate(*load_document(path))


def demo_path() -> Path:
    return resource_path(*DEMO_FILE)


def load_demo() -> tuple[Definition, Document]:
    """The Baoding sample of the notice, as shipped."""
    return load_document(demo_path())

