"""views.report and the content of the 通报 of a view (assess.report.content.report_of), on the
small store of tests/views_fixtures.py (its numbers are worked out there).

2025Q2 against 2025Q1 (K = P / 100, C = B × K):
- 一支部 C 85.5 → 93.1 (+7.6): B 90 → 95 is the larger part (5 × 0.965 = 4.825 against
  0.03 × 92.5 = 2.775): driver 业务(B), its indicator b +5.0;
- 三支部 C 54.0 → 57.0 (+3.0): B +5, K unchanged: 业务(B)：b +5.0;
- 四支部 C 80.96 → 70.4 (−10.56): vetoed in Q2, K 0.92 → 0.8 (cap), P and B unchanged:
  党建(K)：否决事项;
- 五支部 C 63 → 63 (−7e-15: no change), 二支部 unchanged: no mover.
"""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from docx import Document as read_docx

from assess.config import Config, Method, Scoring
from assess.report import content, make
from assess.rules import with_what_if_method
from assess.views import report as view
from tests.views_fixtures import JIA, YI, selection, views_db  # noqa: F401 (fixture)


def test_build_states_the_view_its_rules_and_its_link(views_db):
    data = view.build(views_db, selection(), "http://h:8501/report")
    assert data.title == "关于2025年第二季度党支部考核结果的通报"
    assert data.caption == "将生成：关于2025年第二季度党支部考核结果的通报（全部党委，数据版本 1，系数法(得分率)）"
    assert data.rules == "计分规则：2025 年度正式规则（系数法(得分率)）" and not data.what_if
    assert data.link == "http://h:8501/report?period=2025Q2"
    assert data.names == {"docx": "通报_2025Q2.docx", "pdf": "通报_2025Q2.pdf", "xlsx": "通报_2025Q2.xlsx"}
    filtered = view.build(views_db, selection(committees=(JIA,)))
    assert "（甲党委，数据版本 1" in filtered.caption and filtered.names["pdf"] == "通报_2025Q2_甲党委.pdf"
    assert filtered.link == "/report?period=2025Q2&committee=%E7%94%B2%E5%85%9A%E5%A7%94"
    assert filtered.key != data.key  # files made for one view are stale for the other


@pytest.mark.parametrize("config", [
    Config(method=Method(name="tiered")),  # the sidebar's method switch (replace(base, method=…))
    with_what_if_method(Config(), Method(name="tiered")),  # an explicit what-if
])
def test_a_method_other_than_the_official_one_is_a_what_if(views_db, config):
    data = view.build(views_db, selection(config=config))
    assert data.what_if
    assert data.rules == "计分规则：假设分析：分档系数法（非正式结果；2025 年度正式方法为系数法(得分率)）"
    r = content.report_of(views_db, selection(config=config))
    doc = read_docx(io.BytesIO(make(r, "docx")))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "计分方法：分档系数法（模拟测算，非默认方法或参数）" in text
    assert "注意：假设分析：分档系数法（非正式结果；2025 年度正式方法为系数法(得分率)）。本通报仅供研究测算" in text


def test_the_report_counts_the_rows_shown(views_db):
    """SPEC §3: tiles, distributions and the 优秀 quota count the chosen committee's rows."""
    r = content.report_of(views_db, selection(committees=(JIA,)))
    assert set(r.scores["committee"]) == {JIA}
    assert list(r.scores["rank"]) == [1, 3, 5]  # the whole period's ranks
    assert r.kpis["branches"] == 3 and r.tile["composite_mean"].text == "72.7"  # (93.1 + 68 + 57) / 3
    assert dict(zip(r.grades["grade"], r.grades["count"])) == {"优秀": 1, "良好": 0, "合格": 1, "不合格": 1}
    assert not r.quota.met and r.quota.rate == pytest.approx(1 / 3)  # 1 of 3 ranked is 优秀: beyond 20 %
    assert list(r.summary["committee"]) == [JIA]
    whole = content.report_of(views_db, selection())
    assert whole.quota.met and whole.quota.rate == pytest.approx(0.2)  # 1 of 5 ranked


def test_movers_carry_their_main_driver_in_words(views_db):
    r = content.report_of(views_db, selection())
    rises, falls = content.movers(r)
    assert list(rises["branch"]) == ["一支部", "三支部"]
    assert rises["delta_composite"].tolist() == pytest.approx([7.6, 3.0])
    assert list(rises["driver"]) == ["业务(B)：b +5.0", "业务(B)：b +5.0"]
    assert list(falls["branch"]) == ["四支部"] and falls["delta_composite"].iloc[0] == pytest.approx(-10.56)
    assert list(falls["main_driver"]) == ["K"] and list(falls["driver"]) == ["党建(K)：否决事项"]
    english = content.movers(r, lang="en")[1]
    assert list(english["driver"]) == ["party (K): veto"]
    table = [t for t in read_docx(io.BytesIO(make(r, "docx"))).tables if t.rows[0].cells[-1].text == "主要原因"][0]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [row[2] for row in rows] == ["一支部", "三支部", "四支部"]
    assert [row[-1] for row in rows] == ["业务(B)：b +5.0", "业务(B)：b +5.0", "党建(K)：否决事项"]


def test_a_star_quota_lists_the_branches_it_moved(views_db):
    """At most floor(0.1 × 6) = 0 branches may have 5★: 一支部 (P 98) drops to 4★."""
    config = Config(scoring=Scoring(star_quota=((5, 0.1),)))
    r = content.report_of(views_db, selection(config=config))
    moved = r.quota_moved
    assert moved[["committee", "branch", "stars_before_quota", "stars"]].values.tolist() == [[JIA, "一支部", 5, 4]]
    doc = read_docx(io.BytesIO(make(r, "docx")))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "本期执行星级名额（5星级不超过10%），以下1个党支部因名额所限降低星级：" in text
    table = [t for t in doc.tables if t.rows[0].cells[-1].text == "评定星级"][0]
    assert [c.text for c in table.rows[1].cells] == [JIA, "一支部", "98.0", "★★★★★", "★★★★☆"]
    plain = content.report_of(views_db, selection())
    assert plain.quota_moved.empty and "星级名额" not in "\n".join(
        p.text for p in read_docx(io.BytesIO(make(plain, "docx"))).paragraphs)


def test_make_files_makes_the_three_files_of_the_view(views_db):
    sel = selection(scope=(YI,))
    data = view.build(views_db, sel, "http://h/report")
    steps = []
    made = view.make_files(views_db, sel, data, progress=steps.append)
    assert not made.error and set(made.files) == {"docx", "pdf", "xlsx"}
    assert steps[:3] == ["scores", "changes", "indicators"] and {"docx", "pdf", "xlsx"} <= set(steps)
    doc = read_docx(io.BytesIO(made.files["docx"]))
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for row in t.rows for c in row.cells])
    assert "视图链接：http://h/report?period=2025Q2" in text
    assert "四支部" in text and JIA not in text and "一支部" not in text  # the viewer's scope only


def test_make_files_without_fonts_says_what_to_install(views_db, monkeypatch):
    from assess.report.pdf import FontMissing

    def missing(*_a, **_k):
        raise FontMissing("fonts-noto-cjk")

    monkeypatch.setattr(view, "make_all", missing)
    sel = selection()
    made = view.make_files(views_db, sel, view.build(views_db, sel))
    assert made.files == {} and "fonts-noto-cjk" in made.error and "scripts/setup.sh" in made.error


def test_an_english_view_speaks_english(views_db):
    data = view.build(views_db, replace(selection(), lang="en"))
    assert data.title == "Party branch assessment results, Q2 2025"
    assert data.rules == "Rules: official rules of 2025 (Score-rate multiplier)"
