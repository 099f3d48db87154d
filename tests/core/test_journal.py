"""The autosave journal and crash recovery, without Qt: what a live session owns is never offered,
what a killed session left behind is offered exactly once, with the work it had journaled."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from hbaccept_gui.core.journal import JOURNAL_NAME, LOCK_NAME, META_NAME, Journal, find_orphans
from hbaccept_gui.core.storage import load_document

REPO_ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="flock semantics and SIGKILL are POSIX")


@pytest.fixture
def root(tmp_path):
    return tmp_path / "autosave"


@pytest.fixture
def journal(root):
    journal = Journal(root)
    yield journal
    journal.close()


def _read_meta(folder: Path) -> dict:
    return json.loads((folder / META_NAME).read_text(encoding="utf-8"))


def _discard_all(orphans):
    for orphan in orphans:
        orphan.discard()


def _crash(journal: Journal) -> None:
    """What the OS does to a killed session: the lock goes, the folder stays."""
    journal.lock.release()


# ---------------------------------------------------------------- writing


def test_new_journal_owns_a_fresh_locked_folder_under_the_root(root, journal):
    assert journal.folder.parent == root
    assert journal.folder.is_dir()
    assert len(journal.folder.name) == 32 and all(c in "0123456789abcdef" for c in journal.folder.name)
    assert (journal.folder / LOCK_NAME).exists()
    assert journal.lock.fd is not None
    assert not (journal.folder / JOURNAL_NAME).exists()


def test_two_journals_own_different_folders(root, journal):
    other = Journal(root)
    try:
        assert other.folder != journal.folder
        assert other.lock.fd is not None
    finally:
        other.close()


def test_written_journal_loads_as_the_same_document(root, journal, demo, tmp_path):
    demo.header["unit_name"] = "保定市图书馆（未保存）"
    original = tmp_path / "保定 2024.hbaccept"
    journal.write(demo, original)
    path = journal.folder / JOURNAL_NAME
    assert path.is_file()
    definition, loaded = load_document(path)
    assert definition.id == "hebei-2024"
    assert loaded == demo
    assert loaded.details["digital_resources"][0].items[3].title == "《海琼玊蟾先生文集》"


def test_meta_records_the_original_path_and_when(journal, demo, tmp_path):
    original = tmp_path / "子目录" / "保定.hbaccept"
    journal.write(demo, original)
    meta = _read_meta(journal.folder)
    assert meta["original"] == str(original)
    assert datetime.fromisoformat(meta["saved_at"]).tzinfo is not None


def test_meta_of_a_never_saved_document_has_no_original(journal, demo):
    journal.write(demo, None)
    assert _read_meta(journal.folder)["original"] is None


def test_later_write_replaces_the_journaled_document(journal, demo):
    journal.write(demo, None)
    demo.header["unit_name"] = "第二次"
    journal.write(demo, None)
    _definition, loaded = load_document(journal.folder / JOURNAL_NAME)
    assert loaded.header["unit_name"] == "第二次"


def test_clear_removes_the_journal_but_keeps_the_locked_folder(journal, demo):
    journal.write(demo, None)
    journal.write(demo, None)  # the second write leaves .bak copies behind
    assert (journal.folder / (JOURNAL_NAME + ".bak")).exists()
    journal.clear()
    assert sorted(p.name for p in journal.folder.iterdir()) == [LOCK_NAME]
    assert journal.lock.fd is not None


def test_clear_without_a_journal_is_harmless(journal):
    journal.clear()
    journal.clear()
    assert journal.folder.is_dir()


def test_close_removes_the_folder_and_releases_the_lock(root, demo):
    journal = Journal(root)
    journal.write(demo, None)
    journal.close()
    assert not journal.folder.exists()
    assert journal.lock.fd is None
    assert find_orphans(root) == []


def test_closed_journal_is_never_offered(root, demo):
    journal = Journal(root)
    journal.write(demo, Path("/tmp/x.hbaccept"))
    journal.close()
    assert find_orphans(root) == []
    assert list(root.iterdir()) == []


# ---------------------------------------------------------------- live sessions are not orphans


def test_own_live_folder_is_not_reported(root, journal, demo):
    journal.write(demo, None)
    assert find_orphans(root, own=journal.folder) == []
    assert (journal.folder / JOURNAL_NAME).exists()


def test_folder_locked_by_another_journal_in_this_process_is_not_an_orphan(root, journal, demo):
    """flock locks belong to open file descriptions: find_orphans' own open() of the lock file
    conflicts with the one the other Journal holds, even inside one process."""
    other = Journal(root)
    try:
        other.write(demo, None)
        journal.write(demo, None)
        assert find_orphans(root, own=journal.folder) == []
        assert find_orphans(root) == []
        assert (other.folder / JOURNAL_NAME).exists()
        assert other.lock.fd is not None
    finally:
        other.close()


def test_live_folder_without_a_journal_yet_is_left_alone(root, journal):
    other = Journal(root)
    try:
        assert find_orphans(root, own=journal.folder) == []
        assert other.folder.is_dir()
        assert journal.folder.is_dir()
    finally:
        other.close()


def test_own_folder_is_skipped_even_when_its_lock_is_free(root, journal):
    _crash(journal)  # own folder, no journal, lock not held: still not touched
    assert find_orphans(root, own=journal.folder) == []
    assert journal.folder.is_dir()


# ---------------------------------------------------------------- crashed sessions


def test_crashed_session_in_this_process_is_offered_with_its_original(root, demo, tmp_path):
    crashed = Journal(root)
    demo.header["unit_name"] = "保定市图书馆（崩溃前）"
    crashed.write(demo, tmp_path / "a.hbaccept")
    _crash(crashed)
    orphans = find_orphans(root)
    try:
        assert [o.folder for o in orphans] == [crashed.folder]
        orphan = orphans[0]
        assert orphan.original == str(tmp_path / "a.hbaccept")
        assert orphan.saved_at == _read_meta(crashed.folder)["saved_at"]
        assert orphan.journal == crashed.folder / JOURNAL_NAME
        _definition, loaded = load_document(orphan.journal)
        assert loaded == demo
    finally:
        _discard_all(orphans)
    assert not crashed.folder.exists()


def test_an_orphan_is_not_offered_twice_while_it_is_held(root, demo):
    crashed = Journal(root)
    crashed.write(demo, None)
    _crash(crashed)
    first = find_orphans(root)
    try:
        assert len(first) == 1
        assert find_orphans(root) == []  # a second starting instance sees it as taken
        assert crashed.folder.is_dir()
    finally:
        _discard_all(first)
    assert find_orphans(root) == []


def test_unsaved_document_orphan_has_no_original(root, demo):
    crashed = Journal(root)
    crashed.write(demo, None)
    _crash(crashed)
    orphans = find_orphans(root)
    try:
        assert [o.original for o in orphans] == [None]
    finally:
        _discard_all(orphans)


def test_several_orphans_are_all_offered_but_not_the_live_one(root, journal, demo):
    crashed = [Journal(root) for _ in range(3)]
    for index, item in enumerate(crashed):
        item.write(demo, Path(f"/data/{index}.hbaccept"))
        _crash(item)
    journal.write(demo, None)
    orphans = find_orphans(root, own=journal.folder)
    try:
        assert sorted(o.folder for o in orphans) == sorted(c.folder for c in crashed)
        assert sorted(o.original for o in orphans) == [f"/data/{i}.hbaccept" for i in range(3)]
    finally:
        _discard_all(orphans)
    assert sorted(root.iterdir()) == [journal.folder]


def test_folder_without_a_journal_is_cleaned_up_silently(root, demo):
    crashed = Journal(root)  # crashed before the first autosave
    _crash(crashed)
    cleared = Journal(root)  # saved (journal cleared) and then crashed
    cleared.write(demo, None)
    cleared.clear()
    _crash(cleared)
    bare = root / "bare"  # not even a lock file
    bare.mkdir()
    assert find_orphans(root) == []
    assert list(root.iterdir()) == []


@pytest.mark.parametrize(
    "meta",
    [b"{not json", b"", b"[1, 2]", b'"original"', b"null", b'{"original": 5}', b"\xff\xfe\x00", None],
    ids=["broken", "empty", "list", "string", "null", "number", "not-utf8", "missing"],
)
def test_corrupt_meta_still_yields_an_orphan_without_original(root, demo, meta):
    crashed = Journal(root)
    crashed.write(demo, Path("/data/保定.hbaccept"))
    _crash(crashed)
    if meta is None:
        (crashed.folder / META_NAME).unlink()
    else:
        (crashed.folder / META_NAME).write_bytes(meta)
    orphans = find_orphans(root)
    try:
        assert [o.folder for o in orphans] == [crashed.folder]
        assert orphans[0].original is None
        assert isinstance(orphans[0].saved_at, str)
        _definition, loaded = load_document(orphans[0].journal)
        assert loaded == demo
    finally:
        _discard_all(orphans)


def test_missing_root_has_no_orphans(tmp_path):
    assert find_orphans(tmp_path / "never-created") == []


def test_stray_files_in_the_root_are_ignored(root, journal):
    stray = root / "notes.txt"
    stray.write_text("x", encoding="utf-8")
    assert find_orphans(root, own=journal.folder) == []
    assert stray.read_text(encoding="utf-8") == "x"


# ---------------------------------------------------------------- a real crash, in another process

CHILD = r"""
import sys, time
from pathlib import Path
from hbaccept_gui.core.journal import Journal
from hbaccept_gui.core.pipeline import load_demo

root, original = Path(sys.argv[1]), Path(sys.argv[2])
_definition, doc = load_demo()
journal = Journal(root)
print(journal.folder, flush=True)
sys.stdin.readline()  # the parent looks at the folder before the first autosave
doc.header["unit_name"] = "保定市图书馆（崩溃前未保存）"
journal.write(doc, original)
print("written", flush=True)
time.sleep(600)
"""


@pytest.fixture
def child_session(root, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    original = tmp_path / "文档" / "保定 2024.hbaccept"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(root), str(original)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
        encoding="utf-8",
    )
    try:
        yield child, original
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=30)
        for stream in (child.stdin, child.stdout, child.stderr):
            stream.close()


def _line(child) -> str:
    line = child.stdout.readline().strip()
    if not line:
        child.wait(timeout=30)
        pytest.fail(f"child ended early ({child.returncode}): {child.stderr.read()}")
    return line


def test_killed_session_is_offered_after_sigkill_and_not_before(root, child_session):
    child, original = child_session
    folder = Path(_line(child))
    assert folder.parent == root

    # Running, before the first autosave: neither offered nor cleaned up.
    assert find_orphans(root) == []
    assert folder.is_dir()

    child.stdin.write("go\n")
    child.stdin.flush()
    assert _line(child) == "written"

    # Running, with a journal: still not an orphan, and left exactly as it is.
    assert find_orphans(root) == []
    assert (folder / JOURNAL_NAME).is_file()

    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    orphans = find_orphans(root)
    try:
        assert [o.folder for o in orphans] == [folder]
        orphan = orphans[0]
        assert orphan.original == str(original)
        assert datetime.fromisoformat(orphan.saved_at).tzinfo is not None
        _definition, restored = load_document(orphan.journal)
        assert restored.header["unit_name"] == "保定市图书馆（崩溃前未保存）"
        assert restored.details["digital_resources"][0].items[3].title == "《海琼玊蟾先生文集》"
        assert find_orphans(root) == []  # held by us: not offered to a second instance
        orphan.discard()
        assert not folder.exists()
    finally:
        _discard_all(orphans)
    assert find_orphans(root) == []


def test_killed_session_before_its_first_autosave_leaves_nothing_to_offer(root, child_session):
    child, _original = child_session
    folder = Path(_line(child))
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert folder.is_dir()
    assert find_orphans(root) == []
    assert not folder.exists()


# ---------------------------------------------------------------- reading back, keeping what cannot be read


def test_an_orphan_reads_from_its_backup_when_the_journal_is_damaged(root, demo):
    crashed = Journal(root)
    crashed.write(demo, None)
    demo.header["unit_name"] = "第二次自动保存"
    crashed.write(demo, None)
    _crash(crashed)
    (crashed.folder / JOURNAL_NAME).write_bytes(b'{"format": "hbaccept-document", "for')
    [orphan] = find_orphans(root)
    try:
        recovered = orphan.read()
        assert recovered.from_backup and "损坏" in recovered.problem
        assert recovered.document.header["unit_name"] == "保定市图书馆"
    finally:
        orphan.release()


def test_an_unreadable_orphan_is_set_aside_and_never_offered_or_removed_again(root, demo):
    from hbaccept_gui.core.errors import StorageError
    from hbaccept_gui.core.journal import KEPT_DIR

    crashed = Journal(root)
    crashed.write(demo, None)
    _crash(crashed)
    (crashed.folder / JOURNAL_NAME).write_bytes(b"\x00")
    [orphan] = find_orphans(root)
    with pytest.raises(StorageError):
        orphan.read()
    kept = orphan.set_aside()
    assert kept.parent == root / KEPT_DIR and (kept / JOURNAL_NAME).read_bytes() == b"\x00"
    assert find_orphans(root) == []
    assert (kept / JOURNAL_NAME).exists()


def test_clear_removes_the_backups_before_the_journal(journal, demo, monkeypatch):
    journal.write(demo, None)
    journal.write(demo, None)
    removed = []
    monkeypatch.setattr(Path, "unlink", lambda self, *a, **k: removed.append(self.name))
    journal.clear()
    assert removed.index(JOURNAL_NAME + ".bak") < removed.index(JOURNAL_NAME)


def test_local_time_is_shown_as_a_clerk_reads_it(monkeypatch):
    import time

    from hbaccept_gui.core.journal import local_time_label, size_label

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        assert local_time_label("2026-11-30T19:07:57+08:00") == "2026年11月30日 19:07"
        assert local_time_label("2026-11-30T19:07:57+00:00") == "2026年12月1日 03:07"
        assert local_time_label("") == "" and local_time_label("gestern") == ""
    finally:
        monkeypatch.undo()
        time.tzset()
    assert size_label(812) == "812 字节" and size_label(36045) == "35.2 KB" and size_label(3 << 20) == "3.0 MB"


def test_a_file_open_in_a_live_instance_is_known_elsewhere(root, journal, tmp_path):
    from hbaccept_gui.core.journal import open_elsewhere

    path = tmp_path / "保定.hbaccept"
    other = Journal(root)
    try:
        other.note_open(path)
        assert open_elsewhere(root, path, own=journal.folder)
        assert not open_elsewhere(root, tmp_path / "别的.hbaccept", own=journal.folder)
        assert not open_elsewhere(root, path, own=other.folder)
        other.note_open(None)
        assert not open_elsewhere(root, path, own=journal.folder)
        other.note_open(path)
        _crash(other)  # a dead instance's record means nothing
        assert not open_elsewhere(root, path, own=journal.folder)
    finally:
        other.close()
