"""Deterministic, realistic sample data: 31 branches under 4 committees, 2024Q1–2025Q4.

:func:`sample_frames` gives the true values; :func:`write_sample` writes them as the workbooks a
real organisation department receives, in several of the layouts of SPEC §4 (``FILE_PLAN`` says
which file uses which), so that the sample exercises the reader. The same seed always gives
byte-identical files.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl.utils import get_column_letter

from assess.indicators import BUSINESS, DEFAULT_INDICATORS, PARTY, Indicator, of_category

QUARTERS = tuple(f"{y}Q{q}" for y in (2024, 2025) for q in (1, 2, 3, 4))
COMPANY = "恒信实业集团"

OFFICE, PRODUCTION, SALES, TECH = "office", "production", "sales", "tech"
NOT_APPLICABLE_FOR_OFFICE = ("利润完成", "收入完成")


@dataclass(frozen=True)
class Branch:
    """A branch of the sample. ``kind`` office branches have no profit/revenue indicators."""

    committee: str
    general_branch: str | None
    name: str
    kind: str
    since: str = QUARTERS[0]  # first quarter assessed


def _branches() -> tuple[Branch, ...]:
    rows = [
        ("机关党委", None, OFFICE, ["综合办公室党支部", "党群工作部党支部", "财务部党支部",
                                   "人力资源部党支部", "纪检监察室党支部", "规划发展部党支部",
                                   "法律合规部党支部"]),
        ("生产运营党委", "第一分厂党总支", PRODUCTION, ["一车间党支部", "二车间党支部", "三车间党支部"]),
        ("生产运营党委", "第二分厂党总支", PRODUCTION, ["四车间党支部", "五车间党支部"]),
        ("生产运营党委", None, PRODUCTION, ["设备维修党支部", "质量检测中心党支部"]),
        ("生产运营党委", None, OFFICE, ["安全环保部党支部"]),
        ("生产运营党委", None, PRODUCTION, ["物流运输党支部"]),
        ("市场营销党委", None, SALES, ["销售一部党支部", "销售二部党支部", "销售三部党支部",
                                      "客户服务中心党支部", "电子商务部党支部"]),
        ("市场营销党委", "华东区域党总支", SALES, ["上海分公司党支部", "南京分公司党支部",
                                                 "杭州分公司党支部"]),
        ("市场营销党委", None, OFFICE, ["综合办公室党支部"]),
        ("科技研发党委", None, TECH, ["研发中心第一党支部", "研发中心第二党支部", "技术中心党支部"]),
        ("科技研发党委", None, OFFICE, ["信息中心党支部"]),
        ("科技研发党委", None, TECH, ["工程项目部党支部"]),
    ]
    out = []
    for committee, general, kind, names in rows:
        for name in names:
            since = "2024Q3" if name == "电子商务部党支部" else QUARTERS[0]
            out.append(Branch(committee, general, name, kind, since))
    return tuple(out)


BRANCHES: tuple[Branch, ...] = _branches()
COMMITTEES: tuple[str, ...] = tuple(dict.fromkeys(b.committee for b in BRANCHES))

NEW_BRANCH_NOTE = "新成立支部，首次参加考核"
COMBINED_QUARTER = "2024Q4"  # written as one combined sheet: no veto or note that quarter

# Per-indicator difficulty: added to the rate of every branch.
_DIFFICULTY = {
    "组织设置": 0.03, "班子建设": 0.01, "党员发展": -0.03, "教育培训": 0.0, "三会一课": 0.02,
    "主题党日": 0.01, "先锋攻坚": -0.03, "群众满意": -0.01, "制度执行": 0.0, "阵地经费": 0.02,
    "利润完成": -0.03, "收入完成": -0.01, "成本控制": 0.0, "安全生产": 0.08, "重点任务": 0.0,
    "质量服务": 0.02,
}
_NOISE = {"利润完成": 0.07, "收入完成": 0.05, "安全生产": 0.015}


@dataclass
class Entry:
    """What one branch got in one category of one quarter (scores: None = 不适用)."""

    quarter: str
    branch: Branch
    category: str
    scores: dict[str, float | None]
    bonus: float = 0.0
    deduction: float = 0.0
    veto: str | None = None
    note: str | None = None


@dataclass
class _Latent:
    party: float
    business: float
    trend_party: float = 0.0
    trend_business: float = 0.0
    profile: str = "normal"  # normal | improving | declining | party_strong | business_strong


def _latents(rng: random.Random) -> dict[Branch, _Latent]:
    """Quality and trend of each branch: most branches integrated (P and B correlated), some
    improving or declining, two pairs showing "两张皮"."""
    out = {}
    for b in BRANCHES:
        p = rng.gauss(0, 1)
        out[b] = _Latent(p, 0.8 * p + rng.gauss(0, 0.45),
                         rng.gauss(0, 0.002), rng.gauss(0, 0.002))
    order = list(BRANCHES)
    rng.shuffle(order)
    for b in order[0:4]:
        out[b].trend_party, out[b].trend_business, out[b].profile = 0.011, 0.012, "improving"
        out[b].party -= 0.6
    for b in order[4:8]:
        out[b].trend_party, out[b].trend_business, out[b].profile = -0.011, -0.012, "declining"
        out[b].party += 0.4
    for b in order[8:10]:
        out[b].party, out[b].business, out[b].profile = 1.2, -1.4, "party_strong"
    for b in [x for x in order[10:] if x.kind != OFFICE][:2]:
        out[b].party, out[b].business, out[b].profile = -1.4, 1.2, "business_strong"
    return out


def _score(rng: random.Random, ind: Indicator, rate: float) -> float:
    rate += _DIFFICULTY.get(ind.name, 0.0) + rng.gauss(0, _NOISE.get(ind.name, 0.03))
    value = round(min(1.0, max(0.35, rate)) * ind.full_mark, 1)
    if value >= ind.full_mark and rng.random() < 0.6:  # full marks are rare in practice
        value = round(ind.full_mark - rng.choice((0.2, 0.5, 1.0)), 1)
    return value


_VETOES = (  # (category, reason, kinds it can happen to)
    (BUSINESS, "发生一般安全生产责任事故", (PRODUCTION,)),
    (PARTY, "违反中央八项规定精神", (OFFICE, SALES, PRODUCTION, TECH)),
    (BUSINESS, "发生较大质量事故，造成不良社会影响", (PRODUCTION, TECH)),
    (PARTY, "支部书记严重违纪被立案审查", (OFFICE, SALES, TECH)),
)
_BONUS_NOTES = ("获评公司“红旗党支部”", "党员突击队完成抢修任务", "获省级“五一劳动奖状”",
                "合理化建议获公司一等奖")
_DEDUCTION_NOTES = ("党费收缴不及时", "主题党日记录缺失", "重点任务延期")


def simulate(seed: int = 2025) -> list[Entry]:
    """Every entry of the sample, in quarter, branch, category order (deterministic)."""
    rng = random.Random(seed)
    latent = _latents(rng)
    veto_plan = {}
    veto_quarters = [q for q in QUARTERS if q != COMBINED_QUARTER]
    for category, reason, kinds in _VETOES:
        quarter = rng.choice(veto_quarters)
        branch = rng.choice([b for b in BRANCHES if b.kind in kinds and b.since <= quarter])
        veto_plan[(quarter, branch, category)] = reason
    entries = []
    for t, quarter in enumerate(QUARTERS):
        for branch in BRANCHES:
            if branch.since > quarter:
                continue
            lat = latent[branch]
            shock = rng.gauss(0, 0.012)
            for category in (PARTY, BUSINESS):
                if category == PARTY:
                    rate = 0.93 + 0.03 * lat.party + lat.trend_party * (t - 3.5) + shock
                else:
                    rate = 0.86 + 0.05 * lat.business + lat.trend_business * (t - 3.5) + shock
                    if branch.kind == OFFICE:  # their applicable indicators are the easy ones
                        rate -= 0.025
                veto = veto_plan.get((quarter, branch, category))
                scores: dict[str, float | None] = {}
                for ind in of_category(category):
                    if branch.kind == OFFICE and ind.name in NOT_APPLICABLE_FOR_OFFICE:
                        scores[ind.name] = None
                    elif veto and ind.name == "安全生产" and "安全" in veto:
                        scores[ind.name] = round(rng.uniform(3, 6), 1)
                    else:
                        scores[ind.name] = _score(rng, ind, rate - (0.05 if veto else 0.0))
                entry = Entry(quarter, branch, category, scores, veto=veto)
                _adjustments(rng, entry, quarter)
                entries.append(entry)
    return entries


def _adjustments(rng: random.Random, entry: Entry, quarter: str) -> None:
    """Bonus, deduction and notes (none in the combined quarter, whose 备注 is not per category)."""
    roll = rng.random()
    if roll < 0.16:
        big = 6.0 if entry.category == PARTY else 2.5  # a party bonus above the cap of 5
        entry.bonus = rng.choice((0.5, 1.0, 1.0, 1.5, 2.0, 3.0, big))
        if rng.random() < 0.5:
            entry.note = rng.choice(_BONUS_NOTES)
    elif roll < 0.26:
        entry.deduction = rng.choice((0.5, 1.0, 1.0, 2.0))
        if rng.random() < 0.4:
            entry.note = rng.choice(_DEDUCTION_NOTES)
    if entry.veto:
        entry.deduction = max(entry.deduction, 5.0)
        entry.note = None
    if entry.category == PARTY and quarter == entry.branch.since and quarter != QUARTERS[0]:
        entry.note = NEW_BRANCH_NOTE
    if quarter == COMBINED_QUARTER:
        entry.note = None


def category_score(entry: Entry, bonus_cap: float = 5.0) -> float | None:
    """SPEC §3.1 score S of one entry (P or B), for checking the sample's realism; None when no
    indicator applies."""
    applicable = [(v, i.full_mark) for i in of_category(entry.category)
                  if (v := entry.scores[i.name]) is not None]
    if not applicable:
        return None
    rate = sum(v for v, _ in applicable) / sum(m for _, m in applicable)
    return max(0.0, 100 * rate + min(entry.bonus, bonus_cap) - entry.deduction)


def sample_frames(seed: int = 2025) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The true values of the sample as (entries, scores).

    entries: quarter, committee, general_branch, branch, category, bonus, deduction, veto_reason,
    note — one row per (quarter, committee, branch, category).
    scores: quarter, committee, branch, category, indicator, dimension, full_mark,
    score (NaN = 不适用), position (0-based column order within the category) — one row per indicator of each entry.
    """
    entry_rows, score_rows = [], []
    for e in simulate(seed):
        b = e.branch
        entry_rows.append({
            "quarter": e.quarter, "committee": b.committee, "general_branch": b.general_branch,
            "branch": b.name, "category": e.category, "bonus": float(e.bonus),
            "deduction": float(e.deduction), "veto_reason": e.veto, "note": e.note,
        })
        for pos, ind in enumerate(of_category(e.category)):
            value = e.scores[ind.name]
            score_rows.append({
                "quarter": e.quarter, "committee": b.committee, "branch": b.name,
                "category": e.category, "indicator": ind.name, "dimension": ind.dimension,
                "full_mark": float(ind.full_mark), "score": math.nan if value is None else value,
                "position": pos,
            })
    return pd.DataFrame(entry_rows), pd.DataFrame(score_rows)


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


def _table(sheet: SheetModel, layout: Layout, quarter: str, rows: list[dict[str, Entry]],
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


def _catalog_sheet(categories: tuple[str, ...]) -> SheetModel:
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


def _openpyxl_bytes(sheets: list[SheetModel]) -> bytes:
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


def _xlsxwriter_bytes(sheets: list[SheetModel]) -> bytes:
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


# --- the files ---------------------------------------------------------------------------------

_SIGN = ("填表人：王晓燕    审核人：李建国",)
_PARTY_TITLE = "党支部党建工作考核表"
_BUSINESS_TITLE = "党支部业务工作考核表"

FILE_PLAN: tuple[tuple[str, str, str], ...] = (
    ("2024年第一季度党支部考核汇总.xlsx", "2024Q1",
     "两张表（党建考核、业务考核）+指标说明；季度在标题和文件名；满分写在表头 (N分)；党委、总支合并单元格"),
    ("2024Q2_党建考核.xlsx", "2024Q2",
     "组织部单独报送；季度只在文件名；标题未合并；表头下“满分”行；序号列；党委只填首行；"
     "表头别名 党支部名称/所属党委/党总支；注释和填表人行"),
    ("2024Q2_业务考核.xlsx", "2024Q2",
     "运营部单独报送（工作表“经营业绩考核”）；季度只在文件名；满分只在指标说明；不适用写“/”；"
     "别名 减分/一票否决；底部“平均”汇总行"),
    ("党支部考核评分表（汇总）.xlsx", "2024Q3",
     "季度在“考核季度”列；全角括号（N分）；序号列；党委只填首行、总支合并；党建表“合计”列和"
     "“合计”汇总行，业务表“总分”列（含加减分）；少量文本数字、全角数字、带“分”、带空格"),
    ("2024年四季度综合考核.xlsx", "2024Q4",
     "一张综合表，两层分组行（党建工作/经营业绩 + 维度）；党建合计、业务合计为公式（带缓存值）；"
     "不适用写“—”；标题“2024年四季度”"),
    ("组织部-党支部党建考核表.xlsx", "2025Q1",
     "组织部单独报送；季度只在标题（2025年第1季度）；全角括号满分；党委只填首行；"
     "每个党委后一行“小计”；否决事项无则填“无”"),
    ("运营部-经营业绩考核表.xlsx", "2025Q1",
     "运营部单独报送；标题“2025-Q1”；表头下“分值”行；“总分”列为公式（含加减分）；"
     "别名 被考核党支部"),
    ("2025Q2_考核汇总.xlsx", "2025Q2",
     "两张表；满分只在指标说明；别名 党支部名称/所属党委/党总支/一票否决；不适用写“/”；"
     "加扣分 0 照写；否决事项无则填“无”"),
    ("2025年第三季度考核汇总.xlsx", "2025Q3",
     "用模板填报（template 命令的模板，含数据验证）；每行都写党委和总支"),
    ("2025-Q4 党建考核.xlsx", "2025Q4",
     "季度在“季度”列和文件名；标题未合并、无季度；表头换行“组织设置\n(8分)”；序号列；"
     "“合计”列和“总计”汇总行；党委只填首行；"
     "别名 被考核党支部/上级党委；少量文本数字等"),
    ("2025-Q4 业务考核.xlsx", "2025Q4",
     "工作表“业绩考核”；季度在“季度”列；表头下“满分”行；不适用写“无此项”；别名 所属总支；少量文本数字等"),
)
"""(file name, quarter, what the file exercises) — in the order written."""


def _layouts() -> dict[str, list[tuple[str, Layout, tuple[str, ...]]]]:
    """File name → its sheets: (sheet name, layout, categories)."""
    title = lambda q, what: f"{COMPANY}{q}{what}"  # noqa: E731
    merged_fill = dict(committee="fill", general="merge")
    return {
        "2024年第一季度党支部考核汇总.xlsx": [
            ("党建考核", Layout(title=title("2024年第一季度", _PARTY_TITLE), footnotes=_SIGN), (PARTY,)),
            ("业务考核", Layout(title=title("2024年第一季度", _BUSINESS_TITLE), footnotes=_SIGN),
             (BUSINESS,)),
        ],
        "2024Q2_党建考核.xlsx": [
            ("党建考核", Layout(title="党支部党建工作考核评分表", title_merged=False, marks="row_满分",
                            committee="fill", general="repeat", serial=True,
                            footnotes=("注：1. 各项得分保留一位小数；2. 加分最多计5分。",
                                       "填表人：组织部 张敏    审核人：刘志强"),
                            headers=(("branch", "党支部名称"), ("committee", "所属党委"),
                                     ("general", "党总支"))), (PARTY,)),
        ],
        "2024Q2_业务考核.xlsx": [
            ("经营业绩考核", Layout(title="党支部经营业绩考核表（运营管理部）", marks="catalog", na="/",
                              summary="平均", headers=(("deduction", "减分"), ("veto", "一票否决"))),
             (BUSINESS,)),
        ],
        "党支部考核评分表（汇总）.xlsx": [
            ("党建考核", Layout(title=title("", "党支部党建工作考核评分表"), marks="suffix_fw",
                            serial=True, quarter_column="考核季度", total="合计", summary="合计",
                            messy=6, footnotes=("审核人：李建国",), **merged_fill), (PARTY,)),
            ("业务考核", Layout(title=title("", "党支部业务工作考核评分表"), marks="suffix_fw",
                            serial=True, quarter_column="考核季度", adjusted_total="总分", messy=4,
                            headers=(("branch", "支部名称"),), **merged_fill), (BUSINESS,)),
        ],
        "2024年四季度综合考核.xlsx": [
            ("考核汇总", Layout(title=title("2024年四季度", "党支部党建与经营业绩综合考核表"),
                            groups=("category", "dimension"), total="合计", formulas=True, na="—",
                            footnotes=("注：党建合计、业务合计不含加减分。",)), (PARTY, BUSINESS)),
        ],
        "组织部-党支部党建考核表.xlsx": [
            ("党建考核", Layout(title=title("2025年第1季度", _PARTY_TITLE), marks="suffix_fw",
                            no_veto="无", subtotals=True,
                            footnotes=("注：本表由组织部汇总。",) + _SIGN, **merged_fill), (PARTY,)),
        ],
        "运营部-经营业绩考核表.xlsx": [
            ("业务考核", Layout(title=title("2025-Q1", "党支部经营业绩考核表"), marks="row_分值",
                            adjusted_total="总分", formulas=True,
                            headers=(("branch", "被考核党支部"),)), (BUSINESS,)),
        ],
        "2025Q2_考核汇总.xlsx": [
            (sheet, Layout(title=title("2025年第二季度", what), marks="catalog", na="/", no_veto="无",
                           zero_blank=False, footnotes=_SIGN,
                           headers=(("branch", "党支部名称"), ("committee", "所属党委"),
                                    ("general", "党总支"), ("veto", "一票否决"))), (cat,))
            for sheet, what, cat in (("党建考核", _PARTY_TITLE, PARTY),
                                     ("业务考核", _BUSINESS_TITLE, BUSINESS))
        ],
        "2025-Q4 党建考核.xlsx": [
            ("党建考核", Layout(title="党支部党建工作考核表", title_merged=False, serial=True,
                            marks="suffix_nl", quarter_column="季度", total="合计", summary="总计", messy=5,
                            committee="fill", general="repeat",
                            headers=(("branch", "被考核党支部"), ("committee", "上级党委"))), (PARTY,)),
        ],
        "2025-Q4 业务考核.xlsx": [
            ("业绩考核", Layout(title="经营业绩考核表", marks="row_满分", quarter_column="季度",
                            na="无此项", messy=3, headers=(("general", "所属总支"),)), (BUSINESS,)),
        ],
    }


_WITH_CATALOG = {"2024年第一季度党支部考核汇总.xlsx", "2024Q2_业务考核.xlsx", "2025Q2_考核汇总.xlsx"}
_XLSXWRITER = {"2024年四季度综合考核.xlsx", "运营部-经营业绩考核表.xlsx"}
_TEMPLATE_FILE = "2025年第三季度考核汇总.xlsx"


def sample_files(entries: list[Entry], seed: int = 2025) -> list[tuple[str, bytes]]:
    """(file name, xlsx bytes) of every sample workbook, in FILE_PLAN order."""
    by_quarter: dict[str, dict[Branch, dict[str, Entry]]] = {}
    for e in entries:
        by_quarter.setdefault(e.quarter, {}).setdefault(e.branch, {})[e.category] = e
    layouts = _layouts()
    out = []
    for name, quarter, _ in FILE_PLAN:
        rows = list(by_quarter[quarter].values())
        if name == _TEMPLATE_FILE:
            out.append((name, _filled_template(quarter, rows)))
            continue
        rng = random.Random(f"{seed}/{name}")
        sheets = []
        for sheet_name, layout, cats in layouts[name]:
            sheet = SheetModel(sheet_name)
            _table(sheet, layout, quarter, [{c: row[c] for c in cats} for row in rows], cats, rng)
            sheets.append(sheet)
        if name in _WITH_CATALOG:
            sheets.append(_catalog_sheet(tuple(c for _, _, cs in layouts[name] for c in cs)))
        writer = _xlsxwriter_bytes if name in _XLSXWRITER else _openpyxl_bytes
        out.append((name, writer(sheets)))
    return out


def _filled_template(quarter: str, rows: list[dict[str, Entry]]) -> bytes:
    """The template of :mod:`assess.template`, filled in row by row."""
    import io

    from openpyxl import load_workbook

    from assess.template import FIRST_DATA_ROW, template_bytes, workbook_bytes

    wb = load_workbook(io.BytesIO(template_bytes(quarter=quarter, committees=list(COMMITTEES),
                                                 company=COMPANY, rows=len(rows) + 4)))
    for category in (PARTY, BUSINESS):
        ws = wb[{PARTY: "党建考核", BUSINESS: "业务考核"}[category]]
        for i, row in enumerate(rows):
            e = row[category]
            b = e.branch
            values = [b.committee, b.general_branch, b.name]
            values += ["不适用" if e.scores[ind.name] is None else e.scores[ind.name]
                       for ind in of_category(category)]
            values += [e.bonus or None, e.deduction or None, e.veto, e.note]
            for c, v in enumerate(values, start=1):
                ws.cell(FIRST_DATA_ROW + i, c, v)
    return workbook_bytes(wb)


def write_sample(outdir, *, seed: int = 2025) -> list[Path]:
    """Write the sample workbooks into ``outdir`` (created if needed); returns their paths in
    FILE_PLAN order. Same seed → byte-identical files."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in sample_files(simulate(seed), seed):
        path = out / name
        path.write_bytes(data)
        paths.append(path)
    return paths


__all__ = ["BRANCHES", "COMMITTEES", "FILE_PLAN", "QUARTERS", "Branch", "Entry", "category_score",
           "sample_files", "sample_frames", "simulate", "write_sample"]
