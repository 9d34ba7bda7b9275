"""Access in the dashboard (SPEC §8): sign-in when viewing is closed, roles for upload and
rollback, committee scope in every view and link. The rules themselves are tested in
tests/test_auth.py; here the dashboard must obey them."""

from __future__ import annotations

import pytest

from assess import auth
from assess.i18n import t

SCOPE = "机关党委"
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def users_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("access") / "users.toml"
    hashed = auth.hash_password(PASSWORD)
    users = [
        auth.User(name="viewer", role="viewer", password_hash=hashed),
        auth.User(name="uploader", role="uploader", password_hash=hashed),
        auth.User(name="scoped", role="uploader", committees=(SCOPE,), password_hash=hashed),
    ]
    path.write_text(auth.dump_users({u.name: u for u in users}), encoding="utf-8")
    return path


@pytest.fixture
def deployment(monkeypatch, tmp_path, users_file):
    """``deployment(require_login)``: a configuration whose users are those of ``users_file``."""

    def configure(require_login: bool) -> None:
        config = tmp_path / "assess.toml"
        config.write_text(f"[access]\nrequire_login = {str(require_login).lower()}\n", encoding="utf-8")
        monkeypatch.setenv("ASSESS_CONFIG", str(config))
        monkeypatch.setenv("ASSESS_USERS", str(users_file))

    return configure


def _submit(at):
    form_buttons = [b for b in at.button if b.label == t("access.sign_in", "zh")]
    return form_buttons[0].click().run()


def test_closed_viewing_shows_only_the_sign_in_form(make_app, sample_db, deployment):
    deployment(require_login=True)
    at = make_app(sample_db)
    assert not at.exception
    assert t("access.login_required", "zh") in [i.value for i in at.info]
    assert len(at.metric) == 0 and len(at.dataframe) == 0  # no number leaks before sign-in


def test_wrong_password_is_refused_and_right_one_opens(make_app, sample_db, deployment):
    deployment(require_login=True)
    at = make_app(sample_db)
    at = _fill_and_submit(at, "viewer", "wrong password")
    assert t("access.wrong_credentials", "zh") in [e.value for e in at.error]
    assert len(at.metric) == 0
    at = _fill_and_submit(at, "viewer", PASSWORD)
    assert not at.exception
    assert len(at.metric) == 6  # the overview's KPI tiles


def _fill_and_submit(at, name, password):
    at.text_input(key="_sign_in_name").input(name)
    at.text_input(key="_sign_in_password").input(password)
    return _submit(at)


def test_open_viewing_guest_sees_data_but_cannot_upload(make_app, sample_db, deployment):
    deployment(require_login=False)
    at = make_app(sample_db, "data")
    assert not at.exception
    assert t("ui.data.not_allowed", "zh") in [i.value for i in at.info]
    assert not at.get("file_uploader")
    assert not [b for b in at.button if b.key == "rollback"]
    overview = make_app(sample_db)
    assert len(overview.metric) == 6


def test_uploader_may_upload(make_app, sample_db, deployment):
    deployment(require_login=True)
    at = make_app(sample_db, "data")
    at = _fill_and_submit(at, "uploader", PASSWORD)
    assert not at.exception
    assert at.get("file_uploader"), "the uploader sees the upload control"
    originals = [b for b in at.get("download_button") if str(getattr(b, "key", "")).startswith("file_")]
    assert originals, "an unscoped uploader may take the original files"


def test_scoped_user_sees_only_their_committee_everywhere(make_app, sample_db, deployment):
    deployment(require_login=True)
    at = make_app(sample_db, "ranking", committee=["生产运营党委"])
    at = _fill_and_submit(at, "scoped", PASSWORD)
    assert not at.exception
    assert at.sidebar.multiselect(key="committee").options == [SCOPE]
    # the other committee in the link is not theirs: ignored, and said so
    assert any("生产运营党委" in w.value for w in at.warning)
    table = at.dataframe[0].value
    committee_col = t("ui.col.committee", "zh")
    assert len(table) > 0 and set(table[committee_col]) == {SCOPE}
    # the data page: may upload (own committee), but not take the original files (all committees)
    at.switch_page("pages/data.py").run()
    assert not at.exception
    assert not [b for b in at.get("download_button") if str(getattr(b, "key", "")).startswith("file_")]


PAGES = ("overview", "ranking", "integration", "trends", "profile", "indicators", "method", "data", "report")


@pytest.fixture(scope="module")
def foreign_names(sample_db):
    """Committee and branch names that belong only to committees other than SCOPE."""
    from assess.db import Database

    with Database(sample_db) as db:
        catalog = db.query("view_branches", as_of=1)
    ours = set(catalog.loc[catalog["committee"] == SCOPE, "branch"])
    theirs = catalog[catalog["committee"] != SCOPE]
    return set(theirs["committee"]) | (set(theirs["branch"]) - ours)


@pytest.mark.parametrize("page", PAGES)
def test_scoped_user_never_sees_another_committee(make_app, sample_db, deployment, foreign_names, page):
    deployment(require_login=True)
    at = make_app(sample_db, page)
    at = _fill_and_submit(at, "scoped", PASSWORD)
    assert not at.exception
    shown = [str(e.value) for kind in ("title", "header", "subheader", "markdown", "caption", "info",
                                       "warning", "error", "success", "metric") for e in getattr(at, kind)]
    for frame in at.dataframe:
        shown += [str(x) for x in frame.value.astype(str).to_numpy().ravel()]
    shown += [str(o) for s in at.selectbox for o in s.options]
    shown += [str(o) for m in at.multiselect for o in m.options]
    leaked = sorted({name for name in foreign_names for text in shown if name in text})
    assert leaked == []
    assert len(shown) > 5, "the page showed something"
