"""assess.plot_config — how every chart behaves in a browser — and what the chart builders do for
a phone: no drag mode, one tick-label direction, titles clear of the labels, long names cut
with the full name on hover, score bars from 0 or labelled, the target named in the legend, the
radar's values written on it, WebGL for thousands of dots. (What a finger does in Chromium is
tested in tests/browser/test_phone.py.)"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from assess import charts, plot_config
from assess.i18n import t

COLORS = charts.committee_colors(["甲党委", "乙党委"])


def test_config_keeps_the_wheel_and_the_logo_off():
    assert plot_config.CONFIG["scrollZoom"] is False and plot_config.CONFIG["displaylogo"] is False
    assert {"lasso2d", "select2d"} <= set(plot_config.CONFIG["modeBarButtonsToRemove"])


def test_css_frees_the_drag_handles_and_hides_the_tool_bar_on_touch_screens_only():
    css = plot_config.CSS
    assert css.startswith("<style>") and css.endswith("</style>") and "<script" not in css
    touch = css[css.index("@media (hover: none), (pointer: coarse)"):]
    assert ".modebar-container { display: none !important; }" in touch
    assert ".drag:not(.nsewdrag)" in touch and ".polarlayer .maindrag" in touch
    assert css.index("@media") < css.index(".modebar-container")  # nothing outside the touch rule


def test_apply_sets_the_behaviour_and_keeps_a_builders_own_angle():
    fig = plot_config.prepare(go.Figure(go.Bar(x=["a"], y=[1])))
    assert fig.layout.dragmode is False and fig.layout.modebar.orientation == "v"
    assert fig.layout.xaxis.tickangle == 0
    tilted = go.Figure(go.Bar(x=["a"], y=[1]))
    tilted.update_xaxes(tickangle=-45)
    assert plot_config.prepare(tilted).layout.xaxis.tickangle == -45


@pytest.mark.parametrize("headers, touch", [
    ({"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
                    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"}, True),
    ({"user-agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                    "Chrome/131.0.0.0 Mobile Safari/537.36"}, True),
    ({"User-Agent": "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) "
                    "Chrome/120.0 Safari/537.36"}, True),  # an Android tablet
    ({"Sec-CH-UA-Mobile": "?1", "User-Agent": "Mozilla/5.0 (X11; Linux x86_64)"}, True),
    ({"User-Agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                    "Chrome/131.0.0.0 Safari/537.36", "Sec-CH-UA-Mobile": "?0"}, False),
    ({"User-Agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15"},
     False),
    ({}, False),
    (None, False),
])
def test_touch_client(headers, touch):
    assert plot_config.touch_client(headers) is touch


@pytest.mark.parametrize("text, limit, expected", [
    ("党群工作部", 16, "党群工作部"),
    ("综合办公室（机关党委）", 16, "综合办公室（机…"),  # 8 wide characters at most: 7 and "…"
    ("第三采油厂第二作业区联合党支部", 16, "第三采油厂第二…"),
    ("Sales department north", 16, "Sales departmen…"),  # "…" counts 1
    ("Sales", 4, "Sal…"),
])
def test_clip(text, limit, expected):
    assert plot_config.clip(text, limit) == expected
    assert plot_config.width(plot_config.clip(text, limit)) <= limit


@pytest.mark.parametrize("text, limit, expected", [
    ("基本组织", 8, "基本组织"),
    ("基本组织", 6, "基本<br>组织"),
    ("组织生活制度", 6, "组织生<br>活制度"),
    ("五个字维度", 6, "五个字<br>维度"),
    ("Party building work", 8, "Party<br>building<br>work"),
])
def test_wrap(text, limit, expected):
    assert plot_config.wrap(text, limit) == expected


def test_stack_and_period_ticks():
    assert plot_config.stack("组织设置") == "组<br>织<br>设<br>置"
    assert plot_config.stack("KPI score") == "KPI<br>score"
    assert plot_config.period_ticks(["2024Q3", "2024Q4", "2025Q1", "2025Q2"]) == [
        "Q3<br>2024", "Q4<br> ", "Q1<br>2025", "Q2<br> "]
    assert plot_config.period_ticks(["2024", "2025"]) == ["2024", "2025"]


# ---------------------------------------------------------------- the chart builders

SCORES = pd.DataFrame({"committee": ["甲党委", "甲党委", "乙党委"], "branch": ["一支部", "二支部", "一支部"],
                       "party_score": [91.0, 88.0, 95.5], "business_score": [82.0, 90.0, 85.0]})
SUMMARY = pd.DataFrame({"committee": ["甲党委", "乙党委"], "party_mean": [91.2, 92.0],
                        "business_mean": [85.0, 86.5], "composite_mean": [77.6, 78.9]})
TREND = pd.DataFrame({"period": ["2025Q1", "2025Q2", "2025Q3"] * 2, "series": ["甲党委"] * 3 + ["乙党委"] * 3,
                      "value": [0.7, 0.75, 0.9, 0.8, 0.85, 0.6]})
RADAR = pd.DataFrame({"dimension": ["基本组织", "基本队伍", "基本活动"] * 2,
                      "series": ["一支部"] * 3 + ["全体平均"] * 3, "rate": [0.914, 0.8, 0.955, 0.9, 0.85, 0.9]})
HEAT = pd.DataFrame({"label": ["综合办公室（机关党委）"] * 2 + ["一支部"] * 2, "indicator": ["组织设置", "三会一课"] * 2,
                     "rate": [0.9, 0.8, 0.7, np.nan]})
WEAK = pd.DataFrame({"indicator": ["成本控制", "收入完成"], "category": ["business", "business"], "rate": [0.838, 0.841]})
SHIFT = pd.DataFrame({"committee": ["机关党委", "市场营销党委", "甲党委"],
                      "branch": ["综合办公室党支部", "综合办公室党支部", "第三采油厂第二作业区联合党支部"],
                      "rank_left": [3.0, 1.0, 2.0], "rank_right": [1.0, 2.0, 3.0]})

BUILDERS = {
    "grades": lambda: charts.grade_distribution(pd.DataFrame({"grade": ["优秀", "良好"], "count": [1, 2],
                                                              "share": [1 / 3, 2 / 3]}), "zh", "ctx"),
    "stars": lambda: charts.star_distribution(pd.DataFrame({"stars": range(6), "count": [0, 1, 0, 2, 3, 1]}), "zh", "ctx"),
    "committees": lambda: charts.committee_comparison(SUMMARY, COLORS, "zh", "ctx"),
    "rank_shift": lambda: charts.rank_shift(SHIFT, COLORS, "zh", "ctx"),
    "scatter": lambda: charts.pb_scatter(SCORES, 90.0, 85.0, COLORS, "zh", "ctx"),
    "correlations": lambda: charts.correlation_bars(pd.DataFrame({"committee": ["甲党委"], "correlation": [0.4],
                                                                  "branches": [8]}), COLORS, "zh", "ctx"),
    "trend": lambda: charts.trend(TREND, "solid_rate", COLORS, "zh", "ctx", target=0.8),
    "radar": lambda: charts.radar(RADAR, "zh", "ctx"),
    "history": lambda: charts.history(pd.DataFrame({"period": ["2025Q1", "2025Q2"], "party_score": [90.0, 91.0],
                                                    "business_score": [80.0, 81.0], "composite": [72.0, 73.7]}), "zh", "ctx"),
    "heatmap": lambda: charts.heatmap(HEAT, "zh", "ctx"),
    "weakest": lambda: charts.weakest(WEAK, "zh", "ctx"),
    "k_curve": lambda: charts.k_curve(pd.DataFrame({"party_score": [40.0, 100.0], "coefficient": [0.4, 1.0],
                                                    "series": ["所选", "所选"], "step": [False, False]}), "zh", "ctx"),
    "empty": lambda: charts.empty("zh"),
}


@pytest.mark.parametrize("name", BUILDERS)
def test_every_chart_lets_a_finger_scroll_and_reads_horizontally(name):
    fig = BUILDERS[name]()
    assert fig.layout.dragmode is False, name
    assert fig.layout.xaxis.tickangle == 0, name  # one tick-label direction on every page
    assert fig.layout.title.automargin is True or not fig.layout.title.text, name


def test_committee_bars_start_at_zero_and_say_their_values():
    fig = BUILDERS["committees"]()
    assert fig.layout.yaxis.rangemode == "tozero" and fig.layout.yaxis.range is None
    assert list(fig.data[0].text) == ["91.2", "85.0", "77.6"] and list(fig.data[1].text) == ["92.0", "86.5", "78.9"]


def test_the_target_is_named_in_the_legend_not_written_on_the_lines():
    fig = BUILDERS["trend"]()
    assert not fig.layout.annotations  # no label inside the plot
    assert [s.y0 for s in fig.layout.shapes] == [80.0]
    target = [tr for tr in fig.data if tr.name == t("ui.chart.target", "zh", value="80%")]
    assert len(target) == 1 and target[0].line.dash == "dash" and target[0].line.color == charts.TARGET_COLOR
    assert list(fig.layout.xaxis.ticktext) == ["Q1<br>2025", "Q2<br> ", "Q3<br> "]


def test_long_names_are_cut_on_the_axis_and_whole_on_hover():
    fig = BUILDERS["rank_shift"]()
    assert list(fig.layout.yaxis.tickvals) == ["综合办公室党支部（机关党委）", "综合办公室党支部（市场营销党委）",
                                               "第三采油厂第二作业区联合党支部"]
    assert list(fig.layout.yaxis.ticktext) == ["综合办公室（机…", "综合办公室（市…", "第三采油厂第二…"]
    assert fig.data[1].hovertemplate.startswith("%{y}")  # the category: the whole name
    heat = BUILDERS["heatmap"]()
    assert list(heat.layout.yaxis.ticktext) == ["综合办公室（机…", "一支部"]
    assert list(heat.layout.xaxis.ticktext) == ["组<br>织<br>设<br>置", "三<br>会<br>一<br>课"]
    assert heat.data[0].hovertemplate.startswith("%{y}")


def test_the_radar_writes_the_branchs_values_inside_the_figure():
    fig = BUILDERS["radar"]()
    branch, mean = fig.data
    assert list(branch.text) == ["91", "80", "96", ""] and "text" in branch.mode
    assert mean.text is None and "text" not in mean.mode
    assert list(branch.theta)[:3] == ["基本<br>组织", "基本<br>队伍", "基本<br>活动"]
    assert list(branch.customdata)[:3] == ["基本组织", "基本队伍", "基本活动"]  # hover: the whole name
    lo, hi = fig.layout.polar.domain.x
    assert lo >= 0.1 and hi <= 0.9


def test_thousands_of_branches_are_counted_per_cell_not_drawn_as_dots():
    n = charts.DENSITY_POINTS + 1
    p = np.where(np.arange(n) < 3, 60.1, 99.9)  # three branches at P 60.1, the rest at 99.9
    many = pd.DataFrame({"committee": "甲党委", "branch": [f"{i}支部" for i in range(n)], "party_score": p,
                         "business_score": np.where(np.arange(n) < 3, 50.2, 89.8)})
    fig = charts.pb_scatter(many, 80.0, 70.0, COLORS, "zh", "ctx")
    assert [tr.type for tr in fig.data] == ["heatmap"]
    z = np.asarray(fig.data[0].z, dtype=float)
    assert z.shape == (charts.DENSITY_BINS, charts.DENSITY_BINS)
    assert np.nansum(z) == n and z[0, 0] == 3 and z[-1, -1] == n - 3  # rows: B, columns: P
    assert np.isnan(z[0, 1])  # an empty cell is blank, not 0
    assert fig.data[0].text[0][0] == "P 60.1–61.1 · B 50.2–51.2"  # the cell's ranges on hover
    assert fig.data[0].customdata is None  # a click on a cell names no branch to open
    assert len(fig.layout.shapes) == 2  # the quadrant lines stay
    assert [tr.type for tr in BUILDERS["scatter"]().data] == ["scatter", "scatter"]  # a dot each, as before


def test_hundreds_of_committees_trend_as_the_band_of_their_middle_80_percent():
    names = [f"第{i}党委" for i in range(charts.BAND_COMMITTEES + 1)]
    rows = [(q, c, float(i)) for i, c in enumerate(names) for q in ("2025Q1", "2025Q2")]
    rows += [(q, "全部", 50.0) for q in ("2025Q1", "2025Q2")]
    df = pd.DataFrame(rows, columns=["period", "series", "value"])
    fig = charts.trend(df, "party_score", dict(charts.committee_colors(names), 全部="#333333"), "zh", "ctx")
    low, high, overall = fig.data
    assert list(low.y) == pytest.approx([6.0, 6.0]) and list(high.y) == pytest.approx([54.0, 54.0])  # of 0…60
    assert high.fill == "tonexty" and high.name == t("ui.chart.committee_band", "zh", n=len(names))
    assert low.showlegend is False and overall.name == "全部" and list(overall.y) == [50.0, 50.0]


def test_many_committees_correlations_are_one_row_of_dots():
    names = [f"第{i}党委" for i in range(charts.LEGEND_MAX + 5)]
    df = pd.DataFrame({"committee": names, "correlation": np.linspace(-0.5, 0.9, len(names)), "branches": 25})
    fig = charts.correlation_bars(df, charts.committee_colors(names), "zh", "ctx")
    assert [tr.type for tr in fig.data] == ["box"] and list(fig.data[0].customdata) == names
    assert list(fig.data[0].x) == pytest.approx(list(df["correlation"]))
    assert fig.layout.height < 400  # not a bar per committee, metres long
