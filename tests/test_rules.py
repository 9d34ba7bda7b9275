"""SPEC §3.16, the organisation's own rules: per-year rules and what-ifs, star quotas, and the
configuration keys that set them (mistakes located like every other key)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from assess.config import Config, Method, Scoring, YearRules, load_config, with_what_if
from assess.problems import ProblemError
from assess.rules import official, rules_for, rules_used, with_what_if_method, without_what_if
from assess.scoring import branch_scores, changes, quarter_scores
from assess.scoring.model import star_quota
from scoring_fixtures import make_db, simple


def by_branch(frame: pd.DataFrame) -> dict[str, dict]:
    return {row["branch"]: row for row in frame.to_dict("records")}


def write(tmp_path, text: str):
    path = tmp_path / "assess.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --- star quotas: worked examples -----------------------------------------------------------------

NAN = math.nan


@pytest.mark.parametrize("p, stars, quota, expected", [
    # no bind: one 5★ of three branches, a quota of floor(0.5 × 3) = 1
    ([96, 92, 85], [5, 4, 3], [(5, 0.5)], [5, 4, 3]),
    # a bind: three 5★, floor(0.5 × 4) = 2 keep it, the lowest P drops to 4★
    ([99, 97, 96, 91], [5, 5, 5, 4], [(5, 0.5)], [5, 5, 4, 4]),
    # ties at the cut: 97 and 97 would make three; both drop, only 99 keeps 5★
    ([99, 97, 97, 91], [5, 5, 5, 4], [(5, 0.5)], [5, 4, 4, 4]),
    # ties within EPS count as ties
    ([99, 97, 97 - 1e-12, 91], [5, 5, 5, 4], [(5, 0.5)], [5, 4, 4, 4]),
    # two levels, highest first: 5★ floor(1.8) = 1 keeps; then ≥4★ floor(3.0) = 3 keep
    ([99, 97, 96, 95, 91, 85], [5, 5, 5, 5, 4, 3], [(5, 0.3), (4, 0.5)], [5, 4, 4, 3, 3, 3]),
    # the order the quota is written in does not matter
    ([99, 97, 96, 95, 91, 85], [5, 5, 5, 5, 4, 3], [(4, 0.5), (5, 0.3)], [5, 4, 4, 3, 3, 3]),
    # a quota of 0: nobody keeps the level
    ([99, 97, 96, 95, 91, 85], [5, 5, 5, 5, 4, 3], [(5, 0.0)], [4, 4, 4, 4, 4, 3]),
    # n counts only the branches having a P: floor(0.5 × 2) = 1
    ([99, 97, NAN, NAN], [5, 5, 0, 0], [(5, 0.5)], [5, 4, 0, 0]),
    # a share exactly at a whole number is not lost to rounding: floor(0.7 × 10) = 7
    ([99, 98, 97, 96, 95, 94, 93, 92, 91, 90], [4] * 10, [(4, 0.7)], [4] * 7 + [3] * 3),
    # no quota: nothing moves
    ([99, 97], [5, 5], [], [5, 5]),
])
def test_star_quota_worked_examples(p, stars, quota, expected):
    assert star_quota(np.array(p, dtype=float), np.array(stars), quota).tolist() == expected


def test_star_quota_applies_within_each_group():
    p = [99, 97, 99, 97]
    assert star_quota(p, [5, 5, 5, 5], [(5, 0.5)], groups=["2025Q1", "2025Q1", "2025Q2", "2025Q2"]
                      ).tolist() == [5, 4, 5, 4]


def test_the_branch_table_applies_the_quota_and_keeps_the_stars_before_it(tmp_path):
    # P 99, 97, 97, 91: stars 5, 5, 5, 4; quota ≥4★ at most floor(0.5 × 4) = 2 → only 99 keeps
    rows = [c for name, p in [("甲", 99), ("乙", 97), ("丙", 97), ("丁", 91)]
            for c in simple("2025Q1", "党委A", name, p=p, b=80)]
    db = make_db(tmp_path, rows)
    config = Config(scoring=Scoring(star_quota=((4, 0.5),)))
    table = by_branch(branch_scores(db, "2025Q1", config))
    assert {b: r["stars"] for b, r in table.items()} == {"甲": 5, "乙": 3, "丙": 3, "丁": 3}
    assert {b: r["stars_before_quota"] for b, r in table.items()} == {"甲": 5, "乙": 5, "丙": 5, "丁": 4}
    assert [b for b, r in table.items() if r["solid"]] == ["甲"]  # 过硬 after the quota
    plain = by_branch(branch_scores(db, "2025Q1", Config()))
    assert all(r["stars"] == r["stars_before_quota"] for r in plain.values())
    # the trends' per-quarter scores apply the same quota
    many = quarter_scores(db, ["2025Q1"], config)
    assert dict(zip(many["branch"].astype(str), many["stars"].astype(int))) == \
        {"甲": 5, "乙": 3, "丙": 3, "丁": 3}


# --- rules per year -------------------------------------------------------------------------------

TIERED_2025 = Config(rules=(YearRules("2025", method=(("name", "tiered"),)),))


@pytest.fixture
def two_years(tmp_path):
    # the same branch, P 85 and B 80 in 2024Q4 and in 2025Q1
    return make_db(tmp_path, simple("2024Q4", "党委A", "甲", p=85, b=80)
                   + simple("2025Q1", "党委A", "甲", p=85, b=80))


@pytest.mark.parametrize("period, config, k, c, what_if", [
    ("2024Q4", TIERED_2025, 0.85, 68.0, False),  # 2024: the default ratio, K = P / 100
    ("2025Q1", TIERED_2025, 1.00, 80.0, False),  # 2025: its own tiered rules, ≥80 → 1.00
    ("2025", TIERED_2025, 1.00, 80.0, False),  # the year by the same rules as its quarters
    # a what-if (--method linear) over both years: K = 1 + (85 − 80) / 100
    ("2024Q4", with_what_if(TIERED_2025, name="linear"), 1.05, 84.0, True),
    ("2025Q1", with_what_if(TIERED_2025, name="linear"), 1.05, 84.0, True),
    # asking for the official method is no what-if
    ("2025Q1", with_what_if(TIERED_2025, name="tiered"), 1.00, 80.0, False),
])
def test_each_period_is_scored_by_its_own_years_rules(two_years, period, config, k, c, what_if):
    table = branch_scores(two_years, period, config)
    row = table.iloc[0]
    assert row["coefficient"] == pytest.approx(k, abs=1e-12)
    assert row["composite"] == pytest.approx(c, abs=1e-12)
    assert table.attrs["rules"]["what_if"] is what_if
    assert table.attrs["rules"]["year"] == period[:4]


def test_a_published_year_does_not_change_when_next_years_rules_are_configured(two_years):
    before = branch_scores(two_years, "2024", Config())
    after = branch_scores(two_years, "2024", Config(rules=(
        YearRules("2025", method=(("name", "linear"),), scoring=(("star_quota", ((5, 0.0),)),)),)))
    pd.testing.assert_frame_equal(before, after)
    assert after.attrs["rules"] == before.attrs["rules"]
    # … while 2025 itself follows them
    assert branch_scores(two_years, "2025Q1", Config(rules=(
        YearRules("2025", method=(("name", "linear"),)),))).iloc[0]["coefficient"] == \
        pytest.approx(1.05)


def test_quarters_of_two_years_and_changes_use_each_years_rules(two_years):
    many = quarter_scores(two_years, ["2024Q4", "2025Q1"], TIERED_2025)
    assert dict(zip(many["quarter"].astype(str), many["composite"])) == \
        pytest.approx({"2024Q4": 68.0, "2025Q1": 80.0})
    delta = changes(two_years, "2025Q1", TIERED_2025).iloc[0]
    assert delta["delta_composite"] == pytest.approx(12.0)  # 80 (tiered) − 68 (ratio)


def test_the_rules_say_which_rules_they_are():
    used = rules_used(TIERED_2025, "2025Q3")
    assert used.label("en") == "official rules of 2025 (the year's own rules, Tiered coefficient)"
    assert used.label("zh") == "2025 年度正式规则（本年度专门规则，分档系数法）"
    assert rules_used(TIERED_2025, "2024").label("en") == "official rules of 2024 (Score-rate multiplier)"
    what_if = rules_used(with_what_if(TIERED_2025, name="linear", slope=1.5), "2025")
    assert what_if.what_if and what_if.label("en") == (
        "what-if: Linear coefficient (slope 1.5) (not the official result; 2025 is officially "
        "scored by Tiered coefficient)")
    # the dashboard's switch: a whole method as the what-if; the official one is no what-if
    assert rules_used(with_what_if_method(TIERED_2025, Method(name="linear")), "2025Q1").what_if
    assert not rules_used(with_what_if_method(TIERED_2025, Method(name="tiered")), "2025Q1").what_if
    assert rules_used(with_what_if_method(TIERED_2025, Method()), "2024Q4").label("en") == \
        "official rules of 2024 (Score-rate multiplier)"
    assert with_what_if_method(TIERED_2025, None) == TIERED_2025
    back = without_what_if(with_what_if(TIERED_2025, name="linear"))
    assert back == TIERED_2025 and not rules_used(back, "2025").what_if


def test_a_years_rules_lie_over_the_base_settings():
    config = Config(method=Method(name="linear", slope=2.0),
                    rules=(YearRules("2025", method=(("pivot", 70.0),),
                                     scoring=(("evaluation_weight", 0.5),)),))
    assert official(config, "2025Q2").method == Method(name="linear", slope=2.0, pivot=70.0)
    assert official(config, "2025").scoring.evaluation_weight == 0.5
    assert official(config, "2026Q1").method == Method(name="linear", slope=2.0)
    # a what-if changes the method only, over the year's own settings
    chosen = rules_for(with_what_if(config, slope=1.0), "2025Q2")
    assert chosen.method == Method(name="linear", slope=1.0, pivot=70.0)
    assert chosen.scoring.evaluation_weight == 0.5


# --- configuration --------------------------------------------------------------------------------

def test_the_new_keys_load(tmp_path, monkeypatch):
    monkeypatch.delenv("ASSESS_CONFIG", raising=False)
    config = load_config(write(tmp_path, """
[scoring]
star_quota = [[4, 0.7], [5, 0.3]]
evaluation_weight = 0.4

[rules.2024.method]
name = "ratio"

[rules.2025.method]
name = "tiered"
tiers = [[90, 1.1], [80, 1.0]]

[rules.2025.scoring]
star_quota = [[5, 0.1]]
evaluation_weight = 0.5
"""))
    assert config.scoring.star_quota == ((5, 0.3), (4, 0.7))  # highest level first
    assert config.scoring.evaluation_weight == 0.4
    assert config.rules == (
        YearRules("2024", method=(("name", "ratio"),)),
        YearRules("2025", method=(("name", "tiered"), ("tiers", ((90, 1.1), (80, 1.0)))),
                  scoring=(("evaluation_weight", 0.5), ("star_quota", ((5, 0.1),)))),
    )
    assert rules_for(config, "2025Q1").scoring.star_quota == ((5, 0.1),)
    assert rules_for(config, "2024Q1").scoring.star_quota == ((5, 0.3), (4, 0.7))


@pytest.mark.parametrize("text, cell, code", [
    ("[scoring]\nstar_quota = [[6, 0.3]]", "scoring.star_quota", "config_bad_star_quota"),
    ("[scoring]\nstar_quota = [[5, 1.5]]", "scoring.star_quota", "config_bad_star_quota"),
    ("[scoring]\nstar_quota = [[5, 0.3], [5, 0.2]]", "scoring.star_quota", "config_bad_star_quota"),
    ("[scoring]\nstar_quota = [[5.5, 0.3]]", "scoring.star_quota", "config_bad_star_quota"),
    ("[scoring]\nstar_quota = 0.3", "scoring.star_quota", "config_bad_value"),
    ("[scoring]\nevaluation_weight = 1.3", "scoring.evaluation_weight", "config_bad_weight"),
    ("[scoring]\nevaluation_weight = \"30%\"", "scoring.evaluation_weight", "config_bad_value"),
    ("[rules.2025.method]\nname = \"bands\"", "rules.2025.method.name", "config_unknown_method"),
    ("[rules.2025.method]\nslop = 1.5", "rules.2025.method.slop", "config_unknown_key"),
    ("[rules.2025.scoring]\nstar_quota = [[0, 0.3]]", "rules.2025.scoring.star_quota",
     "config_bad_star_quota"),
    ("[rules.2025.limits]\nmax_rows = 5", "rules.2025.limits", "config_unknown_table"),
    ("[rules.this_year.method]\nname = \"ratio\"", "rules.this_year", "config_rules_year"),
    ("[rules]\n2025 = 3", "rules.2025", "config_not_table"),
    ("rules = 3", "rules", "config_not_table"),
])
def test_mistakes_in_the_new_keys_are_located(tmp_path, monkeypatch, text, cell, code):
    monkeypatch.delenv("ASSESS_CONFIG", raising=False)
    path = write(tmp_path, text)
    with pytest.raises(ProblemError) as err:
        load_config(path)
    [problem] = err.value.problems
    assert (problem.code, problem.cell, problem.file) == (code, cell, str(path))
    assert problem.render("zh") and problem.render("en").startswith(f"{path} › {cell}: ")
