"""Rollback and sign-in through the browser, as people do them (SPEC §4 "Versions", SPEC §8).

The rules are tested in tests/test_store.py and tests/test_access_pages.py (AppTest); here a real
server and chromium show that the buttons, the confirmation and the sign-in form work end to end.
"""

from __future__ import annotations

from assess import auth
from assess.i18n import t

from . import app
from .test_upload import changed_workbook, commit_good_upload, version_rows

PASSWORD = "correct horse battery"


def overview_tiles(page, url: str) -> dict[str, str]:
    app.open_url(page, url)
    return app.metrics(page)


def test_rollback_through_the_browser(make_server, new_page, sample_files):
    server = make_server()
    page = new_page()
    before = overview_tiles(page, f"{server.url}/?period=2025Q4")
    app.open_url(page, f"{server.url}/data")
    commit_good_upload(page, changed_workbook(sample_files))
    assert overview_tiles(new_page(), f"{server.url}/?period=2025Q4") != before

    # back to version 1: the button waits for the confirmation
    # the picker names each version by its time and file ("v1 · 2026-… · …")
    label = next(o for o in app.options_of(page, "rollback_target") if o.startswith("v1 · "))
    app.choose(page, "rollback_target", label)
    button = page.get_by_role("button", name=t("ui.data.rollback_button", "zh"))
    assert button.is_disabled()
    app.acting(page, lambda: app.key(page, "rollback_sure").locator("label").first.click())
    assert button.is_enabled()
    app.acting(page, button.click)
    assert t("ui.data.rolled_back", "zh", version=3, target=1) in app.alerts(page)
    rows = version_rows(page)
    assert [r[0] for r in rows] == ["3", "2", "1"], rows
    assert not app.exceptions(page)

    # everyone now sees version 1's numbers again, as version 3
    other = new_page()
    assert overview_tiles(other, f"{server.url}/?period=2025Q4") == before
    assert app.selectbox_value(other, "version") == "3"


def test_sign_in_through_the_browser(make_server, new_page, tmp_path):
    users = tmp_path / "users.toml"
    hashed = auth.hash_password(PASSWORD)
    users.write_text(auth.dump_users({"viewer": auth.User(name="viewer", role="viewer",
                                                          password_hash=hashed)}), encoding="utf-8")
    config = tmp_path / "assess.toml"
    config.write_text("[access]\nrequire_login = true\n", encoding="utf-8")
    server = make_server({"ASSESS_CONFIG": str(config), "ASSESS_USERS": str(users)})
    page = new_page()
    app.open_url(page, f"{server.url}/?period=2025Q4")
    assert t("access.login_required", "zh") in app.alerts(page)
    assert app.metrics(page) == {}, "no number before sign-in"

    def sign_in(password: str) -> None:
        app.key(page, "_sign_in_name").locator("input").fill("viewer")
        app.key(page, "_sign_in_password").locator("input").fill(password)
        app.acting(page, page.get_by_role("button", name=t("access.sign_in", "zh"), exact=True).click)

    sign_in("wrong password")
    assert t("access.wrong_credentials", "zh") in app.alerts(page)
    assert app.metrics(page) == {}
    sign_in(PASSWORD)
    assert len(app.metrics(page)) == 6, app.metrics(page)  # the overview's KPI tiles
    assert not app.exceptions(page)
    # a viewer may look but not upload
    app.go_to_page(page, t("ui.page.data", "zh"))
    assert t("ui.data.not_allowed", "zh") in app.alerts(page)
