"""The URL contract (SPEC §6, assess/links.py): valid links give their state, invalid or unknown
parameters give a notice and the default, garbage never raises."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assess import links
from assess.config import Method
from assess.i18n import t

OPTIONS = links.Options(
    periods=["2025Q3", "2025Q2", "2025"],
    committees=["机关党委", "生产运营党委"],
    branches=["机关党委/一支部", "生产运营党委/二支部"],
    latest_version=3,
    default_method=Method(),
)


def clean(**raw):
    return links.clean({k: v if isinstance(v, list) else [v] for k, v in raw.items()}, OPTIONS)


def test_empty_query_gives_defaults():
    state, notices = links.clean({}, OPTIONS)
    assert notices == []
    assert state == links.LinkState(method=Method())


@pytest.mark.parametrize("raw, field, expected", [
    ({"period": "2025Q2"}, "period", "2025Q2"),
    ({"period": "2025"}, "period", "2025"),
    ({"committee": ["生产运营党委", "机关党委"]}, "committees", ("生产运营党委", "机关党委")),
    ({"committee": ["机关党委", "机关党委"]}, "committees", ("机关党委",)),
    ({"lang": "English"}, "lang", "en"),
    ({"lang": "en"}, "lang", "en"),
    ({"lang": "中文"}, "lang", "zh"),
    ({"version": "2"}, "version", 2),
    ({"version": "3"}, "version", None),  # the latest is not a pin
    ({"branch": "机关党委/一支部"}, "branch", "机关党委/一支部"),
    ({"branches": ["机关党委/一支部"]}, "branches", ("机关党委/一支部",)),
])
def test_valid_parameters(raw, field, expected):
    state, notices = clean(**raw)
    assert notices == []
    assert getattr(state, field) == expected


@pytest.mark.parametrize("value, name", [
    ("tiered", "tiered"), ("LINEAR", "linear"), (t("ui.method.tiered", "zh"), "tiered"),
    (t("ui.method.linear", "en"), "linear"),
])
def test_method_by_code_or_label(value, name):
    state, notices = clean(method=value)
    assert notices == [] and state.method.name == name


def test_method_numbers_and_tiers():
    state, notices = clean(method="linear", slope="1.5", pivot="75", kmin="0.7", kmax="1.3", vetok="0.5",
                           tiers="95:1.1, 85:1,70:0.9", floor="0.85")
    assert notices == []
    m = state.method
    assert (m.slope, m.pivot, m.k_min, m.k_max, m.veto_k, m.tier_floor) == (1.5, 75, 0.7, 1.3, 0.5, 0.85)
    assert m.tiers == ((95, 1.1), (85, 1.0), (70, 0.9))


@pytest.mark.parametrize("raw, name", [
    ({"period": "2099Q9"}, "period"),
    ({"period": "2024Q1"}, "period"),  # well-formed but not in the data
    ({"committee": "不存在党委"}, "committee"),
    ({"method": "magic"}, "method"),
    ({"lang": "fr"}, "lang"),
    ({"version": "9"}, "version"),
    ({"version": "0"}, "version"),
    ({"version": "1.5"}, "version"),
    ({"slope": "abc"}, "slope"),
    ({"slope": "99"}, "slope"),
    ({"pivot": "nan"}, "pivot"),
    ({"kmax": "inf"}, "kmax"),
    ({"tiers": "90-1.05"}, "tiers"),
    ({"tiers": "90:1,90:2"}, "tiers"),
    ({"branch": "无/此支部"}, "branch"),
    ({"branches": ["机关党委/一支部", "x"]}, "branches"),
])
def test_invalid_parameter_gives_notice_and_default(raw, name):
    state, notices = clean(**raw)
    assert [n.name for n in notices] == [name]
    assert notices[0].code == "invalid"
    default = links.LinkState(method=Method())
    if name not in ("branches",):
        field = {"committee": "committees", "slope": "method", "pivot": "method", "kmax": "method",
                 "tiers": "method"}.get(name, name)
        assert getattr(state, field) == getattr(default, field)


def test_invalid_notice_text_names_parameter_and_value():
    _, notices = clean(period="2099Q9")
    assert notices[0].render("zh") == "忽略了无效参数 period=2099Q9，已使用默认值"
    assert "period=2099Q9" in notices[0].render("en")


def test_unknown_parameter_is_reported():
    _, notices = clean(foo="bar", embed="true")
    assert [(n.code, n.name) for n in notices] == [("unknown", "foo")]


def test_repeated_single_parameter_keeps_the_first():
    state, notices = clean(period=["2025Q2", "2025Q3"])
    assert state.period == "2025Q2"
    assert [(n.name, n.value) for n in notices] == [("period", "2025Q3")]


def test_impossible_k_range_falls_back():
    state, notices = clean(method="linear", kmin="1.5", kmax="0.9")
    assert state.method.k_min == Method().k_min and state.method.k_max == Method().k_max
    assert notices


def test_long_values_are_shortened_in_notices():
    _, notices = clean(period="x" * 500)
    assert len(notices[0].render("zh")) < 120


def test_query_round_trip():
    state, _ = clean(period="2025Q2", committee=["机关党委"], method="tiered", tiers="95:1.1,80:1",
                     lang="English", version="2", branch="机关党委/一支部")
    again, notices = links.clean(_as_raw(state.query(Method())), OPTIONS)
    assert notices == [] and again == state


def test_query_leaves_defaults_out_but_keeps_period():
    state, _ = clean(period="2025Q3")
    assert state.query(Method()) == [("period", "2025Q3")]
    assert state.query(Method(), explicit_period=False) == []


def _as_raw(pairs):
    raw: dict[str, list[str]] = {}
    for k, v in pairs:
        raw.setdefault(k, []).append(v)
    return raw


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=12), st.lists(st.text(max_size=40), max_size=3), max_size=8))
def test_garbage_never_raises(raw):
    state, notices = links.clean(raw, OPTIONS)
    assert isinstance(state, links.LinkState)
    for n in notices:
        assert n.render("zh") and n.render("en")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_query_with_the_sidebar_label_round_trips(lang):
    state, _ = clean(method="linear", slope="1.5", lang=links.LANG_LABELS[lang])
    label = t("ui.method.linear", lang)
    pairs = state.query(Method(), method_label=label)
    assert ("method", label) in pairs
    again, notices = links.clean(_as_raw(pairs), OPTIONS)
    assert notices == [] and again.method == state.method and again.lang == lang
