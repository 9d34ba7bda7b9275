"""Branch keys survive any character in a name (issue 14: a committee with ``/`` could not be
opened in the profile), and links written before keys were escaped keep working where they are
unambiguous."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from assess import links
from assess.links import branch_key, resolve_branch_key, split_branch_key

PAIRS = [("机关党委", "第一党支部"), ("A/B党委", "C支部"), ("A", "B/C支部"), ("100%党委", "x"),
         ("A%2FB", "C"), ("/", "/"), ("", ""), ("a/b/c", "d/e/f")]


def test_worked_examples():
    assert branch_key("机关党委", "第一党支部") == "机关党委/第一党支部"  # plain names read as they are
    assert branch_key("A/B党委", "C支部") == "A%2FB党委/C支部"
    assert branch_key("100%党委", "x") == "100%25党委/x"
    assert branch_key("A%2FB", "C") == "A%252FB/C"
    assert split_branch_key("A%2FB党委/C支部") == ("A/B党委", "C支部")
    assert split_branch_key("A/B/C支部") == ("A", "B/C支部")


@given(st.text(), st.text())
def test_any_pair_round_trips(committee, branch):
    assert split_branch_key(branch_key(committee, branch)) == (committee, branch)


@given(st.tuples(st.text(), st.text()), st.tuples(st.text(), st.text()))
def test_different_branches_have_different_keys(one, other):
    assert (branch_key(*one) == branch_key(*other)) == (one == other)


def test_every_example_round_trips_through_the_link_contract():
    options = links.Options(periods=["2025Q3"], committees=[c for c, _ in PAIRS],
                            branches=[branch_key(c, b) for c, b in PAIRS], latest_version=1)
    for committee, branch in PAIRS:
        key = branch_key(committee, branch)
        state, notices = links.clean({"branch": [key], "branches": [key]}, options)
        assert notices == [] and state.branch == key and state.branches == (key,)
        assert split_branch_key(state.branch) == (committee, branch)


def test_old_links_still_open_their_branch_when_unambiguous():
    known = {branch_key("A/B党委", "C支部"), branch_key("100%党委", "x"), branch_key("机关党委", "一支部")}
    assert resolve_branch_key("A/B党委/C支部", known) == "A%2FB党委/C支部"  # written before escaping
    assert resolve_branch_key("100%党委/x", known) == "100%25党委/x"
    assert resolve_branch_key("机关党委/一支部", known) == "机关党委/一支部"
    assert resolve_branch_key("无/此支部", known) is None
    options = links.Options(committees=["A/B党委"], branches=sorted(known), latest_version=1)
    state, notices = links.clean({"branch": ["A/B党委/C支部"]}, options)
    assert (state.branch, notices) == ("A%2FB党委/C支部", [])


def test_an_ambiguous_old_link_is_reported_not_guessed():
    # committee "A" with branch "B/C", and committee "A/B" with branch "C": "A/B/C" named both
    known = {branch_key("A", "B/C"), branch_key("A/B", "C")}
    assert known == {"A/B/C", "A%2FB/C"}
    assert resolve_branch_key("A/B/C", known) == "A/B/C"  # exactly a current key: that one
    two = {branch_key("A/B", "C/D"), branch_key("A/B/C", "D")}  # an old "A/B/C/D" named both
    assert resolve_branch_key("A/B/C/D", two) is None
    options = links.Options(branches=sorted(two), latest_version=1)
    state, notices = links.clean({"branch": ["A/B/C/D"]}, options)
    assert state.branch is None and [(n.code, n.name) for n in notices] == [("invalid", "branch")]


def test_the_profile_opens_a_committee_with_a_slash(make_app, fresh_db):
    from assess import safe, store
    from assess.db import Database
    from tests.store_builders import make_result

    cells = {("A/B党委", "C支部", "party"): {"组织": 8.0}, ("A/B党委", "C支部", "business"): {"利润": 9.0},
             ("机关党委", "一支部", "party"): {"组织": 6.0}, ("机关党委", "一支部", "business"): {"利润": 7.0}}
    with Database(fresh_db) as db:
        store.ingest(db, [make_result("x.xlsx", "2025Q3", cells)], "t")
    key = branch_key("A/B党委", "C支部")
    at = make_app(fresh_db, "profile", branch=key)
    assert not at.exception
    assert not at.warning, [w.value for w in at.warning]
    assert at.selectbox(key="branch").value == key
    shown = "\n".join(str(e.value) for kind in ("subheader", "markdown", "caption") for e in getattr(at, kind))
    assert "C支部" in shown and safe.markdown("A/B党委") in shown  # the heading is Markdown: "A\\/B党委"
