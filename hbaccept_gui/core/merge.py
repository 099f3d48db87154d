"""汇总: the files of many units (counties, libraries; or cities) merged into one city or province
document, instead of retyping them.

Two plain functions that the CLI and the window both call, so both refuse the same files with the
same words: `read_sources` loads the files (an unreadable one is reported, never raised, so the
caller can ask whether to go on without it), `merge` checks the loaded files and builds the merged
document. Quantities of 附件1/附件3 and 附件5 A/B are summed, detail rows of 附件2/附件4 are
concatenated with their source unit, and every derived value follows from those by `calc` as in
any document. What each unit contributed is kept in `Document.merged_from`. The merged unit takes
part in every project one of its units takes part in; a unit's figures count only for its own
projects (core/participation)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from hbaccept_gui.core import messages, participation
from hbaccept_gui.core.calc import recompute
from hbaccept_gui.core.cells import CellRef, describe, get_value
from hbaccept_gui.core.definition import Definition, IndicatorTable
from hbaccept_gui.core.document import ContractorRow, Document, Funding, ItemRow, NumberValue, SourceUnit, new_document
from hbaccept_gui.core.errors import ParseError, StorageError
from hbaccept_gui.core.filenames import distinct_names
from hbaccept_gui.core.findings import ERROR
from hbaccept_gui.core.numbers import NumberSpec, format_number, parse_number
from hbaccept_gui.core.pipeline import Evaluation, evaluate
from hbaccept_gui.core.serialize import document_to_dict
from hbaccept_gui.core.storage import load_document

#: Between the units of a row merged twice: 石家庄市文化广电和旅游局／正定县图书馆.
SOURCE_SEPARATOR = "／"


@dataclass(frozen=True)
class Source:
    """A loaded file to merge; `file` is the name messages use."""

    file: str
    definition: Definition
    document: Document

    @property
    def unit(self) -> str:
        value = self.document.header.get("unit_name")
        return value.strip() if isinstance(value, str) else ""


@dataclass(frozen=True)
class MergeProblem:
    """Why a file cannot be merged (`blocking`), or what to know about it. `details` lists the
    audit findings of the file, one message each."""

    code: str
    file: str
    message: str
    details: tuple[str, ...] = ()
    blocking: bool = True


@dataclass
class MergeResult:
    definition: Definition | None
    document: Document | None  # None: refused, see `problems`
    problems: list[MergeProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.document is not None


def _problem(code: str, file: str, details: Iterable[str] = (), blocking: bool = True, **params) -> MergeProblem:
    return MergeProblem(code, file, messages.merge_message(code, 文件=file, **params), tuple(details), blocking)


# ---------------------------------------------------------------- reading


def read_sources(paths: Iterable[Path | str]) -> tuple[list[Source], list[MergeProblem]]:
    """The files that load, and an `unreadable` problem (the storage message) for each that does not.
    Each file is named by `distinct_names`: two files of the same name from different folders
    are told apart in every message and in the 汇总附表."""
    paths = [Path(p) for p in paths]
    sources, problems = [], []
    for path, name in zip(paths, distinct_names(paths)):
        try:
            definition, document = load_document(path)
        except StorageError as error:
            problems.append(MergeProblem("unreadable", name, _named(error, path, name)))
            continue
        sources.append(Source(name, definition, document))
    return sources, problems


def _named(error: StorageError, path: Path, name: str) -> str:
    """The storage message, naming the file as the merge does."""
    if error.params.get("文件") != path.name or name == path.name:
        return error.message
    return messages.storage_message(error.code, **{**error.params, "文件": name})


# ---------------------------------------------------------------- checking


def merge(sources: list[Source], unit_name: str = "") -> MergeResult:
    """The merged document of `sources` under 单位名称 `unit_name`, or the problems that refuse it:
    another year's definition, the same unit twice, audit errors, a sum too big for its cell."""
    if not sources:
        return MergeResult(None, None, [MergeProblem("no_files", "", messages.merge_message("no_files"))])
    definition = _common_definition(sources)
    problems = _wrong_year(definition, sources)
    sources = [s for s in sources if s.definition.id == definition.id]
    problems += _duplicates(sources)
    evaluations = [evaluate(s.definition, s.document) for s in sources]
    problems += _audit(sources, evaluations)
    if any(p.blocking for p in problems):
        return MergeResult(definition, None, problems)
    document = merged_document(definition, sources, evaluations, unit_name)
    problems += _too_big(definition, document)
    if not unit_name.strip():
        problems.append(MergeProblem("no_unit", "", messages.merge_message("no_unit"), blocking=False))
    refused = any(p.blocking for p in problems)
    return MergeResult(definition, None if refused else document, problems)


def _common_definition(sources: list[Source]) -> Definition:
    """The year most files are of (the first file's on a tie): the odd ones out are the wrong ones."""
    counts = Counter(s.definition.id for s in sources)
    best = max(counts.values())
    return next(s.definition for s in sources if counts[s.definition.id] == best)


def _wrong_year(definition: Definition, sources: list[Source]) -> list[MergeProblem]:
    return [_problem("wrong_year", s.file, 年度=s.definition.year, 定义=s.definition.id, 本年度=definition.year,
                     本定义=definition.id)
            for s in sources if s.definition.id != definition.id]


def _fingerprint(doc: Document) -> str:
    """The content without the header: the same figures under another 单位名称 are still a copy."""
    data = document_to_dict(doc)
    del data["header"], data["programmes"]  # a copy still, whichever projects it says it takes part in
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _duplicates(sources: list[Source]) -> list[MergeProblem]:
    problems = []
    if sources:
        empty = _fingerprint(new_document(sources[0].definition))
        by_content: dict[str, Source] = {}
        by_unit: dict[str, Source] = {}
        for source in sources:
            content = _fingerprint(source.document)
            if content != empty and content in by_content:
                problems.append(_problem("same_content", source.file, 另一文件=by_content[content].file))
            elif source.unit and source.unit in by_unit:
                problems.append(_problem("same_unit", source.file, 另一文件=by_unit[source.unit].file, 单位=source.unit))
            by_content.setdefault(content, source)
            by_unit.setdefault(source.unit, source)
    return problems + _already_merged(sources)


def _already_merged(sources: list[Source]) -> list[MergeProblem]:
    """A unit given both on its own and inside another file's 汇总 would be counted twice."""
    problems = []
    for source in sources:
        for other in sources:
            if other is not source and source.unit and source.unit in {s.unit for s in other.document.merged_from}:
                problems.append(_problem("already_merged", source.file, 单位=source.unit, 另一文件=other.file))
    return problems


def _audit(sources: list[Source], evaluations: list[Evaluation]) -> list[MergeProblem]:
    problems = []
    for source, evaluation in zip(sources, evaluations):
        unit = source.unit or "未填写单位名称"
        errors = [f.message for f in evaluation.findings if f.severity == ERROR]
        warnings = [f.message for f in evaluation.findings if f.severity != ERROR]
        if errors:
            problems.append(_problem("audit_errors", source.file, errors, 单位=unit, 个数=len(errors)))
        if warnings:
            problems.append(_problem("audit_warnings", source.file, warnings, blocking=False, 单位=unit,
                                     个数=len(warnings)))
    return problems


def _too_big(definition: Definition, doc: Document) -> list[MergeProblem]:
    """A sum beyond its cell's maximum would be refused when the merged file is opened again."""
    table = definition.performance
    refs = [CellRef(t.id, ("assigned",), i.id) for t in definition.tables_of(IndicatorTable) for i in t.indicators]
    refs += [CellRef(table.id, ("funding", r.programme), column) for r in table.funding for column in ("budget", "executed")]
    problems = []
    for ref in refs:
        info = describe(definition, ref)
        reason = _refusal(get_value(doc, ref), info.spec)
        if reason:
            problems.append(MergeProblem("too_big", "", messages.merge_message("too_big", 位置=info.location, 原因=reason)))
    return problems


def _refusal(value: NumberValue, spec: NumberSpec) -> str:
    if not isinstance(value, Decimal):
        return ""
    try:
        parse_number(format_number(value), spec)
    except ParseError as error:
        return error.reason
    return ""


# ---------------------------------------------------------------- building


def merged_document(definition: Definition, sources: list[Source], evaluations: list[Evaluation],
                    unit_name: str = "") -> Document:
    """Sums, concatenated rows, each unit's share, and the 完成率 of 附件5 from the sums; the other
    附件5 entries, the reports and the rest of the header are left for the clerk who merges."""
    doc = new_document(definition)
    doc.header["unit_name"] = unit_name.strip()
    doc.programmes = _union(definition, sources)
    docs = [s.document for s in sources]
    for indicator_id in doc.assigned:
        doc.assigned[indicator_id] = _sum(d.assigned.get(indicator_id) for d in _taking_part(
            definition, docs, definition.indicator(indicator_id).table))
    for programme in doc.funding:
        doc.funding[programme] = Funding(_sum(d.funding[programme].budget for d in docs),
                                         _sum(d.funding[programme].executed for d in docs))
    for task_id in doc.details:
        table_id = definition.task(task_id)[0].id
        doc.details[task_id] = [_tagged(row, s.unit) for s in sources for row in s.document.rows(task_id)
                                if participation.applies(definition, s.document, table_id)]
    doc.merged_from = [_share(definition, s, e) for s, e in zip(sources, evaluations)]
    _completion_rates(definition, doc)
    return doc


def _union(definition: Definition, sources: list[Source]) -> list[str]:
    """The merged unit takes part in every project one of its units takes part in."""
    chosen = {p for s in sources for p in participation.taking_part(definition, s.document)}
    return list(participation.normalised(definition, chosen))


def _taking_part(definition: Definition, docs: list[Document], table_id: str) -> list[Document]:
    """The documents whose unit takes part in the project of `table_id`: what a unit of another
    project left in such a table is neither audited nor exported by it, so it is not summed."""
    return [d for d in docs if participation.applies(definition, d, table_id)]


def _sum(values: Iterable[NumberValue]) -> Decimal | None:
    numbers = [v for v in values if isinstance(v, Decimal)]
    return sum(numbers, Decimal(0)) if numbers else None


def _tagged(row: ContractorRow, unit: str) -> ContractorRow:
    """A copy of `row` that says where it came from (a row already merged keeps its own unit after ours)."""
    source = f"{unit}{SOURCE_SEPARATOR}{row.source}" if row.source else unit
    return ContractorRow(dict(row.values), [ItemRow(i.title, i.count) for i in row.items], source)


def _share(definition: Definition, source: Source, evaluation: Evaluation) -> SourceUnit:
    doc = source.document
    completed = {}
    for table in definition.tables_of(IndicatorTable):
        if not participation.applies(definition, doc, table.id):
            continue
        for indicator in table.indicators:
            completed[indicator.id] = evaluation.results.value(f"{table.id}.completed.{indicator.id}")
            for unit in indicator.alternative_units:  # TB beside 小时: recorded apart, never added
                other = evaluation.results.value(f"{table.id}.completed.{indicator.id}.{unit}")
                completed[other_unit_key(indicator.id, unit)] = other or None
    return SourceUnit(
        unit=source.unit,
        file=source.file,
        assigned={k: v for k, v in doc.assigned.items()
                  if v is not None and participation.applies(definition, doc, definition.indicator(k).table)},
        completed={k: v for k, v in completed.items() if v is not None},
        funding={k: Funding(f.budget, f.executed) for k, f in doc.funding.items()
                 if f.budget is not None or f.executed is not None},
        rows=sum(len(doc.rows(t)) for t in doc.details
                 if participation.applies(definition, doc, definition.task(t)[0].id)),
    )


def other_unit_key(indicator_id: str, unit: str) -> str:
    """The key of a unit's completed amount in an alternative unit in its share (`art_resources.TB`)."""
    return f"{indicator_id}.{unit}"


def _completion_rates(definition: Definition, doc: Document) -> None:
    """The 完成率 indicators of 附件5 take the rate the calculations propose from the summed tables
    (as a single unit's clerk would accept it); the others cannot be derived from the units' figures."""
    table = definition.performance
    results = recompute(definition, doc)
    for indicator in table.indicators:
        if indicator.propose is not None:
            doc.performance[indicator.id].achieved = results.value(f"{table.id}.perf.{indicator.id}.proposed")
