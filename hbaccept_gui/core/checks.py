"""Run the audit rules of a document's definition (审核): one list of findings, each with its
rule id, for the GUI's findings panel, `hbaccept validate` and the exporters' 草稿 mark alike.
Findings in the forms of a project the unit does not take part in are left out (core/participation)."""

from __future__ import annotations

from datetime import date

from hbaccept_gui.core.calc import Results, recompute
from hbaccept_gui.core.cells import describe
from hbaccept_gui.core.definition import Definition
from hbaccept_gui.core.document import Document
from hbaccept_gui.core.findings import Finding
from hbaccept_gui.core.participation import ref_applies
from hbaccept_gui.core.rules import RULE_CHECKS, AuditContext


def check_document(definition: Definition, doc: Document, results: Results | None = None,
                   today: date | None = None) -> list[Finding]:
    """`today` is the day 日期 may not be later than; tests pass a fixed one."""
    context = AuditContext(definition, doc, results if results is not None else recompute(definition, doc),
                           today or date.today())
    findings = []
    for rule in definition.rules:
        for ref, values in RULE_CHECKS[rule.check].function(context, rule.params):
            if not ref_applies(definition, doc, ref):
                continue  # a form of a project the unit does not take part in: not shown, not handed in
            message = rule.message.format(位置=describe(definition, ref).location, **values)
            findings.append(Finding(rule.id, rule.severity, ref, message))
    return findings
