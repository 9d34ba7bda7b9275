"""The explanations on the pages (ISSUE-16, SPEC §5 "Across the views"): AppTests of the
overview's 需关注 list and the profile's why / what next, in Chinese and English, on the sample
store; the numbers the profile draws are the ``explain`` command's."""

from __future__ import annotations

import json

import pytest

from assess import scoring
from assess.config import load_config
from assess.db import Database
from assess.i18n import t
from assess.links import branch_key
from assess.scoring.explain_cli import explain_table
from assess.scoring.explain import changes as explain_changes
from assess.views import explain
from assess.views.profile import step_sentences

LANGS = ("zh", "en")


def latest_quarter(db) -> str:
    p = scoring.periods(db)
    return sorted(p.loc[p["kind"] == "quarter", "period"])[-1]


def command_rows(path):
    """What ``python -m assess explain --quarter <latest>`` writes, as a frame (the command's
    own table function; its CSV is this frame, unrounded)."""
    with Database(path) as db:
        period = latest_quarter(db)
        return period, explain_table(db, period, load_config())


def figures(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def titled(at, key: str, lang: str) -> dict:
    (fig,) = [f for f in figures(at) if t(key, lang) in f["layout"]["title"]["text"]]
    return fig


def texts(at) -> str:
    parts = []
    for kind in ("subheader", "markdown", "caption", "info", "warning", "error"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts).replace("\\", "")  # Markdown escapes (assess.safe) read as the text


@pytest.mark.parametrize("lang", LANGS)
def test_the_overview_lists_what_needs_attention(make_app, sample_db, lang):
    at = make_app(sample_db, "overview", lang)
    assert not at.exception, [e.value for e in at.exception]
    assert t("explain.attention.title", lang) in [s.value for s in at.subheader]
    with Database(sample_db) as db:
        expected = explain.attention(db, latest_quarter(db), load_config(), lang, limit=10)
    assert expected.total > 0
    (table,) = [d.value for d in at.dataframe if t("ui.col.reasons", lang) in d.value.columns]
    assert table[t("ui.col.branch", lang)].tolist() == expected.rows["branch"].tolist()
    assert table[t("ui.col.reasons", lang)].tolist() == expected.rows["reasons"].tolist()
    # the most serious first: every veto is listed before anything else
    severities = expected.rows["severity"].tolist()
    assert severities == sorted(severities)


@pytest.mark.parametrize("vetoed", [True, False])
@pytest.mark.parametrize("lang", LANGS)
def test_the_profile_of_a_fall_says_why_with_the_commands_numbers(make_app, sample_db, lang, vetoed):
    """The largest fall of C of the sample's last quarter (a vetoed branch), and the largest
    among the branches without a veto."""
    period, table = command_rows(sample_db)
    with Database(sample_db) as db:
        veto = explain_changes(db, period, load_config()).set_index(["committee", "branch"])["veto"]
    table = table[[bool(veto[(c, b)]) == vetoed for c, b in zip(table["committee"], table["branch"])]]
    row = table.sort_values("delta_composite").iloc[0]  # the largest fall of C
    assert row["delta_composite"] < -1
    at = make_app(sample_db, "profile", lang, branch=branch_key(row["committee"], row["branch"]))
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at)
    for key in ("explain.profile.why", "explain.profile.next"):
        assert t(key, lang) in shown
    # tiles: C and its change as the command has them (rounded for people)
    metrics = {m.label: m for m in at.metric}
    c = metrics[t("ui.col.composite", lang)]
    assert c.value == f"{row['composite']:.1f}" and c.delta == f"{row['delta_composite']:+.1f}"
    with Database(sample_db) as db:
        scores = scoring.branch_scores(db, period, load_config())
    mine = scores[(scores["committee"] == row["committee"]) & (scores["branch"] == row["branch"])].iloc[0]
    assert metrics[t("explain.profile.rank_org", lang)].value == f"{mine['rank']} / {scores['rank'].notna().sum()}"
    assert t("explain.profile.rank_committee", lang) in metrics
    # the waterfall of ΔC: C₀, business part, party part — the command's, unrounded
    fig = titled(at, "explain.chart.composite_waterfall", lang)
    y = fig["data"][0]["y"]
    assert y[:3] == pytest.approx([row["previous_composite"], row["business_part"], row["party_part"]],
                                  abs=1e-9)
    assert sum(y[1:3]) == pytest.approx(row["delta_composite"], abs=1e-9)
    # the waterfall of ΔP: one bar per non-zero part, each the command's part_ column
    fig = titled(at, "explain.chart.party_waterfall", lang)
    bars = dict(zip(fig["data"][0]["x"][1:-1], fig["data"][0]["y"][1:-1]))
    parts = {c[len("part_"):]: v for c, v in row.items() if c.startswith("part_") and abs(v) > 1e-9}
    names = {"bonus": t("explain.part.bonus", lang), "deduction": t("explain.part.deduction", lang),
             "floor": t("explain.part.floor", lang)}
    assert bars == pytest.approx({names.get(k, k): v for k, v in parts.items()}, abs=1e-9)
    assert sum(bars.values()) == pytest.approx(row["delta_party"], abs=1e-9)
    # the thresholds and steps in words, as the view builds them
    with Database(sample_db) as db:
        why = explain.profile(db, period, row["committee"], row["branch"], load_config(), lang)
    steps = step_sentences(why, lang)
    assert steps and all(text in shown for text in steps)
    if vetoed:
        # every step the veto blocks, said once
        assert all(step.blocked == "veto" for step in why.steps if not step.reached)
        assert len(steps) < len(why.step_texts)
    else:
        assert any(step.gap and step.gap > 0 for step in why.steps)  # a distance in points
    assert all(text in shown for text in why.crossing_texts)
    assert why.driver_text in shown


HOSTILE_BRANCH = "[点我](http://203.0.113.7/x)"
HOSTILE_REASON = "<script>alert(1)</script> **粗** :red[红字]"


@pytest.mark.parametrize("lang", LANGS)
def test_hostile_names_reach_the_profile_as_text(make_app, tmp_path, lang):
    """ISSUE-14: the heading, the veto reason and every sentence carry names through
    assess.safe.markdown — no link, markup or directive is made of them."""
    from tests.scoring_fixtures import make_db, simple

    cells = [*simple("2025Q1", "A/B党委", HOSTILE_BRANCH, p=95, b=90),
             *simple("2025Q2", "A/B党委", HOSTILE_BRANCH, p=70, b=80, veto=HOSTILE_REASON),
             *simple("2025Q1", "A/B党委", "二支部", p=80, b=80), *simple("2025Q2", "A/B党委", "二支部", p=80, b=80)]
    make_db(tmp_path, cells).close()
    at = make_app(tmp_path / "test.duckdb", "profile", lang, branch=branch_key("A/B党委", HOSTILE_BRANCH))
    assert not at.exception, [e.value for e in at.exception]
    sinks = [str(e.value) for kind in ("subheader", "markdown", "error", "info", "warning", "caption")
             for e in getattr(at, kind)]
    named = [s for s in sinks if "点我" in s or "alert" in s]
    assert any("点我" in s for s in named) and any("alert" in s for s in named)
    for text in named:
        assert "[点我](" not in text and "<script>" not in text and ":red[" not in text, text
    assert any(r"\[点我\]\(http" in s for s in at.subheader.values)
