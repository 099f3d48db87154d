"""Chinese for the few strings of Qt's own widgets that Qt's zh_CN catalogues lack.

Qt 6's file dialog labels its look-in and file-type boxes "&Look in:" and "Files of &type:",
with accelerators; qtbase_zh_CN.qm translates only the older "Look in:" and "Files of type:", so
the non-native file dialog (Linux, or wherever no platform dialog is available) showed those two
labels in English among Chinese ones. This translator answers for exactly those strings; it is
installed before Qt's catalogues, which are searched first, so it never overrides Qt's own words.
(On Windows the file dialogs are the system's own, in the language of Windows.)"""

from __future__ import annotations

from hbaccept_gui.ui.qt import QTranslator

MISSING: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
}


class MissingQtStrings(QTranslator):
    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: D401 - Qt's signature
        return MISSING.get((context, source_text), "")

    def isEmpty(self) -> bool:
        return False
