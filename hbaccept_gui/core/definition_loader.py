"""Read a year's definition from resources/forms/<year>/ and check that it holds together.

The pipeline is read → check against the schema (resources/schema/hbaccept-definition.schema.json)
→ build → cross-check; a broken definition fails loudly at start-up (and in the tests), never
halfway through a clerk's work, with a DefinitionError that names the file, the table and the key."""

from __future__ import annotations

import hashlib
import json
import string
import tomllib
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from hbaccept_gui import __version__
from hbaccept_gui.core import definition as d
from hbaccept_gui.core.cache_folder import cache_folder
from hbaccept_gui.core.calc import PROPOSAL_RULES
from hbaccept_gui.core.errors import DefinitionError
from hbaccept_gui.core.rules import RULE_CHECKS
from hbaccept_gui.core.targets import parse_target
from hbaccept_gui.resources import resource_path

FORMS_DIR = ("forms",)
SCHEMA = ("schema", "hbaccept-definition.schema.json")
#: The cache sub-folder of notes that a folder's files passed the schema (see _schema_passed).
SCHEMA_PASSED = "definitions-checked-v1"
#: The top-level key of each part that is not a table (a table has `kind`).
PART_KEYS = ("reports", "rules", "checklist")
_PERF_LABELS = (
    "unit_label", "funding_label", "budget_label", "executed_label", "rate_label", "local_funds_label",
    "indicators_label", "level2_label", "level3_label", "programme_label", "target_label",
    "achieved_label", "reason_label", "other_label",
)


def forms_root() -> Path:
    return resource_path(*FORMS_DIR)


def available_definitions() -> dict[str, Path]:
    """Definition id → its folder, for every year shipped."""
    found = {}
    for notice in sorted(forms_root().glob("*/notice.toml")):
        with notice.open("rb") as handle:
            found[tomllib.load(handle)["id"]] = notice.parent
    return found


@lru_cache(maxsize=None)
def load_definition(definition_id: str) -> d.Definition:
    folders = available_definitions()
    if definition_id not in folders:
        raise KeyError(definition_id)
    return load_definition_folder(folders[definition_id])


def definitions_by_year() -> dict[int, str]:
    """Year → definition id, for every year installed."""
    return {load_definition(i).year: i for i in available_definitions()}


def years_installed_text() -> str:
    """「2024年度、2025年度」: the years this program has forms for, as messages name them."""
    return "、".join(f"{year}年度" for year in sorted(definitions_by_year()))


def latest_definition() -> d.Definition:
    """The newest year's definition: what a new document is made with."""
    by_year = definitions_by_year()
    return load_definition(by_year[max(by_year)])


def load_definition_folder(folder: Path) -> d.Definition:
    digest = _folder_digest(folder)
    checked = _schema_passed(digest)
    notice = _read(folder / "notice.toml", "notice", checked)
    parts = [_read(folder / name, "", checked) for name in notice["parts"]]
    tables = tuple(_build_table(p) for p in parts if "kind" in p)
    drafts = [p["draft"] for p in parts if "draft" in p]
    if len(drafts) != 1 or len(tables) != len({t.id for t in tables}):
        raise DefinitionError("a folder needs exactly one reports part (with [draft]) and unique table ids",
                              folder.name)
    reports = tuple(_build_report(r) for p in parts for r in p.get("reports", ()))
    definition = d.Definition(
        id=notice["id"],
        year=notice["year"],
        issuer=notice["issuer"],
        title=notice["title"],
        issued=date.fromisoformat(notice["issued"]),
        mailbox=notice["mailbox"],
        tracking_system=notice["tracking_system"],
        contact=notice["contact"],
        contact_phones=tuple(notice["contact_phones"]),
        note=notice["note"],
        programmes=tuple(d.Programme(**p) for p in notice["programmes"]),
        header_fields=tuple(d.HeaderField(**f) for f in notice["header_fields"]),
        deadlines=tuple(
            d.Deadline(id=x["id"], date=date.fromisoformat(x["date"]), label=x["label"])
            for x in notice["deadlines"]
        ),
        tables=tables,
        reports=reports,
        draft=_draft_wording(drafts[0]),
        rules=tuple(_audit_rule(r) for p in parts for r in p.get("rules", ())),
        checklist=tuple(_checklist_item(c) for p in parts for c in p.get("checklist", ())),
    )
    definition._index.update(_index(definition))
    _cross_check(definition)
    if not checked:
        _note_schema_passed(digest)
    return definition


def _read(path: Path, kind: str = "", checked: bool = False) -> dict:
    """A file of the folder, checked against the schema of its kind (a part's kind is its table
    `kind` or its one top-level key): what the builders below read is then known to be there.
    `checked`: these very files passed before (see _schema_passed), so the check is skipped."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DefinitionError(f"cannot read form definition: {error}", path.name) from error
    kind = kind or _part_kind(data, path.name)
    if not checked:
        _check_schema(data, kind, path.name)
    return data


def _folder_digest(folder: Path) -> str | None:
    """What a schema check depends on: the schema, every file of the folder, this program's version."""
    digest = hashlib.sha256(__version__.encode())
    try:
        digest.update(resource_path(*SCHEMA).read_bytes())
        for path in sorted(folder.glob("*.toml")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return None
    return digest.hexdigest()


def _schema_passed(digest: str | None) -> bool:
    """These very files (byte for byte, with this schema and program) passed the schema check in an
    earlier run: compiling the validators (~60 ms of every start) buys nothing then. A note in the
    cache folder records it; a changed file, a new schema or no note means checking again."""
    return digest is not None and (cache_folder(SCHEMA_PASSED) / digest).is_file()


def _note_schema_passed(digest: str | None) -> None:
    if digest is None:
        return
    try:
        note = cache_folder(SCHEMA_PASSED)
        note.mkdir(parents=True, exist_ok=True)
        (note / digest).touch()
    except OSError:
        pass  # an unwritable cache only means checking again next time


def _part_kind(data: dict, name: str) -> str:
    if "kind" in data:
        return str(data["kind"])
    found = [key for key in PART_KEYS if key in data]
    if len(found) != 1:
        raise DefinitionError(f"a part holds one table (with `kind`) or exactly one of {', '.join(PART_KEYS)}", name)
    return found[0]


@lru_cache(maxsize=None)
def _validators() -> dict:
    """One compiled validator per kind (fastjsonschema: ~50 ms for all of them, once a process)."""
    import fastjsonschema

    with resource_path(*SCHEMA).open(encoding="utf-8") as handle:
        schema = json.load(handle)
    return {kind: fastjsonschema.compile({"$defs": schema["$defs"], "$ref": f"#/$defs/{kind}"})
            for kind in schema["$defs"]}


def _check_schema(data: dict, kind: str, name: str) -> None:
    import fastjsonschema

    validate = _validators().get(kind)
    if validate is None or kind == "notice" and name != "notice.toml":
        raise DefinitionError(f"unknown table kind {kind!r} (indicators, details or performance)", name)
    try:
        validate(data)
    except fastjsonschema.JsonSchemaValueException as error:
        raise DefinitionError(_schema_problem(data, error), name) from None


def _schema_problem(data: dict, error) -> str:
    """「table annex4, tasks[2]: must contain ['label'] properties」: where, in the file's own terms."""
    where = _key_path(data, error.path[1:])
    table = f"table {data['id']}, " if isinstance(data.get("id"), str) and "kind" in data else ""
    detail = error.message.removeprefix(error.name).strip()
    known = (error.definition or {}).get("properties") if isinstance(error.definition, dict) else None
    unknown = sorted(set(error.value) - set(known)) if known and isinstance(error.value, dict) else []
    if unknown and error.rule != "additionalProperties":  # a misspelt key: name it beside the missing one
        detail += f"; unknown {', '.join(unknown)}"
    return f"{table}{where or 'top level'}: {detail}"


def _key_path(data, path: list) -> str:
    """tasks[2] (id pc_live).label: list elements are named by their id too, as a maintainer
    searches the file for it."""
    out, node = "", data
    for step in path:
        node = node[int(step)] if isinstance(node, list) else node.get(step) if isinstance(node, dict) else None
        named = f" (id {node['id']})" if isinstance(node, dict) and isinstance(node.get("id"), str) else ""
        out += f"[{step}]{named}" if str(step).isdigit() else f".{step}"
    return out.lstrip(".")


def _build_table(part: dict) -> d.Table:
    builders = {"indicators": _indicator_table, "details": _detail_table, "performance": _performance_table}
    return builders[part["kind"]](part)


def _indicator_table(part: dict) -> d.IndicatorTable:
    indicators = tuple(
        d.Indicator(
            id=i["id"], label=i["label"], unit=i["unit"], places=i["places"], max=Decimal(i["max"]),
            table=part["id"], group=i.get("group"), alternative_units=tuple(i.get("alternative_units", ())),
        )
        for i in part["indicators"]
    )
    return d.IndicatorTable(
        id=part["id"], number=part["number"], programme=part["programme"], title=part["title"],
        corner_label=part["corner_label"], assigned_label=part["assigned_label"],
        completed_label=part["completed_label"], header_fields=tuple(part["header_fields"]),
        footer_fields=tuple(part["footer_fields"]), orientation=part["orientation"], indicators=indicators,
        groups=tuple(d.IndicatorGroup(**g) for g in part.get("groups", ())),
    )


def _detail_table(part: dict) -> d.DetailTable:
    return d.DetailTable(
        id=part["id"], number=part["number"], programme=part["programme"], title=part["title"],
        header_fields=tuple(part["header_fields"]), footer_fields=tuple(part["footer_fields"]),
        orientation=part["orientation"], contractor_placeholder=part["contractor_placeholder"],
        columns=tuple(d.Column(**c) for c in part["columns"]),
        tasks=tuple(_detail_task(t) for t in part["tasks"]),
        sections=tuple(d.DetailSection(**s) for s in part.get("sections", ())),
    )


def _detail_task(task: dict) -> d.DetailTask:
    items = task.get("items")
    return d.DetailTask(
        id=task["id"], number=task["number"], label=task["label"], indicator=task["indicator"],
        completion=task["completion"], section=task.get("section"),
        hints=tuple(sorted(task.get("hints", {}).items())),
        items=_items_spec(items) if items else None,
    )


def _items_spec(items: dict) -> d.ItemsSpec:
    return d.ItemsSpec(
        label=items["label"], noun=items["noun"], title_label=items["title_label"],
        count_label=items["count_label"], count_unit=items["count_unit"],
        count_aliases=tuple(items.get("count_aliases", ())), count_max=Decimal(items["count_max"]),
        divisor=Decimal(items["divisor"]),
    )


def _performance_table(part: dict) -> d.PerformanceTable:
    indicators = tuple(
        d.PerfIndicator(
            id=i["id"], level2=i["level2"], label=i["label"], programme=i["programme"],
            programme_label=i["programme_label"], target=parse_target(i["target"]),
            propose=_proposal(i.get("propose")), may_be_negative=i.get("may_be_negative", False),
        )
        for i in part["indicators"]
    )
    return d.PerformanceTable(
        id=part["id"], number=part["number"], title=part["title"], orientation=part["orientation"],
        unit_label=part["unit_label"], amount_unit=part["amount_unit"], amount_places=part["amount_places"],
        amount_max=Decimal(part["amount_max"]), amount_shown_places=part.get("amount_shown_places", 0),
        labels={k: part[k] for k in _PERF_LABELS},
        funding=tuple(d.FundingRow(**f) for f in part["funding"]), indicators=indicators,
    )


def _proposal(raw: dict | None) -> d.Proposal | None:
    if raw is None:
        return None
    cap = raw.get("cap")
    return d.Proposal(rule=raw["rule"], table=raw["table"], cap=Decimal(cap) if cap is not None else None)


def _build_report(raw: dict) -> d.Report:
    return d.Report(
        id=raw["id"], programme=raw["programme"], title=raw["title"], addressee=raw.get("addressee", ""),
        sections=tuple(_report_section(s) for s in raw["sections"]),
    )


def _report_section(raw: dict) -> d.ReportSection:
    outline = tuple(d.OutlineHeading(**o) for o in raw.get("outline", ()))
    return d.ReportSection(id=raw["id"], number=raw["number"], label=raw["label"], outline=outline,
                           carries_over=raw.get("carries_over", False))


def _draft_wording(raw: dict) -> d.DraftWording:
    return d.DraftWording(**{**raw, "closing": d.OutlineHeading(**raw["closing"])})


def _audit_rule(raw: dict) -> d.AuditRule:
    return d.AuditRule(**raw)


def _checklist_item(raw: dict) -> d.ChecklistItem:
    return d.ChecklistItem(**{**raw, "produces": tuple(raw.get("produces", ()))})


def _index(definition: d.Definition) -> dict:
    indicators = {i.id: i for t in definition.tables_of(d.IndicatorTable) for i in t.indicators}
    tasks = {t.id: (table, t) for table in definition.tables_of(d.DetailTable) for t in table.tasks}
    feeders: dict[str, tuple] = {}
    for _table, task in tasks.values():
        feeders[task.indicator] = feeders.get(task.indicator, ()) + (task,)
    return {
        "tables": {t.id: t for t in definition.tables},
        "header": {f.id: f for f in definition.header_fields},
        "programmes": {p.id: p for p in definition.programmes},
        "indicators": indicators,
        "tasks": tasks,
        "feeders": feeders,
        "reports": {r.id: r for r in definition.reports},
    }


def _cross_check(definition: d.Definition) -> None:
    """Every reference inside the definition points at something that exists."""
    index = definition._index
    problems = []
    if len(definition.tables_of(d.PerformanceTable)) != 1:
        raise DefinitionError(f"form definition {definition.id}: needs exactly one table of kind performance")
    if len([f for f in definition.header_fields if f.sealed]) != 1:
        problems.append("exactly one header field must be sealed (the unit's, where the seal goes)")
    all_ids = [t.id for t in definition.tables] + [r.id for r in definition.reports] + ["header"]
    if len(set(all_ids)) != len(all_ids):
        problems.append("table and report ids must be unique")
    for table in definition.tables_of(d.IndicatorTable):
        groups = {g.id for g in table.groups}
        problems += [f"{i.id}: unknown group {i.group}" for i in table.indicators if i.group and i.group not in groups]
        problems += [f"{table.id}: unknown header field {f}" for f in table.header_fields + table.footer_fields
                     if f not in index["header"]]
    for table, task in index["tasks"].values():
        indicator = index["indicators"].get(task.indicator)
        if indicator is None or definition.table(indicator.table).programme != table.programme:
            problems.append(f"{task.id}: feeds unknown or foreign indicator {task.indicator}")
        if (task.completion == "items") != (task.items is not None):
            problems.append(f"{task.id}: completion 'items' needs an [items] list and only then")
        if task.section and task.section not in {s.id for s in table.sections}:
            problems.append(f"{task.id}: unknown section {task.section}")
    performance = definition.performance
    if not 0 <= performance.amount_shown_places <= performance.amount_places:
        problems.append(f"{performance.id}: amount_shown_places must be between 0 and amount_places")
    for indicator in performance.indicators:
        if indicator.may_be_negative and indicator.target.kind != "numeric":
            problems.append(f"{indicator.id}: may_be_negative needs a numeric target (≥N%)")
        if indicator.propose and indicator.propose.table not in index["tables"]:
            problems.append(f"{indicator.id}: proposal reads unknown table {indicator.propose.table}")
        if indicator.propose and indicator.propose.rule not in PROPOSAL_RULES:
            problems.append(f"{indicator.id}: unknown proposal rule {indicator.propose.rule}")
    problems += _rule_problems(definition)
    problems += _checklist_problems(definition)
    programmes = set(index["programmes"])
    used = [t.programme for t in definition.tables if hasattr(t, "programme")] + [
        r.programme for r in definition.reports
    ] + [c.programme for c in definition.checklist if c.programme]
    problems += [f"unknown programme {p}" for p in used if p not in programmes]
    if problems:
        raise DefinitionError(f"form definition {definition.id} is inconsistent: " + "; ".join(problems))


def _rule_problems(definition: d.Definition) -> list[str]:
    """Each rule names a known check, a known severity, and only the values its check supplies."""
    problems = []
    ids = [r.id for r in definition.rules]
    if len(set(ids)) != len(ids):
        problems.append("audit rule ids must be unique")
    for rule in definition.rules:
        check = RULE_CHECKS.get(rule.check)
        if check is None:
            problems.append(f"rule {rule.id}: unknown check {rule.check}")
            continue
        names = {name for _text, name, _spec, _conv in string.Formatter().parse(rule.message) if name}
        if not names <= set(check.names):
            problems.append(f"rule {rule.id}: message uses {sorted(names - set(check.names))}, "
                            f"check {rule.check} gives {list(check.names)}")
        if missing := set(check.params) - set(rule.params):
            problems.append(f"rule {rule.id}: check {rule.check} needs params {sorted(missing)}")
    return problems


def _checklist_problems(definition: d.Definition) -> list[str]:
    deadlines = {x.id for x in definition.deadlines}
    producible = set(definition._index["tables"]) | set(definition._index["reports"]) | {"charset"}
    problems = [f"checklist {c.id}: unknown deadline {c.deadline}" for c in definition.checklist
                if c.deadline not in deadlines]
    problems += [f"checklist {c.id}: produces unknown {p}" for c in definition.checklist for p in c.produces
                 if p not in producible]
    return problems
