"""Build assessment workbooks (xlsx bytes) in any layout SPEC §4 tolerates, for tests.

Start from the defaults and override what a test is about::

    spec = SheetSpec(committee_fill="blank", full_marks_in="row")
    content = build_workbook([spec])
    plan = plan_sheet(spec)
    plan.cell(0, "三会一课")        # → "H5", where the first branch's 三会一课 score is

``SheetSpec`` describes one sheet (title, group rows, where full marks are, how the committee is
filled down, where the quarter is, extra columns, raw cell overrides, formulas with or without a
cached value); ``build_workbook`` writes the sheets plus the optional 指标说明 / 填表说明 sheets.
Cell values in ``Row`` are written as given, so a test can put "８分", "不适用" or "" anywhere.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

PARTY, BUSINESS = "party", "business"
CATEGORY_LABEL = {PARTY: "党建", BUSINESS: "业务"}


@dataclass(frozen=True)
class Indicator:
    name: str
    full_mark: float
    category: str = PARTY
    dimension: str | None = None


PARTY_INDICATORS = [
    Indicator("组织设置", 8, PARTY, "基本组织"), Indicator("班子建设", 7, PARTY, "基本组织"),
    Indicator("党员发展", 10, PARTY, "基本队伍"), Indicator("教育培训", 10, PARTY, "基本队伍"),
    Indicator("三会一课", 12, PARTY, "基本活动"), Indicator("主题党日", 8, PARTY, "基本活动"),
    Indicator("先锋攻坚", 12, PARTY, "基本作用"), Indicator("群众满意", 8, PARTY, "基本作用"),
    Indicator("制度执行", 15, PARTY, "基本制度"), Indicator("阵地经费", 10, PARTY, "基本保障"),
]
BUSINESS_INDICATORS = [
    Indicator("利润完成", 30, BUSINESS, "经营效益"), Indicator("收入完成", 20, BUSINESS, "经营效益"),
    Indicator("成本控制", 15, BUSINESS, "成本控制"), Indicator("安全生产", 15, BUSINESS, "安全生产"),
    Indicator("重点任务", 10, BUSINESS, "重点任务"), Indicator("质量服务", 10, BUSINESS, "质量服务"),
]
ALL_INDICATORS = PARTY_INDICATORS + BUSINESS_INDICATORS

DEFAULT_LABELS = {
    "seq": "序号", "committee": "党委", "general_branch": "总支", "branch": "支部",
    "quarter": "季度", "bonus": "加分", "deduction": "扣分", "total": "合计",
    "veto": "否决事项", "note": "备注",
}


@dataclass
class Row:
    """One branch row. ``scores`` maps indicator name → cell value (missing: 80 % of the mark).

    ``bonus``, ``deduction`` and ``total`` are a value, or {category: value} in a combined sheet;
    ``total=None`` with a total column writes the row's sum. ``quarter`` overrides the sheet's in a
    quarter column.
    """

    committee: str
    branch: str
    scores: dict[str, Any] = field(default_factory=dict)
    general_branch: str | None = None
    bonus: Any = None
    deduction: Any = None
    total: Any = None
    veto: Any = None
    note: Any = None
    quarter: Any = None


def default_rows(n: int = 4, committees: tuple[str, ...] = ("第一党委", "第二党委")) -> list[Row]:
    """``n`` rows spread over ``committees`` in runs (so fill-down and merges have work to do)."""
    per = max(1, -(-n // len(committees)))
    return [Row(committees[min(i // per, len(committees) - 1)], f"第{i + 1}党支部") for i in range(n)]


@dataclass
class SheetSpec:
    """One data sheet. Every field has a default matching the template (SPEC §4)."""

    name: str = "党建考核"
    indicators: list[Indicator] = field(default_factory=lambda: list(PARTY_INDICATORS))
    rows: list[Row] = field(default_factory=default_rows)
    quarter: str = "2025Q3"
    title: str | None = "XX公司{year}年第{cn}季度党支部考核表"  # {year}/{cn} filled from quarter
    title_merged: bool = True
    quarter_in: str | None = "title"  # "title" | "column" | None (file name / hint)
    group_rows: tuple[str, ...] = ("dimension",)  # top to bottom: "category" and/or "dimension"
    full_marks_in: str | None = "header"  # "header" | "header_fullwidth" | "row" | "catalog" | None
    committee_fill: str = "merge"  # "merge" | "blank" | "repeat"
    general_fill: str = "merge"  # "merge" | "repeat"
    with_seq: bool = False
    with_general: bool = True
    with_bonus: bool = True
    with_deduction: bool = True
    with_total: bool = False
    with_veto: bool = True
    with_note: bool = True
    labels: dict[str, str] = field(default_factory=dict)  # header label overrides by role
    blank_rows_before: int = 0
    footnotes: list[str] = field(default_factory=list)
    summary_row: bool = False
    cells: dict[str, Any] = field(default_factory=dict)  # raw overrides, applied last
    # a1 → (formula, cached value or None for a formula saved without one)
    formulas: dict[str, tuple[str, Any]] = field(default_factory=dict)
    merges: list[str] = field(default_factory=list)  # extra merged ranges
    # issue 13's layouts: no committee column (one sheet per committee, named for it); hidden
    # columns (letters, e.g. from add_helper_column) and hidden data rows (0-based indices)
    with_committee: bool = True
    hidden_columns: tuple[str, ...] = ()
    hidden_rows: tuple[int, ...] = ()

    def label(self, role: str) -> str:
        return self.labels.get(role, DEFAULT_LABELS[role])

    def categories(self) -> list[str]:
        return list(dict.fromkeys(i.category for i in self.indicators))


@dataclass
class SheetPlan:
    """Where things are in a built sheet: 1-based rows, column letters by key."""

    title_row: int | None
    group_rows: dict[str, int]
    header_row: int
    marks_row: int | None
    first_data_row: int
    columns: dict[Any, str]  # role | indicator name | (role, category) → letter

    def cell(self, row_index: int, key: Any) -> str:
        """The A1 cell of data row ``row_index`` (0-based) in column ``key``."""
        return f"{self.columns[key]}{self.first_data_row + row_index}"

    def header(self, key: Any) -> str:
        return f"{self.columns[key]}{self.header_row}"


_CN = {1: "一", 2: "二", 3: "三", 4: "四"}


def plan_sheet(spec: SheetSpec) -> SheetPlan:
    """The positions ``build_workbook`` will use for ``spec``."""
    keys: list[Any] = []
    if spec.with_seq:
        keys.append("seq")
    if spec.with_committee:
        keys.append("committee")
    if spec.with_general:
        keys.append("general_branch")
    keys.append("branch")
    if spec.quarter_in == "column":
        keys.append("quarter")
    combined = len(spec.categories()) > 1
    for category in spec.categories():
        keys += [i.name for i in spec.indicators if i.category == category]
        for role, wanted in (("bonus", spec.with_bonus), ("deduction", spec.with_deduction),
                             ("total", spec.with_total)):
            if wanted:
                keys.append((role, category) if combined else role)
    if spec.with_veto:
        keys.append("veto")
    if spec.with_note:
        keys.append("note")
    columns = {key: get_column_letter(i + 1) for i, key in enumerate(keys)}
    if not combined:  # (role, category) works for single-category sheets too
        category = spec.categories()[0]
        columns.update({(r, category): columns[r] for r in ("bonus", "deduction", "total")
                        if r in columns})
    row = spec.blank_rows_before + 1
    title_row = None
    if spec.title:
        title_row, row = row, row + 1
    group_rows = {}
    for kind in spec.group_rows:
        group_rows[kind], row = row, row + 1
    header_row, row = row, row + 1
    marks_row = None
    if spec.full_marks_in == "row":
        marks_row, row = row, row + 1
    return SheetPlan(title_row, group_rows, header_row, marks_row, row, columns)


def build_workbook(sheets: list[SheetSpec] | None = None, *, catalog: bool | None = None,
                   catalog_marks: dict[str, float] | None = None, instructions: bool = False,
                   extra_sheets: dict[str, list[list[Any]]] | None = None) -> bytes:
    """The xlsx bytes of ``sheets`` (default: one template-like 党建考核 sheet).

    ``catalog``: write the 指标说明 sheet (default: when a sheet keeps its marks there);
    ``catalog_marks`` overrides marks in it by indicator name. ``instructions`` adds 填表说明;
    ``extra_sheets`` adds sheets from plain rows.
    """
    sheets = sheets if sheets is not None else [SheetSpec()]
    book = Workbook()
    book.remove(book.active)
    formulas: dict[str, dict[str, Any]] = {}
    for spec in sheets:
        _write_sheet(book.create_sheet(spec.name), spec)
        formulas[spec.name] = {a1: cached for a1, (_, cached) in spec.formulas.items()}
    if catalog is None:
        catalog = any(s.full_marks_in == "catalog" for s in sheets)
    if catalog:
        ws = book.create_sheet("指标说明")
        ws.append(["类别", "维度", "指标", "满分", "说明"])
        seen = set()
        for spec in sheets:
            for ind in spec.indicators:
                if (ind.category, ind.name) in seen:
                    continue
                seen.add((ind.category, ind.name))
                mark = (catalog_marks or {}).get(ind.name, ind.full_mark)
                ws.append([CATEGORY_LABEL[ind.category], ind.dimension, ind.name, mark, ""])
    if instructions:
        ws = book.create_sheet("填表说明")
        ws.append(["填表说明"])
        ws.append(["1. 得分不得超过满分；不考核的项目填写“不适用”。"])
    for name, rows in (extra_sheets or {}).items():
        ws = book.create_sheet(name)
        for r in rows:
            ws.append(r)
    out = io.BytesIO()
    book.save(out)
    content = out.getvalue()
    if any(formulas.values()):
        content = _set_cached_values(content, [s.name for s in sheets], formulas)
    return content


def _write_sheet(ws, spec: SheetSpec) -> None:
    plan = plan_sheet(spec)
    last = get_column_letter(max(_col_index(v) for v in plan.columns.values()))
    year, q = spec.quarter[:4], int(spec.quarter[-1])
    if plan.title_row:
        text = spec.title.format(year=year, cn=_CN[q]) if spec.quarter_in == "title" else \
            re.sub(r"\{year\}年第\{cn\}季度", "", spec.title)
        ws[f"A{plan.title_row}"] = text
        if spec.title_merged:
            ws.merge_cells(f"A{plan.title_row}:{last}{plan.title_row}")
    for kind, r in plan.group_rows.items():
        _write_group_row(ws, spec, plan, kind, r)
    by_name = {i.name: i for i in spec.indicators}
    for key, letter in plan.columns.items():
        if isinstance(key, tuple):
            continue
        ind = by_name.get(key)
        if ind is None:
            text = spec.label(key)
        elif spec.full_marks_in == "header":
            text = f"{ind.name}({_num(ind.full_mark)}分)"
        elif spec.full_marks_in == "header_fullwidth":
            text = f"{ind.name}（{_num(ind.full_mark)}分）"
        else:
            text = ind.name
        ws[f"{letter}{plan.header_row}"] = text
    combined = len(spec.categories()) > 1
    if combined:
        for key, letter in plan.columns.items():
            if isinstance(key, tuple):
                ws[f"{letter}{plan.header_row}"] = spec.label(key[0])
    if plan.marks_row:
        ws[f"{plan.columns['branch']}{plan.marks_row}"] = "满分"
        for ind in spec.indicators:
            ws[f"{plan.columns[ind.name]}{plan.marks_row}"] = ind.full_mark
    _write_rows(ws, spec, plan)
    end = plan.first_data_row + len(spec.rows)
    if spec.summary_row:
        ws[f"{plan.columns['branch']}{end}"] = "合计"
        for ind in spec.indicators:
            ws[f"{plan.columns[ind.name]}{end}"] = sum(
                _as_float(r.scores.get(ind.name, _default(ind))) for r in spec.rows)
        end += 1
    for i, text in enumerate(spec.footnotes):
        ws[f"A{end + 1 + i}"] = text
    for rng in spec.merges:
        ws.merge_cells(rng)
    for a1, value in spec.cells.items():
        ws[a1] = value
    for a1, (formula, _) in spec.formulas.items():
        ws[a1] = formula if formula.startswith("=") else f"={formula}"
    for letter in spec.hidden_columns:
        ws.column_dimensions[letter].hidden = True
    for i in spec.hidden_rows:
        ws.row_dimensions[plan.first_data_row + i].hidden = True


def _write_group_row(ws, spec: SheetSpec, plan: SheetPlan, kind: str, r: int) -> None:
    spans: list[tuple[str, list[str]]] = []  # (label, letters)
    if kind == "category":
        for category in spec.categories():
            letters = [plan.columns[i.name] for i in spec.indicators if i.category == category]
            letters += [v for k, v in plan.columns.items()
                        if isinstance(k, tuple) and k[1] == category]
            spans.append((CATEGORY_LABEL[category], sorted(set(letters), key=_col_index)))
    else:
        for ind in spec.indicators:
            if ind.dimension is None:
                continue
            letter = plan.columns[ind.name]
            if spans and spans[-1][0] == ind.dimension and \
                    _col_index(spans[-1][1][-1]) + 1 == _col_index(letter):
                spans[-1][1].append(letter)
            else:
                spans.append((ind.dimension, [letter]))
    for label, letters in spans:
        ws[f"{letters[0]}{r}"] = label
        if len(letters) > 1:
            ws.merge_cells(f"{letters[0]}{r}:{letters[-1]}{r}")


def _write_rows(ws, spec: SheetSpec, plan: SheetPlan) -> None:
    cols = plan.columns
    previous: dict[str, Any] = {}
    runs: dict[str, list[tuple[int, int]]] = {"committee": [], "general_branch": []}
    for i, row in enumerate(spec.rows):
        r = plan.first_data_row + i
        for role, value in (("committee", row.committee), ("general_branch", row.general_branch)):
            if role not in cols:
                continue
            fill = spec.committee_fill if role == "committee" else spec.general_fill
            same = i > 0 and previous.get(role) == value and value is not None
            if same and fill in ("merge", "blank") and runs[role]:
                runs[role][-1] = (runs[role][-1][0], r)
            else:
                if value is not None:
                    ws[f"{cols[role]}{r}"] = value
                runs[role].append((r, r))
            if fill == "repeat" and value is not None:
                ws[f"{cols[role]}{r}"] = value
            previous[role] = value
        ws[f"{cols['branch']}{r}"] = row.branch
        if "seq" in cols:
            ws[f"{cols['seq']}{r}"] = i + 1
        if "quarter" in cols:
            ws[f"{cols['quarter']}{r}"] = row.quarter if row.quarter is not None else spec.quarter
        for ind in spec.indicators:
            value = row.scores.get(ind.name, _default(ind))
            if value is not None:
                ws[f"{cols[ind.name]}{r}"] = value
        for category in spec.categories():
            for role in ("bonus", "deduction", "total"):
                key = (role, category)
                if key not in cols:
                    continue
                value = _per_category(getattr(row, role), category)
                if role == "total" and value is None:
                    value = sum(_as_float(row.scores.get(i.name, _default(i)))
                                for i in spec.indicators if i.category == category)
                if value is not None:
                    ws[f"{cols[key]}{r}"] = value
        for role in ("veto", "note"):
            value = getattr(row, role)
            if role in cols and value is not None:
                ws[f"{cols[role]}{r}"] = value
    for role, fill in (("committee", spec.committee_fill), ("general_branch", spec.general_fill)):
        if fill == "merge" and role in cols:
            for start, end in runs[role]:
                if end > start:
                    ws.merge_cells(f"{cols[role]}{start}:{cols[role]}{end}")


def _set_cached_values(content: bytes, names: list[str], formulas: dict[str, dict[str, Any]]
                       ) -> bytes:
    """Put cached values into openpyxl's formula cells (openpyxl never writes them)."""
    zin = zipfile.ZipFile(io.BytesIO(content))
    members = {name: f"xl/worksheets/sheet{i + 1}.xml" for i, name in enumerate(names)}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            for name, member in members.items():
                if item.filename != member:
                    continue
                xml = data.decode()
                for a1, cached in formulas[name].items():
                    if cached is None:
                        continue
                    pattern = re.compile(
                        rf'(<c r="{a1}"[^>]*?)(?: t="\w+")?(>\s*<f>.*?</f>)\s*(?:<v\s*/>|<v></v>)')
                    typ = "" if isinstance(cached, (int, float)) else ' t="str"'
                    xml = pattern.sub(
                        lambda m: f"{m.group(1)}{typ}{m.group(2)}<v>{cached}</v>", xml)
                data = xml.encode()
            zout.writestr(item, data)
    return out.getvalue()


def _per_category(value: Any, category: str) -> Any:
    return value.get(category) if isinstance(value, dict) else value


def _default(ind: Indicator) -> float:
    return round(ind.full_mark * 0.8, 1)


def _as_float(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _col_index(letter: str) -> int:
    n = 0
    for ch in letter:
        n = n * 26 + ord(ch) - 64
    return n



# ---------------------------------------------------------------- issue 13's layouts

def add_helper_column(spec: SheetSpec, header: str, values: list[Any] | None = None, *,
                      formula: str | None = None, cached: Any = None, hidden: bool = True) -> str:
    """Add a column right of ``spec``'s table (an internal code, a helper formula): ``header``,
    then per row ``values[i]`` or, with ``formula`` (``{r}`` is the row number), that formula
    with ``cached`` as its saved value (None: saved without one). Hidden unless told; returns
    its letter."""
    plan = plan_sheet(spec)
    last = max(_col_index(v) for v in plan.columns.values())
    helpers = {_col_index(re.sub(r"\d", "", a1)) for a1 in spec.cells
               if re.fullmatch(rf"[A-Z]+{plan.header_row}", a1)} - set(range(last + 1))
    letter = get_column_letter(max([last, *helpers]) + 1)
    spec.cells[f"{letter}{plan.header_row}"] = header
    for i in range(len(spec.rows)):
        a1 = f"{letter}{plan.first_data_row + i}"
        if formula is not None:
            spec.formulas[a1] = (formula.format(r=plan.first_data_row + i), cached)
        elif values is not None:
            spec.cells[a1] = values[i]
    if hidden:
        spec.hidden_columns = (*spec.hidden_columns, letter)
    return letter


def lookup_scores(spec: SheetSpec, indicator: str, sheet: str = "群众测评") -> list[list[Any]]:
    """Make ``indicator``'s cells of ``spec`` formulas that look the score up by branch from a
    reference sheet (``=VLOOKUP(C4,群众测评!$A:$B,2,FALSE)``, cached values saved as Excel does);
    returns that sheet's rows (``支部 | indicator``) for ``build_workbook(extra_sheets=…)``."""
    plan = plan_sheet(spec)
    ref = f"'{sheet}'" if re.search(r"[\s'!]", sheet) else sheet
    by_name = {i.name: i for i in spec.indicators}
    rows: list[list[Any]] = [["支部", indicator]]
    for i, row in enumerate(spec.rows):
        value = row.scores.get(indicator, _default(by_name[indicator]))
        branch_cell = plan.cell(i, "branch")
        spec.formulas[plan.cell(i, indicator)] = (
            f"=VLOOKUP({branch_cell},{ref}!$A:$B,2,FALSE)", value)
        rows.append([row.branch, value])
    return rows


def as_libreoffice(content: bytes) -> bytes:
    """``content`` as LibreOffice Calc writes the same sheets: hidden columns as
    ``hidden="true"`` (Excel writes "1"), formulas as ``<f aca="false">``."""
    zin = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                xml = data.decode()
                xml = re.sub(r'(<col\b[^>]*?)hidden="1"', r'\1hidden="true"', xml)
                xml = xml.replace("<f>", '<f aca="false">')
                data = xml.encode()
            zout.writestr(item, data)
    return out.getvalue()
