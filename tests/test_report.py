"""The 通报 (SPEC §5, §7 `report`): built for the sample store and for a hand-made store with
vetoes, ties and a scoped viewer, written as Word, PDF and Excel, and read back with each
format's reader — every name and number must be the scores' (in the displayed rounding), and
nothing of a committee outside the view may appear anywhere in a file."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import zipfile

import openpyxl
import pandas as pd
import pytest
from docx import Document as read_docx

from assess import scoring, store
from assess.cli import main
from assess.config import Config, load_config
from assess.db import Database
from assess.report import build_report, make
from assess.report.content import movers, view_link
from assess.report.excel import HEADER_ROW
from assess.report.make import make_all
from store_builders import make_result

MADE_AT = dt.datetime(2026, 1, 5, 9, 30)
LINK = "http://dash.example/report?period=2025Q2"
REASON = '=HYPERLINK("http://evil","点") <b>粗</b> **星** & {x}'  # plain text everywhere


def _sc(x) -> str:
    return "" if x is None or x != x else f"{float(x):.1f}"


def _k(x) -> str:
    return "" if x is None or x != x else f"{float(x):.3f}"


def _rank(x) -> str:
    return "" if x is None or x is pd.NA else str(int(x))


# ---------------------------------------------------------------- readers


def docx_tables(data: bytes) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in tb.rows] for tb in read_docx(io.BytesIO(data)).tables]


def docx_text(data: bytes) -> str:
    """Every text of the package (body, headers, footers), tags stripped."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")]
    return "\n".join(re.sub(r"<[^>]+>", " ", p) for p in parts)


def pdf_text(data: bytes, tmp_path, layout: bool = True) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")


def pdf_fonts(data: bytes, tmp_path) -> list[list[str]]:
    path = tmp_path / "f.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def xlsx_text(data: bytes) -> str:
    """Every XML part of the workbook (cells, sheet names, charts), unescaped."""
    import html

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return html.unescape("\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")))


def ranking_rows_docx(data: bytes) -> list[list[str]]:
    for table in docx_tables(data):
        if table and table[0][:3] == ["排名", "党委", "支部"]:
            return table[1:]
    raise AssertionError("no ranking table")


def got_full(files) -> list[list[str]]:
    return ranking_rows_docx(files["docx"])


def expected_rows(scores) -> list[list[str]]:
    return [[_rank(r["rank"]), r["committee"], r["branch"], _sc(r["party_score"]), _sc(r["business_score"]),
             _k(r["coefficient"]), _sc(r["composite"])] for r in scores.to_dict("records")]


# ---------------------------------------------------------------- the sample store


@pytest.fixture(scope="module")
def sample_report(sample_db):
    db = Database(sample_db)  # as the dashboard opens it (one process: one configuration per file)
    config = load_config()
    periods = scoring.periods(db)
    quarter = periods.loc[periods["kind"] == "quarter", "period"].iloc[-1]
    report = build_report(db, quarter, config, link=LINK, made_at=MADE_AT)
    files = make_all(report)
    yield db, quarter, config, report, files
    db.close()


def test_sample_word_ranking_equals_scores(sample_report):
    db, quarter, config, report, files = sample_report
    scores = scoring.branch_scores(db, quarter, config)
    got = [row[:7] for row in ranking_rows_docx(files["docx"])]
    assert got == expected_rows(scores)
    assert len(got) == len(scores) > 20


def test_sample_word_states_title_view_and_overview_numbers(sample_report):
    db, quarter, config, report, files = sample_report
    doc = read_docx(io.BytesIO(files["docx"]))
    year, q = quarter.split("Q")
    assert doc.paragraphs[0].text == f"关于{year}年第{'一二三四'[int(q) - 1]}季度党支部考核结果的通报"
    text = "\n".join(p.text for p in doc.paragraphs)
    scores = scoring.branch_scores(db, quarter, config)
    k = scoring.kpis(scores, config)
    assert f"共考核党支部{len(scores)}个" in text
    assert f"党建工作平均得分{k['party_mean']:.1f}分" in text
    assert f"过硬率{k['solid_rate'] * 100:.1f}%" in text
    assert ("达到80%的目标" in text) == k["solid_target_met"]
    for label in ("数据版本：第 1 版", "计分方法：系数法(得分率)", "统计范围：全部党委", "生成时间：2026-01-05 09:30",
                  f"视图链接：{LINK}"):
        assert label in text
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    assert "数据版本 1" in section.header.paragraphs[0].text  # every page's header
    footer = "".join(p._p.xml for p in section.footer.paragraphs)
    assert "PAGE" in footer and "NUMPAGES" in footer and LINK in footer
    body = doc.styles["Report Body"].element.xml
    assert 'w:eastAsia="仿宋"' in body and 'w:eastAsia="黑体"' in doc.styles["Heading 1"].element.xml
    with zipfile.ZipFile(io.BytesIO(files["docx"])) as z:  # the alternate Word substitutes
        fonts = z.read("word/fontTable.xml").decode("utf-8")
    assert re.search(r'w:name="方正小标宋简体">\s*<w:altName w:val="宋体"/>', fonts)


def test_sample_word_tables_repeat_their_header_row(sample_report):
    *_, files = sample_report
    doc = read_docx(io.BytesIO(files["docx"]))
    assert doc.tables
    for table in doc.tables:
        first = table.rows[0]._tr
        assert first.trPr is not None and first.trPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") is not None


def test_sample_pdf_embeds_its_fonts_and_holds_every_ranked_row(sample_report, tmp_path):
    db, quarter, config, report, files = sample_report
    fonts = pdf_fonts(files["pdf"], tmp_path)
    assert fonts and all(row[-5] == "yes" for row in fonts)  # the emb column: every font embedded
    assert any("NotoSerifCJKSC" in row[0] for row in fonts)
    text = pdf_text(files["pdf"], tmp_path)
    assert "关于" in text and "党支部考核结果的通报" in text
    lines = text.splitlines()
    for row in expected_rows(scoring.branch_scores(db, quarter, config)):
        rank, committee, branch, *numbers = row
        hits = [ln for ln in lines if branch in ln and committee in ln and ln.split()[0] == rank]
        assert hits, row
        assert all(n in hits[0] for n in numbers if n), (row, hits[0])
    assert re.search(r"第\s*1\s*页\s*共\s*\d+\s*页", text) and LINK in text


def test_sample_excel_tables_are_numbers_with_native_charts(sample_report):
    db, quarter, config, report, files = sample_report
    book = openpyxl.load_workbook(io.BytesIO(files["xlsx"]))
    sheet = book["考核排名"]
    assert "数据版本 1" in sheet["A1"].value and LINK in sheet["A2"].value
    header = [c.value for c in sheet[HEADER_ROW + 1]]
    assert header[:7] == ["排名", "党委", "支部", "党建得分", "业务得分", "系数K", "综合得分"]
    scores = scoring.branch_scores(db, quarter, config).to_dict("records")
    rows = list(sheet.iter_rows(min_row=HEADER_ROW + 2, values_only=True))
    assert len(rows) == len(scores)
    for got, want in zip(rows, scores):
        assert got[1:3] == (want["committee"], want["branch"])
        assert got[3] == pytest.approx(want["party_score"]) and got[6] == pytest.approx(want["composite"])
    with zipfile.ZipFile(io.BytesIO(files["xlsx"])) as z:
        names = z.namelist()
    assert sum(n.startswith("xl/charts/chart") for n in names) >= 4
    assert not any(n.startswith("xl/media/") for n in names)  # charts, not pictures
    assert {"说明", "考核排名", "党委对比", "等次分布", "星级分布"} <= set(book.sheetnames)
    for ws in book.worksheets[1:]:  # every sheet says what view it is of
        assert all(part in ws["A1"].value for part in ("数据版本 1", "系数法(得分率)", "否决时 K 上限 = 0.8",
                                                        "全部党委", "2026-01-05 09:30")), ws.title
        assert LINK in ws["A2"].value, ws.title


def test_english_report_speaks_english(sample_report):
    db, quarter, config, report, files = sample_report
    doc = read_docx(io.BytesIO(make(report, "docx", "en")))
    year, q = quarter.split("Q")
    assert doc.paragraphs[0].text == f"Party branch assessment results, Q{q} {year}"
    text = "\n".join(p.text for p in doc.paragraphs)
    assert f"{len(report.scores)} branches of all committees were assessed" in text
    assert "Link of the view: " + LINK in text


# ---------------------------------------------------------------- a hand-made store


def _cells(q: int) -> dict:
    """Two committees; 甲一 and 甲二 tie; 甲三 vetoed in 2025Q2; 乙* belong to 乙党委 only."""
    bump = 0.0 if q == 1 else 1.0
    p = {"甲一": (8 + bump, 9), "甲二": (8 + bump, 9), "甲三": (7, 7), "乙一支部": (10, 10), "乙二支部": (6, 6), "乙三支部": (8, 9)}
    b = {"甲一": (9, 9), "甲二": (9, 9), "甲三": (8, 8 - bump), "乙一支部": (10, 10), "乙二支部": (5, 5), "乙三支部": (7, 7)}
    out = {}
    for branch in p:
        committee = "甲党委" if branch.startswith("甲") else "乙党委"
        out[(committee, branch, "party")] = {"组织建设": p[branch][0], "党员教育": p[branch][1]}
        out[(committee, branch, "business")] = {"利润": b[branch][0], "安全": b[branch][1]}
    return out


@pytest.fixture(scope="module")
def hand_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "hand.duckdb"
    with Database(path) as db:
        store.ingest(db, [make_result("q1.xlsx", "2025Q1", _cells(1)),
                          make_result("q2.xlsx", "2025Q2", _cells(2), veto={("甲党委", "甲三", "party"): REASON})],
                     user="test")
    return path


@pytest.fixture(scope="module")
def scoped_files(hand_db):
    with Database(hand_db, read_only=True) as db:
        report = build_report(db, "2025Q2", Config(), scope=("甲党委",), link=LINK, made_at=MADE_AT)
        scores = scoring.branch_scores(db, "2025Q2", Config())
        yield report, make_all(report), scores


FOREIGN = ("乙党委", "乙一支部", "乙二支部", "乙三支部")


def test_scoped_report_shows_only_the_viewers_committee(scoped_files, tmp_path):
    report, files, _ = scoped_files
    assert set(report.scores["committee"]) == {"甲党委"}
    texts = {"docx": docx_text(files["docx"]), "pdf": pdf_text(files["pdf"], tmp_path, layout=False),
             "xlsx": xlsx_text(files["xlsx"])}
    for fmt, text in texts.items():
        assert "甲三" in text, fmt
        for name in FOREIGN:
            assert name not in text, (fmt, name)


def test_scoped_ranking_keeps_the_whole_periods_ranks_and_ties(scoped_files):
    report, files, scores = scoped_files
    mine = scores[scores["committee"] == "甲党委"]
    got = [row[:7] for row in ranking_rows_docx(files["docx"])]
    assert got == expected_rows(mine)
    ranks = {row[2]: row[0] for row in got}
    assert ranks["甲一"] == ranks["甲二"] == "2"  # 乙一支部 (outside the scope) is first; a tie
    assert [row[-1] for row in got_full(files)] == [g if isinstance(g, str) else "待补充" for g in mine["grade"]]


def test_veto_reason_is_plain_text_in_every_format(scoped_files, tmp_path):
    report, files, scores = scoped_files
    vetoes = [t for t in docx_tables(files["docx"]) if t[0] == ["党委", "支部", "否决事项"]]
    assert vetoes and vetoes[0][1:] == [["甲党委", "甲三", REASON]]
    assert REASON in pdf_text(files["pdf"], tmp_path, layout=False).replace("\n", "")
    book = openpyxl.load_workbook(io.BytesIO(files["xlsx"]))
    sheet = book["一票否决"]
    assert [c.value for c in sheet[HEADER_ROW + 2]] == ["甲党委", "甲三", "'" + REASON]  # no live formula
    assert not any(isinstance(c.value, str) and c.value.startswith("=") for ws in book for row in ws.iter_rows()
                   for c in row)


def test_movers_are_the_changes_of_the_composite(scoped_files):
    report, files, _ = scoped_files
    rises, falls = movers(report)
    # 甲一/甲二: P 85 → 90, B 90 → 90: C 76.5 → 81; 甲三: B 80 → 75 and vetoed (K 0.7)
    assert list(rises["branch"]) == ["甲一", "甲二"]
    assert rises["delta_composite"].tolist() == pytest.approx([4.5, 4.5])
    assert list(falls["branch"]) == ["甲三"]
    assert falls["delta_composite"].iloc[0] == pytest.approx(75 * 0.7 - 80 * 0.7)
    # ranks unchanged (乙一支部 1st, 甲一 = 甲二 2nd, 甲三 5th both times); why (SPEC §3.13): 甲一's K 0.85 → 0.90 on B 90 (组织建设 8 → 9 of 10: P +5); 甲三's B −5 (安全)
    assert list(rises["driver"]) == ["党建(K)：组织建设 +5.0"] * 2 and list(falls["driver"]) == ["业务(B)：安全 −5.0"]
    table = [t for t in docx_tables(files["docx"]) if t[0][:3] == ["方向", "党委", "支部"]][0]
    assert table[0] == ["方向", "党委", "支部", "上期综合", "综合得分", "ΔC", "名次变化", "主要原因"]
    assert table[1] == ["上升", "甲党委", "甲一", "76.5", "81.0", "+4.5", "–", "党建(K)：组织建设 +5.0"]
    assert table[3] == ["下降", "甲党委", "甲三", "56.0", "52.5", "-3.5", "–", "业务(B)：安全 −5.0"]


def test_committee_filter_without_scope_leaves_the_others_out(hand_db, tmp_path):
    with Database(hand_db, read_only=True) as db:
        report = build_report(db, "2025Q2", Config(), committees=("乙党委",), made_at=MADE_AT)
        data = make(report, "docx")
    text = docx_text(data)
    assert "乙一支部" in text and "甲一" not in text and "甲党委" not in text
    assert "统计范围：乙党委" in text


def test_view_link_is_the_dashboards_share_link():
    from assess.config import Method

    link = view_link("http://h:8501/report", "2025Q4", ["甲党委"], Method(name="tiered"), Method(), 2, 3)
    assert link.startswith("http://h:8501/report?period=2025Q4&committee=%E7%94%B2")
    assert "method=" in link and link.endswith("version=2")
    assert view_link(None, "2025", [], Method(), Method(), 3, 3) == "/?period=2025"


def test_an_empty_period_makes_a_report_that_says_so(hand_db):
    with Database(hand_db, read_only=True) as db:
        report = build_report(db, "2024Q1", Config(), made_at=MADE_AT)
    assert report.empty
    text = docx_text(make(report, "docx"))
    assert "2024年第一季度尚无考核数据" in text


# ---------------------------------------------------------------- the command


def test_report_command_writes_each_format(hand_db, tmp_path, capsys):
    for fmt in ("docx", "pdf", "xlsx"):
        out = tmp_path / f"r.{fmt}"
        code = main(["--db", str(hand_db), "report", "--quarter", "2025Q2", "--committee", "甲党委",
                     "--format", fmt, "--out", str(out)])
        assert code == 0 and out.stat().st_size > 1000
        assert str(out) in capsys.readouterr().out
    rows = ranking_rows_docx((tmp_path / "r.docx").read_bytes())
    assert [r[2] for r in rows] == ["甲一", "甲二", "甲三"]
    assert "统计范围：甲党委" in docx_text((tmp_path / "r.docx").read_bytes())


@pytest.mark.parametrize("argv, code, message", [
    (["report", "--quarter", "2025Q2", "--out", "x.docx"], 2, "--format"),
    (["report", "--quarter", "2025Q2", "--year", "2025", "--format", "pdf", "--out", "x.pdf"], 2, "not allowed"),
    (["report", "--quarter", "2025Q2", "--format", "odt", "--out", "x.odt"], 2, "invalid choice"),
])
def test_report_usage_errors_exit_2(hand_db, argv, code, message, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--db", str(hand_db)] + argv)
    assert exc.value.code == code and message in capsys.readouterr().err


def test_report_unknown_committee_and_version_are_usage_errors(hand_db, tmp_path, capsys):
    out = str(tmp_path / "x.docx")
    assert main(["--db", str(hand_db), "report", "--quarter", "2025Q2", "--committee", "丙党委",
                 "--format", "docx", "--out", out]) == 2
    assert "未知的党委：丙党委" in capsys.readouterr().err
    assert main(["--db", str(hand_db), "report", "--quarter", "2025Q2", "--as-of", "9",
                 "--format", "docx", "--out", out]) == 2


def test_report_to_a_path_that_cannot_be_written_is_located(hand_db, tmp_path, capsys):
    bad = tmp_path / "no" / "such" / "r.pdf"
    assert main(["--db", str(hand_db), "--lang", "en", "report", "--quarter", "2025Q2", "--format", "pdf",
                 "--out", str(bad)]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and "Traceback" not in err


# ---------------------------------------------------------------- the page


def test_report_page_offers_the_three_files_after_the_click(make_app, sample_db):
    at = make_app(sample_db, page="report")
    assert not at.exception
    assert [t.value for t in at.title] == ["通报"]
    assert not at.get("download_button")
    at.button(key="make_report").click().run()
    assert not at.exception
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == ["下载 Word", "下载 PDF", "下载 Excel"]


def test_report_page_of_a_scoped_user_holds_only_their_committee(make_app, sample_db, monkeypatch, tmp_path):
    """Signed in as a user limited to one committee: the files the page makes name no branch
    or committee of another (the page passes the viewer's scope; SPEC §8)."""
    from assess import auth
    from assess.i18n import t

    scope, password = "机关党委", "correct horse battery"
    users = tmp_path / "users.toml"
    users.write_text(auth.dump_users({"scoped": auth.User(name="scoped", role="viewer", committees=(scope,),
                                                          password_hash=auth.hash_password(password))}),
                     encoding="utf-8")
    config = tmp_path / "assess.toml"
    config.write_text("[access]\nrequire_login = true\n", encoding="utf-8")
    monkeypatch.setenv("ASSESS_CONFIG", str(config))
    monkeypatch.setenv("ASSESS_USERS", str(users))
    at = make_app(sample_db, page="report")
    at.text_input(key="_sign_in_name").input("scoped")
    at.text_input(key="_sign_in_password").input(password)
    at = [b for b in at.button if b.label == t("access.sign_in", "zh")][0].click().run()
    at.button(key="make_report").click().run()
    assert not at.exception
    files = at.session_state["_report_files"]["files"]
    with Database(sample_db) as db:
        catalog = db.query("view_branches", as_of=1)
    ours = set(catalog.loc[catalog["committee"] == scope, "branch"])
    theirs = catalog[catalog["committee"] != scope]
    foreign = set(theirs["committee"]) | (set(theirs["branch"]) - ours)
    text = docx_text(files["docx"]) + pdf_text(files["pdf"], tmp_path, layout=False) + xlsx_text(files["xlsx"])
    assert any(b in text for b in ours)
    assert sorted(n for n in foreign if n in text) == []


# ---------------------------------------------------------------- a year with the evaluation, year rules


def _evaluation_book(rows) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "群众评价"
    ws.append(["XX公司2025年度党支部群众评价（民主测评）得分表"])
    ws.append(["党委", "总支", "支部", "年度", "测评得分"])
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def year_db(tmp_path_factory):
    """2025Q1 甲 P 80, 乙 P 70; 2025Q2 甲 P 90, 乙 P 80 (B 80 throughout); 甲's E = 95:
    P_2025 甲 = 0.7 × 85 + 0.3 × 95 = 88, 乙 = its mean 75 (待测评)."""
    from assess.workbook import read_workbook

    a, b = ("一党委", "甲支部"), ("一党委", "乙支部")
    path = tmp_path_factory.mktemp("year") / "year.duckdb"
    with Database(path) as db:
        store.ingest(db, [make_result("q1.xlsx", "2025Q1", {(*a, "party"): {"x": 8}, (*a, "business"): {"利润": 8},
                                                            (*b, "party"): {"x": 7}, (*b, "business"): {"利润": 8}}),
                          make_result("q2.xlsx", "2025Q2", {(*a, "party"): {"x": 9}, (*a, "business"): {"利润": 8},
                                                            (*b, "party"): {"x": 8}, (*b, "business"): {"利润": 8}})],
                     user="test")
        evaluation = read_workbook(_evaluation_book([("一党委", None, "甲支部", 2025, 95)]), "2025群众评价.xlsx")
        assert evaluation.ok
        store.ingest(db, [evaluation], user="test")
    return path


def test_a_years_report_shows_the_quarterly_mean_the_evaluation_and_pending(year_db, tmp_path):
    with Database(year_db, read_only=True) as db:
        report = build_report(db, "2025", Config(), made_at=MADE_AT)
        scores = scoring.branch_scores(db, "2025", Config())
    files = make_all(report)
    doc = read_docx(io.BytesIO(files["docx"]))
    assert doc.paragraphs[0].text == "关于2025年度党支部考核结果的通报"
    ranking = [t for t in docx_tables(files["docx"]) if t[0][:3] == ["排名", "党委", "支部"]][0]
    assert ranking[0][-2:] == ["季度平均", "群众评价"]
    assert [row[:7] for row in ranking[1:]] == expected_rows(scores)
    assert [[row[2], row[3], row[-2], row[-1]] for row in ranking[1:]] == [
        ["甲支部", "88.0", "85.0", "95.0"], ["乙支部", "75.0", "75.0", "待测评"]]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "年度党建得分按季度平均占70%、群众评价占30%计算，已测评党支部1个，待测评1个。" in text
    assert "计分规则：2025 年度正式规则（系数法(得分率)）" in text
    assert "待测评" in pdf_text(files["pdf"], tmp_path)
    sheet = openpyxl.load_workbook(io.BytesIO(files["xlsx"]))["考核排名"]
    rows = list(sheet.iter_rows(min_row=HEADER_ROW + 2, values_only=True))
    assert [(r[2], r[-2], r[-1]) for r in rows] == [("甲支部", 85.0, 95.0), ("乙支部", 75.0, "待测评")]


def test_a_quarter_has_no_evaluation_columns_and_a_year_rule_is_named(year_db):
    from assess.config import YearRules

    config = Config(rules=(YearRules("2025", method=(("name", "tiered"),)),))
    with Database(year_db, read_only=True) as db:
        report = build_report(db, "2025Q2", config, made_at=MADE_AT)
    files = make_all(report)
    ranking = [t for t in docx_tables(files["docx"]) if t[0][:3] == ["排名", "党委", "支部"]][0]
    assert ranking[0][-1] == "等次" and "群众评价" not in ranking[0]
    text = docx_text(files["docx"])
    assert "计分规则：2025 年度正式规则（本年度专门规则，分档系数法）" in text
    assert "计分方法：分档系数法" in text and "模拟测算" not in text  # the year's own rule, not a what-if


def test_report_page_states_the_rules_and_marks_a_what_if(make_app, sample_db):
    at = make_app(sample_db, page="report")
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert "计分规则：2025 年度正式规则（系数法(得分率)）" in captions and not at.warning
    assert any(c.startswith("将生成：关于2025年第四季度党支部考核结果的通报（全部党委，数据版本 1，") for c in captions)
    at = make_app(sample_db, page="report", method="tiered")
    assert not at.exception
    # the dashboard marks a what-if on every view, the report page included (once)
    assert len(at.warning) == 1 and "假设分析：分档系数法（非正式结果" in at.warning[0].value
    at = make_app(sample_db, page="report", lang="en")
    assert not at.exception and "Rules used: official rules of 2025 (Score-rate multiplier)" in [c.value for c in at.caption]


def test_report_command_method_is_a_what_if_even_over_a_years_own_rules(year_db, tmp_path, monkeypatch):
    config = tmp_path / "assess.toml"
    config.write_text('[rules.2025.method]\nname = "tiered"\n', encoding="utf-8")
    monkeypatch.setenv("ASSESS_CONFIG", str(config))
    out = tmp_path / "r.docx"
    assert main(["--db", str(year_db), "report", "--quarter", "2025Q2", "--method", "linear",
                 "--format", "docx", "--out", str(out)]) == 0
    text = docx_text(out.read_bytes())
    assert "计分方法：线性系数法（模拟测算，非默认方法或参数）" in text
    assert "假设分析：线性系数法（非正式结果；2025 年度正式方法为分档系数法）" in text
