"""Text from the data stays text in every sink (assess/safe.py), and every chart builder escapes
what it draws (assess/charts.py) — checked on the figure's JSON with tests/hostile_names.py."""

from __future__ import annotations

import html
import json
import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from assess import charts, safe
from tests.hostile_names import LINK_MARKERS, LONG, NAMES, OUTSIDE

# ------------------------------------------------------------------ the helpers


def test_plot_escapes_markup_and_reads_back_as_written():
    assert safe.plot('<a href="http://x">点我</a>') == '&lt;a href="http://x"&gt;点我&lt;/a&gt;'
    assert safe.plot("A&B 100%{x}") == "A&amp;B 100&#37;{x}"
    assert safe.plot("甲\n乙\r\n丙") == "甲 乙 丙"
    assert safe.plot("\u202e反\u202c\u200f") == "反"
    assert safe.plot("一二三四五", limit=3) == "一二…"


def test_plot_labels_are_unique_even_when_names_read_alike():
    labels = safe.plot_labels(["甲\u200f", "甲", LONG, LONG + "x", "<b>"], limit=10)
    assert labels == ["甲", "甲 (2)", "长" * 9 + "…", "长" * 9 + "… (2)", "&lt;b&gt;"]


@given(st.text(max_size=200))
def test_plot_text_decodes_to_the_plain_text(text):
    shown = safe.plot(text)
    assert not re.search(r"[<>]", shown)
    assert "%{" not in shown
    assert html.unescape(shown) == safe.plain(text)


def test_markdown_escapes_every_punctuation_mark():
    assert safe.markdown(f"[点我]({OUTSIDE})") == "\\[点我\\]\\(http\u2060\\:\\/\\/203\\.0\\.113\\.7\\)"
    assert safe.markdown("![i](u)") == r"\!\[i\]\(u\)"
    assert safe.markdown("# 标题\n- 列表") == r"\# 标题 \- 列表"
    assert safe.markdown(":red[x] $y$") == r"\:red\[x\] \$y\$"
    assert safe.markdown("第一党支部") == "第一党支部"


def test_markdown_breaks_bare_addresses_which_escapes_do_not_stop():
    """GFM autolinks are found in the text after escapes are undone: a word joiner after the
    scheme, ``www`` and ``@`` leaves nothing an autolink can start from (seen in Chromium)."""
    shown = safe.markdown(f"{OUTSIDE}/x HTTPS://y www.example.com a@example.com")
    unescaped = re.sub(r"\\(.)", r"\1", shown)
    assert unescaped == "http\u2060://203.0.113.7/x HTTPS\u2060://y www\u2060.example.com a@\u2060example.com"
    assert not re.search(r"(?i)https?://|www\.|@\w", unescaped)


@given(st.text(max_size=200))
def test_markdown_leaves_no_unescaped_punctuation_and_unescapes_to_the_plain_text(text):
    shown = safe.markdown(text)
    # every ASCII punctuation character is the second half of a backslash escape
    assert not re.search(r"(?<!\\)(?:\\\\)*[!-/:-@\[-`{-~](?<!\\)", re.sub(r"\\[!-/:-@\[-`{-~]", "", shown))
    assert re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", shown).replace(safe.WORD_JOINER, "") == \
        safe.plain(text).replace(safe.WORD_JOINER, "")
    assert "\n" not in shown


def _draw(labels):
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    try:
        for i, label in enumerate(labels):
            ax.barh([i], [1.0], label=label)
        ax.set_yticks(range(len(labels)), labels)
        legend = ax.legend()
        fig.savefig(io.BytesIO(), format="png")
        return [t.get_text() for t in legend.get_texts()]
    finally:
        plt.close(fig)


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
def test_figure_text_is_drawn_by_matplotlib_as_written():
    """The 通报's figures (assess/report/figures.py): a name with ``$`` is not mathtext — a
    malformed one would stop the drawing — and a name starting with ``_`` keeps its legend entry."""
    hostile = ["A$\\frac$B", ":red[红字] $x^2$", "_隐藏", *NAMES]
    with pytest.raises(ValueError):
        _draw(hostile[:1])  # what the report did before
    assert safe.figure("A$\\frac$B") == "A\\$\\frac\\$B"
    assert safe.figure("_隐藏") == " _隐藏"
    assert safe.figure("\u202e反\u202c") == "反"
    assert _draw([safe.figure(n) for n in hostile]) == [safe.figure(n) for n in hostile]


def test_export_cell_quotes_formulas_and_keeps_numbers():
    assert safe.export_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert safe.export_cell(-3.5) == -3.5
    assert safe.export_cell("第一党支部") == "第一党支部"


# ------------------------------------------------------------------ every chart builder

CONTEXT = "2025Q3 · <b>系数法</b>"
OWN_MARKUP = re.compile(r"</?(?:br|sup|extra)>")
"""The only markup the builders write themselves (title's subtitle, hover lines)."""


def _names(n: int, offset: int = 0) -> list[str]:
    return [NAMES[(i + offset) % len(NAMES)] for i in range(n)]


def _branches() -> pd.DataFrame:
    committees = _names(len(NAMES))
    branches = _names(len(NAMES), offset=3)
    n = len(NAMES)
    return pd.DataFrame({
        "committee": committees, "branch": branches,
        "party_score": [60 + i for i in range(n)], "business_score": [90 - i for i in range(n)],
        "rank_left": list(range(1, n + 1)), "rank_right": list(range(n, 0, -1)),
    })


def _builders():
    df = _branches()
    colors = charts.committee_colors(df["committee"])
    few = df.head(5)
    few_colors = charts.committee_colors(few["committee"])
    summary = pd.DataFrame({"committee": df["committee"], "party_mean": 80.0, "business_mean": 70.0,
                            "composite_mean": 60.0})
    periods = ["2025Q1", "2025Q2"]
    trend_rows = pd.DataFrame([(p, s, 70.0 + i) for i, s in enumerate(NAMES) for p in periods],
                              columns=["period", "series", "value"])
    radar = pd.DataFrame([(d, s, 0.7 + 0.01 * i) for s in NAMES[:3] for i, d in enumerate(NAMES)],
                         columns=["dimension", "series", "rate"])
    heat = pd.DataFrame([(b, ind, 0.8) for b in NAMES for ind in NAMES], columns=["label", "indicator", "rate"])
    weakest = pd.DataFrame({"indicator": NAMES, "category": "party", "rate": 0.5})
    corr = pd.DataFrame({"committee": NAMES, "correlation": 0.5, "branches": 5})
    k = pd.DataFrame({"party_score": [60.0, 90.0] * 2, "coefficient": [0.6, 0.9] * 2,
                      "series": [NAMES[0]] * 2 + [NAMES[5]] * 2, "step": False})
    return {
        "committee_comparison": charts.committee_comparison(summary, colors, "zh", CONTEXT),
        "committee_comparison_few": charts.committee_comparison(summary.head(5), few_colors, "zh", CONTEXT),
        "rank_shift": charts.rank_shift(df, colors, "zh", CONTEXT),
        "rank_shift_few": charts.rank_shift(few, few_colors, "zh", CONTEXT),
        "pb_scatter": charts.pb_scatter(df, 70, 80, colors, "zh", CONTEXT, 0.3),
        "pb_scatter_few": charts.pb_scatter(few, 70, 80, few_colors, "zh", CONTEXT, 0.3),
        "correlation_bars": charts.correlation_bars(corr, colors, "zh", CONTEXT),
        "correlation_bars_few": charts.correlation_bars(  # the long name among them
            corr.sort_values("committee", key=lambda c: ~c.str.startswith("长")).head(charts.LEGEND_MAX), colors,
            "zh", CONTEXT),
        "trend": charts.trend(trend_rows, "party_score", colors, "zh", CONTEXT),
        "trend_few": charts.trend(trend_rows[trend_rows["series"].isin(NAMES[:5])], "solid_rate", few_colors,
                                  "zh", CONTEXT, target=0.8),
        "radar": charts.radar(radar, "zh", CONTEXT),
        "heatmap": charts.heatmap(heat, "zh", CONTEXT),
        "weakest": charts.weakest(weakest, "zh", CONTEXT),
        "k_curve": charts.k_curve(k, "zh", CONTEXT),
    }


BUILT = _builders()


def _shown_strings(node, path=""):
    """Every string of a figure that plotly may render (customdata is data, never drawn as is)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "customdata":
                continue
            yield from _shown_strings(value, f"{path}.{key}")
    elif isinstance(node, (list, tuple)):
        for i, value in enumerate(node):
            yield from _shown_strings(value, f"{path}[{i}]")
    elif isinstance(node, str):
        yield path, node


@pytest.mark.parametrize("name", sorted(BUILT))
def test_figure_json_holds_no_live_markup_from_the_data(name):
    figure = json.loads(BUILT[name].to_json())
    strings = list(_shown_strings(figure))
    assert strings
    for path, text in strings:
        rest = OWN_MARKUP.sub("", text)
        assert "<" not in rest and ">" not in rest, (path, text[:120])
        assert not any(m in text for m in LINK_MARKERS), (path, text[:120])
        assert not re.search(f"[{safe.BIDI_CONTROLS}]", text), (path, text[:120])
        # a name's own %{…} never reaches a template: what is left are the builder's placeholders
        for placeholder in re.findall(r"%\{([^}]*)\}", text):
            assert re.fullmatch(r"(x|y|z|r|theta|text|customdata)(\[\d\])?(:[.\d%f]+)?", placeholder), (path, text)


@pytest.mark.parametrize("name", sorted(BUILT))
def test_figure_shows_the_names_as_text(name):
    """The names are there, escaped (plotly shows ``&lt;`` as ``<``), and the context too."""
    text = json.dumps(BUILT[name].to_plotly_json()["data"], default=str, ensure_ascii=False)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text or "&lt;img src=x" in text
    layout = json.dumps(BUILT[name].to_plotly_json()["layout"], default=str, ensure_ascii=False)
    assert "2025Q3 · &lt;b&gt;系数法&lt;/b&gt;" in layout


def test_long_names_are_cut_on_axes_and_legends():
    fig = BUILT["correlation_bars_few"]  # bars (more committees are dots, named on hover)
    ticks = list(fig.data[0].y)
    long_tick = next(tick for tick in ticks if tick.startswith("长"))
    assert len(long_tick) == safe.PLOT_LABEL_MAX and long_tick.endswith("…")


def test_scatter_selection_still_names_the_raw_branch():
    fig = BUILT["pb_scatter_few"]
    rows = [tuple(row[:2]) for trace in fig.data for row in trace.customdata]
    df = _branches().head(5)
    assert sorted(rows) == sorted(zip(df["committee"], df["branch"]))
    shown = [row[3] for trace in fig.data for row in trace.customdata]
    assert sorted(shown) == sorted(safe.plot(b) for b in df["branch"])
