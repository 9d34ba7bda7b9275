"""What the views show of §3.13–3.15 (assess.views.explain, assess.charts_explain), in both
languages: the 需关注 list, the profile's tiles, waterfalls and next steps, the ranking's
drivers; and the page's numbers are the command's."""

from __future__ import annotations

import string

import pandas as pd
import pytest

from assess.views import explain as ev
from assess.charts_explain import waterfall
from assess.config import Config, Method
from assess.i18n import TEXTS, t
from assess.i18n import explain as explain_section
from assess.scoring.explain_cli import explain_table
from scoring_fixtures import DIMENSIONS, entry, make_db, simple


@pytest.fixture
def overview_db(tmp_path):
    cells = []
    for q in ("2025Q1", "2025Q2"):
        cells += simple(q, "党委A", "甲", p=92, b=90, veto="安全事故" if q == "2025Q2" else None)
        cells += simple(q, "党委A", "乙", p=70, b=80 if q == "2025Q1" else 70)  # C 49: 不合格
        cells += simple(q, "党委B", "丙", p=55, b=100, p_bonus=5)  # P 60, 基本组织 55 %
        cells += simple(q, "党委B", "丁", p=97, b=70)  # 党建强业务弱 both quarters
        cells += simple(q, "党委B", "戊", p=90, b=95 if q == "2025Q1" else 85)  # C −9
        cells += simple(q, "党委B", "己", p=85, b=85)  # 双弱 → 业务强党建弱: one quarter
    return make_db(tmp_path, cells)


def test_attention_lists_what_matters_most_first_zh(overview_db):
    a = ev.attention(overview_db, "2025Q2", Config(), "zh")
    assert a.total == 5
    assert a.rows[["branch", "severity", "reasons"]].values.tolist() == [
        ["甲", 1, "否决：安全事故；C 下降 10.8（党建(K)：否决事项）"],
        ["乙", 2, "等次不合格（C 49.0）；C 下降 7.0（业务(B)：b −10.0）"],
        ["丙", 3, "未达标：基本组织 低于 60%；两张皮已连续 2 个季度（业务强党建弱）"],
        ["丁", 4, "两张皮已连续 2 个季度（党建强业务弱）"],
        ["戊", 5, "C 下降 9.0（业务(B)：b −10.0）"],
    ]
    assert a.rows["two_skins_quarters"].tolist() == [0, 0, 2, 2, 0]
    assert a.rows["delta_composite"].tolist()[4] == pytest.approx(-9.0)
    assert list(a.rows.columns) == ev.ATTENTION_COLUMNS


def test_attention_in_english_and_filtered(overview_db):
    a = ev.attention(overview_db, "2025Q2", Config(), "en", committees=["党委A"], limit=1)
    assert a.total == 2 and len(a.rows) == 1
    assert a.rows.iloc[0]["reasons"] == "veto: 安全事故; C fell by 10.8 (party (K): veto)"
    b = ev.attention(overview_db, "2025Q2", Config(), "en", committees=["党委B"], drops=0)
    assert b.rows["branch"].tolist() == ["丙", "丁"]  # no drops asked for: 戊 is not listed
    assert b.rows.iloc[0]["reasons"] == ("standard not met: 基本组织 below 60%; two skins for 2 quarters "
                                         "in a row (Business strong, party weak)")


def test_ranking_drivers_in_both_languages(overview_db):
    zh = ev.ranking_drivers(overview_db, "2025Q2", Config(), "zh").set_index("branch")
    en = ev.ranking_drivers(overview_db, "2025Q2", Config(), "en").set_index("branch")
    assert list(ev.ranking_drivers(overview_db, "2025Q2", Config(), "zh").columns) == ev.DRIVER_COLUMNS
    assert zh.loc["戊", "driver"] == "业务(B)：b −10.0" and en.loc["戊", "driver"] == "business (B): b −10.0"
    assert zh.loc["丁", "driver"] == "无变化" and en.loc["丁", "driver"] == "no change"
    assert zh.loc["甲", "main_driver"] == "K"


def test_a_veto_and_a_part_of_p_both_drive_k(tmp_path):
    db = make_db(tmp_path, [*simple("2025Q1", "党委A", "一支部", p=92, b=90),
                            *simple("2025Q2", "党委A", "一支部", p=92, b=90, p_deduction=4, veto="事故")])
    # K 0.92 → min(0.88, 0.8): the cap and the deduction together
    assert ev.ranking_drivers(db, "2025Q2", Config(), "zh")["driver"].tolist() == ["党建(K)：否决事项，扣分 −4.0"]
    assert ev.ranking_drivers(db, "2025Q2", Config(), "en")["driver"].tolist() == ["party (K): veto, deduction −4.0"]


SHORT = {"组织设置": 5.6, "班子建设": 5.6, "党员发展": 20.0, "先锋攻坚": 10.0, "制度执行": 46.3}
"""P 87.5 with 基本组织 at 11.2 of 20 = 56 %: 2.5 short of 4★ and 0.8 points short of 60 %."""


@pytest.fixture
def profile_db(tmp_path):
    full = {"组织设置": 10.0, "班子建设": 10.0, "党员发展": 20.0, "先锋攻坚": 10.0, "制度执行": 50.0}
    return make_db(tmp_path, [
        entry("2025Q1", "党委A", "一支部", "party", full, bonus=7.0),
        entry("2025Q1", "党委A", "一支部", "business", {"利润完成": 60.0, "安全生产": 40.0}),
        entry("2025Q2", "党委A", "一支部", "party", SHORT),
        entry("2025Q2", "党委A", "一支部", "business", {"利润完成": 50.0, "安全生产": 40.0}),
    ], DIMENSIONS)


def test_profile_steps_in_plain_words(profile_db):
    zh = ev.profile(profile_db, "2025Q2", "党委A", "一支部", Config(), "zh")
    assert zh.step_texts == (
        "要达到3★需：基本组织得分率56%，距60%差0.8分",
        "要达到过硬（4★）需再提高P 2.5分：基本组织得分率56%，距60%差0.8分",
        "要达标需：基本组织得分率56%，距60%差0.8分",
        "要达到良好需再提高C 1.3分（B不变时P需达到88.9）",
    )
    en = ev.profile(profile_db, "2025Q2", "党委A", "一支部", Config(), "en")
    assert en.step_texts[1] == ("to reach solid (4★), P needs +2.5 points: 基本组织 is at 56%, "
                                "0.8 points short of 60%")
    assert en.step_texts[3] == "to reach Good, C needs +1.3 points (with B unchanged, P must reach 88.9)"


def test_profile_crossings_tiles_and_driver(profile_db):
    zh = ev.profile(profile_db, "2025Q2", "党委A", "一支部", Config(), "zh")
    assert zh.crossing_texts == ("达标情况 达标→未达标：基本组织 得分率低于 60%",
                                 "星级 5★→0★：因达标情况变化",
                                 "等次 优秀→合格：C 低于 90.0")
    tiles = zh.tiles.set_index("measure")
    assert tiles.loc["party_score", "value_text"] == "87.5" and tiles.loc["party_score", "delta_text"] == "−17.5"
    assert tiles.loc["composite", "previous"] == pytest.approx(100 * 1.05)
    assert tiles.loc["stars", "delta_text"] == "−5" and tiles.loc["party_score", "label"] == "党建得分 P"
    # ΔC = 78.75 − 105 = −26.25: business part −10 × (1.05 + 0.875)/2 = −9.625, party −0.175 × 95 = −16.625
    # ΔP's largest part: the bonus, 5 counted (7 written, cap 5) → 0
    assert zh.driver_text == "主要因素：党建(K)：加分 −5.0"
    en = ev.profile(profile_db, "2025Q2", "党委A", "一支部", Config(), "en")
    assert en.driver_text == "Main driver: party (K): bonus −5.0"
    assert en.crossing_texts[2] == "Grade Excellent → Pass: C fell below 90.0"


def test_profile_frames_are_the_commands_numbers(profile_db):
    config = Config(method=Method(name="linear"))
    p = ev.profile(profile_db, "2025Q2", "党委A", "一支部", config, "zh")
    row = explain_table(profile_db, "2025Q2", config).iloc[0]
    c = p.composite_waterfall
    assert c["value"].tolist() == [row["previous_composite"], row["business_part"], row["party_part"],
                                   row["composite"]]
    assert c["measure"].tolist() == ["absolute", "relative", "relative", "total"]
    w = p.party_waterfall.set_index("label")
    assert w.loc["2025Q1 P", "value"] == 105.0 and w.loc["2025Q2 P", "value"] == pytest.approx(87.5)
    assert w.loc["制度执行", "value"] == row["part_制度执行"] and w.loc["加分", "value"] == row["part_bonus"] == -5.0
    assert "党员发展" not in w.index  # a zero part is not drawn
    scores = p.scores.set_index("indicator")
    assert scores.loc["组织设置", "score"] == 5.6 and scores.loc["组织设置", "rate"] == pytest.approx(0.56)
    assert scores.loc["组织设置", "part"] == pytest.approx(-4.4)
    dims = p.dimensions.set_index("dimension")
    assert dims.loc["基本组织", "lacking"] == pytest.approx(0.8) and dims.loc["基本队伍", "lacking"] == 0.0
    adj = p.adjustments.set_index("category")
    assert adj.loc["party", "bonus"] == 0.0 and p.notes == ()


def test_profile_of_a_branch_new_in_the_period(tmp_path):
    db = make_db(tmp_path, [*simple("2025Q1", "党委A", "老支部", p=80, b=80),
                            *simple("2025Q2", "党委A", "新支部", p=80, b=80)])
    p = ev.profile(db, "2025Q2", "党委A", "新支部", Config(), "en")
    assert p.found and p.new_branch and not p.comparable
    assert p.composite_waterfall.empty and p.party_waterfall.empty
    assert p.no_change_text == t("explain.profile.no_change", "en", period="2025Q2")
    assert p.tiles.set_index("measure").loc["composite", "delta_text"] == ""
    missing = ev.profile(db, "2025Q2", "党委A", "老支部", Config(), "en")
    assert not missing.found and missing.tiles.empty


def test_the_waterfall_figure(profile_db):
    p = ev.profile(profile_db, "2025Q2", "党委A", "一支部", Config(), "en")
    fig = waterfall(p.party_waterfall, "party", "en", "2025Q2 · Score-rate multiplier")
    assert fig.layout.title.text == "Why P changed<br><sup>2025Q2 · Score-rate multiplier</sup>"
    (trace,) = fig.data
    assert trace.type == "waterfall"
    assert list(trace.measure) == p.party_waterfall["measure"].tolist()
    assert list(trace.x)[0] == "P 2025Q1" and trace.y[-1] == 0.0  # the total is drawn by plotly
    p_zh = ev.profile(profile_db, "2025Q2", "党委A", "一支部", Config(), "zh")
    zh = waterfall(p_zh.composite_waterfall, "composite", "zh", "2025Q2 · 系数法(得分率)")
    assert zh.layout.title.text.startswith("综合得分 C 变化分解")
    assert list(zh.data[0].x) == ["2025Q1 C", "业务(B)", "党建(K)", "2025Q2 C"]
    assert waterfall(p.party_waterfall.iloc[0:0], "party", "en", "x").data == ()


def test_a_name_is_drawn_as_text():
    frame = pd.DataFrame({"label": ["<b>x</b>"], "value": [1.0], "measure": ["relative"],
                             "kind": ["indicator"]})
    assert list(waterfall(frame, "party", "zh", "c").data[0].x) == ["&lt;b&gt;x&lt;/b&gt;"]
    hostile = pd.DataFrame({"label": ['"><svg onload=alert(1)>', "%{x}", "长" * 50, "长" * 50],
                            "value": [1.0, 2.0, 3.0, 4.0], "measure": ["relative"] * 4, "kind": ["indicator"] * 4})
    assert list(waterfall(hostile, "party", "zh", "c").data[0].x) == [
        '"&gt;&lt;svg onload=alert(1)&gt;', "&#37;{x}", "长" * 39 + "…", "长" * 39 + "… (2)"]


def placeholders(text):
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(explain_section.TEXTS))
def test_every_explain_key_has_both_languages(key):
    texts = explain_section.TEXTS[key]
    assert key.startswith("explain.") and set(texts) == {"zh", "en"}
    assert texts["zh"].strip() and texts["en"].strip()
    assert placeholders(texts["zh"]) == placeholders(texts["en"]), key


def test_every_explain_key_the_code_asks_for_exists():
    import re
    from pathlib import Path

    root = Path(ev.__file__).parent.parent
    used = set()
    for path in [root / "views" / "explain.py", root / "charts_explain.py", root / "scoring" / "explain_cli.py"]:
        used |= set(re.findall(r"""["'](explain\.[a-z_.]+[a-z_])["']""", path.read_text(encoding="utf-8")))
    assert used and not sorted(k for k in used if k not in TEXTS)


def test_two_skins_warnings_longest_first(tmp_path):
    cells = []
    for q in ("2025Q1", "2025Q2", "2025Q3"):
        cells += simple(q, "党委A", "甲", p=90, b=60)  # 党建强业务弱 three quarters
        cells += simple(q, "党委B", "乙", p=60 if q != "2025Q1" else 95, b=90)  # 业务强党建弱 since Q2
        cells += simple(q, "党委A", "丙", p=75, b=75)
    db = make_db(tmp_path, cells)
    warn = ev.two_skins_warnings(db, "2025Q3", Config())
    assert warn.values.tolist() == [["党委A", "甲", "党建强业务弱", 3], ["党委B", "乙", "业务强党建弱", 2]]
    assert ev.two_skins_warnings(db, "2025Q3", Config(), committees=["党委B"])["branch"].tolist() == ["乙"]
    a = ev.attention(db, "2025Q3", Config(), "zh")
    assert a.rows["branch"].tolist()[:2] == ["甲", "乙"] and a.rows["two_skins_quarters"].tolist()[:2] == [3, 2]


def test_the_profile_shows_the_notes(tmp_path):
    db = make_db(tmp_path, [entry("2025Q1", "党委A", "一支部", "party", {"p": 80.0}, note="换届延期"),
                            entry("2025Q1", "党委A", "一支部", "business", {"b": 70.0}, note="新项目")])
    p = ev.profile(db, "2025Q1", "党委A", "一支部", Config(), "zh")
    assert p.notes == ("换届延期", "新项目")


def test_the_waterfall_range_shows_small_parts():
    from assess.charts_explain import waterfall, y_range

    # 89.8 → 89.3 in parts of tenths: the axis spans the running levels, not 0–100
    assert y_range([89.8, 0.6, -1.1, 89.3], ["absolute", "relative", "relative", "total"]) == pytest.approx(
        [89.3 - 1.0, 90.4 + 0.6])  # lowest level 89.3, highest 90.4, pad 1 point
    # a fall of 60 points: a range that starts at 0, never below
    assert y_range([70.0, -60.0, 10.0], ["absolute", "relative", "total"]) == pytest.approx([0.0, 70.0 + 21.6])
    frame = pd.DataFrame({"label": ["a", "p", "b"], "value": [80.0, 2.0, 82.0],
                          "measure": ["absolute", "relative", "total"], "kind": ["level", "indicator", "level"]})
    assert list(waterfall(frame, "party", "zh", "2025Q2").layout.yaxis.range) == pytest.approx([80 - 1.2, 82 + 0.72])  # pad 0.6 × 2
