"""Starting the window: Qt in Chinese (its own dialogs too), a CJK font, the settings, the
document to open, the crash log, and after a crash the offer to restore the work and the news of
where the crash was logged. Nothing here may stop the start: a broken settings file or journal is
reported and set aside, a data folder that cannot be written only costs the crash log."""

from __future__ import annotations

import sys
from pathlib import Path

from hbaccept_gui import APP_NAME
from hbaccept_gui.core.errors import DefinitionError, StorageError
from hbaccept_gui.core.journal import find_orphans
from hbaccept_gui.crash_log import CrashLog
from hbaccept_gui.resources import APP_ICON, QT_TRANSLATIONS, resource_path
from hbaccept_gui.ui import warm_up
from hbaccept_gui.ui.clipboard import hand_clipboard_to_qt
from hbaccept_gui.ui.main_window import MainWindow, autosave_dir
from hbaccept_gui.ui.qt_zh import MissingQtStrings
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
from hbaccept_gui.ui.recovery_dialog import RecoveryDialog, RecoveryEntry
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
    fallback = MissingQtStrings(app)  # first installed, so searched last: only what Qt's lack
    app.installTranslator(fallback)
    _translators.append(fallback)
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
        opened = open_last_document(window, Path(settings.recent_files[0]))
    if not opened:
        window.new_document(ask=False)  # which projects is asked once the window is up (after_start)
    if settings_notice:
        window.statusBar().showMessage(settings_notice, 15000)
    return window


def open_last_document(window: MainWindow, path: Path) -> bool:
    """The last document, at a plain start. A file that cannot be read is reported by open_path;
    even a bug in reading it must not stop every start from then on: it goes to the crash log and
    the clerk gets a new document and a message."""
    try:
        return window.open_path(path, ask=False)
    except Exception:  # noqa: BLE001 - the start must survive any file in the recent list
        sys.excepthook(*sys.exc_info())
        QMessageBox.warning(window, "无法打开", f"上次的文档“{path.name}”无法打开，已新建一份空白文档。\n{path}")
        return False


def offer_recovery(window: MainWindow, run_dialog=None) -> bool:
    """After a crash: list every journaled piece of work and let the clerk decide about each (see
    recovery_dialog). `run_dialog(dialog)` shows the dialog (`dialog.exec()` unless given: tests
    click in it). A journal that cannot be read, nor its `.bak`, is moved into the kept folder
    `无法恢复` and reported. True if work was restored into the window."""
    run_dialog = run_dialog or (lambda dialog: dialog.exec())
    own = window.journal.folder if window.journal else None
    entries, unreadable = [], []
    for orphan in find_orphans(autosave_dir(), own):
        try:
            entries.append(RecoveryEntry(orphan, orphan.read()))
        except StorageError as error:
            unreadable.append((orphan.set_aside(), error.message))
    if unreadable:
        QMessageBox.warning(window, "无法恢复", unreadable_notice(unreadable))
    if not entries:
        return False
    entries.sort(key=_saved_timestamp, reverse=True)  # newest first
    dialog = RecoveryDialog(window, entries, window.settings.last_folder)
    run_dialog(dialog)
    for entry in dialog.entries:
        entry.orphan.release()  # kept for the next start
    if dialog.chosen is None:
        return False
    restore(window, dialog.chosen)
    return True


def _saved_timestamp(entry: RecoveryEntry) -> float:
    moment = entry.orphan.saved_time
    return moment.timestamp() if moment else 0.0


def unreadable_notice(unreadable: list[tuple[Path, str]]) -> str:
    lines = [f"有 {len(unreadable)} 份自动保存的草稿已损坏，无法恢复："]
    lines += [f"• {message}\n  已移到：{folder}" for folder, message in unreadable]
    lines.append("这些草稿没有删除，可交给技术支持查看。")
    return "\n".join(lines)


def restore(window: MainWindow, entry: RecoveryEntry) -> None:
    """Put the journaled work into the window as unsaved work, journaled again by this instance."""
    recovered, orphan = entry.recovered, entry.orphan
    original = Path(orphan.original) if orphan.original else None
    session = DocumentSession(recovered.definition, recovered.document, original)
    window.set_session(session)
    session.undo_stack.resetClean()  # restored work stays "unsaved" until the clerk saves it
    window.update_title()
    window.write_journal()
    if window.journal:
        window.journal.note_open(original)
    if not recovered.from_backup:
        orphan.discard()
        return
    kept = orphan.set_aside()
    QMessageBox.warning(window, "已恢复较早的草稿",
                        f"最近一次自动保存的草稿已损坏（{recovered.problem}），已恢复再早一次自动保存的内容，"
                        f"最后几处修改可能没有包含在内，请检查。\n损坏的草稿没有删除，已移到：{kept}")


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
    if window.unasked_blank:  # a start without a document is a 新建: ask which projects
        window.new_document()


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
    try:
        window = start_window(file, demo)
    except DefinitionError as error:  # the shipped forms are broken: no window can be built on them
        QMessageBox.critical(None, APP_NAME, error.user_message)
        if crash_log is not None:
            crash_log.close()
        return 2
    if window.settings.window_geometry:
        window.show()
    else:
        window.showMaximized()  # the first start fills the (often small) screen
    QTimer.singleShot(0, lambda: after_start(window, crashes))
    warm_up.schedule(window, app)  # the exporters and fonts, in the background once the window is up
    app.aboutToQuit.connect(hand_clipboard_to_qt)
    code = app.exec()
    if crash_log is not None:
        crash_log.close()
    return code

