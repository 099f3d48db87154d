"""Export preferences a clerk or an IT person may need to change: font names written into Word
files, the seal placeholder's diameter (it depends on the unit's rank), bold level-3 headings
(local practice, not the standard)."""

from __future__ import annotations

from dataclasses import dataclass

#: Seal diameters by rank (State Council seal rules): province 50 mm, county/municipal 45 mm,
#: many units 42 or 40 mm. The placeholder must match the stamp the unit actually has.
DEFAULT_SEAL_MM = 42.0


@dataclass(frozen=True)
class ExportSettings:
    seal_diameter_mm: float = DEFAULT_SEAL_MM
    # Word/WPS substitute a face that is missing, so these are names, not files. None: choose
    # the official face if this PC has it (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312), else 黑体/仿宋/楷体.
    title_font: str | None = None
    body_font: str | None = None
    heading1_font: str = "黑体"
    heading2_font: str | None = None
    page_number_font: str = "宋体"
    bold_level3_headings: bool = False
