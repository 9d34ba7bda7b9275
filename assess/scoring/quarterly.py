"""Many quarters at once: per branch × quarter scores and per committee × quarter sums.

Pure: the rows of ``queries/branch_quarter_scores.sql`` in, DataFrames out. Every number is the
one :func:`assess.scoring.branch_scores` gives for that quarter on its own (same rules of
:mod:`assess.scoring.model`, ranks over the whole quarter), but only the columns the trends and
the branch history show, in narrow types: twelve full branch tables of 10,000 rows cost
seconds and tens of MB, these a fraction.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from assess.config import Config
from assess.rules import rules_for
from assess.scoring import model
from assess.scoring.table import score_inputs

QUARTER_COLUMNS = ["quarter", "committee", "branch", "party_score", "business_score", "composite",
                   "rank", "stars", "solid", "veto", "veto_reason"]

SUMMARY_COLUMNS = ["quarter", "committee", "branches", "party_count", "party_sum", "business_count",
                   "business_sum", "composite_count", "composite_sum", "solid", "solid_base"]


def quarter_scores(base: pd.DataFrame, config: Config) -> pd.DataFrame:
    """One row per branch × quarter with a P or a B: :data:`QUARTER_COLUMNS`.

    ``base``: the query's rows (quarter, committee, branch, party_score, business_score,
    min_dimension_rate, veto, veto_reason). quarter, committee, branch and veto_reason are
    categorical; rank (Int32) is over the whole quarter; stars (Int8) and solid (boolean) are
    missing where there is no P. Rows are sorted by quarter, committee and branch. The
    coefficient, the grade and the rank within the committee follow from these rows
    (:func:`with_history_columns`).
    """
    s = config.scoring
    p, b, veto, min_rate = score_inputs(base)
    has_p = ~np.isnan(p)
    quarter = base["quarter"].astype("category")
    committee = base["committee"].astype("category")
    k = model.coefficient(p, veto, config.method)
    c = model.composite(b, k)
    q_codes = quarter.cat.codes.to_numpy(dtype=np.int64)
    star = model.star_quota(p, model.stars(p, model.standard_met(p, min_rate, veto, s), s),
                            s.star_quota, q_codes)
    out = pd.DataFrame({
        "quarter": quarter,
        "committee": committee,
        "branch": base["branch"].astype("category"),
        "party_score": p,
        "business_score": b,
        "composite": c,
        "rank": pd.array(model.group_competition_rank(c, q_codes), dtype="Int32"),
        "stars": pd.array(np.where(has_p, star, np.nan), dtype="Int8"),
        "solid": pd.array(np.where(has_p, star >= s.solid_stars, None), dtype="boolean"),
        "veto": veto,
        "veto_reason": base["veto_reason"].astype("category"),
    })
    return out.sort_values(["quarter", "committee", "branch"], kind="stable").reset_index(drop=True)


def concat(tables: list[pd.DataFrame]) -> pd.DataFrame:
    """Tables of :func:`quarter_scores` (one per year, each by its own rules) as one, with the
    names categorical again and the rows sorted by quarter, committee and branch."""
    if len(tables) == 1:
        return tables[0]
    out = pd.concat([t.astype({c: object for c in _NAMES}) for t in tables], ignore_index=True)
    out = out.astype({c: "category" for c in _NAMES})
    return out.sort_values(["quarter", "committee", "branch"], kind="stable").reset_index(drop=True)


_NAMES = ("quarter", "committee", "branch", "veto_reason")


def with_history_columns(rows: pd.DataFrame, config: Config) -> pd.DataFrame:
    """``rows`` of :func:`quarter_scores` — every branch of one committee, or more — with
    ``coefficient`` (K from P, veto and the method), ``grade`` (from C and veto) and
    ``committee_rank`` (Int32, within the committee in each quarter) added: the rules of the
    branch table, each quarter by its year's rules (or the what-if)."""
    p = rows["party_score"].to_numpy(dtype=float)
    c = rows["composite"].to_numpy(dtype=float)
    veto = rows["veto"].to_numpy(dtype=bool)
    out = rows.copy()
    years = rows["quarter"].astype(str).str[:4].to_numpy(dtype=object)
    k = np.full(len(rows), np.nan)
    grades = np.full(len(rows), None, dtype=object)
    for year in dict.fromkeys(years.tolist()):
        rules = rules_for(config, year)
        at = years == year
        k[at] = model.coefficient(p[at], veto[at], rules.method)
        grades[at] = model.grade(c[at], veto[at], rules.scoring)
    out["coefficient"] = k
    out["grade"] = pd.array(grades, dtype=object)
    groups = (rows["quarter"].astype(str) + "\x00" + rows["committee"].astype(str)).to_numpy(dtype=object)
    out["committee_rank"] = pd.array(model.group_competition_rank(c, groups), dtype="Int32")
    return out


def quarter_summary(scores: pd.DataFrame) -> pd.DataFrame:
    """Per quarter × committee of :func:`quarter_scores`: :data:`SUMMARY_COLUMNS`.

    Counts and sums, so that any set of committees (a filter, a user's scope) adds up to its own
    means: party_sum over party_count branches having P (likewise business, composite), solid
    (过硬 branches) over solid_base (branches having P), branches (rows).
    """
    if scores.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    frame = pd.DataFrame({
        "quarter": scores["quarter"], "committee": scores["committee"],
        "party": scores["party_score"], "business": scores["business_score"],
        "composite": scores["composite"],
        "solid": scores["solid"].fillna(False).to_numpy(dtype=bool),
        "with_p": scores["party_score"].notna().to_numpy(),
    })
    g = frame.groupby(["quarter", "committee"], observed=True, sort=True).agg(
        branches=("party", "size"), party_count=("party", "count"), party_sum=("party", "sum"),
        business_count=("business", "count"), business_sum=("business", "sum"),
        composite_count=("composite", "count"), composite_sum=("composite", "sum"),
        solid=("solid", "sum"), solid_base=("with_p", "sum"))
    out = g.reset_index()
    out["quarter"] = out["quarter"].astype(str)
    out["committee"] = out["committee"].astype(str)
    for col in SUMMARY_COLUMNS[2:]:
        if col.endswith("_sum"):
            out[col] = out[col].astype(float)
        else:
            out[col] = out[col].astype(int)
    return out[SUMMARY_COLUMNS]
