"""The scoring engine over data written by the real store (assess.store.ingest), not the fixture:
the shapes the store writes (score_sum / mark_sum, replaced cells, versions) score as expected."""

import pytest

from assess import store
from assess.config import Config
from assess.db import Database
from assess.scoring import branch_scores
from store_builders import NA, make_result

Q = "2025Q1"


def rows(db, as_of=None, period=Q):
    table = branch_scores(db, period, Config(), as_of=as_of)
    return {r["branch"]: r for r in table.to_dict("records")}


def test_ingested_cells_score_and_as_of_reads_the_replaced_value(tmp_path):
    db = Database(tmp_path / "store.duckdb")
    store.ingest(db, [make_result("v1.xlsx", Q, {
        ("党委A", "一支部", "party"): {"甲": 9.0, "乙": 8.0, "丙": NA},  # N/A: 17 / 20
        ("党委A", "一支部", "business"): {"丁": 7.0, "戊": 9.0},  # 16 / 20
        ("党委A", "二支部", "party"): {"甲": 10.0, "乙": 10.0, "丙": 10.0},
        ("党委A", "二支部", "business"): {"丁": 5.0, "戊": 5.0},
    }, bonus={("党委A", "二支部", "party"): 9.0}, veto={("党委A", "二支部", "business"): "事故"})],
        user="test")
    v1 = rows(db)
    assert (v1["一支部"]["party_score"], v1["一支部"]["business_score"]) == (85.0, 80.0)
    assert v1["一支部"]["composite"] == pytest.approx(68.0)
    two = v1["二支部"]  # 100 + min(9, 5) = 105; vetoed: K = 0.8, C = 40
    assert (two["party_score"], two["coefficient"], two["composite"]) == (105.0, 0.8, 40.0)
    assert two["veto_reason"] == "事故" and two["stars"] == 0

    store.ingest(db, [make_result("v2.xlsx", Q, {
        ("党委A", "一支部", "party"): {"甲": 10.0, "乙": 10.0, "丙": NA},
    })], user="test")
    assert rows(db)["一支部"]["party_score"] == 100.0
    assert rows(db, as_of=1)["一支部"]["party_score"] == 85.0
    assert rows(db, as_of=2)["二支部"]["party_score"] == 105.0  # untouched cells carry over
    assert rows(db, period="2025Q2") == {}  # no data in that quarter
