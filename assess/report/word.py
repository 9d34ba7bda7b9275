"""The 通报 as a Word document (python-docx): A4, in the house style of such a document —
title in 小标宋, headings in 黑体 / 楷体, body in 仿宋 (each style names its East Asian font;
Word has no embedded fonts, so Word or WPS substitutes what the reader has, guided by the font
table's alternates), tables whose header row repeats on every page and whose rows never split,
the view's version, method, filters and time in every page header, the link and the page
number in every footer.

Tables are written as XML directly: python-docx's cell API walks the table on every call and
would take minutes for 10,000 rows.
"""

from __future__ import annotations

import io
from typing import Iterable

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from assess.i18n import t
from assess.report.document import Document, Figure, Heading, Paragraph, Table, plain

FONTS = {  # style → (East Asian font, Latin font, size in points, bold)
    "title": ("方正小标宋简体", "Times New Roman", 22, False),
    "h1": ("黑体", "Times New Roman", 16, False),
    "h2": ("楷体", "Times New Roman", 15, True),
    "body": ("仿宋", "Times New Roman", 14, False),
    "table": ("仿宋", "Times New Roman", 10.5, False),
    "table_head": ("黑体", "Times New Roman", 10.5, False),
    "meta": ("仿宋", "Times New Roman", 10.5, False),
    "running": ("仿宋", "Times New Roman", 9, False),
}
FALLBACKS = {  # a font the reader may lack → the alternate Word tries (the font table's altName)
    "方正小标宋简体": "宋体", "仿宋": "FangSong", "黑体": "SimHei", "楷体": "KaiTi",
}
PAGE_W, PAGE_H, MARGIN_X, MARGIN_Y = 210, 297, 25, 25
TEXT_WIDTH_MM = PAGE_W - 2 * MARGIN_X
NUMERIC = {"score", "k", "pct", "int", "delta", "r", "rank_delta"}


def _fonts(rpr, east: str, latin: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = etree.SubElement(rpr, qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def _style(doc, name: str, kind: str, base: str | None = None, align=None, indent: float | None = None,
           space_before: float = 0, space_after: float = 0, line: float | None = None):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if base:
        style.base_style = styles[base]
    east, latin, size, bold = FONTS[kind]
    style.font.name = latin
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    _fonts(style.element.get_or_add_rPr(), east, latin)
    pf = style.paragraph_format
    if align is not None:
        pf.alignment = align
    if indent is not None:
        pf.first_line_indent = Pt(indent)
    pf.space_before, pf.space_after = Pt(space_before), Pt(space_after)
    if line:
        pf.line_spacing = line
    return style


def _setup(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_W), Mm(PAGE_H)
    section.left_margin = section.right_margin = Mm(MARGIN_X)
    section.top_margin = section.bottom_margin = Mm(MARGIN_Y)
    section.header_distance = section.footer_distance = Mm(12)
    _style(doc, "Normal", "body", line=1.5)
    _style(doc, "Report Title", "title", "Normal", WD_ALIGN_PARAGRAPH.CENTER, space_before=6, space_after=18, line=1.2)
    _style(doc, "Heading 1", "h1", "Normal", WD_ALIGN_PARAGRAPH.LEFT, space_before=12, space_after=6)
    _style(doc, "Heading 2", "h2", "Normal", WD_ALIGN_PARAGRAPH.LEFT, space_before=8, space_after=4)
    _style(doc, "Report Body", "body", "Normal", indent=28, line=1.5)
    _style(doc, "Report Meta", "meta", "Normal", line=1.15)
    _style(doc, "Report Caption", "meta", "Normal", WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    _style(doc, "Report Cell", "table", "Normal", line=1.0)
    _style(doc, "Report Head", "table_head", "Normal", WD_ALIGN_PARAGRAPH.CENTER, line=1.0)
    _style(doc, "Report Running", "running", "Normal", WD_ALIGN_PARAGRAPH.CENTER, line=1.0)
    for name in ("Heading 1", "Heading 2"):  # keep a heading with what follows it
        doc.styles[name].paragraph_format.keep_with_next = True
    _font_alternates(doc)


def _font_alternates(doc) -> None:
    """Name, in the font table, the alternate of each Chinese font and its GB2312 charset, so
    Word substitutes a Chinese face when the reader lacks one (WPS reads the same names)."""
    part = doc.part.part_related_by(RT.FONT_TABLE)
    root = etree.fromstring(part.blob)
    for name, alt in FALLBACKS.items():
        font = etree.SubElement(root, qn("w:font"), {qn("w:name"): name})
        etree.SubElement(font, qn("w:altName"), {qn("w:val"): alt})
        etree.SubElement(font, qn("w:charset"), {qn("w:val"): "86"})
        etree.SubElement(font, qn("w:family"), {qn("w:val"): "roman" if name != "黑体" else "modern"})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) in ``paragraph``."""
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>'))
    run = paragraph.add_run()
    instr = parse_xml(f'<w:instrText {nsdecls("w")} xml:space="preserve"> {instruction} </w:instrText>')
    run._r.append(instr)
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>'))
    paragraph.add_run("1")
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'))


def _header_footer(doc, d: Document) -> None:
    section = doc.sections[0]
    head = section.header.paragraphs[0]
    head.style = doc.styles["Report Running"]
    head.add_run(plain(d.running))
    foot = section.footer.paragraphs[0]
    foot.style = doc.styles["Report Running"]
    page = t("report.page_number", d.lang, page="\x00", pages="\x01")
    before, rest = page.split("\x00")
    middle, after = rest.split("\x01")
    foot.add_run(before)
    _field(foot, "PAGE")
    foot.add_run(middle)
    _field(foot, "NUMPAGES")
    foot.add_run(after)
    link = section.footer.add_paragraph(style=doc.styles["Report Running"])
    link.add_run(plain(d.meta[-1][0] + "：" + d.meta[-1][1]) if d.lang == "zh" else plain(f"{d.meta[-1][0]}: {d.meta[-1][1]}"))


def _table(doc, table: Table, lang: str) -> None:
    """``table`` as a fixed-width grid; the header row repeats on every page, rows never split."""
    total = sum(table.widths)
    twips = [int(w / total * TEXT_WIDTH_MM * table.share * 56.7) for w in table.widths]
    tbl = doc.add_table(rows=0, cols=len(table.columns))
    tbl.style = doc.styles["Table Grid"]
    el = tbl._tbl
    pr = el.tblPr
    etree.SubElement(pr, qn("w:tblLayout"), {qn("w:type"): "fixed"})
    etree.SubElement(pr, qn("w:jc"), {qn("w:val"): "center"})
    grid = el.find(qn("w:tblGrid"))
    for col, w in zip(grid.findall(qn("w:gridCol")), twips):
        col.set(qn("w:w"), str(w))
    head_style = doc.styles["Report Head"].style_id
    cell_style = doc.styles["Report Cell"].style_id
    align = ["right" if k in NUMERIC else ("center" if k in ("stars", "grade") else "left") for k in table.kinds]
    _row(el, table.columns, twips, head_style, ["center"] * len(twips), header=True)
    for values in table.text_rows(lang):
        _row(el, values, twips, cell_style, align)


def _row(tbl, values: Iterable[str], twips, style_id: str, align, header: bool = False) -> None:
    sub = etree.SubElement
    tr = sub(tbl, qn("w:tr"))
    trpr = sub(tr, qn("w:trPr"))
    sub(trpr, qn("w:cantSplit"))
    if header:
        sub(trpr, qn("w:tblHeader"))
    for text, w, a in zip(values, twips, align):
        tc = sub(tr, qn("w:tc"))
        tcpr = sub(tc, qn("w:tcPr"))
        sub(tcpr, qn("w:tcW"), {qn("w:w"): str(w), qn("w:type"): "dxa"})
        if header:
            sub(tcpr, qn("w:shd"), {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): "E7E6E6"})
        sub(tcpr, qn("w:vAlign"), {qn("w:val"): "center"})
        p = sub(tc, qn("w:p"))
        ppr = sub(p, qn("w:pPr"))
        sub(ppr, qn("w:pStyle"), {qn("w:val"): style_id})
        sub(ppr, qn("w:jc"), {qn("w:val"): a})
        text = plain(text)
        if text:
            r = sub(p, qn("w:r"))
            tx = sub(r, qn("w:t"))
            tx.text = text
            tx.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def write_docx(d: Document, out=None) -> bytes:
    """The document ``d`` as .docx bytes (also written to ``out``, a path or file, if given)."""
    doc = new_document()
    _setup(doc)
    _header_footer(doc, d)
    doc.add_paragraph(plain(d.title), style="Report Title")
    sep = "：" if d.lang == "zh" else ": "
    for label, value in d.meta:
        doc.add_paragraph(plain(f"{label}{sep}{value}"), style="Report Meta")
    for block in d.blocks:
        if isinstance(block, Heading):
            doc.add_paragraph(plain(block.text), style="Heading 1" if block.level == 1 else "Heading 2")
        elif isinstance(block, Paragraph):
            doc.add_paragraph(plain(block.text), style="Report Body")
        elif isinstance(block, Table):
            _table(doc, block, d.lang)
            doc.add_paragraph(style="Report Meta")  # a gap after the table
        elif isinstance(block, Figure):
            doc.add_picture(io.BytesIO(block.png), width=Mm(TEXT_WIDTH_MM - 10))
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            doc.add_paragraph(plain(block.caption), style="Report Caption")
    if d.signature:
        doc.add_paragraph(plain(d.signature), style="Report Body").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buf = io.BytesIO()
    doc.save(buf)
    data = buf.getvalue()
    if out is not None:
        _write(out, data)
    return data


def _write(out, data: bytes) -> None:
    if hasattr(out, "write"):
        out.write(data)
    else:
        with open(out, "wb") as fh:
            fh.write(data)
