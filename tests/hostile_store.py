"""A store whose committees, branches, indicators, veto reasons, notes and file names come from the
hostile-names corpus (tests/hostile_names.py), built the way production builds one: workbooks
(xlsx bytes, names written as inline text so ``=…`` stays text) → the real reader, with its
checks on names → ``store.ingest``.

The reader refuses some of the corpus as names (longer than ``NAME_MAX_CHARS``, invisible
characters such as right-to-left marks): :func:`name_fits` says which; those reach the store as
veto reasons and notes instead, which may hold them. Two quarters (two versions), so trends,
histories and the largest drops have something to show; a few vetoes and a spread of P and B
so the veto lists, the 两张皮 list and the quadrants are not empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assess.workbook.cells import NAME_MAX_CHARS, clean_text, name_problem
from tests.builders import BUSINESS_INDICATORS, PARTY_INDICATORS, Indicator
from tests.hostile_corpus import raw_workbook, sheet_xml
from tests.hostile_names import LONG, NAMES, OUTSIDE

QUARTERS = ("2025Q2", "2025Q3")
_CN = {"2": "二", "3": "三"}

LONGEST_NAME = ("长" * (NAME_MAX_CHARS - 10) + "0123456789")[:NAME_MAX_CHARS]
"""The longest name the reader takes (the corpus's 1,000-character one is refused as a name)."""


def name_fits(text: str) -> bool:
    """Whether the reader takes ``text`` as a committee or branch name."""
    return name_problem(clean_text(text), "f.xlsx", "s", "A1") is None


NAME_POOL: tuple[str, ...] = tuple(dict.fromkeys(clean_text(n) for n in NAMES if name_fits(n))) + (LONGEST_NAME,)
"""Every corpus name the reader takes (as the reader stores it: whitespace runs → one space)."""

REFUSED: tuple[str, ...] = tuple(n for n in NAMES if not name_fits(n))
"""Corpus names refused as names (too long, right-to-left marks): used as veto reasons and notes."""

COMMITTEES: tuple[str, ...] = (
    f"[点我]({OUTSIDE}/x)",
    f'<a href="{OUTSIDE}/a">点我</a>',
    "A/B党委",
    f"![i]({OUTSIDE}/i.png)",
)


INDICATORS: tuple[str, ...] = (
    f"[点我]({OUTSIDE}/ind)",
    f'<a href="{OUTSIDE}/ind">点我</a>',
    f"![i]({OUTSIDE}/ind.png)",
    "<b>粗</b>%{x}",
)
"""Party indicators named from the corpus, in the dimension :data:`DIMENSION`."""
DIMENSION = f"![维度]({OUTSIDE}/dim.png)"


@dataclass(frozen=True)
class Branch:
    committee: str
    branch: str
    veto: str | None = None
    note: str | None = None


def _branches() -> tuple[Branch, ...]:
    """Each pooled name is a branch once, dealt round the committees; veto reasons and notes
    from the whole corpus (the refused names first)."""
    reasons = REFUSED + (f"![i]({OUTSIDE}/veto.png)", f'<a href="{OUTSIDE}/v">点我</a>',
                         f"[点我]({OUTSIDE}/veto)", "<script>alert(1)</script>")
    out = []
    for i, name in enumerate(NAME_POOL):
        veto = reasons[i // 3] if i % 3 == 0 and i // 3 < len(reasons) else None
        note = NAMES[i % len(NAMES)]
        committee = "A/B党委" if "/" in name else COMMITTEES[i % len(COMMITTEES)]  # a "/" on both sides of the key
        out.append(Branch(committee, name, veto, note))
    return tuple(out)


BRANCHES: tuple[Branch, ...] = _branches()
VETOED: tuple[Branch, ...] = tuple(b for b in BRANCHES if b.veto)

FILE_NAMES: dict[str, str] = {
    "2025Q2": f"[点我]({OUTSIDE}) <b>粗</b> 2025Q2.xlsx",
    "2025Q3": f'![i]({OUTSIDE}%2Fi.png) <img src=x onerror="alert(1)"> 2025Q3.xlsx',
}
"""The uploaded files' names (the versions table and the original-file buttons show them)."""


def _score(i: int, j: int, mark: float, quarter: str, business: bool) -> float:
    """A deterministic spread: some branches strong in one category and weak in the other
    (两张皮, quadrants), and quarter to quarter changes (drops)."""
    base = (0.55 + 0.4 * ((i * 7 + j * 3) % 10) / 10) if not business else (0.5 + 0.45 * ((i * 3 + j) % 9) / 9)
    if business and i % 4 == 1:
        base = 0.97  # strong business, whatever the party work: 两张皮 candidates
    if not business and i % 4 == 1:
        base = 0.5
    if quarter == QUARTERS[0]:
        base = min(1.0, base + (0.15 if i % 2 else -0.05))
    return round(mark * max(0.0, min(1.0, base)), 1)


def _sheet(quarter: str, business: bool) -> bytes:
    indicators = BUSINESS_INDICATORS if business else \
        PARTY_INDICATORS + [Indicator(n, 5, dimension=DIMENSION) for n in INDICATORS]
    kind = "业务" if business else "党建"
    title = [f"XX公司{quarter[:4]}年第{_CN[quarter[-1]]}季度党支部{kind}考核表"]
    header = ["党委", "支部", *(f"{ind.name}({ind.full_mark:g}分)" for ind in indicators), "加分", "扣分"]
    if not business:
        header += ["否决事项", "备注"]
    dimensions = ["", "", *(ind.dimension for ind in indicators)]
    rows: list[list] = [title, dimensions, header]
    for i, b in enumerate(BRANCHES):
        row: list = [b.committee, b.branch]
        row += [_score(i, j, ind.full_mark, quarter, business) for j, ind in enumerate(indicators)]
        row += [1 if i % 5 == 0 else "", 2 if i % 7 == 3 else ""]
        if not business:
            row += [(b.veto or "无") if quarter == QUARTERS[-1] else "无", b.note or ""]
        rows.append(row)
    return sheet_xml(rows)


def workbook(quarter: str) -> bytes:
    """The quarter's workbook: a 党建考核 and a 业务考核 sheet of every branch."""
    return raw_workbook([("党建考核", _sheet(quarter, False)), ("业务考核", _sheet(quarter, True))])


def build_hostile_store(path: Path) -> Path:
    """A store at ``path``: one version per quarter of :data:`QUARTERS`, read and stored by the
    real reader and store (``read_workbook`` → ``store.ingest``). Fails if the reader refuses
    anything: each name here is one it must take."""
    from assess import store
    from assess.db import Database
    from assess.workbook import read_workbook

    with Database(path) as db:
        for quarter in QUARTERS:
            name = FILE_NAMES[quarter]
            result = read_workbook(workbook(quarter), name, prior_catalog=lambda q: store.prior_catalog(db, q))
            bad = [p.render("en") for p in result.problems]
            assert not bad, bad[:5]
            assert result.quarters == [quarter], result.quarters
            store.ingest(db, [result], "<b>hostile</b>")
    return path


__all__ = ["BRANCHES", "COMMITTEES", "FILE_NAMES", "DIMENSION", "INDICATORS", "LONG", "NAME_POOL", "QUARTERS", "REFUSED", "VETOED",
           "build_hostile_store", "name_fits", "workbook"]
