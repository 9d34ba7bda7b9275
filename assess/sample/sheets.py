"""Writing one table in a given real-world layout (SPEC §4): title and group rows, full marks in
the header, a 满分 row or only the catalog, merged or blank-filled committee cells, totals,
summary rows, footnotes and messy cells; with openpyxl or xlsxwriter.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from assess.indicators import BUSINESS, DEFAULT_INDICATORS, PARTY, Indicator, of_category
from assess.sample.simulate import Branch, Entry


# --- layouts -----------------------------------------------------------------------------------
# Every file below must import cleanly per SPEC §4; each exercises some of its real-world quirks.


@dataclass(frozen=True)
class Layout:
    """How one category table is laid out on a sheet."""

    title: str | None = None
    title_merged: bool = True  # merged over the whole width; else in A1, followed by a blank row
    groups: tuple[str, ...] = ("dimension",)  # group rows above the header: category, dimension
    marks: str = "suffix"  # suffix | suffix_fw | suffix_nl | row_满分 | row_分值 | catalog
    committee: str = "merge"  # merge | fill (written once, blank below) | repeat
    general: str = "merge"  # merge | repeat
    serial: bool = False  # a 序号 column
    quarter_column: str | None = None  # header of a quarter column
    total: str | None = None  # total column = Σ applicable scores, after the indicators
    adjusted_total: str | None = None  # total column = Σ + bonus − deduction, after 扣分
    formulas: bool = False  # totals as formulas with cached values (xlsxwriter only)
    summary: str | None = None  # a summary row (合计 / 平均 / 总计) under the table
    subtotals: bool = False  # a 小计 row after each committee's branches
    footnotes: tuple[str, ...] = ()
    na: str = "不适用"
    no_veto: str = ""  # what stands in 否决事项 when there is none
    zero_blank: bool = True  # bonus/deduction 0 left blank (else 0 written)
    messy: int = 0  # score cells written as text / full-width digits / with 分 / padded
    headers: tuple[tuple[str, str], ...] = ()  # header aliases: committee, general, branch, …


_HEADER_DEFAULTS = {"serial": "序号", "committee": "党委", "general": "总支", "branch": "支部",
                    "bonus": "加分", "deduction": "扣分", "veto": "否决事项", "note": "备注"}
_CATEGORY_GROUP = {PARTY: "党建工作(100分)", BUSINESS: "经营业绩(100分)"}
_CATEGORY_SHORT = {PARTY: "党建", BUSINESS: "业务"}


@dataclass
class Formula:
    """A formula with the value Excel would have cached for it."""

    text: str
    value: float


@dataclass
class SheetModel:
    """Cells (1-based row, column) → value, merges and a little formatting, for either writer."""

    name: str
    cells: dict = field(default_factory=dict)
    merges: list = field(default_factory=list)
    bold_rows: set = field(default_factory=set)
    widths: dict = field(default_factory=dict)
    freeze: tuple[int, int] | None = None

    def put(self, row: int, col: int, value) -> None:
        if value is not None and value != "":
            self.cells[(row, col)] = value

    def merge(self, r1: int, c1: int, r2: int, c2: int) -> None:
        if (r1, c1) != (r2, c2):
            self.merges.append((r1, c1, r2, c2))


@dataclass
class _Col:
    # serial committee general branch quarter score total bonus deduction adjusted veto note
    kind: str
    header: str
    category: str | None = None
    indicator: Indicator | None = None


def _columns(layout: Layout, categories: tuple[str, ...]) -> list[_Col]:
    names = {**_HEADER_DEFAULTS, **dict(layout.headers)}
    cols = [_Col("serial", names["serial"])] if layout.serial else []
    cols += [_Col(k, names[k]) for k in ("committee", "general", "branch")]
    if layout.quarter_column:
        cols.append(_Col("quarter", layout.quarter_column))
    combined = len(categories) > 1
    for cat in categories:
        for ind in of_category(cat):
            mark = f"{ind.full_mark:g}"
            header = {"suffix": f"{ind.name}({mark}分)", "suffix_fw": f"{ind.name}（{mark}分）",
                      "suffix_nl": f"{ind.name}\n({mark}分)"}  # wrapped with Alt+Enter
            cols.append(_Col("score", header.get(layout.marks, ind.name), cat, ind))
        prefix = _CATEGORY_SHORT[cat] if combined else ""
        if layout.total:
            cols.append(_Col("total", prefix + layout.total, cat))
        cols += [_Col("bonus", names["bonus"], cat), _Col("deduction", names["deduction"], cat)]
        if layout.adjusted_total:
            cols.append(_Col("adjusted", prefix + layout.adjusted_total, cat))
    # In a combined sheet 否决事项 and 备注 stand outside both categories; the sample leaves them
    # empty there (COMBINED_QUARTER has no veto or note) because their category is ambiguous.
    cols += [_Col("veto", names["veto"]), _Col("note", names["note"])]
    return cols


def _runs(values: list) -> list[tuple[int, int, object]]:
    """Consecutive runs of equal values: [(start, end inclusive, value)]."""
    runs = []
    for i, v in enumerate(values):
        if runs and runs[-1][2] == v:
            runs[-1] = (runs[-1][0], i, v)
        else:
            runs.append((i, i, v))
    return runs


def write_table(sheet: SheetModel, layout: Layout, quarter: str, rows: list[dict[str, Entry]],
           categories: tuple[str, ...], rng: random.Random) -> None:
    """Lay out one table on ``sheet``; ``rows`` maps category → entry for each branch."""
    cols = _columns(layout, categories)
    at = {id(c): i + 1 for i, c in enumerate(cols)}
    col_of = {c.kind: at[id(c)] for c in cols}
    r = _heading(sheet, layout, cols, at, categories)
    sheet.freeze = (r, col_of["branch"] + 1)
    branches = [next(iter(row.values())).branch for row in rows]
    row_of = []  # sheet row of each data row
    for i, row in enumerate(rows):
        row_of.append(r)
        _data_row(sheet, layout, quarter, cols, at, r, i, row, branches[i - 1] if i else None)
        r += 1
        ends_committee = i + 1 == len(rows) or branches[i + 1].committee != branches[i].committee
        if layout.subtotals and ends_committee:
            mine = [rr for rr, b in zip(row_of, branches) if b.committee == branches[i].committee]
            _summary_row(sheet, "小计", cols, at, mine, r, label_col=col_of["branch"])
            r += 1
    _merge_down(sheet, layout, branches, row_of, col_of)
    if layout.messy:
        _mess_up(sheet, cols, at, row_of, layout.messy, rng)
    if layout.summary:
        _summary_row(sheet, layout.summary, cols, at, row_of, r)
        r += 1
    for k, note in enumerate(layout.footnotes):  # after one blank row
        sheet.put(r + 1 + k, 1, note)
    widths = {"serial": 6, "committee": 14, "general": 16, "branch": 22, "quarter": 10,
              "veto": 24, "note": 22}
    for c in cols:
        sheet.widths[at[id(c)]] = widths.get(c.kind, 11)


def _heading(sheet: SheetModel, layout: Layout, cols: list[_Col], at: dict,
             categories: tuple[str, ...]) -> int:
    """Title, group rows, header and 满分/分值 row; returns the first data row."""
    r = 1
    if layout.title:
        sheet.put(r, 1, layout.title)
        if layout.title_merged:
            sheet.merge(r, 1, r, len(cols))
            r += 1
        else:
            r += 2
    for group in layout.groups:
        if group == "category":
            for cat in categories:
                span = [at[id(c)] for c in cols if c.category == cat]
                sheet.put(r, span[0], _CATEGORY_GROUP[cat])
                sheet.merge(r, span[0], r, span[-1])
        else:
            for start, end, dim in _runs([(c.category, c.indicator.dimension) if c.indicator
                                          else None for c in cols]):
                if dim is not None and dim[1]:
                    sheet.put(r, start + 1, dim[1])
                    sheet.merge(r, start + 1, r, end + 1)
        sheet.bold_rows.add(r)
        r += 1
    for c in cols:
        sheet.put(r, at[id(c)], c.header)
    sheet.bold_rows.add(r)
    r += 1
    if layout.marks.startswith("row_"):
        _marks_row(sheet, layout.marks[4:], cols, at, r)
        r += 1
    return r


def _marks_row(sheet: SheetModel, label: str, cols: list[_Col], at: dict, r: int) -> None:
    """A 满分 row (label merged over committee…branch) or 分值 row (label in the branch cell)."""
    col_of = {c.kind: at[id(c)] for c in cols}
    if label == "满分":
        sheet.put(r, col_of["committee"], label)
        sheet.merge(r, col_of["committee"], r, col_of["branch"])
    else:
        sheet.put(r, col_of["branch"], label)
    for c in cols:
        if c.kind == "score":
            sheet.put(r, at[id(c)], c.indicator.full_mark)
        elif c.kind == "total":
            sheet.put(r, at[id(c)], sum(i.full_mark for i in of_category(c.category)))


def _merge_down(sheet: SheetModel, layout: Layout, branches: list[Branch], row_of: list[int],
                col_of: dict) -> None:
    """Merge committee and general-branch cells over their branches where the layout says so
    (``row_of``: the sheet row of each branch; a committee's rows are consecutive)."""
    if layout.committee == "merge":
        for start, end, _ in _runs([b.committee for b in branches]):
            sheet.merge(row_of[start], col_of["committee"], row_of[end], col_of["committee"])
    if layout.general == "merge":
        for start, end, general in _runs([(b.committee, b.general_branch) for b in branches]):
            if general[1]:
                sheet.merge(row_of[start], col_of["general"], row_of[end], col_of["general"])


def _data_row(sheet: SheetModel, layout: Layout, quarter: str, cols: list[_Col], at: dict,
              r: int, index: int, row: dict[str, Entry], prev: Branch | None) -> None:
    branch = next(iter(row.values())).branch
    for c in cols:
        col = at[id(c)]
        e = row.get(c.category) if c.category else None
        if c.kind == "serial":
            sheet.put(r, col, index + 1)
        elif c.kind == "committee":
            if layout.committee == "repeat" or prev is None or prev.committee != branch.committee:
                sheet.put(r, col, branch.committee)
        elif c.kind == "general":
            same_run = prev is not None and (prev.committee, prev.general_branch) == (
                branch.committee, branch.general_branch)
            if branch.general_branch and (layout.general == "repeat" or not same_run):
                sheet.put(r, col, branch.general_branch)
        elif c.kind == "branch":
            sheet.put(r, col, branch.name)
        elif c.kind == "quarter":
            sheet.put(r, col, quarter)
        elif c.kind == "score":
            v = e.scores[c.indicator.name]
            sheet.put(r, col, layout.na if v is None else v)
        elif c.kind in ("total", "adjusted"):
            total = _applicable_sum(e)
            if c.kind == "adjusted":
                total += e.bonus - e.deduction
            total = round(total, 2)
            if layout.formulas:
                letter = get_column_letter
                span = [at[id(x)] for x in cols if x.kind == "score" and x.category == c.category]
                text = f"SUM({letter(span[0])}{r}:{letter(span[-1])}{r})"
                if c.kind == "adjusted":
                    text += (f"+{letter(_col_of(cols, at, 'bonus', c.category))}{r}"
                             f"-{letter(_col_of(cols, at, 'deduction', c.category))}{r}")
                sheet.put(r, col, Formula("=" + text, total))
            else:
                sheet.put(r, col, total)
        elif c.kind in ("bonus", "deduction"):
            v = getattr(e, c.kind)
            sheet.put(r, col, v if v or not layout.zero_blank else None)
        elif c.kind == "veto":
            sheet.put(r, col, _category_text(row, "veto") or layout.no_veto)
        elif c.kind == "note":
            sheet.put(r, col, _category_text(row, "note"))


def _col_of(cols: list[_Col], at: dict, kind: str, category: str) -> int:
    return next(at[id(c)] for c in cols if c.kind == kind and c.category == category)


def _category_text(row: dict[str, Entry], attr: str) -> str | None:
    values = [getattr(e, attr) for e in row.values() if getattr(e, attr)]
    if len(row) > 1 and values:
        raise ValueError("a combined sheet cannot say which category a veto or note belongs to")
    return values[0] if values else None


def _applicable_sum(e: Entry) -> float:
    return sum(v for v in e.scores.values() if v is not None)


def _summary_row(sheet: SheetModel, label: str, cols: list[_Col], at: dict, rows: list[int],
                 r: int, label_col: int | None = None) -> None:
    """A 合计/总计/小计 (sums) or 平均 (means) row at ``r`` over the data rows ``rows``; the label
    stands in ``label_col``, else merged over the committee…branch cells."""
    if label_col:
        sheet.put(r, label_col, label)
    else:
        committee = next(at[id(c)] for c in cols if c.kind == "committee")
        branch = next(at[id(c)] for c in cols if c.kind == "branch")
        sheet.put(r, committee, label)
        sheet.merge(r, committee, r, branch)
    for c in cols:
        if c.kind not in ("score", "total", "bonus", "deduction", "adjusted"):
            continue
        values = [_number(sheet.cells.get((rr, at[id(c)]))) for rr in rows]
        values = [v for v in values if v is not None]
        if values:
            sheet.put(r, at[id(c)], round(sum(values) / len(values), 2) if label == "平均"
                      else round(sum(values), 1))


def _number(value) -> float | None:
    if isinstance(value, Formula):
        return value.value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        text = value.translate(_FULL_TO_ASCII).replace("分", "").strip()
        try:
            return float(text)
        except ValueError:
            return None
    return None


_ASCII_TO_FULL = str.maketrans("0123456789", "０１２３４５６７８９")
_FULL_TO_ASCII = str.maketrans("０１２３４５６７８９", "0123456789")


def _mess_up(sheet: SheetModel, cols: list[_Col], at: dict, rows: list[int], count: int,
             rng: random.Random) -> None:
    """Rewrite ``count`` numeric score cells the way people type them: as text, with full-width
    digits, with a trailing 分, padded with spaces. Their values do not change."""
    score_cols = [at[id(c)] for c in cols if c.kind == "score"]
    cells = sorted((r, c) for r in rows for c in score_cols
                   if isinstance(sheet.cells.get((r, c)), float))
    styles = (lambda s: s, lambda s: s.translate(_ASCII_TO_FULL), lambda s: s + "分",
              lambda s: f" {s} ")
    for k, cell in enumerate(rng.sample(cells, count)):
        sheet.cells[cell] = styles[k % len(styles)](f"{sheet.cells[cell]:g}")


def catalog_sheet(categories: tuple[str, ...]) -> SheetModel:
    sheet = SheetModel("指标说明")
    for c, h in enumerate(("类别", "维度", "指标", "满分", "说明"), start=1):
        sheet.put(1, c, h)
    sheet.bold_rows.add(1)
    r = 2
    for ind in DEFAULT_INDICATORS:
        if ind.category in categories:
            for c, v in enumerate((_CATEGORY_SHORT[ind.category], ind.dimension, ind.name,
                                   ind.full_mark, ind.description), start=1):
                sheet.put(r, c, v)
            r += 1
    sheet.widths.update({1: 8, 2: 12, 3: 12, 4: 8, 5: 60})
    return sheet


# --- writers -----------------------------------------------------------------------------------


def openpyxl_bytes(sheets: list[SheetModel]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from assess.template import workbook_bytes

    wb = Workbook()
    wb.remove(wb.active)
    for model in sheets:
        ws = wb.create_sheet(model.name)
        for (r, c), v in sorted(model.cells.items()):
            ws.cell(r, c, v.value if isinstance(v, Formula) else v)
        for r1, c1, r2, c2 in model.merges:
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
        for r in model.bold_rows:
            for (rr, c) in model.cells:
                if rr == r:
                    ws.cell(r, c).font = Font(bold=True)
                    ws.cell(r, c).alignment = Alignment(horizontal="center", wrap_text=True)
        for c, w in model.widths.items():
            ws.column_dimensions[get_column_letter(c)].width = w
        if model.freeze:
            ws.freeze_panes = ws.cell(*model.freeze)
    return workbook_bytes(wb)


def xlsxwriter_bytes(sheets: list[SheetModel]) -> bytes:
    """Like an Excel-saved file: formulas carry their cached values."""
    import io

    import xlsxwriter

    from assess.template import FIXED_TIME

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.set_properties({"created": FIXED_TIME, "author": "assess"})
    bold = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True})
    plain = wb.add_format({"valign": "vcenter"})
    for model in sheets:
        ws = wb.add_worksheet(model.name)
        covered = set()
        for r1, c1, r2, c2 in model.merges:
            covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
            fmt = bold if r1 in model.bold_rows else plain
            value = model.cells.get((r1, c1), "")
            ws.merge_range(r1 - 1, c1 - 1, r2 - 1, c2 - 1, "", fmt)
            _xlsx_write(ws, r1, c1, value, fmt)
        for (r, c), v in sorted(model.cells.items()):
            if (r, c) not in covered:
                _xlsx_write(ws, r, c, v, bold if r in model.bold_rows else None)
        for c, w in model.widths.items():
            ws.set_column(c - 1, c - 1, w)
        if model.freeze:
            ws.freeze_panes(model.freeze[0] - 1, model.freeze[1] - 1)
    wb.close()
    return buf.getvalue()


def _xlsx_write(ws, r: int, c: int, v, fmt) -> None:
    if isinstance(v, Formula):
        ws.write_formula(r - 1, c - 1, v.text, fmt, v.value)
    elif isinstance(v, str):
        ws.write_string(r - 1, c - 1, v, fmt)
    elif isinstance(v, (int, float)):
        ws.write_number(r - 1, c - 1, v, fmt)
    elif fmt is not None:
        ws.write_blank(r - 1, c - 1, None, fmt)
