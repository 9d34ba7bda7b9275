"""Nothing is fetched from beyond the server's own origin (issue 14): the sign-in page and every
view, in chromium, with every request the page makes recorded (``page.on("request")``). On an
intranet without internet an outside request fails, and it tells an outside party who opened
the dashboard when."""

from __future__ import annotations

from urllib.parse import urlsplit

from assess import auth
from assess.i18n import t

from . import app

PASSWORD = "correct horse battery"
VIEWS = ("", "ranking", "integration", "trends", "profile", "indicators", "method", "data")
LOCAL_SCHEMES = {"data", "blob", "about", "chrome-extension"}


def _outside(server_url: str, requests: list[str]) -> list[str]:
    home = urlsplit(server_url)
    out = []
    for url in requests:
        part = urlsplit(url)
        if part.scheme in LOCAL_SCHEMES:
            continue
        if (part.hostname, part.port) != (home.hostname, home.port):
            out.append(url)
    return out


def test_sign_in_page_and_every_view_fetch_only_from_the_server(make_server, new_page, tmp_path):
    users = tmp_path / "users.toml"
    users.write_text(auth.dump_users({"uploader": auth.User(name="uploader", role="uploader",
                                                            password_hash=auth.hash_password(PASSWORD))}),
                     encoding="utf-8")
    config = tmp_path / "assess.toml"
    config.write_text("[access]\nrequire_login = true\n", encoding="utf-8")
    server = make_server({"ASSESS_CONFIG": str(config), "ASSESS_USERS": str(users)})
    page = new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    app.open_url(page, f"{server.url}/")
    assert t("access.login_required", "zh") in app.alerts(page)
    page.wait_for_load_state("networkidle")
    assert _outside(server.url, requests) == [], "the sign-in page"
    assert any(u.startswith(server.url) for u in requests)

    app.key(page, "_sign_in_name").locator("input").fill("uploader")
    app.key(page, "_sign_in_password").locator("input").fill(PASSWORD)
    app.acting(page, page.get_by_role("button", name=t("access.sign_in", "zh"), exact=True).click)
    assert len(app.metrics(page)) == 6

    for view in VIEWS:
        app.go_to_page(page, t(f"ui.page.{view or 'overview'}", "zh"))
        page.wait_for_load_state("networkidle")
        assert not app.exceptions(page), view
        assert _outside(server.url, requests) == [], view or "overview"
    icons = [u for u in requests if "favicon" in u or "/media/" in u]
    assert icons and all(u.startswith(server.url) for u in icons), icons
