"""docs/definitions.md is written from the definition schema (scripts/definition_docs.py): a key
added to the schema without regenerating the page fails here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_definitions_page_is_current():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "definition_docs.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_page_documents_every_kind_of_file():
    page = (ROOT / "docs" / "definitions.md").read_text(encoding="utf-8")
    for heading in ("## notice", "## indicators", "## details", "## performance", "## reports", "## rules",
                    "## checklist"):
        assert heading in page
    assert "`tasks.items.divisor`" in page and "`header_fields.sealed`" in page
