"""Check which fonts the PDFs of an export embed, and which font draws which character.

    python scripts/windows/check_pdf_fonts.py standins EXPORT_DIR
    python scripts/windows/check_pdf_fonts.py bundled EXPORT_DIR

For the Windows fonts path of hbaccept_gui/exporters/fonts.py, run by fonts_check.sh on PDFs that
the Windows build exported under Wine:

- `standins`: stand-ins lay at the Windows names (fonts_check.sh): 黑体 simhei.ttf = Droid Sans
  Fallback, 仿宋 simfang.ttf = AR PL BousungEG (GB 2312 only), 楷体 simkai.ttf = AR PL GBZenKai
  (GB 2312 only, in the per-user font folder), 宋体 simsun.ttc = AR PL UMing, a collection whose
  first face is UMing CN (then HK, TW). Every font must be embedded; the export must use the
  stand-ins for their roles, take face 0 out of the collection (never UMing HK or TW), and draw the
  characters a GB 2312 face lacks (讃, 玊 of the demo) from the next face of the chain while the
  rest of the same text stays in the role's face.
- `bundled`: no Windows font there: everything in the bundled WenQuanYi Zen Hei, embedded.

Reads the PDFs with pypdfium2 (locked; the print preview's renderer). Exit 0 if all holds, 1 with
the reasons."""

from __future__ import annotations

import ctypes
import re
import sys
from collections import defaultdict
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

STANDINS = {"黑体": "DroidSansFallback", "仿宋": "BousungEG-Light-GB", "楷体": "GBZenKai-Medium", "宋体": "UMingCN"}
OTHER_FACES = ("UMingHK", "UMingTW")  # faces 1 and 2 of the collection
BUNDLED = "WenQuanYiZenHei"
#: Characters of the demo outside GB 2312: not in the 仿宋 and 楷体 stand-ins.
OUTSIDE_GB2312 = "讃玊"


def base_name(name: str) -> str:
    """A font's name without a subset tag (ABCDEF+) or reportlab's subset number (-0, -1 …)."""
    return re.sub(r"-\d+$", "", name.split("+", 1)[-1])


def font_name(font) -> str:
    size = raw.FPDFFont_GetBaseFontName(font, None, 0)
    buffer = ctypes.create_string_buffer(size)
    raw.FPDFFont_GetBaseFontName(font, buffer, size)
    return buffer.value.decode("latin-1")


def read(pdf: Path) -> tuple[dict[str, bool], dict[str, set[str]]]:
    """(font → embedded?, character → the fonts drawing it) of one PDF."""
    fonts: dict[str, bool] = {}
    drawn: dict[str, set[str]] = defaultdict(set)
    document = pdfium.PdfDocument(str(pdf))
    try:
        for page in document:
            textpage = page.get_textpage()
            for index in range(textpage.count_chars()):
                obj = raw.FPDFText_GetTextObject(textpage.raw, index)
                if not obj:
                    continue
                font = raw.FPDFTextObj_GetFont(obj)
                name = base_name(font_name(font))
                fonts[name] = fonts.get(name, True) and bool(raw.FPDFFont_GetIsEmbedded(font))
                drawn[chr(raw.FPDFText_GetUnicode(textpage.raw, index))].add(name)
    finally:
        document.close()
    return fonts, drawn


def check(mode: str, folder: Path) -> list[str]:
    pdfs = sorted(folder.rglob("*.pdf"))
    if not pdfs:
        return [f"no PDF in {folder}"]
    fonts: dict[str, bool] = {}
    drawn: dict[str, set[str]] = defaultdict(set)
    for pdf in pdfs:
        pdf_fonts, pdf_drawn = read(pdf)
        for name, embedded in pdf_fonts.items():
            fonts[name] = fonts.get(name, True) and embedded
        for ch, names in pdf_drawn.items():
            drawn[ch] |= names
    print(f"{len(pdfs)} PDFs; fonts: " + ", ".join(f"{n}{'' if e else ' (NOT embedded)'}" for n, e in sorted(fonts.items())))
    problems = [f"{name} is not embedded" for name, embedded in fonts.items() if not embedded]
    if mode == "bundled":
        if set(fonts) != {BUNDLED}:
            problems.append(f"with no Windows fonts every text should be in {BUNDLED}, found {sorted(fonts)}")
        return problems
    for label, face in STANDINS.items():
        if face not in fonts:
            problems.append(f"the {label} stand-in ({face}) is in no PDF")
    problems += [f"{face} (not face 0 of simsun.ttc) is in a PDF" for face in OTHER_FACES if face in fonts]
    body = STANDINS["仿宋"]
    for ch in OUTSIDE_GB2312:
        print(f"{ch} drawn with: {', '.join(sorted(drawn.get(ch, ()))) or '(not in the PDFs)'}")
        if not drawn.get(ch):
            problems.append(f"{ch} is in no PDF")
        elif drawn[ch] & {body, STANDINS["楷体"]}:
            problems.append(f"{ch} drawn with a GB 2312 face that lacks it: {sorted(drawn[ch])}")
    in_body = [ch for ch, names in drawn.items() if body in names and ord(ch) > 0x2E80]
    print(f"{len(in_body)} distinct CJK characters drawn with {body} (仿宋)")
    if not in_body:
        problems.append(f"no Chinese text drawn with {body} (仿宋)")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("standins", "bundled"):
        print(__doc__.splitlines()[2].strip(), file=sys.stderr)
        return 2
    problems = check(argv[0], Path(argv[1]))
    for problem in problems:
        print(f"FONT PROBLEM: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
