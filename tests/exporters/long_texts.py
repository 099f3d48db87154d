"""Long texts for the PDF exporter, shared by tests/exporters/test_pdf_long_text.py (what it
prints) and benchmarks/bench_long_text.py (how long it takes): one clerk's kind of text and the
two places a long text goes, so the benchmark times exactly what the tests check."""

from __future__ import annotations

import dataclasses

from hbaccept_gui.exporters.layout import ReportSectionLayout


def numbered_text(length: int) -> str:
    """Text of at least `length` characters whose every sentence is numbered, so a lost or
    repeated piece shows: 「第1句：…。第2句：…。」, with figures and a book title of a rare
    character (玊) as a clerk's report has."""
    sentences, total, n = [], 0, 0
    while total < length:
        n += 1
        sentence = f"第{n}句：完成古籍《海琼玊蟾先生文集》数字化加工，共计{n * 37}叶，已验收。"
        sentences.append(sentence)
        total += len(sentence)
    return "".join(sentences)


def with_description(export_set, text: str):
    """附件2 of the demo with `text` as its first task's 项目任务完成情况."""
    form = next(f for f in export_set.forms if f.annex_label == "附件2")
    rows = list(form.table.body_rows)
    column = next(i for i, c in enumerate(rows[0]) if c.text.startswith("2024"))
    rows[0] = tuple(dataclasses.replace(c, text=text) if i == column else c for i, c in enumerate(rows[0]))
    return dataclasses.replace(form, table=dataclasses.replace(form.table, body_rows=tuple(rows)))


def with_section(export_set, text: str):
    """The first report with `text` as its first section."""
    report = export_set.reports[0]
    first = ReportSectionLayout(report.sections[0].heading, (text,))
    return dataclasses.replace(report, sections=(first,) + report.sections[1:])
