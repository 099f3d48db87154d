"""生成初稿: a first draft of each summary report, written from the tables.

Section 2 (项目任务总体完成情况) states, per indicator the unit was assigned, the assigned and
completed quantities and the completion rate as bound figures (FieldSegment), so the draft can never
go stale; it names the contractors and, for digitised books, binds the works list (a derived text of
core/calc, 「《周易本义》451叶、…」) the same way, so an edited leaf count reaches the report too. The
other sections get the headed outline of the definition, with 【请填写：…】 prompts for the clerk. The
wording is data (reports.toml); this module only fills it in.

Text a clerk wrote is never replaced unless asked: `plan_draft` returns the edits for empty
sections and names the sections it left alone; the GUI asks, the CLI needs --force."""

from __future__ import annotations

import string
from dataclasses import dataclass

from hbaccept_gui.core import participation
from hbaccept_gui.core.calc import Results, contractor_name
from hbaccept_gui.core.cells import CellRef, get_value
from hbaccept_gui.core.definition import Definition, DetailTask, IndicatorTable, OutlineHeading, Report
from hbaccept_gui.core.document import Document, FieldSegment, Segment, TextSegment, is_written, segments_text
from hbaccept_gui.core.edits import SetValue
from hbaccept_gui.core.report_text import chinese_numeral

DRAFT_LABEL = "生成初稿"


def fill(template: str, fields: dict[str, str], texts: dict[str, str]) -> list[Segment]:
    """The segments of `template`: {name} in `fields` becomes a bound figure, in `texts` plain text."""
    segments: list[Segment] = []
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        if literal:
            segments.append(TextSegment(literal))
        if name is None:
            continue
        segments.append(FieldSegment(fields[name]) if name in fields else TextSegment(texts[name]))
    return segments


def join_paragraphs(paragraphs: list[list[Segment]]) -> list[Segment]:
    """One section's segments: paragraphs separated by line breaks, neighbouring text merged."""
    merged: list[Segment] = []
    for number, paragraph in enumerate(paragraphs):
        for segment in ([TextSegment("\n")] if number else []) + paragraph:
            if isinstance(segment, TextSegment) and merged and isinstance(merged[-1], TextSegment):
                merged[-1] = TextSegment(merged[-1].text + segment.text)
            else:
                merged.append(segment)
    return merged


#: Round brackets inside the brackets the draft puts around a 子项目名称 become 〔〕, as Chinese
#: typesetting nests them: 「保定市图书馆（馆藏古籍数字化〔第一批〕）」, not 「…（馆藏古籍数字化（第一批））」.
INNER_BRACKETS = str.maketrans({"（": "〔", "）": "〕", "(": "〔", ")": "〕"})


def inner_brackets(text: str) -> str:
    return text.translate(INNER_BRACKETS)


def outline_paragraphs(outline: tuple[OutlineHeading, ...]) -> list[list[Segment]]:
    return [[TextSegment(o.heading + o.prompt)] for o in outline]


def _task_paragraphs(definition: Definition, doc: Document, task: DetailTask) -> list[list[Segment]]:
    wording = definition.draft
    table, _task = definition.task(task.id)
    rows = doc.rows(task.id)
    if not rows:
        return [fill(wording.no_contractors, {}, {"任务": task.label})]
    names = []
    for number, row in enumerate(rows):
        name = contractor_name(table, number, row)
        sub = row.text("subproject")
        names.append(f"{name}（{inner_brackets(sub)}）" if sub else name)
    paragraphs = [fill(wording.contractors, {}, {"任务": task.label, "承建单位": "、".join(names)})]
    if task.items is not None:
        base = f"{table.id}.{task.id}"
        fields = {"条数": f"{base}.items", "叶数": f"{base}.count", "题名列表": f"{base}.works"}
        paragraphs.append(fill(wording.works, fields, {"名词": task.items.item}))
    return paragraphs


def nothing_assigned_sentence(definition: Definition, programme: str) -> str:
    """What the draft says of a programme without tasks (「本年度本单位未承担公共文化云建设项目的任务
    指标。」); audit rule R04 looks for it in reports whose tables have since been filled."""
    name = definition.programme(programme).name
    return segments_text(fill(definition.draft.nothing_assigned, {}, {"项目": name}))


def results_paragraphs(definition: Definition, doc: Document, results: Results, report: Report) -> list[list[Segment]]:
    wording = definition.draft
    paragraphs: list[list[Segment]] = []
    number = 0
    for table in definition.tables_of(IndicatorTable):
        if table.programme != report.programme:
            continue
        for indicator in table.indicators:
            feeders = definition.tasks_feeding(indicator.id)
            if not results.value(f"{table.id}.assigned.{indicator.id}") and not any(doc.rows(t.id) for t in feeders):
                continue
            number += 1
            keys = {name: f"{table.id}.{part}.{indicator.id}"
                    for name, part in (("下达", "assigned"), ("完成", "completed"), ("完成率", "rate"))}
            line = fill(wording.indicator, keys, {"序号": f"（{chinese_numeral(number)}）", "指标": indicator.name})
            paragraphs.append(line)
            paragraphs.extend(p for task in feeders for p in _task_paragraphs(definition, doc, task))
    if not number:
        paragraphs.append([TextSegment(nothing_assigned_sentence(definition, report.programme))])
    closing = wording.closing
    paragraphs.append([TextSegment(f"（{chinese_numeral(number + 1)}）{closing.heading}{closing.prompt}")])
    return paragraphs


def draft_report(definition: Definition, doc: Document, results: Results, report: Report) -> dict[str, list[Segment]]:
    """Section id → drafted segments."""
    drafted = {}
    for section in report.sections:
        if section.id == definition.draft.results_section:
            drafted[section.id] = join_paragraphs(results_paragraphs(definition, doc, results, report))
        else:
            drafted[section.id] = join_paragraphs(outline_paragraphs(section.outline))
    return drafted


@dataclass
class DraftPlan:
    edits: list[SetValue]
    kept: list[CellRef]  # sections with the clerk's text, left alone


def plan_draft(definition: Definition, doc: Document, results: Results, overwrite: bool = False,
               only: str | None = None) -> DraftPlan:
    """The edits that draft every report of the unit's projects (or only the report `only`)."""
    edits, kept = [], []
    for report in participation.reports(definition, doc):
        if only is not None and report.id != only:
            continue
        for section_id, new in draft_report(definition, doc, results, report).items():
            ref = CellRef(report.id, (), section_id)
            old = get_value(doc, ref)
            if old == new:
                continue
            if is_written(old) and not overwrite:
                kept.append(ref)
                continue
            edits.append(SetValue(ref, old, new, label=DRAFT_LABEL))
    return DraftPlan(edits, kept)
