"""assess.views.integration on the small store of tests/views_fixtures.py: the quadrant lines
are the whole period's medians; r, the 两张皮 list and its count are the branches shown."""

from __future__ import annotations

import numpy as np
import pytest

from assess.i18n import t
from assess.views import integration
from tests.views_fixtures import BRANCHES, JIA, Q2, YI, selection, views_db  # noqa: F401


def pearson(committees) -> float:
    pairs = [q2 for (c, _), (_, q2) in BRANCHES.items() if c in committees and q2[1] is not None]
    p, b = np.array(pairs, dtype=float).T
    return float(np.corrcoef(p, b)[0, 1])


def test_the_whole_organisation(views_db):
    data = integration.build(views_db, selection())
    assert (data.p_line, data.b_line) == (85.0, 90.0)  # medians of 98 92 85 70 60 and 95 88 80 90 95
    assert data.correlation == pytest.approx(pearson({JIA, YI}))
    assert data.two_skins["branch"].tolist() == ["三支部", "五支部", "二支部", "四支部"]  # |P − B| 35, 20, 5, 4
    assert data.two_skins["gap"].tolist() == [-35.0, -20.0, 5.0, 4.0]
    assert (data.two_skins_count, data.branches) == (4, 6)
    assert data.quadrants.set_index("quadrant")["count"].to_dict() == {
        "双强": 1, "党建强业务弱": 2, "业务强党建弱": 2, "双弱": 0}
    assert [tile.text for tile in data.tiles][2] == "4 / 6"
    assert data.lines == t("ui.integration.lines", "zh", p="85.0", b="90.0")
    assert data.counted == ""


@pytest.mark.parametrize("chosen", [{"committees": [JIA]}, {"scope": [JIA]}])
def test_a_filter_counts_the_branches_shown_and_keeps_the_lines(views_db, chosen):
    data = integration.build(views_db, selection(**chosen))
    assert (data.p_line, data.b_line) == (85.0, 90.0)
    # r of 一 二 三 (98, 95), (85, 80), (60, 95): the tile counts what is shown
    assert data.correlation == pytest.approx(pearson({JIA}))
    assert data.level == integration.correlation_level(pearson({JIA}))
    assert data.two_skins["branch"].tolist() == ["三支部", "二支部"]
    assert [tile.text for tile in data.tiles][2] == "2 / 3"
    assert data.by_committee["committee"].tolist() == [JIA]
    assert data.counted == t("views.counted.some", "zh", committees=JIA)


@pytest.mark.parametrize("r, level", [(0.8, "strong"), (0.6, "strong"), (0.3, "moderate"), (0.0, "weak"),
                                      (-0.1, "negative"), (None, "none"), (float("nan"), "none")])
def test_correlation_level(r, level):
    assert integration.correlation_level(r) == level


def test_too_few_branches_have_no_correlation(views_db):
    # 乙: 四 and 五 have both P and B (六 has no B): fewer than 3
    data = integration.build(views_db, selection(committees=[YI]))
    assert data.correlation is None and data.level == "none" and data.tiles[0].text == "—"
    assert Q2 in selection().context()
