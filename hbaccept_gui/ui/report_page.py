"""A summary report tab: one editor per section, 「插入数据项」 to bind a figure of the tables into
the text, and 「生成初稿」 to write a first draft from the tables (core.draft)."""

from __future__ import annotations

from hbaccept_gui.core import participation
from hbaccept_gui.core.calc import DerivedText
from hbaccept_gui.core.cells import CellRef, describe
from hbaccept_gui.core.definition import Report
from hbaccept_gui.core.draft import DRAFT_LABEL, plan_draft
from hbaccept_gui.ui.pages import Page, scroll_into
from hbaccept_gui.ui.qt import QHBoxLayout, QLabel, QMenu, QMessageBox, QPushButton, QToolButton, QVBoxLayout, QWidget
from hbaccept_gui.ui.report_editor import ReportEditor
from hbaccept_gui.ui.session import DocumentSession
from hbaccept_gui.ui.widgets import note_label, title_block


def field_choices(session: DocumentSession) -> dict[str, list[tuple[str, str]]]:
    """Bindable figures grouped by table (附件1 …), the tables in the order of the notice whatever
    order they are computed in: (menu text with the current value, key). Only figures that have a
    value, and works lists that list something: a clerk binds what the tables say. Contractors are named as the table names them
    (core.calc labels: 「保定市图书馆」, not 「第1个承建单位」)."""
    groups: dict[str, list[tuple[str, str]]] = {f"附件{table.number}": [] for table in session.definition.tables}
    for key, derived in session.results.items():
        has_value = derived.value is not None or isinstance(derived, DerivedText) and derived.text
        if not has_value or not participation.applies(session.definition, session.document, key.split(".")[0]):
            continue  # nothing to show yet, or a table of a project the unit does not take part in
        group, _space, label = derived.label.partition(" ")
        groups.setdefault(group, []).append((f"{label}（{_shown(derived.text_with_unit)}）", key))
    return {group: choices for group, choices in groups.items() if choices}


def _shown(text: str, limit: int = 24) -> str:
    """A menu entry stays one short line: a works list of 60 titles is cut, with 「…」."""
    return text if len(text) <= limit else text[:limit] + "…"


class ReportPage(Page):
    def __init__(self, session: DocumentSession, report: Report, parent=None) -> None:
        super().__init__(session, parent)
        self.report = report
        self.table_id = report.id
        self.editors: dict[str, ReportEditor] = {}
        self.target: ReportEditor | None = None
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(title_block("总结报告", report.title))
        layout.addLayout(self._toolbar())
        for section in report.sections:
            heading = QLabel(section.heading)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            editor = ReportEditor(session, CellRef(report.id, (), section.id), f"请填写“{section.label}”")
            editor.setObjectName(f"report_{section.id}")
            editor.setMinimumHeight(150)
            editor.cursorPositionChanged.connect(lambda e=editor: self._remember(e))
            self.editors[section.id] = editor
            layout.addWidget(heading)
            layout.addWidget(editor, 1)
        self.target = self.editors.get(session.definition.draft.results_section)
        scroll_into(self, content)

    def _toolbar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.draft_button = QPushButton("生成初稿")
        self.draft_button.setToolTip("根据表格数据写出本报告的初稿；已经填写的部分会先询问")
        self.draft_button.clicked.connect(self.draft)
        self.field_button = QToolButton()
        self.field_button.setText("插入数据项")
        self.field_button.setToolTip("在光标处插入表格中的数字（引用），表格改动后报告中的数字自动更新")
        self.field_button.setPopupMode(QToolButton.InstantPopup)
        self.field_menu = QMenu(self.field_button)
        self.field_menu.aboutToShow.connect(self._fill_field_menu)
        self.field_button.setMenu(self.field_menu)
        bar.addWidget(self.draft_button)
        bar.addWidget(self.field_button)
        bar.addWidget(note_label("浅蓝底色的数字引用自表格，随表格自动更新，打印和导出时显示当前数值。"), 1)
        return bar

    def _remember(self, editor: ReportEditor) -> None:
        self.target = editor

    def _fill_field_menu(self) -> None:
        self.field_menu.clear()
        for group, choices in field_choices(self.session).items():
            submenu = self.field_menu.addMenu(group)
            for text, key in choices:
                submenu.addAction(text).triggered.connect(lambda _checked=False, k=key: self.insert_field(k))

    def insert_field(self, key: str) -> None:
        if self.target is not None:
            self.target.insert_field(key)
            self.target.setFocus()

    def draft(self) -> None:
        """Draft this report; sections with the clerk's text are replaced only if the clerk says so."""
        session = self.session
        for editor in self.editors.values():
            editor.commit()
        plan = plan_draft(session.definition, session.document, session.results, only=self.report.id)
        if plan.kept:
            names = "\n".join(f"  • {describe(session.definition, ref).column_label}" for ref in plan.kept)
            answer = QMessageBox.question(
                self, "生成初稿", f"以下部分已有内容：\n{names}\n\n要用初稿覆盖这些部分吗？\n"
                                  "选“是”覆盖，选“否”只填写空白部分。（覆盖后可用“撤销”恢复）",
                QMessageBox.Yes | QMessageBox.No | QMessageBox.Cancel, QMessageBox.No)
            if answer == QMessageBox.Cancel:
                return
            if answer == QMessageBox.Yes:
                plan = plan_draft(session.definition, session.document, session.results, overwrite=True,
                                  only=self.report.id)
        session.push_group(plan.edits, DRAFT_LABEL)

    def focus_ref(self, ref: CellRef) -> bool:
        editor = self.editors.get(ref.column) if ref.table == self.report.id else None
        if editor:
            editor.setFocus()
        return editor is not None
