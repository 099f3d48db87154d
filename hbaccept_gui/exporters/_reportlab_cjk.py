"""Everything the PDF exporter takes from reportlab's internals, in one place: Chinese line breaking,
justification between characters, and splitting long paragraphs across pages without breaking them
again. Each override names the reportlab method it replaces; `tests/exporters/test_pdf_reportlab_cjk.py`
checks the behaviour each one exists for (and that the installed reportlab is inside the range
pyproject.toml pins), so a reportlab upgrade that changes them fails a test, not a clerk's print.

reportlab's own CJK wrapping (`ParagraphStyle(wordWrap="CJK")`) is never used: `CJKParagraph.breakLinesCJK`
replaces it, so reportlab's "may not start a line" list (`ALL_CANNOT_START`) is not read either and is
left as reportlab ships it. No Qt here."""

from __future__ import annotations

from reportlab.lib import textsplit
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import ParaLines, _handleBulletWidth, cjkU, makeCJKParaLine
from reportlab.rl_config import _FUZZ

from hbaccept_gui.core.text import NO_LINE_END as OPENING
from hbaccept_gui.core.text import NO_LINE_START

#: Characters no line may start with (core.text's): reportlab's list is Japanese-centric and misses
#: 「，；：？！》”’…—」, so ours is added to it.
_CANNOT_START = textsplit.ALL_CANNOT_START + "".join(c for c in NO_LINE_START if c not in textsplit.ALL_CANNOT_START)
#: Characters no line may end with: core.text's opening brackets and quotes, and reportlab's.
NO_LINE_END = OPENING + textsplit.CANNOT_END_LINE[0]


def _in_word(ch: str) -> bool:
    return bool(ch) and ord(ch) < 0x2E80 and not ch.isspace()


def _break_at(chars, start: int, end: int) -> int:
    """Where to end a line whose first non-fitting character is chars[end]. reportlab lets one
    「，」 hang past the right edge (out of a table cell) and happily ends a line with 「（」;
    here the break moves back instead: no line starts with 「，」/「》」, none ends with 「（」/「《」,
    Latin words and numbers stay whole when possible. Never later than `end`, so nothing overflows."""
    def fine(b: int, whole_words: bool) -> bool:
        after, before = chars[b], chars[b - 1]
        if (after and after in _CANNOT_START) or (before and before in NO_LINE_END):
            return False
        return not (whole_words and _in_word(before) and before not in "/-" and _in_word(after))

    for whole_words, floor in ((True, (start + end) // 2), (False, end - 3)):
        for b in range(end, max(start + 1, floor) - 1, -1):
            if fine(b, whole_words):
                return b
    return end


def _cjk_lines(frags, max_widths, calc_bounds: bool, squeeze: float = 0.0) -> list:
    """The paragraph's lines. `squeeze`: how far a line may run past its width, to be set tighter
    when drawn (a negative extra space, spread between its characters by the draw functions): the
    report body's 28 characters of 16 pt in 156 mm."""
    chars = []
    for frag in frags:
        chars += [cjkU(t, frag, "utf8") for t in frag.text] if frag.text else [cjkU(frag.text, frag, "utf8")]
    lines, start = [], 0
    while start < len(chars):
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        end, used, hard = start, 0.0, False
        while end < len(chars):
            width = chars[end].width
            if used + width > max_width + squeeze + _FUZZ and end > start:
                break
            used, end = used + width, end + 1
            if hasattr(chars[end - 1].frag, "lineBreak"):
                hard = True
                break
        if end < len(chars) and not hard:
            end = _break_at(chars, start, end)
        used = sum(c.width for c in chars[start:end])
        line = makeCJKParaLine(chars[start:end], max_width, used, max_width - used, hard, calc_bounds)
        line.wordCount = max(1, sum(1 for c in chars[start:end] if c))  # gaps to justify: see JustifiedText
        lines.append(line)
        start = end
        while start < len(chars) and chars[start] == " ":  # no line starts with a space
            start += 1
    return lines


class JustifiedText(PDFTextObject):
    """Overrides `PDFTextObject.setWordSpace`: reportlab justifies by widening spaces, and Chinese has
    none. With a line's characters counted as words (`_cjk_lines`), the word spacing reportlab asks
    for goes between characters instead (and a negative one sets a squeezed line tighter)."""

    def setWordSpace(self, wordSpace):
        self.setCharSpace(wordSpace)


def _wrap_widths(style: ParagraphStyle, width: float) -> tuple[float, float]:
    """The first and later line widths `Paragraph.wrap` breaks at, computed as it does."""
    first = width - (style.leftIndent + style.firstLineIndent) - style.rightIndent
    return first, width - style.leftIndent - style.rightIndent


def _break_key(widths, auto_leading) -> tuple:
    """What a paragraph's lines depend on. Widths to a micropoint: the same width reached by
    another sum of margins differs in the last bit."""
    return tuple(round(w, 6) for w in widths), auto_leading


def line_pieces(para: "CJKParagraph", width: float, per_piece: int) -> list:
    """`para` cut into paragraphs of at most `per_piece` lines each, broken once at `width`: each
    piece gets its own lines (no piece is broken again), so cutting costs the paragraph's length
    however many pieces there are. The first piece keeps the first-line indent; the others are
    continuations (no indent, a last line justified like any other, no orphan control, which
    belongs to the paragraph's start)."""
    para.wrap(width, 1e9)
    lines = para.blPara.lines
    if len(lines) <= per_piece:
        return [para]
    rest = ParagraphStyle(f"{para.style.name}-cont", parent=para.style, firstLineIndent=0, allowOrphans=1)
    pieces = []
    for start in range(0, len(lines), per_piece):
        chunk = lines[start:start + per_piece]
        piece = CJKParagraph(None, para.style if start == 0 else rest,
                             frags=[word.clone() for line in chunk for word in line.words])
        piece.keep_lines(chunk, width)
        piece._JustifyLast = start + per_piece < len(lines) and not getattr(chunk[-1], "lineBreak", False)
        piece.wrap(width, 1e9)  # sets .height, which table row heights read
        pieces.append(piece)
    return pieces


class CJKParagraph(Paragraph):
    """A Paragraph whose CJK lines never pass the right edge (see `_break_at`), justify (see
    `JustifiedText`) and split across pages without inventing spaces; mixed fonts welcome. A style's
    `squeeze` (points, default 0) lets full lines run that far past the width and be set tighter."""

    def breakLinesCJK(self, maxWidths):
        """Overrides `Paragraph.breakLinesCJK` (reportlab's CJK wrapping, see `_cjk_lines`)."""
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        self.height = 0
        _handleBulletWidth(self.bulletText, self.style, maxWidths)
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara
        auto_leading = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        key = _break_key(maxWidths, auto_leading)
        if getattr(self, "_broken_for", None) != key:  # a table wraps each cell again: break it once
            self._broken_for = key
            self._lines = _cjk_lines(self.frags, maxWidths, auto_leading not in ("", "off"),
                                     getattr(self.style, "squeeze", 0.0))
        return ParaLines(kind=1, lines=self._lines)

    def beginText(self, x, y):
        """Overrides `Paragraph.beginText`: justified text spreads between characters."""
        if self.style.alignment == TA_JUSTIFY:
            return JustifiedText(self.canv, x, y)
        return super().beginText(x, y)

    def split(self, availWidth, availHeight):
        """reportlab builds the rest of a split paragraph from its words and breaks it into lines
        again, so a paragraph running over n pages was broken n times: quadratic in its length.
        The rest keeps the lines it already has."""
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2 and self.blPara.kind == 1:
            head, rest = parts
            rest.keep_lines(self.blPara.lines[len(head.blPara.lines):], availWidth)
            rest._JustifyLast = getattr(self, "_JustifyLast", False)  # a piece of a longer paragraph
        return parts

    def keep_lines(self, lines: list, width: float) -> None:
        """Take `lines`, broken already at `width` by the paragraph this one was cut from, as this
        paragraph's lines when it is wrapped at `width`; at any other width it breaks its words anew."""
        style = self.style
        auto_leading = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
        self._broken_for = _break_key(_wrap_widths(style, width), auto_leading)
        self._lines = lines

    def _get_split_blParaFunc(self):
        """Overrides `Paragraph._get_split_blParaFunc`: reportlab's own adds a space after every line
        when a paragraph is split across pages (right for English, wrong between Chinese characters:
        the lines after the split would not be justified) and edits the lines in place."""
        if self.blPara.kind != 1:
            return super()._get_split_blParaFunc()
        return lambda lines, start, stop: [word.clone() for line in lines.lines[start:stop] for word in line.words]
