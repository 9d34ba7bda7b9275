"""A corpus of hostile and broken workbooks, built in code (no binary fixtures; every byte is
deterministic), each with the outcome the reader must give.

Beyond SPEC §4's list (tested in test_workbook_rejections.py and test_guards.py): what an attacker
would try (XML entities, formulas that call out, zip tricks, resource exhaustion, script in names)
and what a sloppy clerk produces (control characters pasted from a chat, error values, a stray
value far away, a workbook saved with macros). A case is either

- ``Clean(...)``: the file imports; the named entry columns / scores hold exactly these values
  (text stays text: "<script>" and "=HYPERLINK(…)" are stored as written, never run), or
- ``Rejected(...)``: exactly these problems, as (code, sheet, cell) in order — located, and
  translated in both languages (test_hostile.py checks the rendering).

Most cases are written with :func:`raw_workbook`, a minimal xlsx writer that puts any XML where a
test wants it (openpyxl refuses control characters and turns "=…" text into formulas); the
template-shaped ones use tests.builders.
"""

from __future__ import annotations

import io
import random
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from assess.workbook.grid import column_letter
from tests.builders import Row, SheetSpec, build_workbook

FILE = "2025Q3.xlsx"
SHEET = "党建考核"
LOOPBACK = "http://127.0.0.1:{port}/"  # test_hostile serves it and counts every connection


# --- a minimal xlsx writer ---------------------------------------------------------------------

@dataclass(frozen=True)
class Xml:
    """A cell written literally: ``<c r=… t=…>{inner}</c>``."""

    inner: str
    t: str | None = None


def _cell(r: int, c: int, v: Any) -> str:
    ref = f"{column_letter(c)}{r + 1}"
    if v is None or v == "":
        return ""
    if isinstance(v, Xml):
        t = f' t="{v.t}"' if v.t else ""
        return f'<c r="{ref}"{t}>{v.inner}</c>'
    if isinstance(v, bool):
        return f'<c r="{ref}" t="b"><v>{int(v)}</v></c>'
    if isinstance(v, (int, float)):
        return f'<c r="{ref}"><v>{v!r}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(v)}</t></is></c>'


def sheet_xml(rows: list[list], *, merges: tuple[str, ...] = (), dimension: str | None = None,
              doctype: str = "", before_data: str = "", after_data: str = "",
              extra_rows: str = "") -> bytes:
    """A worksheet part: ``rows`` of cell values from A1 (see :func:`_cell`)."""
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', doctype,
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">']
    if dimension:
        out.append(f'<dimension ref="{dimension}"/>')
    out += [before_data, "<sheetData>"]
    for r, row in enumerate(rows):
        cells = "".join(_cell(r, c, v) for c, v in enumerate(row))
        if cells:
            out.append(f'<row r="{r + 1}">{cells}</row>')
    out += [extra_rows, "</sheetData>", after_data]
    if merges:
        out.append(f'<mergeCells count="{len(merges)}">'
                   + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>")
    out.append("</worksheet>")
    return "".join(out).encode()


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="{main}"/>{more}</Types>')
_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_MAIN_MACRO = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def raw_workbook(sheets: list[tuple[str, bytes]], *, shared: bytes | None = None,
                 members: dict[str, bytes] | None = None, workbook_extra: str = "",
                 rels_extra: str = "", sheet_attrs: dict[int, str] | None = None,
                 names_xml: list[str] | None = None, doctype: str = "", macro: bool = False,
                 targets: list[str] | None = None) -> bytes:
    """An xlsx of ``sheets`` (name, sheet XML). ``names_xml`` writes the sheet names as given
    (already escaped); ``targets`` overrides where the relationships point; ``members`` adds or
    replaces parts."""
    parts: dict[str, bytes] = {}
    more = "".join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                   for i in range(len(sheets)))
    parts["[Content_Types].xml"] = _CONTENT_TYPES.format(
        main=_MAIN_MACRO if macro else _MAIN, more=more).encode()
    parts["_rels/.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
        f'.org/package/2006/relationships"><Relationship Id="rId1" Type="{_REL}officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>').encode()
    sheet_tags, rels = [], []
    for i, (name, xml) in enumerate(sheets):
        shown = names_xml[i] if names_xml else quoteattr(name)[1:-1]
        attrs = (sheet_attrs or {}).get(i, "")
        target = targets[i] if targets else f"worksheets/sheet{i + 1}.xml"
        sheet_tags.append(f'<sheet name="{shown}" sheetId="{i + 1}" r:id="rId{i + 1}"{attrs}/>')
        rels.append(f'<Relationship Id="rId{i + 1}" Type="{_REL}worksheet" Target="{target}"/>')
        parts[f"xl/worksheets/sheet{i + 1}.xml"] = xml
    if shared is not None:
        rels.append(f'<Relationship Id="rIdS" Type="{_REL}sharedStrings" '
                    'Target="sharedStrings.xml"/>')
        parts["xl/sharedStrings.xml"] = shared
    parts["xl/workbook.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<workbook xmlns="http://schemas.'
        'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
        f'officeDocument/2006/relationships">{workbook_extra}<sheets>{"".join(sheet_tags)}'
        '</sheets></workbook>').encode()
    parts["xl/_rels/workbook.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
        f'.org/package/2006/relationships">{"".join(rels)}{rels_extra}</Relationships>').encode()
    parts.update(members or {})
    return zip_of(list(parts.items()))


def zip_of(members: list[tuple[str, bytes]]) -> bytes:
    """A deflated zip of ``members`` in order, duplicates and odd names allowed."""
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        warnings.simplefilter("ignore")  # "Duplicate name": wanted here
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2025, 10, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return out.getvalue()


def with_members(content: bytes, replace: dict[str, bytes | None] | None = None,
                 add: list[tuple[str, bytes]] | None = None) -> bytes:
    """``content`` with parts replaced (None: removed) and others appended."""
    zin = zipfile.ZipFile(io.BytesIO(content))
    members = []
    for name in zin.namelist():
        data = (replace or {}).get(name, zin.read(name)) if name in (replace or {}) \
            else zin.read(name)
        if data is not None:
            members.append((name, data))
    return zip_of(members + list(add or []))


HEADER = ["党委", "支部", "三会一课(12分)", "主题党日(8分)", "否决事项", "备注"]
TITLE = ["XX公司2025年第三季度党支部党建考核表"]
TWO_ROWS = [["第一党委", "一支部", 10, 6, "", ""], ["第一党委", "二支部", 11, 7, "无", ""]]


def table(rows: list[list] | None = None, header: list = HEADER) -> list[list]:
    """Title, header (C = 三会一课 of 12, D = 主题党日 of 8, E = 否决事项, F = 备注), then ``rows``
    from row 3."""
    return [TITLE, header] + (rows if rows is not None else TWO_ROWS)


def one_sheet(rows: list[list] | None = None, header: list = HEADER, **kw) -> bytes:
    """A workbook whose only sheet is 党建考核 holding :func:`table`."""
    sheet_kw = {k: kw.pop(k) for k in list(kw) if k in (
        "merges", "dimension", "doctype", "before_data", "after_data", "extra_rows")}
    return raw_workbook([(SHEET, sheet_xml(table(rows, header), **sheet_kw))], **kw)


def row(branch: Any = "一支部", c: Any = 10, d: Any = 6, veto: Any = "", note: Any = "",
        committee: Any = "第一党委") -> list:
    return [committee, branch, c, d, veto, note]


def shared_strings(*items: str, doctype: str = "") -> bytes:
    """A sharedStrings part; items are written as given (raw XML inside <si>)."""
    body = "".join(f"<si>{i}</si>" for i in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<sst xmlns="http://schemas.'
            f'openxmlformats.org/spreadsheetml/2006/main" count="{len(items)}" '
            f'uniqueCount="{len(items)}">{body}</sst>').encode()


def _noise(n: int, seed: int) -> str:
    """``n`` letters that do not compress much (so the zip-bomb guard does not fire first)."""
    return "".join(random.Random(seed).choices("abcdefghijklmnopqrstuvwxyz0123456789", k=n))


# --- expected outcomes --------------------------------------------------------------------------

@dataclass(frozen=True)
class Clean:
    """Imports; ``entries`` maps an entry column to its values in row order; ``scores`` are the
    三会一课 scores in row order (None: not checked); ``warnings`` the warning codes;
    ``descriptions`` the catalog's (None: not checked)."""

    entries: dict[str, tuple] = field(default_factory=dict)
    scores: tuple | None = None
    warnings: tuple[str, ...] = ()
    descriptions: tuple | None = None  # the catalog's 说明 column, in its order


@dataclass(frozen=True)
class Rejected:
    """Exactly these problems, (code, sheet, cell), in order."""

    problems: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[int], bytes]  # port of the loopback server → the file's bytes
    expect: Clean | Rejected
    why: str
    file_name: str = FILE

    def content(self, port: int = 9) -> bytes:
        return self.build(port)


CASES: list[Case] = []


def case(name: str, expect: Clean | Rejected, why: str, file_name: str = FILE):
    """Register the decorated builder as a case."""
    def register(build: Callable[..., bytes]) -> Callable[..., bytes]:
        CASES.append(Case(name, build, expect, why, file_name))
        return build
    return register


def at(code: str, cell: str = "", sheet: str = SHEET) -> tuple[str, str, str]:
    return (code, sheet, cell)


def file_level(code: str) -> tuple[str, str, str]:
    return (code, "", "")


# --- huge and invisible text --------------------------------------------------------------------

@case("branch_name_1mb", Rejected((at("name_too_long", "B3"),)),
      "a 1 MB branch name would become a key of the store and of every chart")
def _(port):
    name = "".join(random.Random(7).choices("党支部委员会第一二三四五六七八九十", k=1 << 20))
    return one_sheet([row(name), TWO_ROWS[1]])


@case("note_of_32767_chars", Clean({"note": ("注" * 32767, None)}),
      "Excel's longest cell is a legitimate note")
def _(port):
    return one_sheet([row(note="注" * 32767), TWO_ROWS[1]])


@case("note_over_excel_limit", Rejected((at("text_too_long", "F3"),)),
      "no Excel can write 40,000 characters in a cell: the file was made by something else")
def _(port):
    return one_sheet([row(note="x" * 40000), TWO_ROWS[1]])


@case("control_char_excel_escape_in_branch", Rejected((at("text_invisible_chars", "B3"),)),
      "Excel stores a BEL pasted into a cell as _x0007_; calamine decodes it")
def _(port):
    return one_sheet([row("一支部_x0007_"), TWO_ROWS[1]])


@case("raw_nul_and_control_bytes_in_branch", Rejected((at("text_invisible_chars", "B3"),)),
      "NUL and \\x01 written straight into the XML (not well-formed, but accepted by the parser)")
def _(port):
    xml = sheet_xml(table([row("一支部"), TWO_ROWS[1]]))
    return raw_workbook([(SHEET, xml.replace("一支部".encode(), "一支部\x01\x00".encode(), 1))])


@case("rtl_override_in_committee_and_zwj_in_branch",
      Rejected((at("text_invisible_chars", "A3"), at("text_invisible_chars", "B3"))),
      "U+202E makes 部支一 display as 一支部; U+200D makes two identical-looking branches")
def _(port):
    return one_sheet([row("一支部\u200d", committee="第一党委\u202e"), TWO_ROWS[1]])


@case("zero_width_space_and_bom_in_indicator_header",
      Rejected((at("text_invisible_chars", "C2"),)),
      "an indicator name is a key too: 三会一课 and 三会一课+U+200B must not be two indicators")
def _(port):
    return one_sheet(header=["党委", "支部", "\ufeff三会一课\u200b(12分)", "主题党日(8分)",
                             "否决事项", "备注"])


@case("control_chars_and_bidi_in_veto_text",
      Clean({"veto_reason": ("违规用车", None), "note": ("abc", None)}),
      "free text keeps its words; controls and bidi overrides (which cannot be shown) go")
def _(port):
    return one_sheet([row(veto="违规\x07用车\u202e", note="a_x0001_b\u2066c"), TWO_ROWS[1]])


@case("emoji_and_astral_characters_in_names",
      Clean({"branch": ("🚩一支部𠀀", "二支部"), "committee": ("第一党委👍", "第一党委")}),
      "emoji and CJK extension B are visible text, not invisible characters")
def _(port):
    return one_sheet([row("🚩一支部𠀀", committee="第一党委👍"), TWO_ROWS[1]])


@case("fullwidth_lookalike_branch_names",
      Clean({"branch": ("第１党支部", "第1党支部")}, warnings=("branch_lookalike",)),
      "names are kept as written (no NFKC: it would also turn the（）of 第一党支部（机关） into "
      "ASCII and split it from last quarter's), so 第１党支部 and 第1党支部 are two branches — "
      "with a warning that locates the look-alike")
def _(port):
    return one_sheet([row("第１党支部"), row("第1党支部")])


@case("bidi_override_in_sheet_name",
      Clean({"sheet": ("党建考核⟨U+202E⟩x",) * 2}),
      "the sheet name is quoted in every message: its invisible characters are written out")
def _(port):
    return raw_workbook([("党建考核\u202ex", sheet_xml(table()))])


@case("bidi_override_in_file_name", Rejected((at("score_over_full_mark", "C3"),)),
      "the uploader picks the file name: “2025Q3<U+202E>xslx.exe.xlsx” must not reorder the messages",
      file_name="2025Q3\u202exslx.exe.xlsx")
def _(port):
    return one_sheet([row(c=13), TWO_ROWS[1]])


@case("megabyte_of_text_in_a_score_cell", Rejected((at("score_not_number", "C3"),)),
      "the message quotes the value: cut to a few hundred characters, not 1 MB")
def _(port):
    return one_sheet([row(c=_noise(1 << 20, 3)), TWO_ROWS[1]])


CATALOG_HEADER = ["类别", "维度", "指标", "满分", "说明"]


@case("catalog_with_invisible_dimension_and_long_indicator",
      Rejected((at("text_invisible_chars", "B3", "指标说明"), at("name_too_long", "C4", "指标说明"))),
      "names from the 指标说明 sheet become keys too: checked like the data sheets' names")
def _(port):
    catalog = [CATALOG_HEADER, ["党建", "基本活动", "三会一课", 12, ""],
               ["党建", "基本活动\u200b", "主题党日", 8, ""], ["党建", "基本活动", "指" * 101, 5, ""]]
    return raw_workbook([(SHEET, sheet_xml(table())), ("指标说明", sheet_xml(catalog))])


@case("catalog_description_with_control_characters",
      Clean(scores=(10.0, 11.0), descriptions=("每季度<b>三会</b>记录", "主题党日")),
      "a description is free text: NUL and U+202E are removed, markup stays text")
def _(port):
    catalog = [CATALOG_HEADER, ["党建", "基本活动", "三会一课", 12, "每季度_x0000_<b>三会</b>记录\u202e"],
               ["党建", "基本活动", "主题党日", 8, "主题党日"]]
    return raw_workbook([(SHEET, sheet_xml(table())), ("指标说明", sheet_xml(catalog))])


# --- script and markup: stored as text, never rendered here ------------------------------------

@case("script_tag_as_branch_name",
      Clean({"branch": ("<script>alert(1)</script>", "二支部")}),
      "markup is text: it is stored verbatim and the UI escapes it")
def _(port):
    return one_sheet([row("<script>alert(1)</script>"), TWO_ROWS[1]])


@case("img_onerror_as_veto_text",
      Clean({"veto_reason": ('<img src=x onerror="alert(document.cookie)">', None)}),
      "a veto reason is shown in alerts: it must stay inert text")
def _(port):
    return one_sheet([row(veto='<img src=x onerror="alert(document.cookie)">'), TWO_ROWS[1]])


@case("cdata_script_in_branch", Clean({"branch": ("<script>x</script>", "二支部")}),
      "CDATA is just another way to write text")
def _(port):
    return one_sheet([row(Xml("<is><t><![CDATA[<script>x</script>]]></t></is>", "inlineStr")),
                      TWO_ROWS[1]])


@case("markup_in_sheet_name_and_indicator_header",
      Clean({"sheet": ("党建考核<svg onload=alert(1)>",) * 2}),
      "sheet and indicator names are quoted in messages and charts as text")
def _(port):
    header = ["党委", "支部", "<b>三会一课</b>(12分)", "主题党日(8分)", "否决事项", "备注"]
    return raw_workbook([("党建考核<svg onload=alert(1)>", sheet_xml(table(header=header)))])


# --- formulas and formula-like text -------------------------------------------------------------

@case("text_starting_with_formula_characters",
      Clean({"committee": ("=cmd|' /c calc'!A1", "=cmd|' /c calc'!A1"),
             "branch": ('=HYPERLINK("http://evil.example/","点我")', "@SUM(A1:A9)"),
             "veto_reason": ("+1+1", "-2+3")}),
      "text that starts with = + - @ is stored as text (exports escape it: test_export.py)")
def _(port):
    committee = "=cmd|' /c calc'!A1"
    return one_sheet([row('=HYPERLINK("http://evil.example/","点我")', veto="+1+1",
                          committee=committee),
                      row("\t@SUM(A1:A9)", veto="\r-2+3", committee=committee)])


@case("hyperlink_formula_in_branch_and_score_cells",
      Clean({"branch": ("x", "二支部")}, scores=(5.0, 11.0)),
      "a formula's cached value is used (SPEC §4); the link is never followed")
def _(port):
    return one_sheet([row(Xml(f'<f>HYPERLINK("{LOOPBACK.format(port=port)}","x")</f><v>x</v>',
                              "str"),
                          Xml(f'<f>HYPERLINK("{LOOPBACK.format(port=port)}",5)</f><v>5</v>')),
                      TWO_ROWS[1]])


@case("hyperlink_formula_with_text_cached_in_score",
      Rejected((at("score_not_number", "C3"),)),
      "a formula whose cached value is text is a non-numeric score like any other")
def _(port):
    return one_sheet([row(c=Xml('<f>HYPERLINK("http://evil.example/","click")</f><v>click</v>',
                                "str")), TWO_ROWS[1]])


@case("formula_with_cached_value", Clean(scores=(2.0, 11.0)),
      "=1+1 saved by Excel carries its value 2")
def _(port):
    return one_sheet([row(c=Xml("<f>1+1</f><v>2</v>")), TWO_ROWS[1]])


@case("dde_formula_with_error_value", Rejected((at("cell_error", "C3"),)),
      "=cmd|'/c calc'!A1 (DDE) is never evaluated; its cached #REF! is an error, not a blank")
def _(port):
    return one_sheet([row(c=Xml("<f>cmd|'/c calc'!A1</f><v>#REF!</v>", "e")), TWO_ROWS[1]])


@case("error_values_in_bonus_free_columns_and_title",
      Rejected((at("cell_error", "D3"),)),
      "#DIV/0! in a score is reported; the same error in the title or a note does no harm")
def _(port):
    title = [Xml("<f>1/0</f><v>#DIV/0!</v>", "e")]
    rows = [row(d=Xml("<f>1/0</f><v>#DIV/0!</v>", "e"), note=Xml("<v>#N/A</v>", "e")),
            TWO_ROWS[1]]
    return raw_workbook([(SHEET, sheet_xml([title, HEADER] + rows))])


@case("webservice_formula_to_loopback", Clean(scores=(7.0, 11.0)),
      "=WEBSERVICE(url) is never evaluated: the cached value is read, nothing is fetched")
def _(port):
    return one_sheet([row(c=Xml(f'<f>WEBSERVICE("{LOOPBACK.format(port=port)}x")</f><v>7</v>')),
                      TWO_ROWS[1]])


@case("external_link_to_remote_workbook", Clean(scores=(9.0, 11.0)),
      "an externalLink part targets a remote file: never fetched, the cached value is used")
def _(port):
    url = LOOPBACK.format(port=port) + "evil.xlsx"
    link = ('<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="http://schemas.'
            'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.'
            'org/officeDocument/2006/relationships"><externalBook r:id="rId1"><sheetNames>'
            '<sheetName val="Sheet1"/></sheetNames><sheetDataSet><sheetData sheetId="0">'
            '<row r="1"><cell r="A1"><v>9</v></cell></row></sheetData></sheetDataSet>'
            '</externalBook></externalLink>').encode()
    link_rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                 'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
                 f'Type="{_REL}externalLinkPath" Target="{url}" TargetMode="External"/>'
                 '</Relationships>').encode()
    return one_sheet([row(c=Xml("<f>[1]Sheet1!$A$1</f><v>9</v>")), TWO_ROWS[1]],
                     rels_extra=(
                         f'<Relationship Id="rIdX" Type="{_REL}externalLink" '
                         'Target="externalLinks/externalLink1.xml"/>'),
                     members={"xl/externalLinks/externalLink1.xml": link,
                              "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels})


@case("xlsm_with_vba_project", Clean({"branch": ("一支部",)}, scores=(9.6,)),
      "the template saved as .xlsm with an Auto_Open macro: never run, the values are read",
      file_name="2025Q3.xlsm")
def _(port):
    vba = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"Attribute VB_Name = \"Module1\"\r\n" \
        b"Sub Auto_Open()\r\nShell \"calc.exe\"\r\nEnd Sub\r\n" + bytes(512)
    template = build_workbook([SheetSpec(rows=[Row("第一党委", "一支部")])])
    types = zipfile.ZipFile(io.BytesIO(template)).read("[Content_Types].xml")
    rels = zipfile.ZipFile(io.BytesIO(template)).read("xl/_rels/workbook.xml.rels")
    return with_members(template, replace={
        "[Content_Types].xml": types.replace(_MAIN.encode(), _MAIN_MACRO.encode()),
        "xl/_rels/workbook.xml.rels": rels.replace(b"</Relationships>", (
            '<Relationship Id="rIdV" Type="http://schemas.microsoft.com/office/2006/'
            'relationships/vbaProject" Target="vbaProject.bin"/></Relationships>').encode())},
        add=[("xl/vbaProject.bin", vba)])


# --- XML entities: never expanded, never fetched ------------------------------------------------

def _xxe(port: int, root: str) -> str:
    return (f'<!DOCTYPE {root} [<!ENTITY remote SYSTEM "{LOOPBACK.format(port=port)}xxe">'
            '<!ENTITY passwd SYSTEM "file:///etc/passwd">]>')


@case("xxe_external_entities_in_sheet", Rejected((at("sheet_corrupt"),)),
      "SYSTEM entities (a loopback URL, /etc/passwd) are not resolved: the sheet is refused")
def _(port):
    return one_sheet([row(Xml("<is><t>&remote;&passwd;</t></is>", "inlineStr")), TWO_ROWS[1]],
                     doctype=_xxe(port, "worksheet"))


@case("xxe_external_entity_in_shared_strings", Rejected((file_level("file_corrupt"),)),
      "the shared strings are parsed when the workbook opens: the whole file is refused")
def _(port):
    return one_sheet([row(Xml("<v>0</v>", "s")), TWO_ROWS[1]],
                     shared=shared_strings("<t>&remote;</t>", doctype=_xxe(port, "sst")))


@case("billion_laughs_in_sheet", Rejected((at("sheet_corrupt"),)),
      "nested internal entities are never expanded (no exponential blow-up)")
def _(port):
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    return one_sheet([row(Xml("<is><t>&lol9;</t></is>", "inlineStr")), TWO_ROWS[1]],
                     doctype=f"<!DOCTYPE worksheet [{entities}]>")


@case("doctype_declared_but_unused", Clean(scores=(10.0, 11.0)),
      "a DOCTYPE nobody refers to is inert, in a sheet and in the shared strings")
def _(port):
    return one_sheet([row(Xml("<v>0</v>", "s")), TWO_ROWS[1]], doctype=_xxe(port, "worksheet"),
                     shared=shared_strings("<t>一支部</t>", doctype=_xxe(port, "sst")))


@case("entity_in_workbook_sheet_name", Rejected((file_level("file_corrupt"),)),
      "an entity in workbook.xml (where sheet names live) is not expanded: file refused")
def _(port):
    return raw_workbook([(SHEET, sheet_xml(table()))], names_xml=["&nm;"],
                        doctype='<!DOCTYPE workbook [<!ENTITY nm "党建考核">]>')


@case("deeply_nested_rich_text", Clean({"note": ("深", None)}),
      "100,000 nested elements: the streaming parser has no recursion to exhaust")
def _(port):
    deep = "<r>" * 100_000 + "<t>深</t>" + "</r>" * 100_000
    return one_sheet([row(note=Xml(f"<is>{deep}</is>", "inlineStr")), TWO_ROWS[1]])


# --- numbers that are not numbers ---------------------------------------------------------------

@case("numeric_nan_cell", Rejected((at("score_not_number", "C3"),)),
      "<v>NaN</v> in a numeric cell was silently taken as 不适用; it must be an error")
def _(port):
    return one_sheet([row(c=Xml("<v>NaN</v>")), TWO_ROWS[1]])


@case("numeric_infinity_cells",
      Rejected((at("score_not_number", "C3"), at("score_not_number", "D3"))),
      "INF and -inf in numeric cells, and 1e400 (overflows to infinity)")
def _(port):
    return one_sheet([row(c=Xml("<v>INF</v>"), d=Xml("<v>-1e400</v>")), TWO_ROWS[1]])


@case("negative_zero", Clean(scores=(0.0, 11.0)), "-0 is stored as 0 (no '-0' on screen)")
def _(port):
    return one_sheet([row(c=-0.0), TWO_ROWS[1]])


@case("huge_and_thousands_separated_numbers",
      Rejected((at("score_over_full_mark", "C3"), at("score_over_full_mark", "C4"),
                at("score_over_full_mark", "D3"))),
      "1e308 (and a column sum that overflows), '1,000' and '1e3' are read as the numbers they "
      "are, and are over the mark")
def _(port):
    return one_sheet([row(c=1e308, d="1,000"), row("二支部", c="1e3", d=7)])


@case("date_boolean_and_time_in_scores",
      Rejected((at("score_not_number", "C3"), at("score_not_number", "C4"),
                at("score_not_number", "D3"))),
      "a date cell, a boolean and a duration are not scores")
def _(port):
    return one_sheet([row(c=Xml("<v>2025-07-01T00:00:00</v>", "d"), d=True),
                      row("二支部", c=Xml("<v>PT8H</v>", "d"))])


@case("numeric_type_with_text_value", Rejected((at("sheet_corrupt"),)),
      't="n" holding "abc": the sheet cannot be read as written')
def _(port):
    return one_sheet([row(c=Xml("<v>abc</v>", "n")), TWO_ROWS[1]])


@case("shared_string_index_out_of_range", Rejected((at("sheet_corrupt"),)),
      "index 99 of a one-string table")
def _(port):
    return one_sheet([row(Xml("<v>99</v>", "s")), TWO_ROWS[1]], shared=shared_strings("<t>a</t>"))


@case("shared_strings_declaring_four_billion", Rejected((file_level("file_corrupt"),)),
      "uniqueCount=\"4000000000\": calamine reserved 96 GB for it and the failed allocation "
      "aborted the whole process (the dashboard with it); now refused before calamine opens it")
def _(port):
    shared = shared_strings("<t>一支部</t>").replace(b'uniqueCount="1"',
                                                    b"uniqueCount = '4000000000'")
    return one_sheet([row(Xml("<v>0</v>", "s")), TWO_ROWS[1]], shared=shared)


@case("shared_strings_count_spelled_with_an_entity", Rejected((file_level("file_corrupt"),)),
      "uniqueCount=\"&#52;000000000\" (a 4 written as a character reference) is refused too")
def _(port):
    shared = shared_strings("<t>一支部</t>").replace(b'uniqueCount="1"',
                                                    b'uniqueCount="&#52;000000000"')
    return one_sheet([row(Xml("<v>0</v>", "s")), TWO_ROWS[1]], shared=shared)


@case("shared_strings_part_missing", Rejected((at("sheet_corrupt"),)),
      "cells refer to shared strings the file does not have")
def _(port):
    return one_sheet([row(Xml("<v>0</v>", "s")), TWO_ROWS[1]])


@case("rich_shared_string_with_phonetic_run", Clean({"branch": ("一支部", "二支部")}),
      "runs are joined; the phonetic guide (rPh) is not part of the text")
def _(port):
    rich = '<r><t>一</t></r><r><rPr><b/></rPr><t>支部</t></r><rPh sb="0" eb="1"><t>yi</t></rPh>'
    return one_sheet([row(Xml("<v>0</v>", "s")), TWO_ROWS[1]], shared=shared_strings(rich))


# --- size: columns, rows, the used area, merges, sheets ----------------------------------------

@case("five_thousand_columns", Rejected((at("sheet_too_many_columns"),)),
      "5,000 indicator columns (limit 1,000)")
def _(port):
    header = HEADER[:2] + [f"指标{i}(2分)" for i in range(5000)]
    return raw_workbook([(SHEET, sheet_xml([TITLE, header, ["第一党委", "一支部"] + [1] * 5000]))])


@case("one_cell_in_the_last_column", Rejected((at("sheet_too_many_columns"),)),
      "a single value in XFD3 makes the sheet 16,384 columns wide")
def _(port):
    return one_sheet(extra_rows='<row r="30"><c r="XFD30"><v>1</v></c></row>')


@case("one_cell_in_row_100001", Rejected((at("sheet_too_many_rows"),)),
      "a single value in row 100,001 (the row limit is 100,000: calamine's total_height was "
      "one short of the count, so this got through)")
def _(port):
    return one_sheet(extra_rows='<row r="100001"><c r="A100001"><v>1</v></c></row>')


@case("stray_value_far_away", Rejected((at("sheet_too_many_cells"),)),
      "within the row and column limits, one value at ALL99999 spans 10⁸ cells (15 s, 1 GB)")
def _(port):
    return one_sheet(extra_rows='<row r="99999"><c r="ALL99999"><v>1</v></c></row>')


@case("far_references_in_single_quotes_and_with_spaces",
      Rejected((at("sheet_too_many_cells"),)),
      "r='ALL9999' and r = \"ALL9999\" are valid XML: the size check must not miss them")
def _(port):
    return one_sheet(extra_rows="<row r='40'><c r='ALL9999'><v>1</v></c></row>"
                                '<row r = "41"><c r = "ALL9998"><v>1</v></c></row>')


@case("cells_without_references_far_away", Rejected((at("sheet_too_many_cells"),)),
      "cells may omit r= (each takes the next column): 700 of them in row 99,999")
def _(port):
    return one_sheet(extra_rows='<row r="99999">' + "<c><v>1</v></c>" * 700 + "</row>")


@case("entity_in_a_cell_reference", Rejected((at("sheet_corrupt"),)),
      "r=\"&#65;LL9999\": a reference spelled with a character entity is refused by calamine")
def _(port):
    return one_sheet(extra_rows='<row r="40"><c r="&#65;LL9999"><v>1</v></c></row>')


@case("dimension_claims_a_million_rows", Clean(scores=(10.0, 11.0)),
      "<dimension ref=A1:XFD1048576> on a small table: the cells are measured, not the claim "
      "(it used to be refused as 1,048,576 rows)")
def _(port):
    return one_sheet(dimension="A1:XFD1048576")


@case("dimension_claims_one_cell", Clean(scores=(10.0, 11.0)),
      "a size that understates is harmless: the cells themselves are read")
def _(port):
    return one_sheet(dimension="A1:A1")


@case("merge_over_the_whole_sheet", Rejected((at("branch_duplicate", "B4"),)),
      "A3:XFD1048576 merged (17·10⁹ cells) costs nothing and makes every row the same branch")
def _(port):
    return one_sheet(merges=("A3:XFD1048576",))


@case("overlapping_and_reversed_merges", Clean({"branch": ("一支部", "二支部")}),
      "ranges Excel would never write: tolerated, no crash")
def _(port):
    return one_sheet(merges=("A3:A4", "A4:A5", "D4:C3", "E3:E3", "F9:F5"))


@case("merge_with_an_impossible_reference", Rejected((at("sheet_corrupt"),)),
      "a merge ref of ZZZZ0:A1")
def _(port):
    return one_sheet(merges=("ZZZZ0:A1",))


@case("twenty_thousand_merges_over_a_wide_header", Clean(scores=(10.0, 11.0)),
      "the header search looks up merges per cell: 20,000 merges × 1,000 columns stays fast")
def _(port):
    merges = tuple(f"{column_letter(c)}{r}:{column_letter(c)}{r}"
                   for r in range(5, 25) for c in range(0, 1000))
    rows = [[*TITLE, *[""] * 998, "stray"], HEADER] + TWO_ROWS
    return raw_workbook([(SHEET, sheet_xml(rows, merges=merges))])


@case("three_hundred_thousand_merges_beside_the_header", Clean(scores=(10.0, 11.0)),
      "merges over rows 1–20 right of a 1,000-column sheet: each header cell used to scan every "
      "merge (3·10⁸ tests, 26 s); now one index of the cells they cover")
def _(port):
    merges = tuple(f"{column_letter(c)}{r}:{column_letter(c)}{r}"
                   for r in range(1, 21) for c in range(1000, 16000))
    rows = [[*TITLE, *[""] * 998, "stray"], HEADER] + TWO_ROWS
    return raw_workbook([(SHEET, sheet_xml(rows, merges=merges))])


@case("twenty_thousand_overlapping_tall_merges", Rejected((at("sheet_merges_overlap"),)),
      "B3:B99990, B3:B99989 … each copied down the branch column: 2·10⁹ cells of work (26 s); "
      "merges that cover more cells than the sheet has are refused")
def _(port):
    merges = tuple(f"B3:B{99990 - i}" for i in range(20_000))
    return one_sheet(merges=merges, extra_rows='<row r="99990"><c r="A99990"><v>1</v></c></row>')


@case("ten_thousand_hidden_sheets", Clean(scores=(10.0, 11.0), warnings=("sheets_skipped",)),
      "hidden sheets without a branch column are skipped; the warning lists 20 names, not 10,000")
def _(port):
    sheets = [(SHEET, sheet_xml(table()))] + [(f"S{i}", sheet_xml([["x"]])) for i in range(10_000)]
    return raw_workbook(sheets, sheet_attrs={i: ' state="hidden"' for i in range(1, 10_001)})


@case("styles_with_200000_formats", Clean(scores=(10.0, 11.0)),
      "a styles part with 200,000 cell formats is parsed and ignored")
def _(port):
    xfs = "".join(f'<xf numFmtId="{i % 50}" fontId="0" fillId="0" borderId="0" xfId="0"/>'
                  for i in range(200_000))
    styles = ('<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.'
              'openxmlformats.org/spreadsheetml/2006/main">'
              f'<cellXfs count="200000">{xfs}</cellXfs></styleSheet>').encode()
    return one_sheet(members={"xl/styles.xml": styles}, rels_extra=(
        f'<Relationship Id="rIdT" Type="{_REL}styles" Target="styles.xml"/>'))


@case("formula_scan_flood", Clean(scores=(10.0, 11.0)),
      "2 MB of '<f>' in a comment, no </c> after them: the uncached-formula and error scans "
      "were quadratic (minutes); now linear")
def _(port):
    noise = _noise(400_000, 1)
    flood = "".join(f'<f>{noise[i:i + 2]} t="e"' for i in range(0, len(noise), 2))
    return one_sheet(after_data=f"<!-- {flood} -->")


# --- the zip container ------------------------------------------------------------------------

@case("zip_member_with_path_traversal", Rejected((file_level("file_member_invalid"),)),
      "../../etc/passwd inside the zip: never extracted, but the original bytes are stored and "
      "offered for download, so such a file is refused")
def _(port):
    return with_members(one_sheet(), add=[("../../etc/passwd", b"root:x:0:0::/root:/bin/sh\n")])


@case("zip_member_with_absolute_windows_path", Rejected((file_level("file_member_invalid"),)),
      "C:\\Windows\\evil.dll")
def _(port):
    return with_members(one_sheet(), add=[("C:\\Windows\\evil.dll", b"MZ")])


@case("zip_with_duplicate_member", Rejected((file_level("file_member_invalid"),)),
      "two xl/worksheets/sheet1.xml: one reader may take the first, another the last")
def _(port):
    other = sheet_xml(table([row("坏支部", 12, 8), TWO_ROWS[1]]))
    return with_members(one_sheet(), add=[("xl/worksheets/sheet1.xml", other)])


def with_header_bytes(content: bytes, member: str, patches: dict[int, bytes],
                      central: dict[int, bytes] | None = None) -> bytes:
    """``content`` with bytes overwritten in ``member``'s local header (offsets from its start)
    and in its central-directory entry."""
    zf = zipfile.ZipFile(io.BytesIO(content))
    info = zf.getinfo(member)
    out = bytearray(content)
    for offset, data in patches.items():
        out[info.header_offset + offset:info.header_offset + offset + len(data)] = data
    if central:
        entry = out.find(b"PK\x01\x02", out.find(b"PK\x01\x02"))
        while entry >= 0 and out[entry + 46:entry + 46 + len(member)] != member.encode():
            entry = out.find(b"PK\x01\x02", entry + 4)
        for offset, data in central.items():
            out[entry + offset:entry + offset + len(data)] = data
    return bytes(out)


@case("zip_local_name_differs_from_directory", Rejected((file_level("file_corrupt"),)),
      "calamine reads by the directory, Python's zipfile checks the local header too: this "
      "made sheet_members() raise BadZipFile (found by fuzzing)")
def _(port):
    return with_header_bytes(one_sheet(), "xl/workbook.xml", {30: b"X"})


@case("zip_bad_crc_of_the_workbook_part", Rejected((file_level("file_corrupt"),)),
      "a CRC-32 that does not match the data (found by fuzzing: raised BadZipFile)")
def _(port):
    return with_header_bytes(one_sheet(), "xl/workbook.xml", {14: b"\0\0\0\0"},
                             central={16: b"\0\0\0\0"})


@case("zip_needs_an_unknown_zip_version", Rejected((file_level("file_corrupt"),)),
      "'version needed to extract' 9.9: zipfile raised NotImplementedError (found by fuzzing)")
def _(port):
    return with_header_bytes(one_sheet(), "xl/workbook.xml", {4: bytes([99])},
                             central={6: bytes([99])})


@case("zip_strong_encryption_flag", Rejected((file_level("file_encrypted"),)),
      "general-purpose flag bit 6 (strong encryption) without bit 0")
def _(port):
    return with_header_bytes(one_sheet(), "xl/worksheets/sheet1.xml", {6: bytes([0x40])},
                             central={8: bytes([0x40])})


@case("empty_workbook_part", Rejected((file_level("file_corrupt"),)),
      "xl/workbook.xml of 0 bytes")
def _(port):
    return with_members(one_sheet(), replace={"xl/workbook.xml": b""})


@case("empty_sheet_part", Rejected((at("sheet_corrupt"),)), "the sheet's XML is 0 bytes")
def _(port):
    return with_members(one_sheet(), replace={"xl/worksheets/sheet1.xml": b""})


@case("sheet_relationship_pointing_outside", Rejected((at("sheet_corrupt"),)),
      "a sheet whose part is ../../../etc/passwd: resolved inside the zip only, not found")
def _(port):
    return raw_workbook([(SHEET, sheet_xml(table()))], targets=["../../../etc/passwd"])


@case("opendocument_renamed_to_xlsx", Rejected((file_level("file_not_xlsx"),)),
      "an .ods spreadsheet renamed .xlsx is a zip without xl/workbook.xml")
def _(port):
    return zip_of([("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
                   ("content.xml", b"<office:document-content/>")])


@case("csv_with_bom_renamed_to_xlsx", Rejected((file_level("file_not_xlsx"),)),
      "a CSV saved from Excel (UTF-8 BOM, Chinese) with an .xlsx name")
def _(port):
    return "\ufeff党委,支部,三会一课\n第一党委,一支部,10\n".encode()


# --- what Excel really writes and must still import -------------------------------------------

@case("sheet_and_workbook_protection", Clean(scores=(10.0, 11.0)),
      "protection (not encryption) only stops editing in Excel; the values are there")
def _(port):
    return one_sheet(
        after_data='<sheetProtection sheet="1" objects="1" scenarios="1" password="CC3D"/>',
        workbook_extra='<workbookProtection lockStructure="1" workbookPassword="CC3D"/>')


@case("chart_and_image", Clean(scores=(8.0,) * 2), "a chart and a picture beside the table")
def _(port):
    return _chart_and_image()


@case("sheet_names_with_quotes_ampersand_and_angle_brackets",
      Rejected((at("formula_no_value", "C3", "党建'考核&<a>\"x\""),)),
      "the sheet name as written in workbook.xml (escaped, with a raw '>') must match calamine's, "
      "or the uncached-formula check silently misses the sheet")
def _(port):
    name = "党建'考核&<a>\"x\""
    rows = table([row(c=Xml("<f>1+1</f>")), TWO_ROWS[1]])
    return raw_workbook([(name, sheet_xml(rows))],
                        names_xml=["党建&apos;考核&amp;&lt;a>&quot;x&quot;"])


@case("sheet_name_over_31_chars_with_emoji", Clean({"sheet": ("党建考核" + "🚩" * 40,) * 2}),
      "Excel caps names at 31 characters; a file may not")
def _(port):
    return raw_workbook([("党建考核" + "🚩" * 40, sheet_xml(table()))])


@case("two_sheets_with_the_same_name", Rejected((at("sheet_name_duplicate"),)),
      "workbook.xml names two sheets 党建考核: calamine would read the first twice (and comparing "
      "the two crashed the duplicate check)")
def _(port):
    return raw_workbook([(SHEET, sheet_xml(table())), (SHEET, sheet_xml(table()))])


def _chart_and_image() -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    ws = book.add_worksheet(SHEET)
    for r, values in enumerate(table([row(c=8), row("二支部", c=8)])):
        ws.write_row(r, 0, values)
    chart = book.add_chart({"type": "column"})
    chart.add_series({"values": f"='{SHEET}'!$C$3:$C$4"})
    ws.insert_chart("H2", chart)
    ws.insert_image("H20", "logo.png", {"image_data": io.BytesIO(_PNG)})
    book.close()
    return out.getvalue()


# A 1×1 PNG.
_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
