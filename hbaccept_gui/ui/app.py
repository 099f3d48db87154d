"""Starting the window: Qt in Chinese (its own dialogs too), a CJK font, the settings, the
document to open, the crash log, and after a crash the offer to restore the work and the news of
where the crash was logged. Nothing here may stop the start: a broken settings file or journal is
reported and set aside, a data folder that cannot be written only costs the crash log."""

from __future__ import annotations

import sys
from pathlib import Path

from hbaccept_gui.core.errors import StorageError
from hbaccept_gui.core.journal import find_orphans
from hbaccept_gui.core.storage import load_document
from hbaccept_gui.crash_log import CrashLog
from hbaccept_gui.resources import APP_ICON, QT_TRANSLATIONS, resource_path
from hbaccept_gui.ui.clipboard import hand_clipboard_to_qt
from hbaccept_gui.ui.main_window import MainWindow, autosave_dir
from hbaccept_gui.ui.qt import (
    QApplication,
    QFont,
    QIcon,
    QLibraryInfo,
    QLocale,
    QMessageBox,
    QTimer,
    QTranslator,
)
from hbaccept_gui.ui.session import DocumentSession
from hbaccept_gui.ui.settings import crash_dir, load_settings

#: Faces that cover GBK (and so 玊) on Windows first, then the Linux CJK fonts.
UI_FONTS = ["Microsoft YaHei UI", "Microsoft YaHei", "SimSun", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
            "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC"]
_translators: list[QTranslator] = []


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName("hbaccept")
    app.setOrganizationName("hbaccept")
    QLocale.setDefault(QLocale(QLocale.Chinese, QLocale.China))
    install_translations(app)
    app.setWindowIcon(QIcon(str(resource_path(*APP_ICON))))
    font = QFont()
    font.setFamilies(UI_FONTS)
    font.setPointSize(10)
    app.setFont(font)
    return app


def install_translations(app: QApplication) -> bool:
    """Qt's own buttons and dialogs (保存/取消, the file dialog, the calendar) in Chinese. Qt says
    where its catalogues are: in the wheel from a checkout, inside the bundle in a frozen build."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = False
    for name in QT_TRANSLATIONS:
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _translators.append(translator)
            loaded = True
    return loaded


def start_window(file: str | None = None, demo: bool = False) -> MainWindow:
    """The window with the right document: FILE, the demo, the last document, or a new one."""
    settings, settings_notice = load_settings()
    window = MainWindow(settings)
    opened = False
    if file:
        opened = window.open_path(Path(file), ask=False)
    elif demo:
        window.open_demo()
        opened = True
    elif settings.recent_files and Path(settings.recent_files[0]).is_file():
        opened = window.open_path(Path(settings.recent_files[0]), ask=False)
    if not opened:
        window.new_document()
    if settings_notice:
        window.statusBar().showMessage(settings_notice, 15000)
    return window


def offer_recovery(window: MainWindow, ask=None) -> bool:
    """After a crash: offer the journaled work. `ask(text) -> bool` (a dialog unless given)."""
    ask = ask or (lambda text: QMessageBox.question(window, "恢复未保存的工作", text,
                                                     QMessageBox.Yes | QMessageBox.No) == QMessageBox.Yes)
    own = window.journal.folder if window.journal else None
    restored = False
    for orphan in find_orphans(autosave_dir(), own):
        origin = orphan.original or "未保存过的新文档"
        text = f"上次程序意外关闭，有尚未保存的工作（{origin}，自动保存于 {orphan.saved_at}）。\n是否恢复？"
        if restored or not ask(text):
            orphan.discard()
            continue
        try:
            definition, document = load_document(orphan.journal)
        except StorageError as error:
            QMessageBox.warning(window, "无法恢复", f"自动保存的草稿已损坏，无法恢复：{error.message}")
            orphan.discard()
            continue
        original = Path(orphan.original) if orphan.original else None
        session = DocumentSession(definition, document, original)
        window.set_session(session)
        session.undo_stack.resetClean()  # restored work stays "unsaved" until the clerk saves it
        window.update_title()
        window.write_journal()
        orphan.discard()
        restored = True
    return restored


def crash_notice(crashes: list[Path]) -> str:
    """`crashes`: newest first, as CrashLog.start() returns them."""
    first = "程序上次意外关闭。" if len(crashes) == 1 else f"程序此前有 {len(crashes)} 次意外关闭。"
    return (f"{first}诊断信息已保存在：\n{crashes[0]}\n\n"
            "如需求助，请在“帮助 → 诊断信息”中点“复制全部”，粘贴到发给技术支持的邮件中。")


def after_start(window: MainWindow, crashes: list[Path]) -> None:
    """Once the window is up: the lost work first, then where the crash that lost it was logged."""
    offer_recovery(window)
    if crashes:
        QMessageBox.information(window, "程序上次意外关闭", crash_notice(crashes))


def start_crash_log() -> tuple[CrashLog | None, list[Path]]:
    """The crash log, and the crashes of earlier sessions; (None, []) if the folder is unusable."""
    crash_log = CrashLog(crash_dir())
    try:
        return crash_log, crash_log.start()
    except OSError:
        return None, []


def run_gui(file: str | None = None, demo: bool = False) -> int:
    """The crash log starts first, so that a crash while Qt starts is logged too. It is closed
    only when the event loop returns normally: an exception escaping from here is a crash."""
    crash_log, crashes = start_crash_log()
    app = make_application(sys.argv)
    window = start_window(file, demo)
    if window.settings.window_geometry:
        window.show()
    else:
        window.showMaximized()  # the first start fills the (often small) screen
    QTimer.singleShot(0, lambda: after_start(window, crashes))
    app.aboutToQuit.connect(hand_clipboard_to_qt)
    code = app.exec()
    if crash_log is not None:
        crash_log.close()
    return code

