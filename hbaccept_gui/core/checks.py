"""The basic checks every document gets: values that could not be parsed, text that cannot be
stored or printed, and required header fields left empty. (The 审核 rules of the notice build on
these.)"""

from __future__ import annotations

from hbaccept_gui.core import messages
from hbaccept_gui.core.cells import CellRef, all_refs, describe, get_value
from hbaccept_gui.core.definition import Definition
from hbaccept_gui.core.document import Document, Unparsed, segments_text
from hbaccept_gui.core.findings import ERROR, Finding
from hbaccept_gui.core.text import first_bad_character


def check_document(definition: Definition, doc: Document) -> list[Finding]:
    findings = []
    for ref in all_refs(definition, doc):
        value = get_value(doc, ref)
        if isinstance(value, list):
            value = segments_text(value)
        if isinstance(value, Unparsed):
            info = describe(definition, ref)
            message = messages.finding_message("parse", 位置=info.location, 原因=value.reason)
            findings.append(Finding("PARSE", ERROR, ref, message))
        elif isinstance(value, str) and (bad := first_bad_character(value)):
            code, point = bad
            info = describe(definition, ref)
            reason = messages.reason(code, 码位=point)
            findings.append(Finding("TEXT", ERROR, ref, messages.finding_message("parse", 位置=info.location, 原因=reason)))
    findings.extend(_required_header(definition, doc))
    return findings


def _required_header(definition: Definition, doc: Document) -> list[Finding]:
    found = []
    for header_field in definition.header_fields:
        value = doc.header.get(header_field.id)
        if header_field.required and (value is None or value == "" or (isinstance(value, str) and not value.strip())):
            ref = CellRef("header", (), header_field.id)
            message = messages.finding_message("required", 位置=describe(definition, ref).location)
            found.append(Finding("REQUIRED", ERROR, ref, message))
    return found
