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
from xml.sax.saxutils import escape

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
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
    "table": ("仿宋", "Times New Roman", 9, False),  # 小五
    "table_head": ("黑体", "Times New Roman", 9, False),
    "meta": ("仿宋", "Times New Roman", 10.5, False),  # 五号
    "running": ("仿宋", "Times New Roman", 8, False),
}
FALLBACKS = {  # a font the reader may lack → the alternate Word tries (the font table's altName)
    "方正小标宋简体": "宋体", "仿宋": "FangSong", "黑体": "SimHei", "楷体": "KaiTi",
}
PAGE_W, PAGE_H, MARGIN_X, MARGIN_Y = 210, 297, 25, 25
TEXT_WIDTH_MM = PAGE_W - 2 * MARGIN_X
NUMERIC = {"score", "k", "pct", "int", "delta", "r", "rank_delta", "evaluation"}


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
    _style(doc, "Report Cell", "table", "Normal", space_before=2, space_after=2, line=1.0)
    _style(doc, "Report Head", "table_head", "Normal", WD_ALIGN_PARAGRAPH.CENTER, space_before=2, space_after=2, line=1.0)
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
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl.autofit = False  # a fixed layout: the grid's widths
    el = tbl._tbl
    margins = parse_xml(f'<w:tblCellMar {nsdecls("w")}><w:left w:w="57" w:type="dxa"/>'
                        '<w:right w:w="57" w:type="dxa"/></w:tblCellMar>')  # 1 mm each side
    look = el.tblPr.find(qn("w:tblLook"))
    if look is not None:  # the schema's order: tblCellMar before tblLook
        look.addprevious(margins)
    else:
        el.tblPr.append(margins)
    grid = el.find(qn("w:tblGrid"))
    for col, w in zip(grid.findall(qn("w:gridCol")), twips):
        col.set(qn("w:w"), str(w))
    head_style = doc.styles["Report Head"].style_id
    cell_style = doc.styles["Report Cell"].style_id
    align = ["right" if k in NUMERIC else ("center" if k in ("stars", "grade") else "left") for k in table.kinds]
    rows = [_row(table.columns, twips, head_style, ["center"] * len(twips), header=True)]
    rows += [_row(values, twips, cell_style, align) for values in table.text_rows(lang)]
    # rows as one XML string, parsed once: a Python proxy per element (python-docx's classes)
    # made 10,000 rows take ten seconds
    el.extend(etree.fromstring(f'<w:tbl {nsdecls("w")}>{"".join(rows)}</w:tbl>'))


def _row(values: Iterable[str], twips, style_id: str, align, header: bool = False) -> str:
    """One ``w:tr``: rows never split across pages; the header row repeats on each page."""
    head = "<w:tblHeader/>" if header else ""
    fill = '<w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/>' if header else ""
    cells = []
    for text, w, a in zip(values, twips, align):
        text = escape(plain(text))
        run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
        cells.append(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/>{fill}<w:vAlign w:val="center"/></w:tcPr>'
                     f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/><w:jc w:val="{a}"/></w:pPr>{run}</w:p></w:tc>')
    return f'<w:tr><w:trPr><w:cantSplit/>{head}</w:trPr>{"".join(cells)}</w:tr>'


def write_docx(d: Document) -> bytes:
    """The document ``d`` as .docx bytes."""
    doc = new_document()
    _setup(doc)
    _header_footer(doc, d)
    style = {name: doc.styles[name] for name in ("Report Title", "Report Meta", "Report Body", "Report Caption",
                                                 "Heading 1", "Heading 2")}
    doc.add_paragraph(plain(d.title), style=style["Report Title"])
    sep = "：" if d.lang == "zh" else ": "
    for label, value in d.meta:
        doc.add_paragraph(plain(f"{label}{sep}{value}"), style=style["Report Meta"])
    for block in d.blocks:
        if isinstance(block, Heading):
            doc.add_paragraph(plain(block.text), style=style["Heading 1" if block.level == 1 else "Heading 2"])
        elif isinstance(block, Paragraph):
            doc.add_paragraph(plain(block.text), style=style["Report Body"])
        elif isinstance(block, Table):
            _table(doc, block, d.lang)
            doc.add_paragraph(style=style["Report Meta"])  # a gap after the table
        elif isinstance(block, Figure):
            doc.add_picture(io.BytesIO(block.png), width=Mm(TEXT_WIDTH_MM - 10))
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            doc.add_paragraph(plain(block.caption), style=style["Report Caption"])
    if d.signature:
        doc.add_paragraph(plain(d.signature), style=style["Report Body"]).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
