"""The font cache (exporters/font_cache.py): a face restored from the cache is the face reportlab
parses, attribute for attribute; the PDFs are byte for byte the same with the cache cold, warm,
damaged and off; a stale or damaged entry is rebuilt without a word."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import reportlab
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from hbaccept_gui.exporters import font_cache
from hbaccept_gui.resources import resource_path

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = resource_path("fonts", "wqy-zenhei.ttc")
VERA = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"


@pytest.fixture(autouse=True)
def home(monkeypatch, tmp_path):
    monkeypatch.setenv("HBACCEPT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv(font_cache.DISABLE_ENV, raising=False)
    return tmp_path / "home"


def face_state(face) -> dict:
    """Everything reportlab keeps of a face, the lazy parts read; the scaling function as values."""
    for name in font_cache.LAZY + ("_ttf_data",):
        getattr(face, name)
    state = {k: v for k, v in vars(face).items() if k not in ("_pdfScale", "_pending")}
    return dict(sorted(state.items()), _scaled=[face._pdfScale(x) for x in (0, 1, 3, 977, 1000, 2048, -71)])


def assert_same_font(cached, parsed) -> None:
    assert font_cache.same(face_state(cached.face), face_state(parsed.face))
    assert isinstance(cached.face, type(parsed.face))
    skip = ("fontName", "face", "encoding", "state")
    assert {k: v for k, v in vars(cached).items() if k not in skip} == {k: v for k, v in vars(parsed).items()
                                                                        if k not in skip}
    assert vars(cached.encoding) == vars(parsed.encoding) and len(cached.state) == len(parsed.state) == 0


def test_a_cached_face_is_the_parsed_face(tmp_path):
    font = tmp_path / "font.ttf"
    shutil.copy(VERA, font)  # 2048 units per em: every width goes through the scaling
    cold = font_cache.load_font("cold", font)
    entry = font_cache.entry_path(str(font), 0)
    assert entry.is_file() and type(cold.face) is not font_cache.CachedFace  # parsed, then cached
    warm = font_cache.load_font("warm", font)
    assert type(warm.face) is font_cache.CachedFace
    assert_same_font(warm, TTFont("warm", str(font)))
    assert warm.stringWidth("Hello, 验收", 12) == TTFont("x", str(font)).stringWidth("Hello, 验收", 12)


@pytest.mark.parametrize("index", [0, 1])
def test_each_face_of_a_collection_has_its_own_entry(index):
    """simsun.ttc on Windows is a collection: face 0 (宋体) must never come back as face 1."""
    font_cache.load_font("cold", BUNDLED, index)
    warm = font_cache.load_font("warm", BUNDLED, index)
    assert type(warm.face) is font_cache.CachedFace
    parsed = TTFont("parsed", str(BUNDLED), subfontIndex=index)
    assert warm.face.name == parsed.face.name and warm.face.subfontNameX == f"-{index}".encode()
    assert_same_font(warm, parsed)
    assert font_cache.entry_path(str(BUNDLED), 0) != font_cache.entry_path(str(BUNDLED), 1)


def test_a_changed_font_file_is_parsed_again(tmp_path):
    font = tmp_path / "simfang.ttf"
    shutil.copy(VERA, font)
    font_cache.load_font("first", font)
    shutil.copy(resource_path("fonts", "wqy-zenhei.ttc"), font)  # another font under the same name
    changed = font_cache.load_font("changed", font)
    assert type(changed.face) is not font_cache.CachedFace and changed.face.name == b"WenQuanYiZenHei"
    again = font_cache.load_font("again", font)
    assert type(again.face) is font_cache.CachedFace and again.face.name == b"WenQuanYiZenHei"


def test_a_font_changed_after_loading_is_refused_not_mixed(tmp_path):
    font = tmp_path / "font.ttf"
    shutil.copy(VERA, font)
    font_cache.load_font("cold", font)
    warm = font_cache.load_font("warm", font)
    os.utime(font, ns=(0, 0))
    with pytest.raises(TTFError):
        warm.face._ttf_data  # glyphs of one file with the index of another would print garbage


def damage(entry: Path, how: str) -> None:
    data = entry.read_bytes()
    if how == "truncated":
        entry.write_bytes(data[: len(data) // 2])
    elif how == "flipped":
        entry.write_bytes(data[:-100] + bytes([data[-100] ^ 0x55]) + data[-99:])
    elif how == "garbage":
        entry.write_bytes(os.urandom(4096))
    elif how == "empty":
        entry.write_bytes(b"")
    elif how == "foreign":  # a well-formed entry that claims to be of another format
        start = len(font_cache.MAGIC) + 8
        size = int.from_bytes(data[len(font_cache.MAGIC):start], "little")
        header = json.loads(data[start:start + size])
        header["state"]["v"]["charToGlyph"] = {"t": "pickle", "v": "gASVAAAAAAAAAAB9lC4="}
        raw = json.dumps(header).encode()
        entry.write_bytes(font_cache.MAGIC + len(raw).to_bytes(8, "little") + raw + data[start + size:])
    elif how == "directory":
        entry.unlink()
        entry.mkdir()


@pytest.mark.parametrize("how", ["truncated", "flipped", "garbage", "empty", "foreign"])
def test_a_damaged_entry_is_rebuilt_silently(tmp_path, how):
    font = tmp_path / "font.ttf"
    shutil.copy(VERA, font)
    font_cache.load_font("cold", font)
    entry = font_cache.entry_path(str(font), 0)
    damage(entry, how)
    rebuilt = font_cache.load_font("rebuilt", font)
    assert type(rebuilt.face) is not font_cache.CachedFace
    assert_same_font(rebuilt, TTFont("parsed", str(font)))
    warm = font_cache.load_font("warm", font)
    assert type(warm.face) is font_cache.CachedFace  # the entry was written anew
    assert_same_font(warm, TTFont("parsed", str(font)))


def test_no_cache_folder_no_cache_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("HBACCEPT_HOME", str(blocker))
    font = font_cache.load_font("font", VERA)
    assert font.face.name == b"BitstreamVeraSans-Roman"


def test_the_cache_can_be_turned_off(monkeypatch, home):
    monkeypatch.setenv(font_cache.DISABLE_ENV, "0")
    font_cache.load_font("font", VERA)
    font_cache.load_font("font", VERA)
    assert not (home / "cache").exists()


def test_the_cache_is_in_the_platformdirs_cache_folder(monkeypatch):
    monkeypatch.delenv("HBACCEPT_HOME")
    import platformdirs

    assert font_cache.cache_dir().parent == Path(platformdirs.user_cache_dir("hbaccept", False))


def export_pdfs(home: Path, out: Path, cache: str) -> dict[str, bytes]:
    """The demo's PDFs from a fresh `hbaccept export` process (reportlab's invariant mode: no dates
    or random document id in the files)."""
    demo = out.with_suffix(".hbaccept")
    env = dict(os.environ, HBACCEPT_HOME=str(home), RL_invariant="1", PYTHONPATH=str(ROOT))
    env[font_cache.DISABLE_ENV] = cache
    if not demo.exists():
        subprocess.run([sys.executable, "-m", "hbaccept_gui", "demo", "--out", str(demo)], env=env, check=True,
                       capture_output=True)
    subprocess.run([sys.executable, "-m", "hbaccept_gui", "export", str(demo), "--out", str(out), "--format", "pdf"],
                   env=env, check=True, capture_output=True, timeout=300)
    return {path.name: path.read_bytes() for path in sorted(out.glob("*/*.pdf"))}


def test_the_pdfs_are_byte_for_byte_the_same_with_and_without_the_cache(tmp_path):
    home = tmp_path / "home"
    off = export_pdfs(home, tmp_path / "off", "0")
    assert len(off) >= 7 and not list(home.rglob("*.font"))  # off: no font entry (the cache folder holds other notes)
    cold = export_pdfs(home, tmp_path / "cold", "1")
    entries = list((home / "cache").rglob("*.font"))
    assert entries
    warm = export_pdfs(home, tmp_path / "warm", "1")
    for entry in entries:
        damage(entry, "flipped")
    damaged = export_pdfs(home, tmp_path / "damaged", "1")
    assert off == cold == warm == damaged


def test_entries_of_an_older_format_are_removed(home):
    old = home / "cache" / "fonts-v0"
    old.mkdir(parents=True)
    (old / "stale.font").write_bytes(b"old")
    font_cache.load_font("font", VERA)
    assert not old.exists() and list(font_cache.cache_dir().glob("*.font"))
