"""SPEC §6 (issue 13): the address bar reproduces the view as the copy-link does, keeping the
short codes a link was written with; the indicators page's 党建/业务 switch and the ranking's sort
order are part of the link (assess.links: clean_view, ViewChoices, address_query)."""

from __future__ import annotations

import pytest

from assess import links
from assess.config import Method

DEFAULT = Method()
OPTIONS = links.Options(periods=["2025Q3", "2025Q2"], committees=["机关党委", "生产运营党委"],
                        branches=["机关党委/一支部"], latest_version=3, default_method=DEFAULT)


def opened(query: str):
    """A link's query string → (raw, state, choices, notices) as a page gets them."""
    raw: dict[str, list[str]] = {}
    for part in filter(None, query.split("&")):
        name, _, value = part.partition("=")
        raw.setdefault(name, []).append(value)
    state, choices, notices = links.clean_all(raw, OPTIONS)
    return raw, state, choices, notices


def address(query: str) -> str:
    raw, state, choices, _ = opened(query)
    pairs = links.address_query(state, raw, choices, default_method=DEFAULT)
    return "&".join(f"{k}={v}" for k, v in pairs)


@pytest.mark.parametrize("query", [
    "period=2025Q3&method=linear&slope=2&lang=en",
    "period=2025Q2&committee=机关党委&committee=生产运营党委&method=tiered&tiers=90:1.05,60:0.9",
    "period=2025Q3&method=linear&slope=2.0&lang=English",
    "period=2025Q3&category=business",
    "period=2025Q3&sort=composite&order=asc",
    "period=2025Q3&version=2&branch=机关党委/一支部",
])
def test_a_valid_link_comes_back_to_the_address_bar_as_written(query):
    assert address(query) == query


def test_the_address_bar_reopens_the_same_view():
    query = "lang=en&method=linear&slope=2&category=business&sort=party_score&period=2025Q3"
    first = opened(query)
    again = opened(address(query))
    assert (again[1], again[2]) == (first[1], first[2]) and again[3] == []
    assert first[1].lang == "en" and first[1].method.name == "linear" and first[1].method.slope == 2


def test_invalid_and_default_values_are_written_the_canonical_way():
    # an invalid slope is dropped (with a notice), lang=zh and method at its default are defaults,
    # and an order equal to the column's natural one is left out
    raw, state, choices, notices = opened(
        "period=2025Q3&slope=99&lang=zh&method=ratio&sort=composite&order=desc&category=党建")
    assert [(n.name, n.value) for n in notices] == [("slope", "99")]
    assert links.address_query(state, raw, choices, default_method=DEFAULT) == [
        ("period", "2025Q3"), ("sort", "composite")]


@pytest.mark.parametrize("raw, expected", [
    ({}, links.ViewChoices("party", "rank", None)),
    ({"category": "business"}, links.ViewChoices("business", "rank", None)),
    ({"category": "业务"}, links.ViewChoices("business", "rank", None)),
    ({"category": "Party building"}, links.ViewChoices("party", "rank", None)),
    ({"sort": "composite"}, links.ViewChoices("party", "composite", None)),
    ({"sort": "综合得分 C", "order": "ASC"}, links.ViewChoices("party", "composite", "asc")),
    ({"sort": "Δ rank"}, links.ViewChoices("party", "delta_rank", None)),
])
def test_view_choices_from_codes_or_labels(raw, expected):
    choices, notices = links.clean_view(raw)
    assert notices == [] and choices == expected


@pytest.mark.parametrize("raw, name", [
    ({"category": "finance"}, "category"), ({"sort": "branch; DROP"}, "sort"),
    ({"order": "sideways"}, "order"), ({"category": ["party", "business"]}, "category"),
])
def test_invalid_view_choices_give_a_notice_and_the_default(raw, name):
    choices, notices = links.clean_view(raw)
    assert [n.name for n in notices] == [name] and notices[0].code == "invalid"
    assert choices.category == "party" or name != "category"
    assert choices.sort == "rank" and choices.order is None


def test_the_view_parameters_are_known_to_clean_all_and_reported_by_it_when_invalid():
    raw = {"category": ["business"], "sort": ["rank"], "order": ["asc"], "zz": ["1"]}
    state, choices, notices = links.clean_all(raw, OPTIONS)
    assert [(n.code, n.name) for n in notices] == [("unknown", "zz")]
    assert choices == links.ViewChoices("business", "rank", "asc") and state.lang == "zh"
    _, _, notices = links.clean_all({"sort": ["height"], "lang": ["xx"]}, OPTIONS)
    assert [(n.code, n.name, n.value) for n in notices] == [("invalid", "lang", "xx"),
                                                            ("invalid", "sort", "height")]


@pytest.mark.parametrize("sort, order, descending", [
    ("rank", None, False), ("composite", None, True), ("composite", "asc", False),
    ("committee", "desc", True), ("delta_rank", None, True),
])
def test_the_sort_direction_is_the_columns_own_unless_the_link_says(sort, order, descending):
    assert links.ViewChoices(sort=sort, order=order).descending is descending


def test_pairs_become_the_mapping_the_address_bar_takes():
    pairs = [("period", "2025Q3"), ("committee", "甲"), ("committee", "乙"), ("lang", "en")]
    assert links.as_query_dict(pairs) == {"period": "2025Q3", "committee": ["甲", "乙"], "lang": "en"}


# --- which version a session shows ---

@pytest.mark.parametrize("pinned, seen, latest, expected", [
    (None, None, 5, links.VersionView(5)),                       # a fresh session follows the latest
    (None, 5, 5, links.VersionView(5)),                          # nothing new
    (None, 4, 5, links.VersionView(5, moved_from=4)),            # following: moves, says so
    (3, 4, 5, links.VersionView(3, pinned=True)),                # a pinned link stays pinned
    (5, 4, 5, links.VersionView(5, moved_from=4)),               # pinned to what is now the latest
    (None, 7, 5, links.VersionView(5)),                          # seen beyond latest (a new store)
])
def test_a_session_following_the_latest_moves_and_a_pinned_link_stays(pinned, seen, latest, expected):
    assert links.follow_version(pinned, seen, latest) == expected


def test_the_move_is_said_in_both_languages_and_only_when_it_happened():
    moved = links.follow_version(None, 4, 5)
    assert moved.notice("zh") == "数据已更新：现在显示最新的第 5 版（此前为第 4 版）。"
    assert moved.notice("en") == "The data was updated: now showing the latest version 5 (was 4)."
    assert links.follow_version(3, 4, 5).notice("en") is None


def test_after_its_own_commit_a_session_drops_the_version_from_its_address():
    raw, state, choices, _ = opened("period=2025Q3&version=2&lang=en&sort=composite")
    pairs = links.address_query(state, raw, choices, default_method=DEFAULT)
    assert ("version", "2") in pairs
    assert links.unpinned(pairs) == [("period", "2025Q3"), ("lang", "en"), ("sort", "composite")]
