"""Parse each TrueType font once per machine, not once per process.

reportlab parses a whole font file before the first character is measured: the cmap (42,000
characters in WenQuanYi Zen Hei), every glyph's advance width and the glyph index (`loca`). For
the bundled 16 MB font that was about 0.1–0.4 s of every cold `hbaccept export`, and on Windows,
where 仿宋/黑体/宋体/楷体 come from C:\\Windows\\Fonts, three or four times that. What reportlab keeps
of a parsed face is plain data (ints, floats, names, small dicts and big int tables), so it is
written once to the user's cache folder and read back in milliseconds by later processes.

The cache file is plain data: a JSON header (format version, the font's path, .ttc index, size,
mtime, reportlab's version; a SHA-256 of the body) followed by the big tables as raw arrays of
numbers. Nothing is unpickled or executed: a damaged or hostile file can at worst fail to load, and
then the font is parsed as before and the entry rewritten (silently: a cache is never the clerk's
concern). Entries are written atomically (a temporary file renamed into place), so two programs
starting at once cannot read each other's half-written file.

Faithfulness: before an entry is written, it is decoded again and compared, value by value and
type by type, with the face reportlab parsed; anything that does not survive the round trip (a
future reportlab attribute of a kind this module does not know) means no cache for that font,
never a different PDF. The font file's bytes themselves are read from the font, not cached, when a
PDF first embeds it; a font file that changed in between is refused rather than mixed with the
tables of its former self. tests/exporters/test_font_cache.py compares the PDFs byte for byte.

`HBACCEPT_FONT_CACHE=0` turns the cache off (benchmarks, tests); `HBACCEPT_HOME=DIR` puts it in
`DIR/cache` like the program's other folders."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sys
import tempfile
from array import array
from fnmatch import fnmatch
from functools import partial
from itertools import accumulate, chain, groupby
from pathlib import Path

from reportlab import Version as REPORTLAB_VERSION
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFError, TTFNameBytes, TTFont, TTFontFace

from hbaccept_gui.core.cache_folder import cache_folder

#: Bumped whenever the file layout or what is stored changes; older entries are then rebuilt.
FORMAT = 1
MAGIC = b"HBACCEPT-FONT-CACHE\n"
DISABLE_ENV = "HBACCEPT_FONT_CACHE"
#: The biggest CJK fonts give entries of 2–4 MB; a file far beyond that is not one of ours.
MAX_ENTRY_BYTES = 64 * 1024 * 1024
#: Not cached: the font file's content (read from the font itself) and the scaling function
#: (rebuilt from unitsPerEm exactly as reportlab builds it).
_NOT_STORED = ("_ttf_data", "_pdfScale")


class CacheMiss(Exception):
    """An entry that is absent, stale, damaged or not ours: parse the font instead."""


def enabled() -> bool:
    return os.environ.get(DISABLE_ENV, "1").strip().lower() not in ("0", "no", "off", "false")


def cache_dir() -> Path:
    """`<user cache>/fonts-v<FORMAT>` (%LOCALAPPDATA%\\hbaccept\\Cache on Windows, ~/.cache/hbaccept on
    Linux), or under HBACCEPT_HOME."""
    return cache_folder(f"fonts-v{FORMAT}")


def load_font(name: str, path: Path | str, index: int = 0) -> TTFont:
    """`TTFont(name, path, subfontIndex=index)`, from the cache when it holds this very file (same
    path, size and mtime), else parsed and then cached. Raises what TTFont raises for a bad font."""
    path_text = str(path)
    if not enabled():
        return TTFont(name, path_text, subfontIndex=index)
    try:
        key = _key(path_text, index)
    except OSError:
        return TTFont(name, path_text, subfontIndex=index)  # reportlab says why it cannot open it
    entry = entry_path(path_text, index)
    try:
        face = _read_entry(entry, key, path_text)
    except Exception:  # noqa: BLE001 - absent, stale, damaged, foreign: whatever it is, parse the font
        font = TTFont(name, path_text, subfontIndex=index)
        _store_quietly(entry, key, font.face)
        return font
    return font_with_face(name, face)


def entry_path(path: str, index: int) -> Path:
    """One file per font file and .ttc index, so a changed font replaces its own entry."""
    digest = hashlib.sha256(f"{os.path.abspath(path)}\0{index}".encode("utf-8", "surrogatepass")).hexdigest()
    return cache_dir() / f"{digest[:32]}.font"


def font_with_face(name: str, face: TTFontFace) -> TTFont:
    """A TTFont around a face already parsed: what `TTFont.__init__` does besides parsing (checked
    against it by tests/exporters/test_font_cache.py)."""
    from weakref import WeakKeyDictionary

    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob)
    return font


def _key(path: str, index: int) -> dict:
    """What must match for an entry to be this font: the file (path, size, mtime to the nanosecond),
    the face in a collection, and everything that changes what reportlab parses out of it."""
    stat = os.stat(path)
    return {"format": FORMAT, "path": os.path.abspath(path), "index": index, "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns, "reportlab": REPORTLAB_VERSION, "byteorder": sys.byteorder,
            "subsetting": sorted(map(str, getattr(rl_config, "allowTTFSubsetting", ()) or ())),
            "missing_name": bool(getattr(rl_config, "autoGenerateTTFMissingTTFName", 0))}


# ---------------------------------------------------------------- reading


#: Needed only when a PDF embeds the font (TTFontFile.makeSubset) or shapes text: decoded on first
#: use, so a process that only measures text (layout, 字符集外字表) or embeds few faces pays less.
LAZY = ("glyphToChar", "hmetrics", "glyphPos")


class CachedFace(TTFontFace):
    """A TTFontFace restored from the cache. Exactly reportlab's attributes; those in LAZY and the
    font file's bytes (`_ttf_data`, needed to cut the subset that is embedded) are read on first
    use, then kept like any other attribute."""

    def __getattr__(self, name):  # only called for attributes not set (yet)
        pending = self.__dict__.get("_pending")
        if not pending or name not in pending:
            raise AttributeError(name)
        value = pending.pop(name)()
        setattr(self, name, value)
        return value


def _read_entry(entry: Path, key: dict, path: str) -> CachedFace:
    """The face stored in `entry`, or CacheMiss (or any error of a damaged file)."""
    try:
        with open(entry, "rb") as handle:
            data = handle.read(MAX_ENTRY_BYTES + 1)
    except FileNotFoundError:
        raise CacheMiss("no entry") from None
    if len(data) > MAX_ENTRY_BYTES or not data.startswith(MAGIC):
        raise CacheMiss("not an entry")
    start = len(MAGIC) + 8
    header_size = int.from_bytes(data[len(MAGIC):start], "little")
    if header_size > len(data) - start:
        raise CacheMiss("truncated")
    header = json.loads(data[start:start + header_size].decode("utf-8"))
    body = memoryview(data)[start + header_size:]
    if not isinstance(header, dict) or header.get("key") != key:
        raise CacheMiss("stale")
    if header.get("sha256") != hashlib.sha256(body).hexdigest():
        raise CacheMiss("damaged")
    nodes = header["state"]
    if not isinstance(nodes, dict) or nodes.get("t") != "dict" or not all(name in nodes["v"] for name in LAZY):
        raise CacheMiss("not a face")
    decoder = _Decoder(body)
    face = CachedFace.__new__(CachedFace)
    pending = {name: partial(decoder.value, nodes["v"][name]) for name in LAZY}
    pending["_ttf_data"] = partial(_font_bytes, path, key)
    face.__dict__.update({name: decoder.value(node) for name, node in nodes["v"].items() if name not in LAZY})
    face.filename = path  # as TTFOpenFile gives it: the path as passed
    if not isinstance(face.unitsPerEm, int) or face.unitsPerEm <= 0 or not isinstance(face.charToGlyph, dict):
        raise CacheMiss("inconsistent")
    face._pdfScale = _scale(face.unitsPerEm)
    face._pending = pending
    return face


def _font_bytes(path: str, key: dict) -> bytes:
    """The font file's content, as reportlab keeps it; refused if the file changed since its tables
    were taken from the cache (glyphs of one file with the index of another would print garbage)."""
    with open(path, "rb") as handle:
        stat = os.fstat(handle.fileno())
        if (stat.st_size, stat.st_mtime_ns) != (key["size"], key["mtime_ns"]):
            raise TTFError(f"font file changed while the program was running: {path}")
        return handle.read()


def _scale(units_per_em: int):
    """reportlab's own scaling of font units to 1/1000 em (TTFontFile.extractInfo), the same
    arithmetic so every width and the bounding box come out bit for bit the same."""
    if units_per_em == 1000:
        return lambda x: x
    _1000mult = 1000 / units_per_em
    return lambda x: x * _1000mult


class _Decoder:
    """Turns the header's tagged JSON back into values; big tables come out of the body."""

    def __init__(self, body: memoryview) -> None:
        self.body = body

    def array(self, spec) -> array:
        typecode, offset, count = spec
        if typecode not in _TYPECODES:
            raise CacheMiss("bad array")
        values = array(typecode)
        end = offset + count * values.itemsize
        if not (0 <= offset <= end <= len(self.body)):
            raise CacheMiss("bad array bounds")
        values.frombytes(self.body[offset:end])
        return values

    def numbers(self, spec) -> list:
        kind = spec[0]
        if kind in ("i", "f"):
            return self.array(spec[1]).tolist()
        if kind == "runs":
            values: list = []
            for run in spec[1]:
                values.extend(self.numbers(run))
            return values
        raise CacheMiss("bad column kind")

    def value(self, node):
        if node is None or isinstance(node, (bool, int, float, str)):
            return node
        if isinstance(node, list):
            return [self.value(item) for item in node]
        tag, content = node["t"], node.get("v")
        if tag == "tuple":
            return tuple(self.value(item) for item in content)
        if tag == "dict":
            return {key: self.value(item) for key, item in content.items()}
        if tag == "idict":
            return {int(key): self.value(item) for key, item in content}
        if tag == "bytes":
            return base64.b64decode(content)
        if tag == "name":
            name = bytes.__new__(TTFNameBytes, base64.b64decode(content))
            name.ustr = node["u"]
            return name
        if tag == "ints":
            return self.array(content).tolist()
        if tag == "pairs":
            first, second = (self.numbers(column) for column in content)
            if len(first) != len(second):
                raise CacheMiss("bad pairs")
            return list(zip(first, second))
        if tag == "map":
            keys, values = self.array(content[0]), self.array(content[1])
            if len(keys) != len(values):
                raise CacheMiss("bad map")
            return dict(zip(keys.tolist(), values.tolist()))
        if tag == "multimap":
            keys, counts, flat = (self.array(spec).tolist() for spec in content)
            if len(keys) != len(counts) or sum(counts) != len(flat):
                raise CacheMiss("bad multimap")
            if all(count == 1 for count in counts):  # nearly always: one character per glyph
                return {key: [value] for key, value in zip(keys, flat)}
            ends = list(accumulate(counts))
            return {key: flat[end - count:end] for key, count, end in zip(keys, counts, ends)}
        raise CacheMiss(f"unknown tag {tag!r}")


_TYPECODES = ("H", "I", "q", "d")


# ---------------------------------------------------------------- writing


def _store_quietly(entry: Path, key: dict, face: TTFontFace) -> None:
    """Write the entry if the face survives the round trip; a cache that cannot be written (a
    read-only profile, a full disk) costs only the time it would have saved."""
    try:
        state = {name: value for name, value in vars(face).items() if name not in _NOT_STORED}
        encoder = _Encoder()
        header = {"key": key, "state": encoder.value(state)}
        body = b"".join(encoder.chunks)
        if not same(_Decoder(memoryview(body)).value(header["state"]), state):
            return
        header["sha256"] = hashlib.sha256(body).hexdigest()
        header_bytes = json.dumps(header, ensure_ascii=True, separators=(",", ":")).encode("ascii")
        _write_atomically(entry, MAGIC + len(header_bytes).to_bytes(8, "little") + header_bytes + body)
        _remove_other_formats(entry.parent)
    except Exception:  # noqa: BLE001 - a cache must never stop an export
        return


def _remove_other_formats(folder: Path) -> None:
    """Entries of another FORMAT are never read again: their folders go when this one is written."""
    import shutil

    for other in folder.parent.glob("fonts-v*"):
        if other != folder and other.is_dir() and not other.is_symlink():
            shutil.rmtree(other, ignore_errors=True)


def _write_atomically(entry: Path, data: bytes) -> None:
    """A uniquely named temporary file in the same folder, renamed over the entry: readers see the
    old entry or the new one, never a part; two writers do not share a temporary file."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temp = tempfile.mkstemp(prefix=".font-", suffix=".tmp", dir=entry.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temp, entry)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


class _Encoder:
    """Tagged JSON for the small values; homogeneous int/float tables as raw arrays in the body."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.size = 0

    def array(self, values, floats: bool = False) -> list:
        typecode = "d" if floats else _int_typecode(values)
        data = array(typecode, values)
        if data.tolist() != list(values):
            raise ValueError("does not fit")
        offset = self.size
        raw = data.tobytes()
        self.chunks.append(raw)
        self.size += len(raw)
        return [typecode, offset, len(data)]

    def numbers(self, values: list) -> list:
        """A column of ints and/or floats, each keeping its type."""
        kinds = _kinds(values)
        if kinds == {int}:
            return ["i", self.array(values)]
        if kinds == {float}:
            return ["f", self.array(values, floats=True)]
        if kinds == {int, float}:  # runs of ints and of floats
            return ["runs", [self.numbers(list(run)) for _kind, run in groupby(values, key=type)]]
        raise ValueError("not numbers")

    def value(self, value):
        kind = type(value)
        if value is None or kind in (bool, int, float, str):
            return value
        if kind is TTFNameBytes:
            return {"t": "name", "v": base64.b64encode(bytes(value)).decode("ascii"), "u": value.ustr}
        if kind is bytes:
            return {"t": "bytes", "v": base64.b64encode(value).decode("ascii")}
        if kind is tuple:
            return {"t": "tuple", "v": [self.value(item) for item in value]}
        if kind is list:
            if len(value) > 64 and _kinds(value) == {int}:
                return {"t": "ints", "v": self.array(value)}
            if len(value) > 64 and _kinds(value) == {tuple} and set(map(len, value)) == {2}:
                # hmetrics: (advance, lsb); reportlab leaves the advances past numberOfHMetrics scaled
                # (floats), the others font units (ints)
                return {"t": "pairs", "v": [self.numbers([pair[0] for pair in value]),
                                            self.numbers([pair[1] for pair in value])]}
            return [self.value(item) for item in value]
        if kind is dict:
            return self.dict(value)
        raise ValueError(f"cannot store {kind.__name__}")

    def dict(self, value: dict):
        keys = _kinds(value)
        if keys <= {str}:
            return {"t": "dict", "v": {key: self.value(item) for key, item in value.items()}}
        if keys != {int}:
            raise ValueError("mixed keys")
        items = list(value.values())
        kinds = _kinds(items)
        if len(value) > 64 and kinds == {int}:
            return {"t": "map", "v": [self.array(list(value)), self.array(items)]}
        if len(value) > 64 and kinds == {float}:
            return {"t": "map", "v": [self.array(list(value)), self.array(items, floats=True)]}
        if len(value) > 64 and kinds == {list}:
            flat = list(chain.from_iterable(items))
            if _kinds(flat) <= {int}:
                return {"t": "multimap", "v": [self.array(list(value)), self.array(list(map(len, items))),
                                               self.array(flat)]}
        return {"t": "idict", "v": [[key, self.value(item)] for key, item in value.items()]}


def _int_typecode(values) -> str:
    low, high = (min(values), max(values)) if values else (0, 0)
    if low >= 0 and high < 1 << 16:
        return "H"
    if low >= 0 and high < 1 << 32:
        return "I"
    return "q"


_LEAVES = (bool, int, float, str, bytes, type(None))


def _kinds(values) -> set:
    """The types in `values`, without a Python loop (the tables are long)."""
    return set(map(type, values))


def same(a, b) -> bool:
    """Equal and of the same types all the way down (1 == 1.0 == True for ==, not here), dict order
    included, and TTFNameBytes with the same text. Lists are compared in C first (the tables have
    tens of thousands of numbers); only containers inside them are walked. A NaN is never the same:
    such a font is simply not cached."""
    if type(a) is not type(b):
        return False
    if type(a) is dict:
        return same(list(a), list(b)) and same(list(a.values()), list(b.values()))
    if type(a) in (list, tuple):
        if len(a) != len(b) or list(map(type, a)) != list(map(type, b)) or a != b:
            return False
        kinds = _kinds(a)
        if kinds <= set(_LEAVES):
            return True
        if kinds in ({list}, {tuple}):  # equal already, so equally long inside: compare the types flat
            return same(list(chain.from_iterable(a)), list(chain.from_iterable(b)))
        return all(same(x, y) for x, y in zip(a, b) if type(x) not in _LEAVES)
    if type(a) is TTFNameBytes:
        return a == b and a.ustr == b.ustr
    return a == b
