"""Which projects the unit takes part in: asked at 新建 and changed in 文件 → 单位信息….

A box per project of the definition, at least one ticked. With a document that has content the
dialog suggests the projects its tables point to (core.participation.suggest) and says what a
project left out keeps in the file but no longer shows or exports. The window applies the choice
(a new document, or one undoable edit)."""

from __future__ import annotations

from hbaccept_gui.core import participation
from hbaccept_gui.core.definition import Definition
from hbaccept_gui.core.document import Document
from hbaccept_gui.ui.qt import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)
from hbaccept_gui.ui.widgets import note_label

NEW_TITLE = "新建验收材料"
EDIT_TITLE = "单位信息"
QUESTION = "本单位参与哪些项目的验收？"
GUIDANCE = ("只参与一个项目的单位请只勾选该项目：未勾选项目的表格和总结报告不显示、不审核、不导出。"
            "附件{附件} {表名}按通知列出各个项目，始终保留。")
NONE_CHOSEN = "请至少勾选一个项目。"


def _short_title(title: str) -> str:
    """绩效自评表 out of 「2024年度中央转移支付资金项目绩效自评表」: the form's name without its year."""
    return title[title.rfind("项目") + 2:] if "项目" in title else title


def suggestion_text(definition: Definition, doc: Document) -> str:
    """建议勾选：… (…已填写), from the tables; empty when nothing is filled in yet."""
    found = participation.evidence(definition, doc)
    if not found:
        return ""
    reasons = "；".join(f"{definition.programme(e.programme).name}：{'、'.join(e.annexes)}已填写" for e in found)
    names = participation.programme_names(definition, [e.programme for e in found], "、")
    return f"根据已填写的内容，建议勾选：{names}（{reasons}）。"


def hidden_text(definition: Definition, doc: Document, programmes) -> str:
    """What a project left out keeps: said before it is chosen, so nothing seems lost."""
    left_out = participation.hidden_content(definition, doc, programmes)
    if not left_out:
        return ""
    annexes = "、".join(a for e in left_out for a in e.annexes)
    return (f"未勾选的项目中已填写的内容（{annexes}）仍保存在文件中，但不再显示、审核和导出；"
            "重新勾选即可恢复。")


def participation_hint(definition: Definition, doc: Document) -> str:
    """On opening a file: when its tables were filled in for fewer projects than it takes part in
    (a file of an older version reads as both), say where to change it; else nothing."""
    suggested = participation.suggest(definition, doc)
    chosen = participation.taking_part(definition, doc)
    if not suggested or not set(suggested) < set(chosen):
        return ""
    names = participation.programme_names(definition, suggested, "、")
    return f"本文件只填写了{names}的表格。如本单位只参与该项目，请在“文件 → 单位信息”中修改，其他项目的表格将不再显示和导出。"


class ProgrammesDialog(QDialog):
    """`document` None: 新建 (nothing ticked, the clerk chooses); else 单位信息 of that document."""

    def __init__(self, definition: Definition, document: Document | None = None, parent=None) -> None:
        super().__init__(parent)
        self.definition = definition
        self.document = document
        self.setObjectName("programmesDialog")
        self.setWindowTitle(NEW_TITLE if document is None else EDIT_TITLE)
        self.boxes: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        if document is not None:
            unit = document.header.get("unit_name")
            layout.addWidget(QLabel(f"单位名称：{unit if isinstance(unit, str) and unit.strip() else '（未填写）'}"))
        layout.addWidget(QLabel(QUESTION))
        chosen = participation.taking_part(definition, document) if document is not None else ()
        for programme in definition.programmes:
            box = QCheckBox(f"{programme.name}（{participation.parts_text(definition, programme.id)}）")
            box.setObjectName(f"programme_{programme.id}")
            box.setChecked(programme.id in chosen)
            box.toggled.connect(self._update)
            self.boxes[programme.id] = box
            layout.addWidget(box)
        performance = definition.performance
        layout.addWidget(note_label(GUIDANCE.format(附件=performance.number, 表名=_short_title(performance.title))))
        layout.addLayout(self._suggestion_row())
        self.hidden = self._note("hiddenContent")
        layout.addWidget(self.hidden)
        self.problem = self._note("programmesProblem")
        self.problem.setStyleSheet("color: #b91c1c;")
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText("确定")
        self.buttons.button(QDialogButtonBox.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()

    def _note(self, name: str) -> QLabel:
        label = note_label("")
        label.setObjectName(name)
        return label

    def _suggestion_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        text = suggestion_text(self.definition, self.document) if self.document is not None else ""
        self.suggestion = self._note("programmesSuggestion")
        self.suggestion.setText(text)
        self.suggestion.setVisible(bool(text))
        self.suggest_button = QPushButton("按建议勾选")
        self.suggest_button.setObjectName("applySuggestion")
        self.suggest_button.setAutoDefault(False)
        self.suggest_button.clicked.connect(self.apply_suggestion)
        self.suggest_button.setVisible(bool(text))
        row.addWidget(self.suggestion, 1)
        row.addWidget(self.suggest_button)
        return row

    def chosen(self) -> tuple[str, ...]:
        return tuple(p for p, box in self.boxes.items() if box.isChecked())

    def set_choice(self, programmes) -> None:
        for programme, box in self.boxes.items():
            box.setChecked(programme in programmes)

    def apply_suggestion(self) -> None:
        suggested = participation.suggest(self.definition, self.document) if self.document is not None else None
        if suggested:
            self.set_choice(suggested)

    def _update(self) -> None:
        chosen = self.chosen()
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(bool(chosen))
        self.problem.setText("" if chosen else NONE_CHOSEN)
        hidden = hidden_text(self.definition, self.document, chosen) if self.document is not None and chosen else ""
        self.hidden.setText(hidden)
        self.hidden.setVisible(bool(hidden))
        suggested = participation.suggest(self.definition, self.document) if self.document is not None else None
        self.suggest_button.setEnabled(bool(suggested) and tuple(suggested) != chosen)


def ask_programmes(parent, definition: Definition, document: Document | None = None) -> tuple[str, ...] | None:
    """The projects chosen, or None if the clerk cancelled."""
    dialog = ProgrammesDialog(definition, document, parent)
    try:
        return dialog.chosen() if dialog.exec() == QDialog.Accepted else None
    finally:
        dialog.deleteLater()
