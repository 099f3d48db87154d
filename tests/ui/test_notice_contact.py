"""The notice's contact for questions (issue #13, item 18), from the year's definition: in 帮助 and
on the 材料清单 tab."""

from __future__ import annotations

from dataclasses import replace

from hbaccept_gui.core.definition_loader import latest_definition
from hbaccept_gui.ui.qt import QLabel
from hbaccept_gui.ui.session import DocumentSession

PHONES = ("0311-67960552", "15511872369")


def help_menu(window):
    return next(a.menu() for a in window.menuBar().actions() if a.text() == "帮助(&H)")


def test_the_definition_holds_the_contact_of_the_notice():
    definition = latest_definition()
    assert "李双秋" in definition.contact
    assert definition.contact_phones == PHONES


def test_help_names_the_contact_and_both_phones(open_window, dialogs):
    window = open_window(demo=True)
    contact = next(a for a in help_menu(window).actions() if a.text() == "咨询联系人(&C)…")
    contact.trigger()
    kind, text = dialogs.asked[-1]
    assert kind == "information"
    assert "省文化和旅游厅公共服务处 李双秋" in text and "0311-67960552、15511872369" in text
    window.act_about.trigger()
    kind, text = dialogs.asked[-1]
    assert kind == "about" and "李双秋，电话 0311-67960552、15511872369" in text


def test_the_checklist_tab_shows_the_contact(qtbot, open_window):
    window = open_window(demo=True)
    page = window.show_page("checklist")
    label = page.findChild(QLabel, "noticeContact")
    qtbot.waitUntil(label.isVisible, timeout=2000)
    assert "李双秋" in label.text() and all(phone in label.text() for phone in PHONES)


def test_the_contact_comes_from_the_definition_not_the_code(open_window, dialogs):
    """Next year's notice (another folder of resources/forms) brings its own contact."""
    window = open_window(demo=True)
    session = window.session
    other = replace(session.definition, contact="某处  张三", contact_phones=("0311-1234567",))
    window.set_session(DocumentSession(other, session.document))
    label = window.show_page("checklist").findChild(QLabel, "noticeContact")
    assert "某处 张三，电话 0311-1234567" in label.text() and "李双秋" not in label.text()
    window.act_contact.trigger()
    assert "某处 张三" in dialogs.asked[-1][1] and "李双秋" not in dialogs.asked[-1][1]
