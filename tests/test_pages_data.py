"""AppTests of the phase-2 page wiring of the data page and the dashboard: the period's official
rules and a what-if (ISSUE-19), the session following the latest version and the links
(ISSUE-13), every write action per role and scope (ISSUE-14), the upload page's new parts."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from assess import auth, rules, store
from assess.config import load_config
from assess.db import Database
from assess.i18n import t
from assess.safe import markdown as md
from tests.test_pages import LANGS, assert_ok, scores_of, shown_ranking, texts

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RULES_TOML = '[rules.2025.method]\nname = "tiered"\n'
SCOPE = "机关党委"
OTHER = "生产运营党委"
PASSWORD = "correct horse battery"


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


def copy_link(at) -> str:
    """The copy-link box's text (AppTest has no URL: the query alone, after "?")."""
    [code] = [c.value for c in at.sidebar.code if c.value.startswith("?")]
    return code


def upload(at, name: str, content: bytes):
    at.file_uploader[0].upload(name, content, XLSX).run()
    assert_ok(at)
    return at


def workbook(quarter: str, *rows, quarter_in: str | None = "title") -> bytes:
    from tests.builders import Row, SheetSpec, build_workbook

    return build_workbook([SheetSpec(quarter=quarter, quarter_in=quarter_in, title=None if quarter_in is None else
                                     "XX公司{year}年第{cn}季度党支部考核表",
                                     rows=[Row(c, b) for c, b in rows])])


def latest(db_path) -> int:
    with Database(db_path) as db:
        return store.latest_version(db)


# ---------------------------------------------------------------- ISSUE-19: the rules of a period

@pytest.fixture
def yearly_rules(tmp_path, monkeypatch):
    """A configuration in which 2025 is officially scored by the tiered method (2024: the default)."""
    path = tmp_path / "assess.toml"
    path.write_text(RULES_TOML, encoding="utf-8")
    monkeypatch.setenv("ASSESS_CONFIG", str(path))
    return load_config(path)


def _assert_engine_numbers(at, db_path, period, config, lang):
    expected = scores_of(db_path, period, config)
    merged = shown_ranking(at, lang).merge(expected, on=["committee", "branch"], suffixes=("_shown", ""))
    assert len(merged) == len(expected) > 0
    a = merged["composite_shown"].astype(float).to_numpy()
    b = merged["composite"].astype(float).round(1).to_numpy()
    assert all((math.isnan(x) and math.isnan(y)) or abs(x - y) < 1e-9 for x, y in zip(a, b))


@pytest.mark.parametrize("lang", LANGS)
def test_a_link_without_method_shows_the_periods_official_rules(make_app, sample_db, yearly_rules, lang):
    at = make_app(sample_db, "ranking", lang, period="2025Q4")
    assert_ok(at)
    assert at.sidebar.selectbox(key="method").value == t("ui.method.tiered", lang), "2025's official method"
    label = rules.rules_used(yearly_rules, "2025Q4").label(lang)
    assert t("uidata.rules_used", lang, label=label) in captions(at)
    assert t("rules.official_year", lang, year="2025", method=t("ui.method.tiered", lang)) == label
    assert not [b for b in at.button if b.key == "_to_official"], "the official rules are no what-if"
    _assert_engine_numbers(at, sample_db, "2025Q4", yearly_rules, lang)
    assert "method=" not in copy_link(at), "the official method is the link's default"

    # a 2024 quarter: the configuration's default method, its own official rules
    at.sidebar.selectbox(key="period").set_value("2024Q4").run()
    assert_ok(at)
    assert at.sidebar.selectbox(key="method").value == t(f"ui.method.{yearly_rules.method.name}", lang)
    official_2024 = rules.rules_used(yearly_rules, "2024Q4").label(lang)
    assert t("uidata.rules_used", lang, label=official_2024) in captions(at)


@pytest.mark.parametrize("lang", LANGS)
def test_a_link_with_a_method_is_a_marked_what_if_with_one_click_back(make_app, sample_db, yearly_rules, lang):
    at = make_app(sample_db, "ranking", lang, period="2025Q4", method="linear", slope="2")
    assert_ok(at)
    assert at.sidebar.selectbox(key="method").value == t("ui.method.linear", lang)
    chosen = rules.with_what_if_method(yearly_rules, replace(yearly_rules.method, name="linear", slope=2.0))
    used = rules.rules_used(chosen, "2025Q4")
    assert used.what_if and used.official_method.name == "tiered"
    # marked on the page (escaped for Markdown) and in the header caption
    assert any(w.value.replace("\\", "") == used.label(lang) for w in at.warning), [w.value for w in at.warning]
    assert t("uidata.rules_used", lang, label=used.label(lang)) in captions(at)
    _assert_engine_numbers(at, sample_db, "2025Q4", chosen, lang)
    link = copy_link(at)
    assert "method=" in link and "slope=2" in link

    at.button(key="_to_official").click().run()
    assert_ok(at)
    assert at.sidebar.selectbox(key="method").value == t("ui.method.tiered", lang)
    assert not [b for b in at.button if b.key == "_to_official"]
    assert not any(w.value.replace("\\", "") == used.label(lang) for w in at.warning)
    _assert_engine_numbers(at, sample_db, "2025Q4", yearly_rules, lang)
    link = copy_link(at)
    assert "method=" not in link and "slope=" not in link, link


@pytest.mark.parametrize("page", ["overview", "integration", "trends", "indicators", "method", "profile"])
def test_every_view_says_which_rules_it_used(make_app, sample_db, yearly_rules, page):
    at = make_app(sample_db, page, "en", period="2025Q4", method="ratio")
    assert_ok(at)
    used = rules.rules_used(rules.with_what_if_method(yearly_rules, yearly_rules.method), "2025Q4")
    assert used.what_if
    assert t("uidata.rules_used", "en", label=used.label("en")) in captions(at)
    assert at.button(key="_to_official")


# ---------------------------------------------------------------- ISSUE-13: which version a session shows

def test_after_its_own_commit_the_session_shows_the_latest_unpinned(make_app, fresh_db, sample_files):
    from tests.conftest import ingest_files

    files = sorted(sample_files)
    ingest_files(fresh_db, files[:1])
    ingest_files(fresh_db, files[1:2])
    at = make_app(fresh_db, "data", version="1")
    assert_ok(at)
    assert "version=1" in copy_link(at) and any("第 1 版" in i.value for i in at.info), "pinned by the link"
    upload(at, files[2].name, files[2].read_bytes())
    at.button(key="commit").click().run()
    assert_ok(at)
    assert latest(fresh_db) == 3
    assert any("第 3 版" in s.value for s in at.success)
    assert at.sidebar.selectbox(key="version").value == "3"
    assert "version=" not in copy_link(at)
    assert not any(t("ui.version.pinned", "zh", version=1, latest=3) == i.value for i in at.info)
    assert at.selectbox(key="files_version").value == 3, "the download picker follows"
    assert at.selectbox(key="rollback_target").value == 2, "the rollback picker starts over"
    labels = at.selectbox(key="files_version").options
    assert labels[0].startswith("v3 · ") and files[2].name in labels[0] and t("trust.version.latest", "zh") in labels[0]


def test_after_its_own_rollback_the_session_shows_the_latest(make_app, fresh_db, sample_files):
    from tests.conftest import ingest_files

    files = sorted(sample_files)
    for f in files[:3]:
        ingest_files(fresh_db, [f])
    at = make_app(fresh_db, "data", version="2")
    at.selectbox(key="rollback_target").set_value(1)
    at.checkbox(key="rollback_sure").check().run()
    at.button(key="rollback").click().run()
    assert_ok(at)
    assert latest(fresh_db) == 4
    assert at.sidebar.selectbox(key="version").value == "4"
    assert "version=" not in copy_link(at)
    assert at.selectbox(key="files_version").value == 4
    assert not at.checkbox(key="rollback_sure").value
    assert t("trust.version.rollback", "zh", version=1) in at.selectbox(key="files_version").options[0]


def test_a_session_following_the_latest_moves_on_and_a_pinned_one_stays(make_app, fresh_db, sample_files):
    from tests.conftest import ingest_files

    files = sorted(sample_files)
    ingest_files(fresh_db, files[:1])
    ingest_files(fresh_db, files[1:2])
    following = make_app(fresh_db, "overview")
    pinned = make_app(fresh_db, "overview", version="1")
    assert following.sidebar.selectbox(key="version").value == "2"
    ingest_files(fresh_db, files[2:3])  # someone else's upload

    following.run()
    assert_ok(following)
    assert following.sidebar.selectbox(key="version").value == "3"
    moved = t("trust.version.moved", "zh", old=2, new=3)
    assert moved in [i.value for i in following.info]
    following.run()
    assert moved not in [i.value for i in following.info], "said once"

    pinned.run()
    assert_ok(pinned)
    assert pinned.sidebar.selectbox(key="version").value == "1"
    assert t("ui.version.pinned", "zh", version=1, latest=3) in [i.value for i in pinned.info]
    assert "version=1" in copy_link(pinned)


def test_the_indicators_category_is_in_the_link(make_app, sample_db):
    at = make_app(sample_db, "indicators", category="business")
    assert_ok(at)
    assert at.segmented_control(key="category").value == "business"
    assert "category=business" in copy_link(at)
    at.segmented_control(key="category").set_value("party").run()
    assert_ok(at)
    assert "category" not in copy_link(at), "the default leaves the link"
    assert not at.query_params.get("category")
    at.segmented_control(key="category").set_value("business").run()
    assert at.query_params.get("category") in ("business", ["business"])
    other = make_app(sample_db, "indicators", category="业务")  # a label in the link: its spelling kept
    assert other.segmented_control(key="category").value == "business"
    assert other.query_params.get("category") in ("业务", ["业务"])


def test_short_codes_survive_in_the_copy_link(make_app, sample_db):
    at = make_app(sample_db, "ranking", url_lang="en", method="linear", slope="2")
    assert_ok(at)
    assert at.title[0].value == t("ui.page.ranking", "en")
    link = copy_link(at)
    assert "slope=2" in link and "lang=English" in link and "method=" in link


# ---------------------------------------------------------------- the upload page

def test_a_workbook_naming_no_quarter_gets_a_quarter_picker(make_app, fresh_db):
    from datetime import date

    from assess import upload as upload_rules

    at = make_app(fresh_db, "data")
    content = workbook("2025Q3", (SCOPE, "第1党支部"), quarter_in=None)
    upload(at, "考核表.xlsx", content)
    [picker] = [s for s in at.selectbox if s.key and s.key.startswith("upload_quarter_")]
    options, preselected = upload_rules.quarter_options(date.today(), [])
    assert list(picker.options) == options and picker.value == preselected
    assert t("uidata.quarter_needed", "zh", files="考核表\\.xlsx") in [i.value for i in at.info]
    picker.set_value(options[3]).run()
    assert_ok(at)
    assert not at.error, "read again with the chosen quarter: no problem left"
    at.button(key="commit").click().run()
    with Database(fresh_db) as db:
        assert list(store.versions(db)["quarters"].iloc[0]) == [options[3]]


def test_a_file_already_stored_names_its_version_and_offers_no_commit(make_app, fresh_db, sample_files):
    from tests.conftest import ingest_files

    first = sorted(sample_files)[0]
    ingest_files(fresh_db, [first])
    at = make_app(fresh_db, "data")
    upload(at, first.name, first.read_bytes())
    assert t("uidata.already_stored", "zh", versions="1") in [i.value for i in at.info]
    assert not [b for b in at.button if b.key == "commit"]


def test_the_preview_leads_with_changes_and_shows_dimensions(make_app, fresh_db, tmp_path):
    from tests.builders import Row, SheetSpec, build_workbook
    from tests.conftest import ingest_files

    path = tmp_path / "2025Q3.xlsx"
    path.write_bytes(build_workbook([SheetSpec(quarter="2025Q3", rows=[Row(SCOPE, "第1党支部"), Row(SCOPE, "第2党支部")])]))
    ingest_files(fresh_db, [path])
    changed = build_workbook([SheetSpec(quarter="2025Q3", rows=[Row(SCOPE, "第1党支部"), Row(SCOPE, "第2党支部",
                                                                                              scores={"组织设置": 1})])])
    at = make_app(fresh_db, "data")
    upload(at, "2025Q3 更正.xlsx", changed)
    status = t("ui.col.status", "zh")
    frames = [d.value for d in at.dataframe if status in d.value.columns]
    assert frames, "the preview table"
    rows = frames[0]
    assert rows[status].iloc[0] == t("ui.status.changed", "zh"), "changes first"
    total = len(rows)
    at.toggle(key="changes_only").set_value(True).run()
    only = [d.value for d in at.dataframe if status in d.value.columns][0]
    assert set(only[status]) == {t("ui.status.changed", "zh")} and len(only) < total
    assert any(t("uidata.change_counts", "zh", new_branch=0, new=0, changed=len(only), unchanged=total - len(only)) == c
               for c in captions(at))
    assert any(t("ui.col.source", "zh") in d.value.columns for d in at.dataframe), "the dimensions used"


# ---------------------------------------------------------------- ISSUE-14: every write action per role and scope

@pytest.fixture
def deployment(monkeypatch, tmp_path_factory):
    path = tmp_path_factory.mktemp("users") / "users.toml"
    hashed = auth.hash_password(PASSWORD)
    users = [auth.User(name="viewer", role="viewer", password_hash=hashed),
             auth.User(name="uploader", role="uploader", password_hash=hashed),
             auth.User(name="scoped", role="uploader", committees=(SCOPE,), password_hash=hashed),
             auth.User(name="admin", role="admin", password_hash=hashed)]
    path.write_text(auth.dump_users({u.name: u for u in users}), encoding="utf-8")
    config = tmp_path_factory.mktemp("config") / "assess.toml"
    config.write_text("[access]\nrequire_login = true\n", encoding="utf-8")
    monkeypatch.setenv("ASSESS_CONFIG", str(config))
    monkeypatch.setenv("ASSESS_USERS", str(path))


def signed_in(make_app, db, name):
    at = make_app(db, "data")
    at.text_input(key="_sign_in_name").input(name)
    at.text_input(key="_sign_in_password").input(PASSWORD)
    [b for b in at.button if b.label == t("access.sign_in", "zh")][0].click().run()
    assert_ok(at)
    return at


@pytest.fixture
def two_versions(fresh_db):
    from tests.conftest import ingest_files

    for quarter in ("2025Q1", "2025Q2"):
        path = fresh_db.parent / f"{quarter}.xlsx"
        path.write_bytes(workbook(quarter, (SCOPE, "第1党支部"), (OTHER, "第1党支部")))
        ingest_files(fresh_db, [path])
    return fresh_db


def _versions_shown(at) -> bool:
    return any(s.value == t("ui.data.versions", "zh") for s in at.subheader)


def test_a_viewer_writes_nothing_and_sees_no_versions(make_app, two_versions, deployment):
    at = signed_in(make_app, two_versions, "viewer")
    assert t("ui.data.not_allowed", "zh") in [i.value for i in at.info]
    assert not at.get("file_uploader")
    assert not [b for b in at.button if b.key in ("commit", "rollback")]
    assert not _versions_shown(at), "who uploaded what: only for those who may upload"


def test_an_unscoped_uploader_commits_and_rolls_back_under_their_name(make_app, two_versions, deployment):
    at = signed_in(make_app, two_versions, "uploader")
    assert _versions_shown(at)
    upload(at, "2025Q3.xlsx", workbook("2025Q3", (SCOPE, "第1党支部"), (OTHER, "第1党支部")))
    at.button(key="commit").click().run()
    assert_ok(at)
    at.selectbox(key="rollback_target").set_value(1)
    at.checkbox(key="rollback_sure").check().run()
    at.button(key="rollback").click().run()
    assert_ok(at)
    with Database(two_versions) as db:
        history = store.versions(db)
    assert list(history["version"])[:2] == [4, 3]
    assert list(history["user_name"])[:2] == ["uploader", "uploader"]


def test_a_scoped_uploader_writes_only_their_committee_and_never_rolls_back(make_app, two_versions, deployment):
    at = signed_in(make_app, two_versions, "scoped")
    assert not [b for b in at.button if b.key == "rollback"], "a rollback rewrites every committee"
    assert not [b for b in at.get("download_button") if str(getattr(b, "key", "")).startswith("file_")]
    upload(at, "混合.xlsx", workbook("2025Q3", (SCOPE, "第1党支部"), (OTHER, "第1党支部")))
    assert at.error and not [b for b in at.button if b.key == "commit"]
    shown = "".join(d.value.to_csv() for d in at.dataframe)
    assert OTHER in shown and "混合.xlsx" in shown, "located: file, sheet, row, the committee"
    assert latest(two_versions) == 2
    at.button(key="clear_upload").click().run()
    upload(at, "本单位.xlsx", workbook("2025Q3", (SCOPE, "第1党支部")))
    at.button(key="commit").click().run()
    assert_ok(at)
    assert latest(two_versions) == 3
    with Database(two_versions) as db:
        assert store.versions(db)["user_name"].iloc[0] == "scoped"


def test_an_admin_rolls_back(make_app, two_versions, deployment):
    at = signed_in(make_app, two_versions, "admin")
    at.selectbox(key="rollback_target").set_value(1)
    at.checkbox(key="rollback_sure").check().run()
    at.button(key="rollback").click().run()
    assert_ok(at)
    assert latest(two_versions) == 3


def test_local_mode_records_this_computer(make_app, two_versions, monkeypatch, tmp_path):
    monkeypatch.setenv("ASSESS_USERS", str(tmp_path / "no-users.toml"))  # no users file: local mode
    at = make_app(two_versions, "data")
    upload(at, "2025Q3.xlsx", workbook("2025Q3", (SCOPE, "第1党支部")))
    at.button(key="commit").click().run()
    assert_ok(at)
    with Database(two_versions) as db:
        assert store.versions(db)["user_name"].iloc[0] == "本机"
    by = t("ui.col.user_name", "zh")
    [versions] = [d.value for d in at.dataframe if by in d.value.columns]
    assert versions[by].iloc[0] == "本机"
    at.selectbox(key="rollback_target").set_value(1)
    at.checkbox(key="rollback_sure").check().run()
    at.button(key="rollback").click().run()
    assert_ok(at)
    assert latest(two_versions) == 4


def test_hostile_file_names_stay_text_on_the_data_page(make_app, fresh_db):
    name = "[x](http:__evil) ![i](http:__img).xlsx"
    at = make_app(fresh_db, "data")
    upload(at, name, workbook("2025Q3", (SCOPE, "第1党支部")))
    at.button(key="commit").click().run()
    assert_ok(at)
    [button] = [b for b in at.get("download_button") if str(getattr(b, "key", "")).startswith("file_")]
    assert button.label == md(name)  # the name as text: no link, no image (assess.safe.markdown)
    assert "](" not in button.label and "\\[x\\]" in button.label
