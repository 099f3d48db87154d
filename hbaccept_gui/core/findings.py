"""A finding is one thing wrong or worth a look, tied to the cell it is about."""

from __future__ import annotations

from dataclasses import dataclass

from hbaccept_gui.core.cells import CellRef

ERROR = "error"
WARNING = "warning"
SEVERITY_LABELS = {ERROR: "错误", WARNING: "提示"}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    ref: CellRef
    message: str

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)
