"""The 通报 as a PDF (fpdf2), laid out like the Word document: A4, the CJK fonts of
fonts-noto-cjk embedded as subsets (so the text shows and can be selected and searched on any
machine), the view's version, method, filters and time in every page header, the link and the
page number in every footer, tables whose header row repeats on every page.

fpdf2 embeds the OpenType/CFF faces of Noto CJK's .ttc collections as subsetted CID Type 0C
fonts (checked with ``pdffonts``), is pure Python (no system libraries beyond the fonts), and
its tables repeat their header row on each page.
"""

from __future__ import annotations

import io
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos

from assess.i18n import t
from assess.report.document import Document, Figure, Heading, Paragraph, Table, plain
from assess.report.word import NUMERIC

NOTO = Path("/usr/share/fonts/opentype/noto")
FACES = {  # family → (file, index of the Simplified Chinese face in the collection)
    "song": ("NotoSerifCJK-Regular.ttc", 2),
    "song_bold": ("NotoSerifCJK-Bold.ttc", 2),
    "hei": ("NotoSansCJK-Regular.ttc", 2),
}
"""Three faces: 宋 for the text, bold 宋 (as 小标宋) for the title, 黑 for headings. Each face
costs about a second to read and subset, so there is no fourth."""
MARGIN = 20
WIDTH = 210 - 2 * MARGIN


class FontMissing(RuntimeError):
    """The CJK fonts are not installed (Debian: fonts-noto-cjk)."""


def font_files() -> dict[str, Path]:
    """The font files the PDF embeds; :class:`FontMissing` naming the package when absent."""
    files = {family: NOTO / name for family, (name, _) in FACES.items()}
    missing = [str(p) for p in files.values() if not p.is_file()]
    if missing:
        raise FontMissing("fonts-noto-cjk: " + ", ".join(missing))
    return files


class _PDF(FPDF):
    def __init__(self, d: Document):
        super().__init__(format="A4", unit="mm")
        self.d = d
        self.set_margins(MARGIN, 22, MARGIN)
        self.set_auto_page_break(True, margin=22)
        for family, path in font_files().items():
            self.add_font(family, fname=str(path), collection_font_number=FACES[family][1])
        self.set_title(plain(d.title))
        self.set_creator("assess")
        self.set_lang("zh-CN" if d.lang == "zh" else "en")

    def header(self):
        self.set_font("hei", size=7.5)
        self.set_text_color(90)
        self.set_xy(MARGIN, 10)
        self.multi_cell(WIDTH, 3.6, plain(self.d.running), align="C", wrapmode=WrapMode.CHAR,
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(160)
        self.line(MARGIN, self.get_y() + 1, 210 - MARGIN, self.get_y() + 1)
        self.set_text_color(0)
        self.set_y(max(self.get_y() + 4, 22))

    def footer(self):
        self.set_y(-18)
        self.set_font("hei", size=7)
        self.set_text_color(90)
        label, link = self.d.meta[-1]
        sep = "：" if self.d.lang == "zh" else ": "
        self.multi_cell(WIDTH, 3.4, plain(f"{label}{sep}{link}"), align="C", wrapmode=WrapMode.CHAR,
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("hei", size=9)
        self.cell(WIDTH, 5, t("report.page_number", self.d.lang, page=self.page_no(), pages="{nb}"), align="C")
        self.set_text_color(0)


CELL_PAD, LINE_H, TABLE_FONT = 1.2, 4.2, 8.5


def _table(pdf: _PDF, table: Table, lang: str) -> None:
    """``table`` drawn cell by cell: a grid whose header row (grey) repeats at the top of every
    page it runs onto, a row never split across pages, long texts wrapped by character.

    Drawn with fpdf2's primitives (``text``, ``rect``) rather than its ``table()``, which lays
    every cell out as a paragraph: a millisecond a cell, minutes for 10,000 branches."""
    if pdf.get_y() > pdf.h - 50:  # a table starts where at least a few rows fit
        pdf.add_page()
    width = WIDTH * table.share
    total = sum(table.widths)
    widths = [w / total * width for w in table.widths]
    x0 = MARGIN + (WIDTH - width) / 2
    aligns = ["R" if k in NUMERIC else ("C" if k in ("stars", "grade") else "L") for k in table.kinds]
    bottom = pdf.h - 22
    pdf.set_draw_color(0)
    pdf.set_line_width(0.2)

    def draw(cells: list[str], align: list[str], header: bool) -> None:
        pdf.set_font("hei" if header else "song", size=TABLE_FONT)
        lines = [_lines(pdf, text, w - 2 * CELL_PAD) for text, w in zip(cells, widths)]
        h = max(len(ls) for ls in lines) * LINE_H + 2 * CELL_PAD - 0.6
        if pdf.get_y() + h > bottom:
            pdf.add_page()
            if not header:
                draw(list(table.columns), ["C"] * len(widths), True)
                pdf.set_font("song", size=TABLE_FONT)
        y, x = pdf.get_y(), x0
        for cell_lines, w, a in zip(lines, widths, align):
            pdf.rect(x, y, w, h, style="DF" if header else "D")
            top = y + (h - len(cell_lines) * LINE_H) / 2 + LINE_H * 0.78
            for i, line in enumerate(cell_lines):
                tw = 0.0 if a == "L" else _width(pdf, line)
                tx = x + CELL_PAD if a == "L" else (x + w - CELL_PAD - tw if a == "R" else x + (w - tw) / 2)
                pdf.text(tx, top + i * LINE_H, line)
            x += w
        pdf.set_y(y + h)

    pdf.set_fill_color(231, 230, 230)
    draw([plain(c) for c in table.columns], ["C"] * len(widths), True)
    for values in table.text_rows(lang):
        draw([plain(v) for v in values], aligns, False)
    pdf.set_x(MARGIN)
    pdf.ln(4)


def _lines(pdf: _PDF, text: str, width: float) -> list[str]:
    """``text`` as the lines it takes in ``width`` mm (one when it fits; wrapped by character
    otherwise), in the current font."""
    if "\n" not in text and _width(pdf, text) <= width:
        return [text]
    out: list[str] = []
    cw, scale = pdf.current_font.cw, pdf.font_size_pt * 0.001 / pdf.k
    for part in text.split("\n"):
        line, used = "", 0.0
        for ch in part:
            w = cw[ord(ch)] * scale
            if line and used + w > width:
                out.append(line)
                line, used = ch, w
            else:
                line, used = line + ch, used + w
        out.append(line)
    return _kinsoku(out)


NO_LINE_START = set("，。、；：！？）】」』”’》〉%‰…·,.;:!?)]}")
NO_LINE_END = set("（【「『“‘《〈([{")


def _kinsoku(lines: list[str]) -> list[str]:
    """Chinese line-breaking rules: no line starts with closing punctuation and none ends with
    an opening one — the character before (or the opening mark) moves to the next line."""
    def bad(line: str, nxt: str) -> bool:
        return nxt[0] in NO_LINE_START or line[-1] in NO_LINE_END or (
            _word(line[-1]) and _word(nxt[0]) and not all(map(_word, line)))  # a number stays whole

    for i in range(len(lines) - 1):
        line, nxt = lines[i], lines[i + 1]
        while len(line) > 1 and nxt and bad(line, nxt):
            line, nxt = line[:-1], line[-1] + nxt
        lines[i], lines[i + 1] = line, nxt
    return lines


def _word(ch: str) -> bool:
    return ch == "\u2212" or ch.isascii() and (ch.isalnum() or ch in ".%+-")  # −5.0 (a real minus) too


def _width(pdf: _PDF, text: str) -> float:
    """The width of ``text`` in mm in the current font, from the font's advance widths:
    ``get_string_width`` does the same through a bidirectional-text pass that costs more
    than drawing the text."""
    cw = pdf.current_font.cw
    return sum(cw[ord(ch)] for ch in text) * pdf.font_size_pt * 0.001 / pdf.k


def write_pdf(d: Document) -> bytes:
    """The document ``d`` as PDF bytes."""
    pdf = _PDF(d)
    pdf.add_page()
    pdf.set_font("song_bold", size=20)
    pdf.ln(4)
    pdf.multi_cell(WIDTH, 10, plain(d.title), align="C", wrapmode=WrapMode.CHAR,
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.set_font("song", size=9)
    sep = "：" if d.lang == "zh" else ": "
    for label, value in d.meta:
        pdf.multi_cell(WIDTH, 4.8, plain(f"{label}{sep}{value}"), wrapmode=WrapMode.CHAR,
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    for i, block in enumerate(d.blocks):
        if isinstance(block, Heading):
            after = d.blocks[i + 1] if i + 1 < len(d.blocks) else None
            room = 20 + (_figure_height(after) if isinstance(after, Figure) else 30)
            if pdf.get_y() > pdf.h - 22 - room:  # a heading never ends a page alone
                pdf.add_page()
            pdf.set_font("hei", size=14 if block.level == 1 else 12)
            pdf.ln(2)
            pdf.multi_cell(WIDTH, 8, plain(block.text), wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1)
        elif isinstance(block, Paragraph):
            _paragraph(pdf, "\u3000\u3000" + plain(block.text) if d.lang == "zh" else plain(block.text))
        elif isinstance(block, Table):
            _table(pdf, block, d.lang)
        elif isinstance(block, Figure):
            _figure(pdf, block)
    if d.signature:
        pdf.set_font("song", size=11)
        pdf.ln(6)
        pdf.cell(WIDTH, 6, plain(d.signature), align="R")
    return bytes(pdf.output())


def _paragraph(pdf: _PDF, text: str) -> None:
    """Body text broken into lines by :func:`_lines` (by character, with the Chinese
    line-breaking rules; English by word through fpdf2)."""
    pdf.set_font("song", size=11)
    if not any("\u3400" <= ch <= "\u9fff" for ch in text):
        pdf.multi_cell(WIDTH, 6.6, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    else:
        for line in _lines(pdf, text, WIDTH):
            pdf.cell(WIDTH, 6.6, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1.5)


def _figure(pdf: _PDF, block: Figure) -> None:
    w = WIDTH - 10
    h = _figure_height(block)
    if pdf.get_y() + h + 10 > pdf.h - 22:
        pdf.add_page()
    pdf.image(io.BytesIO(block.png), x=MARGIN + 5, w=w, h=h)
    pdf.set_font("song", size=9)
    pdf.multi_cell(WIDTH, 5, plain(block.caption), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)


def _figure_height(block: Figure) -> float:
    """The height in mm the figure takes at the width it is drawn."""
    from PIL import Image

    with Image.open(io.BytesIO(block.png)) as im:
        w_px, h_px = im.size
    return (WIDTH - 10) * h_px / w_px
