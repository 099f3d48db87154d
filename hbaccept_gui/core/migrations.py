"""Upgrades of older save files, one small function per format version.

A file is upgraded in memory step by step (1 → 2 → …) before it is checked against the current
JSON Schema; the file on disk is only rewritten when the user saves. Each function must accept
whatever an older program could have written and leave anything it does not understand alone,
so that the schema check that follows can name the problem."""

from __future__ import annotations

from collections.abc import Callable

CURRENT_VERSION = 5


def _v1_to_v2(data: dict) -> dict:
    """Version 1 stored each report section as one plain string. Version 2 stores a list of
    segments, so that a figure can be bound to the tables ({"field": key}) between the text."""
    document = data.get("document")
    reports = document.get("reports") if isinstance(document, dict) else None
    if isinstance(reports, dict):
        for sections in reports.values():
            if not isinstance(sections, dict):
                continue
            for section_id, body in sections.items():
                if isinstance(body, str):
                    sections[section_id] = [{"text": body}] if body else []
    data["format_version"] = 2
    return data


def _v2_to_v3(data: dict) -> dict:
    """Version 3 adds two optional parts: the 材料清单 (`checklist`: the clerk's ticks and notes;
    a version-2 file has none, so every item starts unticked) and what a merged (汇总) document
    needs (`merged_from`, each unit's share, and a row's `source_unit`). Nothing to convert; the
    number still moves so that a version-2 program refuses a version-3 file with "请升级本程序"
    instead of a puzzling schema error."""
    data["format_version"] = 3
    return data


def _v3_to_v4(data: dict) -> dict:
    """Version 4 adds `programmes`, the projects the unit takes part in (a unit of the cloud project
    only no longer exports empty library forms). A version-3 file has none and reads as taking part
    in every project, which is what version 3 showed and exported: nothing a clerk typed is hidden
    by an upgrade, and the window suggests fewer projects from the content when it finds fewer.
    The ids are the definition's, which a migration does not read, so the key is left absent
    rather than guessed here; the number moves so that a version-3 program refuses the file with
    "请升级本程序" instead of dropping the participation when it saves."""
    data["format_version"] = 4
    return data


def _v4_to_v5(data: dict) -> dict:
    """Version 5 lets a contractor row's quantity carry an alternative unit of its indicator, as
    {"value": "2", "unit": "TB"} (附件4 counts 艺术普及数字资源 「按时长或TB量」). Every quantity of a
    version-4 file is in its indicator's unit and stays a plain number. A version-4 program refused
    「2TB」 and kept it as the text "2TB"; that text is left as it is here and the reader, which
    parses every stored value like typing, now understands it, so nothing is converted by guess.
    The number moves so that a version-4 program refuses a file with TB amounts ("请升级本程序")
    instead of reading them as unreadable text."""
    data["format_version"] = 5
    return data


MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5}


def migrate(data: dict, version: int) -> dict:
    """`data` of format `version` upgraded to CURRENT_VERSION."""
    while version < CURRENT_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    return data
