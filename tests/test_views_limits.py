"""Views at scale: with thousands of branches the heat map and the rank-shift chart draw a
stated subset (the weakest, the best ranked), and charts draw many committees as one trace —
with the same numbers, each still named on hover, and the page saying what it left out."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from assess import charts
from assess.views import display, indicators, ranking
from assess.i18n import t


def rates_frame(means: dict[tuple[str, str], list[float]]) -> pd.DataFrame:
    """Indicator rates as :func:`assess.scoring.indicator_rates` gives them (party indicators)."""
    rows = []
    for i, ((committee, branch), values) in enumerate(means.items()):
        for position, rate in enumerate(values):
            rows.append({"committee": committee, "branch": branch, "branch_id": i, "category": "party",
                         "dimension": "基本组织", "indicator": f"指标{position}", "position": position,
                         "full_mark": 10.0, "rate": rate, "applicable_quarters": 1})
    return pd.DataFrame(rows).astype({"committee": "category", "branch": "category", "indicator": "category"})


RATES = rates_frame({
    ("甲党委", "一支部"): [0.9, 0.8],      # mean 0.85
    ("甲党委", "二支部"): [0.5, 0.7],      # 0.6
    ("乙党委", "一支部"): [0.6, np.nan],   # 0.6 (N/A left out): ties 甲/二 and comes after it
    ("乙党委", "三支部"): [0.95, 1.0],     # 0.975
    ("乙党委", "四支部"): [np.nan, np.nan],  # no rate at all: last
})


def test_heat_frame_keeps_the_weakest_branches_and_says_how_many():
    heat = indicators.heat_frame(RATES, "party", limit=2)
    assert heat.attrs == {"branches": 5, "shown": 2}
    # the tie at 0.6 goes to the earlier row; drawn in committee, branch order (乙 sorts before 甲)
    assert list(dict.fromkeys(heat["label"])) == ["一支部", "二支部"]
    got = dict(zip(zip(heat["label"], heat["indicator"]), heat["rate"]))
    assert got[("二支部", "指标0")] == 0.5 and np.isnan(got[("一支部", "指标1")])  # rates unchanged
    grid = display.heat_grid(heat)
    assert grid.shape == (2, 2)


def test_heat_frame_labels_repeated_names_and_draws_all_under_the_limit():
    heat = indicators.heat_frame(RATES, "party", limit=indicators.HEAT_ROWS)
    assert heat.attrs == {"branches": 5, "shown": 5}
    assert list(dict.fromkeys(heat["label"])) == ["一支部（乙党委）", "三支部", "四支部", "一支部（甲党委）", "二支部"]
    assert len(heat) == len(RATES)
    empty = indicators.heat_frame(RATES, "business", limit=2)
    assert empty.empty and empty.attrs == {"branches": 0, "shown": 0}


def test_heat_frame_limit_ignores_branches_without_any_rate_last():
    heat = indicators.heat_frame(RATES, "party", limit=4)
    assert "四支部" not in set(heat["label"]) and len(set(heat["label"])) == 4  # no rate at all: after every branch that has one


def test_best_ranked_keeps_ranks_and_counts():
    shift = pd.DataFrame({"committee": ["甲"] * 5, "branch": list("abcde"),
                          "rank_left": [5.0, 1.0, 2.0, 3.0, 4.0], "rank_right": [3.0, 1.0, 1.0, 4.0, 2.0]})
    best = ranking.best_ranked(shift, 3)
    assert best["branch"].tolist() == ["b", "c", "e"]  # rank 1 (tie: by rank by B), then 2
    assert best["rank_left"].tolist() == [1.0, 2.0, 4.0]
    assert best.attrs == {"branches": 5, "shown": 3}
    assert ranking.best_ranked(shift, 10).attrs == {"branches": 5, "shown": 5}


COMMITTEES = [f"第{i}党委" for i in range(charts.LEGEND_MAX + 3)]
COLORS = charts.committee_colors(COMMITTEES)


def scale_of(trace) -> dict[int, str]:
    """The colour each number of a trace's stepped colour scale stands for."""
    n = len(trace.marker.colorscale) // 2
    return {i: trace.marker.colorscale[2 * i][1] for i in range(n)}


def test_scatter_of_many_committees_is_one_trace_coloured_by_committee():
    df = pd.DataFrame({"committee": COMMITTEES * 2, "branch": [f"{i}支部" for i in range(2 * len(COMMITTEES))],
                       "party_score": np.linspace(60, 95, 2 * len(COMMITTEES)),
                       "business_score": np.linspace(50, 90, 2 * len(COMMITTEES))})
    fig = charts.pb_scatter(df, 80.0, 70.0, COLORS, "zh", "ctx")
    assert len(fig.data) == 1
    trace = fig.data[0]
    assert [tuple(c[:2]) for c in trace.customdata] == list(zip(df["committee"], df["branch"]))  # raw first
    colours = scale_of(trace)
    assert [colours[int(c)] for c in trace.marker.color] == [COLORS[c] for c in df["committee"]]
    few = charts.pb_scatter(df[df["committee"].isin(COMMITTEES[:3])], 80.0, 70.0, COLORS, "zh", "ctx")
    assert [tr.name for tr in few.data] == sorted(COMMITTEES[:3])  # a legend entry each, as before


def test_trend_of_many_committees_bundles_them_under_the_other_series():
    quarters = ["2025Q1", "2025Q2", "2025Q3"]
    rows = [(q, c, 60.0 + i + j) for i, c in enumerate(COMMITTEES) for j, q in enumerate(quarters)]
    rows += [(q, "全部", 70.0 + j) for j, q in enumerate(quarters)]
    df = pd.DataFrame(rows, columns=["period", "series", "value"])
    colors = dict(COLORS, 全部="#333333")
    fig = charts.trend(df, "party_score", colors, "zh", "ctx")
    assert len(fig.data) == 2
    bundle, overall = fig.data
    assert bundle.name == t("ui.chart.each_committee", "zh", n=len(COMMITTEES))
    assert overall.name == "全部" and list(overall.y) == [70.0, 71.0, 72.0]
    # one line per committee, separated by gaps, each point named after its committee
    points = [(n, x, y) for n, x, y in zip(bundle.customdata, bundle.x, bundle.y) if n is not None]
    assert len(points) == len(COMMITTEES) * len(quarters)
    assert ("第1党委", "2025Q2", 62.0) in points
    assert sum(n is None for n in bundle.customdata) == len(COMMITTEES) - 1


def test_committee_comparison_of_many_committees_is_a_box_per_measure():
    summary = pd.DataFrame({"committee": COMMITTEES, "party_mean": np.linspace(70, 90, len(COMMITTEES)),
                            "business_mean": 75.0, "composite_mean": 60.0})
    fig = charts.committee_comparison(summary, COLORS, "zh", "ctx")
    assert len(fig.data) == 3
    assert list(fig.data[0].customdata) == COMMITTEES
    assert list(fig.data[0].y) == pytest.approx(list(summary["party_mean"]))


@pytest.mark.parametrize("page, attr, key", [("indicators", "HEAT_ROWS", "ui.indicators.limited"),
                                             ("ranking", "SHIFT_ROWS", "ui.ranking.shift_limited")])
def test_pages_say_when_they_draw_a_subset(make_app, sample_db, monkeypatch, page, attr, key):
    monkeypatch.setattr({"indicators": indicators, "ranking": ranking}[page], attr, 3)
    at = make_app(sample_db, page)
    assert not at.exception, [e.value for e in at.exception]
    caption = [c.value for c in at.caption if c.value.startswith(t(key, "zh", shown=3, total=0)[:8])]
    assert caption and "3" in caption[0]
    if page == "indicators":
        assert len(at.dataframe[0].value) == 3  # the heat table: the three weakest branches
