"""The 通报 as a sequence of blocks (headings, prose, tables, figures) in one language: what the
Word and PDF writers lay out alike, and whose tables the Excel writer writes.

Every text here is plain text: names and reasons from workbooks are never interpreted as markup
by any writer. Numbers are formatted in one place (:func:`cell_text`), in the dashboard's
rounding: scores to one decimal, K to three, rates as percentages.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Sequence

import pandas as pd

from assess.i18n import t
from assess.periods import is_year, split_quarter
from assess.report import content
from assess.report.content import Report
from assess.views.display import PENDING, rank_change, stars_text
from assess.views.integration import correlation_level


# ---------------------------------------------------------------- blocks


@dataclass
class Table:
    """A table: ``key`` names it (and its Excel sheet), ``kinds`` say how each column's raw
    values are shown (:func:`cell_text`), ``widths`` are relative column widths."""

    key: str
    title: str
    columns: list[str]
    kinds: list[str]
    rows: list[list[Any]]
    widths: list[float]

    @property
    def share(self) -> float:
        """The share of the text width the table takes: the whole width for a table whose
        widths add up to 80 or more, else their sum in percent (grades, stars stay narrow)."""
        total = sum(self.widths)
        return 1.0 if total >= 80 else total / 100

    def text_rows(self, lang: str) -> list[list[str]]:
        return [[cell_text(v, k, lang) for v, k in zip(row, self.kinds)] for row in self.rows]


@dataclass
class Heading:
    text: str
    level: int = 1


@dataclass
class Paragraph:
    text: str
    style: str = "body"  # body | note


@dataclass
class Figure:
    key: str  # the chart: distributions | committees | scatter
    caption: str
    png: bytes = b""


@dataclass
class Document:
    lang: str
    title: str
    meta: list[tuple[str, str]]  # (label, value): version, method, parameters, filters, time, link
    running: str  # the one-line meta every page header carries
    blocks: list = field(default_factory=list)
    signature: str = ""

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


# ---------------------------------------------------------------- formatting


def _missing(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def cell_text(v: Any, kind: str, lang: str) -> str:
    """A raw value as the documents show it. Kinds: text, score (one decimal), k (three),
    pct (0…1 as 83.3%), int, delta (signed, one decimal), rank_delta (↑3 ↓2 –), stars (★★★☆☆),
    grade, quadrant, category, r (two decimals)."""
    if kind == "grade":
        return t(f"ui.grade.{v if isinstance(v, str) else PENDING}", lang)
    if kind == "evaluation":  # a year's E: a score, or 待测评 when the branch still awaits it
        return t("rules.pending", lang) if v == EVALUATION_PENDING else cell_text(v, "score", lang)
    if _missing(v):
        return ""
    if kind == "score":
        return f"{float(v):.1f}"
    if kind == "k":
        return f"{float(v):.3f}"
    if kind == "pct":
        return f"{float(v) * 100:.1f}%"
    if kind == "int":
        return f"{int(v)}"
    if kind == "delta":
        return f"{float(v):+.1f}"
    if kind == "r":
        return f"{float(v):.2f}"
    if kind == "rank_delta":
        return rank_change(v)
    if kind == "stars":
        return stars_text(v)
    if kind == "quadrant":
        return t(f"ui.quadrant.{v}", lang)
    if kind == "category":
        return t(f"ui.category.{v}", lang)
    return str(v)


EVALUATION_PENDING = "pending"
"""The value of the evaluation column of a branch whose year-end evaluation is still to come."""


def period_words(period: str, lang: str) -> str:
    """``2025Q4`` → 2025年第四季度; ``2025`` → 2025年度."""
    if is_year(period):
        return t("report.period.year", lang, year=period)
    year, q = split_quarter(period)
    return t("report.period.quarter", lang, year=year, quarter=t(f"report.quarter.{q}", lang))


def numeral(i: int, lang: str) -> str:
    """The section number: 一、二、… (zh) or 1. 2. … (en)."""
    return t("report.numeral", lang, n=("一二三四五六七八九十"[i - 1] if i <= 10 else str(i)) if lang == "zh" else i)


def sub_numeral(i: int, lang: str) -> str:
    zh = "一二三四五六七八九十"
    label = (zh[i - 1] if i <= 10 else (("" if i < 20 else zh[i // 10 - 1]) + "十" + (zh[i % 10 - 1] if i % 10 else ""))) \
        if i < 100 else str(i)
    return t("report.sub_numeral", lang, n=label if lang == "zh" else i)


def _fmt(v, kind: str, lang: str) -> str:
    text = cell_text(v, kind, lang)
    return text or "—"


# ---------------------------------------------------------------- tables


RANK_COLUMNS = [  # (column, kind, width, key of its header)
    ("rank", "int", 6, "report.col.rank"), ("committee", "text", 16, "ui.col.committee"),
    ("branch", "text", 20, "ui.col.branch"), ("party_score", "score", 9, "report.col.party"),
    ("business_score", "score", 9, "report.col.business"), ("coefficient", "k", 8, "report.col.k"),
    ("composite", "score", 9, "report.col.composite"), ("stars", "stars", 13, "report.col.stars"),
    ("grade", "grade", 8, "report.col.grade"),
]
COMMITTEE_RANK_COLUMNS = [("committee_rank", "int", 7, "report.col.committee_rank")] + \
    [c for c in RANK_COLUMNS if c[0] not in ("committee",)]


def _table(key: str, title: str, frame: pd.DataFrame, spec, lang: str) -> Table:
    cols = [c for c, *_ in spec]
    rows = frame[cols].astype(object).where(frame[cols].notna(), None).values.tolist() if len(frame) else []
    return Table(key=key, title=title, columns=[t(h, lang) for *_, h in spec],
                 kinds=[k for _, k, _, _ in spec], rows=rows, widths=[w for _, _, w, _ in spec])


YEAR_COLUMNS = [("party_quarter_mean", "score", 8, "report.col.quarter_mean"),
                ("evaluation_cell", "evaluation", 8, "report.col.evaluation")]
"""A year scored with the year-end evaluation adds the quarterly mean of P and E (or 待测评)."""


def _with_evaluation(r: Report, frame: pd.DataFrame, spec: list) -> tuple[pd.DataFrame, list]:
    """``frame`` and ``spec`` with :data:`YEAR_COLUMNS` when the period is a year whose P takes
    the evaluation in (:attr:`Report.weighs_evaluation`); the widths shrink to keep the page's width."""
    if not r.weighs_evaluation or "evaluation" not in frame.columns:
        return frame, spec
    pending = frame["evaluation_pending"].fillna(False).astype(bool) if "evaluation_pending" in frame else False
    cell = frame["evaluation"].astype(object).where(frame["evaluation"].notna(), None)
    cell = cell.where(~pending, EVALUATION_PENDING) if len(frame) else cell
    narrow = {"committee": -4, "branch": -3, "stars": -2, "grade": -1, "committee_rank": -1, "rank": -1,
              "coefficient": -1, "party_score": -1, "business_score": -1, "composite": -1}
    spec = [(c, k, w + narrow.get(c, 0), h) for c, k, w, h in spec] + YEAR_COLUMNS
    return frame.assign(evaluation_cell=cell), spec


def ranking_table(r: Report, lang: str) -> Table:
    frame, spec = _with_evaluation(r, r.scores, RANK_COLUMNS)
    return _table("ranking", t("report.table.ranking", lang), frame, spec, lang)


def committee_table(r: Report, committee: str, lang: str) -> Table:
    mine = r.scores[r.scores["committee"] == committee].sort_values(
        ["committee_rank", "branch"], na_position="last", kind="stable")
    frame, spec = _with_evaluation(r, mine, COMMITTEE_RANK_COLUMNS)
    return _table(f"committee:{committee}", committee, frame, spec, lang)


def summary_table(r: Report, lang: str) -> Table:
    spec = [("committee", "text", 20, "ui.col.committee"), ("branches", "int", 8, "report.col.branches"),
            ("party_mean", "score", 10, "report.col.party_mean"), ("business_mean", "score", 10, "report.col.business_mean"),
            ("composite_mean", "score", 10, "report.col.composite_mean"), ("solid", "int", 8, "report.col.solid"),
            ("solid_rate", "pct", 10, "report.col.solid_rate"), ("vetoes", "int", 8, "report.col.vetoes"),
            ("correlation", "r", 9, "report.col.correlation")]
    return _table("committees", t("report.table.committees", lang), r.summary, spec, lang)


def grade_table(r: Report, lang: str) -> Table:
    spec = [("grade", "grade", 20, "report.col.grade"), ("count", "int", 10, "report.col.count"),
            ("share", "pct", 10, "report.col.share")]
    return _table("grades", t("report.table.grades", lang), r.grades, spec, lang)


def star_table(r: Report, lang: str) -> Table:
    frame = r.stars.assign(label=[t("report.stars_n", lang, n=s) for s in r.stars["stars"]])
    spec = [("label", "text", 20, "report.col.stars"), ("count", "int", 10, "report.col.count")]
    return _table("stars", t("report.table.stars", lang), frame, spec, lang)


def veto_table(r: Report, lang: str) -> Table:
    spec = [("committee", "text", 20, "ui.col.committee"), ("branch", "text", 25, "ui.col.branch"),
            ("veto_reason", "text", 55, "ui.col.veto_reason")]
    return _table("vetoes", t("report.table.vetoes", lang), r.vetoes, spec, lang)


def two_skins_table(r: Report, lang: str) -> Table:
    spec = [("committee", "text", 18, "ui.col.committee"), ("branch", "text", 24, "ui.col.branch"),
            ("quadrant", "quadrant", 18, "report.col.quadrant"), ("party_score", "score", 10, "report.col.party"),
            ("business_score", "score", 10, "report.col.business"), ("gap", "delta", 10, "report.col.gap")]
    return _table("two_skins", t("report.table.two_skins", lang), r.two_skins, spec, lang)


def movers_table(r: Report, lang: str) -> Table:
    """The largest rises then the largest falls of C (:func:`content.movers`): ΔC, the rank's
    change and the main driver of the change in words (the explanations, SPEC §3.13)."""
    rises, falls = content.movers(r, lang=lang)
    frame = pd.concat([rises.assign(direction=t("report.movers.up", lang)),
                       falls.assign(direction=t("report.movers.down", lang))], ignore_index=True)
    spec = [("direction", "text", 6, "report.col.direction"), ("committee", "text", 13, "ui.col.committee"),
            ("branch", "text", 19, "ui.col.branch"), ("previous_composite", "score", 10, "report.col.previous_composite"),
            ("composite", "score", 10, "report.col.composite"), ("delta_composite", "delta", 7, "report.col.delta_composite"),
            ("delta_rank", "rank_delta", 10, "report.col.delta_rank"), ("driver", "text", 25, "report.col.driver")]
    return _table("movers", t("report.table.movers", lang), frame, spec, lang)


def quota_table(r: Report, lang: str) -> Table:
    """The branches the star quota moved down: stars before and after the quota."""
    spec = [("committee", "text", 22, "ui.col.committee"), ("branch", "text", 28, "ui.col.branch"),
            ("party_score", "score", 12, "report.col.party"), ("stars_before_quota", "stars", 16, "report.col.stars_before"),
            ("stars", "stars", 16, "report.col.stars_after")]
    return _table("quota_moved", t("report.table.quota_moved", lang), r.quota_moved, spec, lang)


def weakest_table(r: Report, lang: str) -> Table:
    spec = [("indicator", "text", 20, "report.col.indicator"), ("category", "category", 12, "report.col.category"),
            ("dimension", "text", 16, "report.col.dimension"), ("rate", "pct", 12, "report.col.rate"),
            ("branches", "int", 10, "report.col.branches")]
    return _table("weakest", t("report.table.weakest", lang), r.weakest, spec, lang)


def solid_table(r: Report, lang: str) -> Table:
    """The 过硬 branches (4★ and 5★), by committee then rank."""
    solid = r.scores[r.scores["solid"].fillna(False).astype(bool)].sort_values(
        ["committee", "committee_rank", "branch"], na_position="last", kind="stable")
    spec = [("committee", "text", 22, "ui.col.committee"), ("branch", "text", 28, "ui.col.branch"),
            ("stars", "stars", 14, "report.col.stars"), ("party_score", "score", 10, "report.col.party"),
            ("rank", "int", 8, "report.col.rank")]
    return _table("solid", t("report.table.solid", lang), solid, spec, lang)


# ---------------------------------------------------------------- prose


def _change(delta: float, lang: str, unit: str = "points") -> str:
    if _missing(delta):
        return t("report.change.none", lang)
    if abs(delta) < 0.05:
        return t("report.change.same", lang)
    key = "report.change.up" if delta > 0 else "report.change.down"
    value = f"{abs(delta):.1f}" if unit == "points" else f"{abs(delta) * 100:.1f}"
    return t(key + ("" if unit == "points" else "_pct"), lang, value=value)


def overview_text(r: Report, lang: str) -> list[str]:
    """总体情况 as paragraphs, every number from the report (SPEC §5)."""
    k, tiles = r.kpis, {key: tile.delta for key, tile in r.tile.items()}
    scope = _filter_words(r, lang)
    out = [t("report.overview.count", lang, period=period_words(r.period, lang), scope=scope, n=k["branches"],
             party=_fmt(k["party_mean"], "score", lang), business=_fmt(k["business_mean"], "score", lang),
             composite=_fmt(k["composite_mean"], "score", lang))]
    if r.previous_kpis:
        out[-1] += t("report.overview.change", lang, previous=period_words(r.previous, lang),
                     party=_change(tiles["party_mean"], lang),
                     business=_change(tiles["business_mean"], lang),
                     composite=_change(tiles["composite_mean"], lang))
    else:
        out[-1] += t("report.overview.no_previous", lang, previous=period_words(r.previous, lang))
    target = f"{k['solid_target']:.0%}"
    if _missing(k["solid_rate"]):
        solid = t("report.overview.solid_none", lang)
    else:
        met = "report.overview.target_met" if k["solid_target_met"] else "report.overview.target_missed"
        gap = (k["solid_target"] - k["solid_rate"]) * 100
        solid = t("report.overview.solid", lang, solid=k["solid"], rate=_fmt(k["solid_rate"], "pct", lang)) + \
            t(met, lang, target=target, gap=f"{gap:.1f}")
        if r.previous_kpis:
            solid += t("report.overview.solid_change", lang, change=_change(tiles["solid_rate"], lang, "pct"))
    grades = r.grades.set_index("grade")["count"]
    grade_words = _join(lang, (t("report.overview.grade_n", lang, grade=t(f"ui.grade.{g}", lang), n=int(n))
                                for g, n in grades.items()))
    out.append(solid + t("report.overview.grades", lang, grades=grade_words))
    extra = t("report.overview.vetoes", lang, n=k["vetoes"]) if k["vetoes"] else t("report.overview.no_vetoes", lang)
    level = correlation_level(r.correlation)
    if r.correlation is None:
        extra += t("report.overview.no_correlation", lang)
    else:
        extra += t("report.overview.correlation", lang, r=f"{r.correlation:.2f}", level=t(f"report.level.{level}", lang))
    extra += t("report.overview.two_skins", lang, n=len(r.two_skins))
    if not r.quota.met:
        extra += t("report.overview.quota", lang, share=_fmt(r.quota.rate, "pct", lang),
                   quota=f"{r.quota.bound:.0%}")
    out.append(extra)
    ev = r.evaluation or {}
    if r.weighs_evaluation:
        out.append(t("report.overview.evaluation", lang, weight=f"{ev['weight']:.0%}",
                     rest=f"{1 - ev['weight']:.0%}", evaluated=ev.get("evaluated", 0), pending=ev.get("pending", 0)))
    return out


def _join(lang: str, items) -> str:
    """A list in running text: 甲、乙、丙 / a, b, c."""
    return ("、" if lang == "zh" else ", ").join(items)


def _filter_words(r: Report, lang: str) -> str:
    if r.committees:
        return _join(lang, r.committees)
    if r.scope is not None:
        return t("report.scope.mine", lang, committees=_join(lang, r.scope))
    return t("report.scope.all", lang)


def stars_text_words(r: Report, lang: str) -> str:
    counts = r.stars.set_index("stars")["count"]
    parts = [t("report.stars.n", lang, stars=s, n=int(counts.get(s, 0))) for s in range(5, -1, -1)]
    return t("report.stars.summary", lang, counts=_join(lang, parts),
             solid=r.kpis["solid"], stars=r.config.scoring.solid_stars)


def committee_text(r: Report, row, lang: str) -> str:
    return t("report.committee.summary", lang, n=int(row.branches), party=_fmt(row.party_mean, "score", lang),
             business=_fmt(row.business_mean, "score", lang), composite=_fmt(row.composite_mean, "score", lang),
             solid=int(row.solid), rate=_fmt(row.solid_rate, "pct", lang), vetoes=int(row.vetoes),
             r=_fmt(row.correlation, "r", lang))


# ---------------------------------------------------------------- the document


def meta_rows(r: Report, lang: str) -> list[tuple[str, str]]:
    """What every document states: version, method, parameters, filters, time, link."""
    params = "; ".join(f"{t(f'ui.param.{p}', lang)} = {v}" for p, v in zip(r.parameters["parameter"], r.parameters["value"]))
    method = t(f"ui.method.{r.method.name}", lang)
    if r.what_if:
        method += t("report.meta.what_if", lang)
    return [
        (t("report.meta.version", lang), t("report.meta.version_value", lang, version=r.as_of, latest=r.latest)),
        (t("report.meta.method", lang), method),
        (t("report.meta.rules", lang), r.rules_label(lang) or "—"),
        (t("report.meta.parameters", lang), params or "—"),
        (t("report.meta.filters", lang), _filter_words(r, lang)),
        (t("report.meta.made_at", lang), f"{r.made_at:%Y-%m-%d %H:%M}"),
        (t("report.meta.link", lang), r.link or t("report.meta.no_link", lang)),
    ]


def compose(r: Report, lang: str = "zh", figures: dict[str, bytes] | None = None) -> Document:
    """The 通报 of ``r`` in ``lang``. ``figures``: PNG bytes per chart key (from
    :mod:`assess.report.figures`); a chart without bytes is left out."""
    figures = figures or {}
    meta = meta_rows(r, lang)
    running = t("report.running", lang, period=period_words(r.period, lang), version=r.as_of,
                method=meta[1][1], parameters=meta[3][1], filters=_filter_words(r, lang),
                made_at=f"{r.made_at:%Y-%m-%d %H:%M}")
    doc = Document(lang=lang, title=t("report.title", lang, period=period_words(r.period, lang)), meta=meta,
                   running=running, signature=t("report.signature", lang, date=_date_words(r, lang)))
    add = doc.blocks.append
    section = iter(range(1, 100))

    def heading(key: str) -> None:
        add(Heading(numeral(next(section), lang) + t(key, lang), 1))

    def figure(key: str, caption: str) -> None:
        if figures.get(key):
            add(Figure(key, caption, figures[key]))

    if r.what_if:  # never taken for the official result
        add(Paragraph(t("report.what_if", lang, rules=r.rules_label(lang)), "note"))
    heading("report.section.overview")
    if r.empty:
        add(Paragraph(t("report.empty", lang, period=period_words(r.period, lang))))
        return doc
    for text in overview_text(r, lang):
        add(Paragraph(text))
    figure("distributions", t("report.figure.distributions", lang))
    add(grade_table(r, lang))

    heading("report.section.ranking")
    add(Paragraph(t("report.ranking.intro", lang, n=int(r.scores["rank"].notna().sum()), total=len(r.scores),
                    method=t(f"ui.method.{r.method.name}", lang))))
    add(ranking_table(r, lang))

    heading("report.section.stars")
    add(Paragraph(stars_text_words(r, lang)))
    add(star_table(r, lang))
    if r.star_quota:
        bands = _join(lang, (t("report.stars.quota_band", lang, stars=s, share=f"{q:.0%}") for s, q in r.star_quota))
        moved = quota_table(r, lang)
        add(Paragraph(t("report.stars.quota" if moved.rows else "report.stars.quota_none", lang, bands=bands,
                        n=len(moved.rows))))
        if moved.rows:
            add(moved)
    solid = solid_table(r, lang)
    if solid.rows:
        add(Paragraph(t("report.solid.intro", lang, n=len(solid.rows))))
        add(solid)
    else:
        add(Paragraph(t("report.solid.none", lang)))

    heading("report.section.vetoes")
    if r.vetoes.empty:
        add(Paragraph(t("report.vetoes.none", lang)))
    else:
        add(Paragraph(t("report.vetoes.intro", lang, n=len(r.vetoes), grade=t(f"ui.grade.{r.config.scoring.veto_grade_cap}", lang))))
        add(veto_table(r, lang))

    heading("report.section.two_skins")
    figure("scatter", t("report.figure.scatter", lang))
    if r.two_skins.empty:
        add(Paragraph(t("report.two_skins.none", lang)))
    else:
        add(Paragraph(t("report.two_skins.intro", lang, n=len(r.two_skins))))
        add(two_skins_table(r, lang))

    heading("report.section.movers")
    add(movers_section(r, lang))
    movers = movers_table(r, lang)
    if movers.rows:
        add(movers)

    heading("report.section.weakest")
    if r.weakest.empty:
        add(Paragraph(t("report.weakest.none", lang)))
    else:
        add(Paragraph(t("report.weakest.intro", lang, names=_join(lang, map(str, r.weakest["indicator"].head(3))))))
        add(weakest_table(r, lang))

    heading("report.section.committees")
    figure("committees", t("report.figure.committees", lang))
    add(summary_table(r, lang))
    for i, row in enumerate(r.summary.itertuples(index=False), start=1):
        add(Heading(sub_numeral(i, lang) + str(row.committee), 2))
        add(Paragraph(committee_text(r, row, lang)))
        add(committee_table(r, row.committee, lang))
    return doc


def movers_section(r: Report, lang: str) -> Paragraph:
    """The words above the movers table: how many rose and fell against the previous period."""
    rises, falls = content.movers(r)
    if rises.empty and falls.empty:
        return Paragraph(t("report.movers.none", lang, previous=period_words(r.previous, lang)))
    return Paragraph(t("report.movers.intro", lang, previous=period_words(r.previous, lang),
                       up=len(rises), down=len(falls)))


def _date_words(r: Report, lang: str) -> str:
    d = r.made_at
    return f"{d.year}年{d.month}月{d.day}日" if lang == "zh" else f"{d:%d %B %Y}"


def sheet_tables(doc: Document) -> list[Table]:
    """The document's tables for the workbook: one per kind (the committees' own tables are
    the ranking's rows again, so they are left out)."""
    return [tb for tb in doc.tables if not tb.key.startswith("committee:")]


def plain(text: Any) -> str:
    """Text safe to lay out: control characters (other than tab and newline) removed, which no
    document format can hold."""
    s = "" if text is None else str(text)
    return "".join(ch for ch in s if ch in "\t\n" or ord(ch) >= 32 and not 0xD800 <= ord(ch) <= 0xDFFF
                   and ch not in "\ufffe\uffff")


__all__: Sequence[str] = ("Document", "Table", "Heading", "Paragraph", "Figure", "compose", "cell_text")
