"""Run the audit rules of a document's definition (审核): one list of findings, each with its
rule id, for the GUI's findings panel, `hbaccept validate` and the exporters' 草稿 mark alike."""

from __future__ import annotations

from datetime import date

from hbaccept_gui.core.calc import Results, recompute
from hbaccept_gui.core.cells import describe
from hbaccept_gui.core.definition import Definition
from hbaccept_gui.core.document import Document
from hbaccept_gui.core.findings import Finding
from hbaccept_gui.core.rules import RULE_CHECKS, AuditContext


def check_document(definition: Definition, doc: Document, results: Results | None = None,
                   today: date | None = None) -> list[Finding]:
    """`today` is the day 日期 may not be later than; tests pass a fixed one."""
    context = AuditContext(definition, doc, results if results is not None else recompute(definition, doc),
                           today or date.today())
    findings = []
    for rule in definition.rules:
        for ref, values in RULE_CHECKS[rule.check].function(context, rule.params):
            message = rule.message.format(位置=describe(definition, ref).location, **values)
            findings.append(Finding(rule.id, rule.severity, ref, message))
    return findings
