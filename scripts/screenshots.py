"""Screenshots of every tab of the demo at 1366×768, for docs/screenshots/.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots.py

Runs the real window on the demo document (settings and autosave in a temporary folder), selects
each tab in turn and saves what is on screen; then empties one required cell and shows the
审核结果 panel with the error selected, 汇总 merges three copies of the demo, and 导入盖章扫描件 checks
a realistic mix of scans (a scanner's PDF, phone photos, a page left unstamped, one turned over, one
printed before an edit, one missing)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("HBACCEPT_HOME", tempfile.mkdtemp(prefix="hbaccept-shots-"))

from hbaccept_gui.core.cells import CellRef  # noqa: E402
from hbaccept_gui.core.pipeline import load_demo  # noqa: E402
from hbaccept_gui.core.storage import save_document  # noqa: E402
from hbaccept_gui.ui.app import make_application, start_window  # noqa: E402
from hbaccept_gui.ui.merge_dialog import MergeDialog  # noqa: E402
from hbaccept_gui.ui.qt import QTimer  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
NAMES = ["0-overview", "1-annex1", "2-annex2", "3-annex3", "4-annex4", "5-annex5", "6-report-library",
         "7-report-cloud", "8-checklist"]
#: The cell emptied for the findings shot: 承建单位 of the Baoding row (rule D04, an error).
EMPTIED = CellRef("annex2", ("digital_resources", 0), "contractor")
#: The units of the 汇总 shot: copies of the demo under three names.
MERGED_UNITS = ("保定市图书馆", "定州市图书馆", "涿州市图书馆")


def main() -> int:
    app = make_application(sys.argv)
    window = start_window(demo=True)
    window.setGeometry(0, 0, 1366, 768)
    window.show()
    OUT.mkdir(parents=True, exist_ok=True)
    shots = []

    def take(index: int = 0) -> None:
        if index >= window.tabs.count():
            show_a_finding()
            return
        window.tabs.setCurrentIndex(index)
        QTimer.singleShot(300, lambda: grab(index))

    def grab(index: int) -> None:
        path = OUT / f"{NAMES[index] if index < len(NAMES) else index}.png"
        window.grab().save(str(path))
        shots.append(path)
        take(index + 1)

    def show_a_finding() -> None:
        window.session.set_text(EMPTIED, "")
        window.session.run_checks()
        panel = window.findings_panel
        panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
        window.jump_to(panel.ref_at(0))
        QTimer.singleShot(300, finish)

    def finish() -> None:
        path = OUT / "9-findings-panel.png"
        window.grab().save(str(path))
        shots.append(path)
        window.session.undo_stack.setClean()
        show_a_merge()

    def show_a_merge() -> None:
        """文件 → 汇总… over three libraries of the city: the demo under three names, fewer works each."""
        folder = Path(tempfile.mkdtemp(prefix="hbaccept-merge-shot-"))
        paths = []
        for number, unit in enumerate(MERGED_UNITS):
            _definition, doc = load_demo()
            doc.header["unit_name"] = unit
            row = doc.details["digital_resources"][0]
            row.values["contractor"] = unit
            row.items = row.items[: 9 - 2 * number]  # each library its own works
            paths.append(folder / f"{unit}.hbaccept")
            save_document(doc, paths[-1])
        dialog = MergeDialog(window)
        dialog.add_paths(paths)
        dialog.unit.setText("保定市文化广电和旅游局")
        dialog.show()
        dialog.run_merge()
        QTimer.singleShot(300, lambda: grab_dialog(dialog, "10-merge-dialog", show_scans))

    def grab_dialog(dialog, name: str, then) -> None:
        path = OUT / f"{name}.png"
        dialog.grab().save(str(path))
        shots.append(path)
        dialog.close()
        then()

    def show_scans() -> None:
        from hbaccept_gui.ui.scans_dialog import ScansDialog

        window.session.undo()  # the demo as exported: the findings shot emptied a cell
        window.session.undo_stack.setClean()
        dialog = ScansDialog(window)
        dialog.resize(1100, 700)
        dialog.add_paths(scans_of_the_demo(Path(tempfile.mkdtemp(prefix="hbaccept-scans-shot-"))))
        dialog.show()
        dialog.run_check()
        QTimer.singleShot(300, lambda: grab_dialog(dialog, "11-scans-dialog", window.close))

    QTimer.singleShot(500, take)
    app.exec()
    print("\n".join(str(p) for p in shots))
    return 0


def scans_of_the_demo(folder: Path) -> list[Path]:
    """What a clerk brings back after printing and stamping the demo's PDFs: a scanner's PDF of the
    annexes (附件4 not stamped, 附件3 fed in upside down), phone photos of the library
    report (at an angle), and one of 附件2 printed before its leaf counts were last changed; the cloud
    report's second page is missing. The test suite's scan fakes make the pages."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "scans"))
    import fake_scans as fs
    from hbaccept_gui.exporters import pdf

    export = fs.demo_export_set()
    pdfs = dict(zip([f.key for f in export.forms] + [r.key for r in export.reports],
                    pdf.write_all_pdf(export, folder / "export")))
    pages = {key: fs.render_pages(path, 150) for key, path in pdfs.items()}
    scanner = []
    for key in ("annex1", "annex2", "annex3", "annex4", "annex5"):
        for number, page in enumerate(pages[key], 1):
            scan = fs.colour_scan(page) if (key, number) == ("annex4", 1) else fs.sealed(page)
            scanner.append(fs.turn(scan, 180) if key == "annex3" else scan)
    scanner += [fs.sealed(page) for page in pages["cloud_report"][:1]]
    files = [fs.save_pdf(scanner, folder / "扫描仪_20250610.pdf", 150)]
    for number, page in enumerate(pages["library_report"], 1):
        photo = folder / f"IMG_20250610_{number:03d}.jpg"
        photo.write_bytes(fs.jpeg(fs.skew(fs.sealed(page), 3 * number)))
        files.append(photo)
    earlier = fs.demo_export_set(edit=fs.one_more_leaf)
    old = pdf.write_all_pdf(earlier, folder / "earlier")[1]  # 附件2, printed before the last edit
    stale = folder / "IMG_20250609_附件2.jpg"
    stale.write_bytes(fs.jpeg(fs.sealed(fs.render_pages(old, 150)[0])))
    return files + [stale]


if __name__ == "__main__":
    sys.exit(main())
