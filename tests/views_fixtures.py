"""The small store the view tests share (tests/test_views_*.py), with its numbers worked out.

Two committees, two quarters, the one-indicator catalog (P = p, B = b; K = P / 100 by the
default ratio method; a veto caps K at 0.8 and the grade at 合格):

=========  ======  ==============  ==============  =====================================
committee  branch  2025Q1 (P, B)   2025Q2 (P, B)   2025Q2: C, rank, stars, grade, quadrant
=========  ======  ==============  ==============  =====================================
甲党委     一支部  95, 90          98, 95          93.1, 1, 5★, 优秀, 双强
甲党委     二支部  85, 80          85, 80          68.0, 3, 3★, 合格, 双弱
甲党委     三支部  60, 90          60, 95          57.0, 5, 1★, 不合格, 业务强党建弱
乙党委     四支部  92, 88          92, 88 (veto)   70.4, 2, 0★, 合格, 双强
乙党委     五支部  70, 90          90, 70          63.0 − 7e-15, 4, 4★, 合格, 党建强业务弱
乙党委     六支部  91, —           91, —           pending, —, 4★, 待补充, —
=========  ======  ==============  ==============  =====================================

2025Q2: quadrant lines (medians of the five with both) P 90, B 88; 过硬 一, 五, 六 (3 of 6);
优秀 1 of 5 ranked (20 %: the quota, not beyond it); in 甲党委 alone 1 of 3 (beyond it).
五支部's C falls by 7e-15 (0.9 × 70 against 0.7 × 90): no change, shown as 0.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assess.config import Config
from assess.views.common import Selection
from tests.scoring_fixtures import make_db, simple

Q1, Q2 = "2025Q1", "2025Q2"
JIA, YI = "甲党委", "乙党委"

BRANCHES = {  # (committee, branch) → ((P, B) in Q1, (P, B) in Q2)
    (JIA, "一支部"): ((95, 90), (98, 95)),
    (JIA, "二支部"): ((85, 80), (85, 80)),
    (JIA, "三支部"): ((60, 90), (60, 95)),
    (YI, "四支部"): ((92, 88), (92, 88)),
    (YI, "五支部"): ((90, 70), (70, 90)),
    (YI, "六支部"): ((88, None), (88, None)),
}


def entries():
    out = []
    for (committee, branch), ((p1, b1), (p2, b2)) in BRANCHES.items():
        out += simple(Q1, committee, branch, p=p1, b=b1)
        out += simple(Q2, committee, branch, p=p2, b=b2, veto="安全事故" if branch == "四支部" else None)
    return out


def selection(committees=(), scope=None, lang="zh", period=Q2, config=None, **kw) -> Selection:
    """What the sidebar hands a view for the store: ``committees`` chosen, ``scope`` the user's."""
    visible = tuple(c for c in (JIA, YI) if scope is None or c in scope)
    keys = tuple(f"{c}/{b}" for c, b in BRANCHES if c in visible)
    return Selection(lang=lang, period=period, committees=tuple(committees), config=config or Config(),
                     default_config=Config(), as_of=1, latest=1, period_options=(Q2, Q1, "2025"),
                     all_committees=visible, branch_keys=keys, scope=None if scope is None else tuple(scope), **kw)


@pytest.fixture(scope="module")
def views_db(tmp_path_factory):
    db = make_db(Path(tmp_path_factory.mktemp("views")), entries())
    yield db
    db.close()
