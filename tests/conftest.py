"""Shared fixtures. Qt runs offscreen in every test: set here, before anything imports Qt."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # never a real screen, whatever the machine has

import pytest  # noqa: E402

from hbaccept_gui.core.definition_loader import load_definition  # noqa: E402
from hbaccept_gui.core.pipeline import load_demo  # noqa: E402


@pytest.fixture(scope="session")
def definition():
    return load_definition("hebei-2024")


@pytest.fixture
def demo():
    """A fresh copy of the shipped Baoding demo document (tests may change it)."""
    _definition, document = load_demo()
    return document


# ---------------------------------------------------------------- unit files for 汇总

COUNTIES = ("井陉县", "正定县", "行唐县", "灵寿县", "高邑县", "深泽县", "赞皇县", "无极县", "平山县", "元氏县",
            "赵县", "晋州市")


def unit_document(definition, k: int):
    """Unit k (1…12) with figures whose sums are known and no audit finding: k works of 1000 叶
    against k/10 万筒子叶 assigned; a platform for every third unit; 8k live broadcasts assigned and
    5k + 4k done (112.5 %); 2 market zones, both done; budget 20 / executed 19.5 万元 (library) and
    k / 0.9k (cloud)."""
    from datetime import date
    from decimal import Decimal

    from hbaccept_gui.core.document import (ContractorRow, Funding, ItemRow, PerfEntry, TextSegment,
                                            new_document)

    unit = f"{COUNTIES[k - 1]}图书馆"
    doc = new_document(definition)
    doc.header.update(unit_name=unit, date=date(2025, 6, 5), contact=f"联系人{k}", phone=f"0311-8000{k:04d}")

    def row(contractor, **numbers):
        return ContractorRow({"contractor": contractor, "subproject": f"{unit}子项目", "description": "已完成",
                              **{key: Decimal(value) for key, value in numbers.items()}})

    doc.assigned.update(digital_resources=Decimal(k) / 10, live_broadcasts=Decimal(8 * k), market_zones=Decimal(2))
    books = row(unit, assigned=Decimal(k) / 10)
    books.items = [ItemRow(f"《{COUNTIES[k - 1]}古籍第{j}种》", Decimal(1000)) for j in range(1, k + 1)]
    doc.details["digital_resources"] = [books]
    if k % 3 == 0:
        doc.assigned["support_platform"] = Decimal(1)
        doc.details["support_platform"] = [row(unit, assigned=1, completed=1)]
    doc.details["live_broadcasts"] = [row("承建单位甲", assigned=4 * k, completed=5 * k),
                                      row("承建单位乙", assigned=4 * k, completed=4 * k)]
    doc.details["market_zones_creative"] = [row(unit, assigned=1, completed=1)]
    doc.details["market_zones_fair"] = [row(unit, assigned=1, completed=1)]
    doc.funding["library"] = Funding(Decimal(20), Decimal("19.5"))
    doc.funding["cloud"] = Funding(Decimal(k), Decimal(9 * k) / 10)
    for indicator in definition.performance.indicators:
        numeric = indicator.target.kind == "numeric"
        achieved = Decimal(100) if indicator.propose else Decimal(95)  # 完成率: as 附件1/附件3 give it
        doc.performance[indicator.id] = PerfEntry(achieved=achieved if numeric else None,
                                                  achieved_text="" if numeric else "比上一年度增加")
    for report in definition.reports:
        doc.reports[report.id] = {s.id: [TextSegment(f"{unit}{s.label}。")] for s in report.sections}
    return doc


@pytest.fixture(scope="session")
def counties():
    return COUNTIES


@pytest.fixture(scope="session")
def unit_doc(definition):
    """unit_doc(k, of=definition) → unit_document of unit k, a fresh document each call."""
    return lambda k, of=None: unit_document(of or definition, k)


@pytest.fixture
def unit_files(definition):
    """write(folder, count=12) → the paths of `count` unit files (unit_document) saved in `folder`."""
    from hbaccept_gui.core.storage import save_document

    def write(folder, count: int = 12):
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for k in range(1, count + 1):
            path = folder / f"{COUNTIES[k - 1]}.hbaccept"
            save_document(unit_document(definition, k), path)
            paths.append(path)
        return paths

    return write


# ---------------------------------------------------------------- a changed year (#18)

#: The 2025-like folder's table ids: every id renamed, so nothing may find a table by its 2024 id.
RENAMED_TABLES = {"annex1": "lib_targets", "annex2": "lib_details", "annex3": "cloud_targets",
                  "annex4": "cloud_details", "annex5": "self_assessment"}

AUDIO_INDICATOR = '''
[[indicators]]
id = "audio_books"
label = "有声资源建设时长\\n（小时）"
unit = "小时"
places = 2
max = "100000"
'''

AUDIO_TASK = '''
[[tasks]]
id = "audio_books"
number = "3"
label = "有声资源项目"
indicator = "audio_books"
completion = "items"

[tasks.items]
label = "有声读物清单"
noun = "部有声读物"
title_label = "书名"
count_label = "时长（分钟）"
count_unit = "分钟"
count_max = "1000000"
divisor = "60"
'''


def write_changed_year(root):
    """A 2025-like definition folder under `root`/2025, written from the shipped 2024 one as a new
    notice would change it: hebei-2025 and 2025年度 throughout, every table id renamed, an extra
    indicator fed by a second itemised task (有声读物, minutes → hours), a removed 附件4 task
    (赶大集 文采会部分) and 附件5 indicator, a changed target (≥95%) and later deadlines. (The 2024 folder already has a task counted in two
    units: 小时 or TB.)"""
    from hbaccept_gui.core.definition_loader import available_definitions

    source, folder = available_definitions()["hebei-2024"], root / "2025"
    folder.mkdir(parents=True)
    for path in source.glob("*.toml"):
        text = path.read_text(encoding="utf-8").replace("2024年度", "2025年度")
        for old, new in RENAMED_TABLES.items():
            text = text.replace(f'"{old}"', f'"{new}"')
        text = {
            "notice.toml": lambda t: t.replace('id = "hebei-2024"', 'id = "hebei-2025"')
            .replace("year = 2024", "year = 2025").replace('issued = "2025-06-03"', 'issued = "2026-05-20"')
            .replace('date = "2025-06-15"', 'date = "2026-06-30"').replace('date = "2025-06-20"', 'date = "2026-07-10"'),
            "annex1.toml": lambda t: t + AUDIO_INDICATOR,
            "annex2.toml": lambda t: t + AUDIO_TASK,
            "annex4.toml": lambda t: _without_block(t, "tasks", "market_zones_fair"),
            "annex5.toml": lambda t: _without_block(t, "indicators", "cloud_visits_growth").replace(
                'target = "≥90%"', 'target = "≥95%"', 1),
        }.get(path.name, lambda t: t)(text)
        (folder / path.name).write_text(text, encoding="utf-8")
    return folder


def _without_block(text: str, array: str, block_id: str) -> str:
    """The TOML text without the [[array]] entry whose id is `block_id` (a removed row)."""
    marker = f"\n[[{array}]]\n"
    blocks = text.split(marker)
    return marker.join(b for b in blocks if not b.startswith(f'id = "{block_id}"'))


@pytest.fixture
def with_2025(tmp_path, monkeypatch):
    """The shipped 2024 folder and the changed 2025 one, installed side by side: the program sees
    two years (the newest, 2025, is what 新建 uses). Returns the 2025 definition."""
    import shutil

    from hbaccept_gui.core import definition_loader

    root = tmp_path / "forms"
    shutil.copytree(definition_loader.available_definitions()["hebei-2024"], root / "2024")
    write_changed_year(root)
    monkeypatch.setattr(definition_loader, "forms_root", lambda: root)
    definition_loader.load_definition.cache_clear()
    yield definition_loader.load_definition("hebei-2025")
    definition_loader.load_definition.cache_clear()
