"""The trends and the branch history read many quarters at once (one query, narrow rows, sums per
committee) instead of a full branch table per quarter: every number they show must still be the
one :func:`assess.scoring.branch_scores` gives for that quarter (SPEC §3), for every method,
under a committee filter and under a user's committee scope (SPEC §8)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from assess import scoring
from assess.views import common, profile, trends
from assess.config import Config, load_config, with_method
from assess.db import Database
from assess.links import branch_key

OVERALL = "全部"
METHODS = {"ratio": {}, "tiered": {}, "linear": {"slope": 2.0}}


@pytest.fixture(scope="module")
def store(sample_db):
    with Database(sample_db) as db:
        quarters = sorted(scoring.periods(db).query("kind == 'quarter'")["period"])
        yield db, quarters


def config_for(method: str) -> Config:
    return with_method(load_config(), name=method, **METHODS[method])


def same(a, b) -> bool:
    a, b = float(a), float(b)
    return (math.isnan(a) and math.isnan(b)) or abs(a - b) <= 1e-9 * max(1.0, abs(b))


@pytest.mark.parametrize("method", sorted(METHODS))
def test_quarter_scores_are_each_quarters_branch_table(store, method):
    db, quarters = store
    config = config_for(method)
    rows = scoring.quarter_scores(db, quarters, config)
    assert list(rows["quarter"].astype(str).unique()) == quarters
    for q in quarters:
        table = scoring.branch_scores(db, q, config)
        mine = rows[rows["quarter"] == q].astype({"committee": object, "branch": object})
        both = table.merge(mine, on=["committee", "branch"], suffixes=("", "_q"), validate="1:1")
        assert len(both) == len(table) == len(mine), q
        for col in ("party_score", "business_score", "composite"):
            assert np.array_equal(both[col].to_numpy(float), both[f"{col}_q"].to_numpy(float), equal_nan=True), col
        for col in ("rank", "stars", "solid"):
            assert both[col].astype("Float64").fillna(-1).eq(both[f"{col}_q"].astype("Float64").fillna(-1)).all(), col
        assert (both["veto"] == both["veto_q"]).all()
        assert (both["veto_reason"].astype(object).fillna("") == both["veto_reason_q"].astype(object).fillna("")).all()


def test_quarter_scores_read_in_batches_are_the_same(store, monkeypatch):
    from assess.scoring import cache, engine

    db, quarters = store
    config = load_config()
    whole = scoring.quarter_scores(db, quarters, config)
    monkeypatch.setattr(engine, "BRANCH_QUARTERS_PER_QUERY", 1)  # a query per quarter
    assert engine._batches(db, quarters, scoring.latest_version(db)) == [[q] for q in quarters]
    cache.clear(db)
    pd.testing.assert_frame_equal(scoring.quarter_scores(db, quarters, config), whole)
    assert engine._batches(db, [], 1) == [[]]
    assert scoring.quarter_scores(db, [], config).empty
    cache.clear(db)


def expected_trends(db, quarters, config, committees=(), scope=None) -> pd.DataFrame:
    """What the trends showed when built from a full branch table per quarter."""
    rows = []
    for q in quarters:
        table = scoring.branch_scores(db, q, config)
        if scope is not None:
            table = table[table["committee"].isin(scope)]
        summary = common.in_committees(scoring.committee_summary(table, config), committees)
        overall = scoring.kpis(table, config)
        for _, r in summary.iterrows():
            for measure, col in zip(trends.TREND_MEASURES, ("party_mean", "business_mean", "composite_mean", "solid_rate")):
                rows.append((q, r["committee"], measure, float(r[col])))
        for measure, col in zip(trends.TREND_MEASURES, ("party_mean", "business_mean", "composite_mean", "solid_rate")):
            rows.append((q, OVERALL, measure, float(overall[col])))
    return pd.DataFrame(rows, columns=["period", "series", "measure", "value"])


def assert_same_frame(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    key = ["period", "series", "measure"]
    both = expected.merge(got, on=key, how="outer", suffixes=("", "_got"), indicator=True)
    assert (both["_merge"] == "both").all(), both[both["_merge"] != "both"][key].head()
    bad = [tuple(r[key]) for _, r in both.iterrows() if not same(r["value_got"], r["value"])]
    assert bad == []


@pytest.mark.parametrize("method", sorted(METHODS))
def test_trend_series_are_the_branch_tables_means(store, method):
    db, quarters = store
    config = config_for(method)
    summary = scoring.quarter_summary(db, quarters, config)
    got = trends.trend_frame(summary, None, [], [], OVERALL)
    assert_same_frame(got, expected_trends(db, quarters, config))


def test_trend_series_under_a_filter_and_a_scope(store):
    db, quarters = store
    config = load_config()
    summary = scoring.quarter_summary(db, quarters, config)
    committees = sorted(summary["committee"].unique())
    # a filter chooses series; the overall line stays that of everything the viewer may see
    got = trends.trend_frame(summary, None, committees[:1], [], OVERALL)
    assert_same_frame(got, expected_trends(db, quarters, config, committees=committees[:1]))
    # a scoped viewer: the overall line adds up only the committees of the scope
    scope = committees[1:3]
    got = trends.trend_frame(summary[summary["committee"].isin(scope)], None, [], [], OVERALL)
    assert_same_frame(got, expected_trends(db, quarters, config, scope=scope))


def test_trends_of_chosen_branches(store):
    db, quarters = store
    config = load_config()
    last = scoring.branch_scores(db, quarters[-1], config)
    keys = [branch_key(c, b) for c, b in zip(last["committee"][:2], last["branch"][:2])]
    rows = common.of_branches(scoring.quarter_scores(db, quarters, config), keys)
    assert {branch_key(c, b) for c, b in zip(rows["committee"], rows["branch"])} == set(keys)
    got = trends.trend_frame(scoring.quarter_summary(db, quarters, config), rows, [], keys, OVERALL)
    assert list(got.loc[got["measure"] == "party_score", "series"].unique()) == list(last["branch"][:2])
    for q in quarters:
        table = scoring.branch_scores(db, q, config)
        for key in keys:
            row = table[[branch_key(c, b) == key for c, b in zip(table["committee"], table["branch"])]]
            for measure in trends.TREND_MEASURES[:3]:
                shown = got[(got["period"] == q) & (got["series"] == row["branch"].iloc[0]) & (got["measure"] == measure)]
                assert len(shown) == 1 and same(shown["value"].iloc[0], row[measure].iloc[0]), (q, key, measure)
    # 过硬率 stays per committee and overall; no branch series for it
    solid = got[got["measure"] == "solid_rate"]
    assert set(solid["series"]) == set(scoring.quarter_summary(db, quarters, config)["committee"]) | {OVERALL}


def test_of_branches_matches_whole_keys_only():
    rows = pd.DataFrame({"committee": pd.Categorical(["甲/党委", "甲", "乙"]),
                         "branch": pd.Categorical(["一支部", "党委/一支部", "一支部"])})
    # a committee's "/" is escaped in its key, so each key names one branch
    assert common.of_branches(rows, ["甲/党委/一支部"])["committee"].astype(str).tolist() == ["甲"]
    assert common.of_branches(rows, [branch_key("甲/党委", "一支部")])["committee"].astype(str).tolist() == ["甲/党委"]
    assert common.of_branches(rows, ["乙/一支部"])["committee"].astype(str).tolist() == ["乙"]
    assert common.of_branches(rows, []).empty
    assert common.of_branches(rows, ["丙/一支部"]).empty


@pytest.mark.parametrize("method", ["ratio", "tiered"])
def test_branch_history_is_each_quarters_row(store, method):
    db, quarters = store
    config = config_for(method)
    rows = scoring.quarter_scores(db, quarters, config)
    vetoed = [scoring.branch_scores(db, q, config) for q in quarters]
    vetoed = pd.concat(vetoed)
    pick = vetoed[vetoed["veto"]].iloc[0] if vetoed["veto"].any() else vetoed.iloc[0]
    hist = profile.branch_history(rows, pick["committee"], pick["branch"], config)
    assert list(hist.columns) == profile.HISTORY_COLUMNS
    expected = [t[(t["committee"] == pick["committee"]) & (t["branch"] == pick["branch"])]
                for t in (scoring.branch_scores(db, q, config) for q in quarters)]
    expected = pd.concat([e for e in expected if not e.empty], ignore_index=True)
    assert hist["period"].tolist() == expected["period"].tolist()
    for col in ("party_score", "business_score", "coefficient", "composite"):
        assert np.array_equal(hist[col].to_numpy(float), expected[col].to_numpy(float), equal_nan=True), col
    for col in ("rank", "committee_rank", "stars"):
        assert hist[col].astype("Float64").fillna(-1).tolist() == expected[col].astype("Float64").fillna(-1).tolist(), col
    assert hist["grade"].tolist() == expected["grade"].tolist()
    assert hist["veto_reason"].fillna("").tolist() == expected["veto_reason"].fillna("").tolist()
    assert profile.branch_history(rows, "无此党委", "无此支部", config).empty
