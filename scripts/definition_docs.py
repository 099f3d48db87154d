"""Write docs/definitions.md from the definition schema and the shipped 2024 folder: every key, what
it means (the schema's description), whether it is required, what it takes, and an example value
from the 2024 files. One source: tests/core/test_definition_docs.py fails when the committed page
differs from what this writes, so the page cannot fall behind the schema.

    .venv/bin/python scripts/definition_docs.py            # rewrite docs/definitions.md
    .venv/bin/python scripts/definition_docs.py --check    # exit 1 if it is out of date
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "resources" / "schema" / "hbaccept-definition.schema.json"
EXAMPLES = ROOT / "resources" / "forms" / "2024"
PAGE = ROOT / "docs" / "definitions.md"

INTRO = """# Form definitions: every key

A year's notice is a folder `resources/forms/<year>/` of TOML files; the program has no year in its
code. `notice.toml` lists the other files under `parts`; each part is one table (it has `kind`) or
the reports (`[[reports]]` and `[draft]`), the audit rules (`[[rules]]`) or the 材料清单
(`[[checklist]]`). At load every file is checked against
`resources/schema/hbaccept-definition.schema.json`, then every reference between files is checked
(an indicator a task feeds, a programme, a deadline, a section, a group, a header field, a rule's
check and message names). A mistake stops the program with 「表格定义有误」 and a message naming the
file, the table and the key, e.g. `annex4.toml: table annex4, tasks[2]: must contain ['label']
properties; unknown labl`.

**Next year:** copy `2024/` to `2025/`, change `id` (`hebei-2025`) and `year`, then every label,
target and deadline to the new notice's wording; add or remove indicators, tasks and rows as the
notice does (ids are what documents store: keep an id when the row is the same row). Run
`.venv/bin/python -m pytest tests/core` — the shipped folders are checked there too.

This page is written by `scripts/definition_docs.py` from the schema's descriptions; examples come
from the 2024 folder. Do not edit it by hand.
"""

KIND_FILES = {"notice": "notice.toml", "indicators": "annex1.toml", "details": "annex4.toml",
              "performance": "annex5.toml", "reports": "reports.toml", "rules": "rules.toml",
              "checklist": "checklist.toml"}


def type_of(node: dict) -> str:
    if "const" in node:
        return f"`{json.dumps(node['const'], ensure_ascii=False)}`"
    if "enum" in node:
        return " / ".join(f"`{v}`" for v in node["enum"])
    kind = node.get("type", "")
    if kind == "array":
        return f"list of {type_of(node.get('items', {}))}"
    if kind == "string" and node.get("pattern", "").startswith("^[0-9]+"):
        return "number as a string"
    return {"string": "text", "integer": "integer", "boolean": "true / false", "object": "table"}.get(kind, kind)


def example(data, path: list[str]):
    """The first value at `path` in the 2024 file (lists are looked into, first match wins)."""
    if not path:
        return data
    if isinstance(data, list):
        for element in data:
            found = example(element, path)
            if found is not None:
                return found
        return None
    if isinstance(data, dict) and path[0] in data:
        return example(data[path[0]], path[1:])
    return None


def shown(value) -> str:
    if value is None or isinstance(value, (dict, list)) and len(json.dumps(value, ensure_ascii=False)) > 60:
        return ""
    text = json.dumps(value, ensure_ascii=False)
    return f"`{text}`"


def rows(node: dict, data, prefix: list[str]) -> list[str]:
    out = []
    required = set(node.get("required", ()))
    for key, sub in node.get("properties", {}).items():
        path = prefix + [key]
        name = ".".join(path)
        children = sub.get("items", sub) if sub.get("type") == "array" else sub
        leaf = "properties" not in children
        value = shown(example(data, path)) if leaf else ""
        out.append(f"| `{name}` | {'yes' if key in required else ''} | {type_of(sub)} | "
                   f"{sub.get('description', '')} | {value} |")
        if not leaf:
            out += rows(children, data, path)
    return out


def page() -> str:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    parts = [INTRO]
    for kind, node in schema["$defs"].items():
        name = KIND_FILES[kind]
        data = tomllib.loads((EXAMPLES / name).read_text(encoding="utf-8"))
        parts.append(f"\n## {kind} — e.g. `{name}`\n\n{node['description']}\n\n"
                     "| key | required | takes | meaning | 2024 example |\n|---|---|---|---|---|")
        parts.append("\n".join(rows(node, data, [])).replace("\\n", "\\\\n"))
    return "\n".join(parts) + "\n"


def main(argv: list[str]) -> int:
    text = page()
    if "--check" in argv:
        current = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
        if current != text:
            print(f"{PAGE.relative_to(ROOT)} is out of date: run scripts/definition_docs.py", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(text, encoding="utf-8")
    print(f"wrote {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
