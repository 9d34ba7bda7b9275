"""assess.views.display: the one table of formats, numbers for people (never −0.0), labels."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from assess.i18n import t
from assess.views import display


@pytest.mark.parametrize("value, kind, text", [
    (83.25, "score", "83.2"), (83.26, "score", "83.3"), (-0.0, "score", "0.0"), (-1e-12, "score", "0.0"),
    (-0.04, "score", "0.0"), (-0.05, "score", "-0.1"), (0.8333, "pct", "83.3%"), (-1e-12, "pct", "0.0%"),
    (4.6, "count", "5"), (-0.2, "count", "0"), (0.456, "r", "0.46"), (-0.001, "r", "0.00"),
    (None, "score", "—"), (pd.NA, "pct", "—"), (math.nan, "count", "—"), ("x", "score", "—"),
])
def test_fmt(value, kind, text):
    assert display.fmt(value, kind) == text


@pytest.mark.parametrize("value, kind, text", [
    (1.25, "score", "+1.2"), (-1.26, "score", "-1.3"), (0.04, "score", "0.0"), (-0.04, "score", "0.0"),
    (-7e-15, "score", "0.0"), (2, "count", "+2"), (0, "count", "0"), (math.nan, "score", "—"),
])
def test_signed(value, kind, text):
    assert display.signed(value, kind) == text


def test_display_table_never_shows_minus_zero():
    df = pd.DataFrame({"delta_composite": [-7e-15, -0.04, -0.06], "coefficient": [-0.0001, 1.0, 0.95]})
    shown = display.display_table(df, "zh")
    values = shown.iloc[:, 0].tolist()
    assert values[:2] == [0.0, 0.0] and all(math.copysign(1, v) == 1 for v in values[:2])
    assert values[2] == -0.1
    assert math.copysign(1, shown.iloc[0, 1]) == 1


def test_one_table_of_formats_feeds_the_table_and_the_widget():
    formats = display.column_formats("zh")
    for column, f in display.FORMATS.items():
        assert formats[t(f"ui.col.{column}", "zh")] == f.widget
    df = pd.DataFrame({c: [1.23456] for c, f in display.FORMATS.items() if f.digits is not None})
    shown = display.display_table(df, "en")
    for column in df.columns:
        assert shown[t(f"ui.col.{column}", "en")].iloc[0] == round(1.23456, display.FORMATS[column].digits)


def test_method_parameter_tables_are_translated():
    df = pd.DataFrame({"parameter": ["slope"], "value": ["2"], "default": ["1"], "changed": [True]})
    shown = display.display_table(df, "en")
    assert list(shown.columns) == [t(f"ui.method.param_{c}", "en") for c in df.columns]
    assert shown.iloc[0].tolist() == [t("ui.param.slope", "en"), "2", "1", t("ui.yes", "en")]


@pytest.mark.parametrize("name, short", [("第一党支部", "第一"), ("一支部", "一支部"), ("机关党支部", "机关"),
                                         ("综合办公室支部", "综合办公室"), ("车间", "车间")])
def test_short_name(name, short):
    assert display.short_name(name) == short


def test_branch_labels_name_the_committee_only_where_a_name_repeats():
    labels = display.branch_labels(["甲", "乙", "甲", "甲"], ["一支部", "一支部", "二党支部", "一支部"])
    assert labels == ["一支部（甲）", "一支部（乙）", "二党", "一支部（甲）"]


def test_heat_grid_keeps_the_order_given():
    heat = pd.DataFrame({"label": ["b", "b", "a", "a"], "indicator": ["y", "x", "y", "x"],
                         "rate": [0.5, math.nan, 0.9, 0.1]})
    grid = display.heat_grid(heat)
    assert grid.index.tolist() == ["b", "a"] and grid.columns.tolist() == ["y", "x"]
    assert grid.loc["a", "x"] == 0.1 and math.isnan(grid.loc["b", "x"])
    assert display.heat_grid(heat.iloc[0:0]).empty
