"""assess.views.common: the two row filters, which committees a view counts, the selection."""

from __future__ import annotations

import pandas as pd

from assess.i18n import t
from assess.views import common
from tests.views_fixtures import JIA, Q1, Q2, YI, selection

ROWS = pd.DataFrame({"committee": [JIA, YI, "丙党委"], "branch": ["一支部", "四支部", "七支部"]})


def test_shown_is_the_users_scope_then_the_chosen_committees():
    assert common.shown(selection(), ROWS)["branch"].tolist() == ["一支部", "四支部", "七支部"]
    assert common.shown(selection(committees=[YI]), ROWS)["branch"].tolist() == ["四支部"]
    assert common.shown(selection(scope=[JIA, YI]), ROWS)["branch"].tolist() == ["一支部", "四支部"]
    # a committee outside the scope shows nothing even when chosen (a link never grants more)
    assert common.shown(selection(scope=[JIA], committees=[YI]), ROWS).empty
    assert common.visible(selection(scope=[JIA]), pd.DataFrame({"x": [1]}))["x"].tolist() == [1]


def test_counted_says_which_committees():
    assert common.counted(selection()) == ""
    assert common.counted(selection(committees=[JIA, YI])) == t("views.counted.some", "zh", committees=f"{JIA}、{YI}")
    assert common.counted(selection(scope=[YI], lang="en")) == t("views.counted.some", "en", committees=YI)
    many = [f"第{i}党委" for i in range(6)]
    assert common.counted(selection(committees=many)) == t("views.counted.many", "zh", n=6,
                                                           committees="第0党委、第1党委、第2党委")


def test_the_selection():
    sel = selection(committees=[YI])
    assert sel.branch_options == [f"{YI}/四支部", f"{YI}/五支部", f"{YI}/六支部"]
    assert selection(scope=[JIA]).branch_keys == (f"{JIA}/一支部", f"{JIA}/二支部", f"{JIA}/三支部")
    assert common.trend_quarters(sel) == [Q1, Q2]
    assert common.trend_quarters(selection(period="2025")) == [Q1, Q2]
    assert sel.context() == f"{Q2} · {t('ui.method.ratio', 'zh')}"
    assert common.span([], "2025") == "2025" and common.span([Q1, Q2], None) == f"{Q1}–{Q2}"
