"""Sign-in and who this session acts as (SPEC §8). UI only: the rules live in :mod:`assess.auth`.

- No users file (a fresh install, the sample): *local mode* — everybody may upload and roll back,
  and the sidebar says so; a deployment enables sign-in by creating ``config/users.toml``.
- A users file: the visitor is the signed-in user (password form, or OIDC through ``st.login``
  when ``[auth]`` is configured in ``.streamlit/secrets.toml``), else a viewer of every committee
  when viewing is open, else nobody — the page asks for a sign-in and shows nothing else.
"""

from __future__ import annotations

import streamlit as st

from assess import auth, safe, signin
from assess.i18n import t
from assess.problems import ProblemError

USER_KEY = "_user"
LOCAL = auth.User(name="", role="admin", display_name="")
"""Who a visitor is when no users file exists: the single local user, who may do everything."""


@st.cache_data(max_entries=4, show_spinner=False)
def _users(path: str, mtime: float) -> dict[str, auth.User]:
    """The users file, re-read when it changes (``mtime`` is part of the key)."""
    return auth.load_users(path)


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all
        return False


def _oidc_claims() -> dict | None:
    try:
        if st.user.is_logged_in:
            return st.user.to_dict()
    except Exception:  # noqa: BLE001 - auth not configured
        return None
    return None


def visitor(lang: str) -> tuple[auth.User | None, dict[str, auth.User] | None]:
    """(who this session acts as, the users) — (None, users) when a sign-in is required;
    users is None in local mode. A broken users file stops the page with its problems."""
    try:
        policy = auth.load_policy()
        if not policy.users_file.exists():
            return LOCAL, None
        users = _users(str(policy.users_file), policy.users_file.stat().st_mtime)
    except ProblemError as exc:
        st.error("\n\n".join(safe.markdown(p.render(lang)) for p in exc.problems))
        st.stop()
    signed_in = users.get(st.session_state.get(USER_KEY) or "")
    if signed_in is None and _oidc_configured():
        claims = _oidc_claims()
        if claims:
            signed_in = auth.user_from_oidc(claims, users)
            if signed_in is None:
                who = claims.get("email") or claims.get("sub") or "?"
                st.warning(t("access.oidc_unknown", lang, email=safe.markdown(who)))
    return policy.visitor(signed_in), users


def _address() -> str | None:
    """The visitor's address, for the sign-in limit: the peer's; behind a reverse proxy on this
    machine (a loopback peer), the first hop of its X-Forwarded-For — a header that anyone else
    could forge, so it is believed from the local proxy only."""
    try:
        peer = st.context.ip_address
        if peer in ("127.0.0.1", "::1"):
            forwarded = (st.context.headers.get("X-Forwarded-For") or "").split(",")[0].strip()
            return forwarded or peer
        return peer
    except Exception:  # noqa: BLE001 - no request context (AppTest)
        return None


def sign_in_form(users: dict[str, auth.User], lang: str, where=st) -> None:
    """User name + password (and the organisation sign-in when OIDC is configured)."""
    with where.form("sign_in", clear_on_submit=True, border=False):
        name = st.text_input(t("access.username", lang), key="_sign_in_name")
        password = st.text_input(t("access.password", lang), type="password", key="_sign_in_password")
        if st.form_submit_button(t("access.sign_in", lang)):
            outcome = signin.sign_in(users, name.strip(), password, address=_address())
            if outcome.user is not None:
                st.session_state[USER_KEY] = outcome.user.name
                st.rerun()
            elif outcome.wait > 0:
                minutes, seconds = outcome.wait_parts()
                st.error(t("security.sign_in.too_many", lang, minutes=minutes, seconds=seconds,
                           failures=signin.LIMITER.max_failures, window=round(signin.LIMITER.window / 60)))
            else:
                st.error(t("access.wrong_credentials", lang))
    if _oidc_configured():
        where.button(t("access.sign_in_sso", lang), on_click=st.login, key="_sso")


SURVIVES_SIGN_OUT = ("lang",)
"""What a sign-out keeps of the session and the URL: the language only. Everything else — the
user, their picks, notices, uploads in progress, the link's filters — is the previous user's."""
SIGNED_OUT_KEY = "_signed_out"


def sign_out() -> None:
    """Forget the user and everything the session holds for them; the next run starts the
    overview afresh, its URL holding the language only (:func:`require`), so the next person in
    this tab sees nothing of the previous one's."""
    oidc = _oidc_claims()
    for key in [k for k in st.session_state.keys() if k not in SURVIVES_SIGN_OUT]:
        del st.session_state[key]
    st.session_state[SIGNED_OUT_KEY] = True
    if oidc:
        st.logout()


def _after_sign_out() -> None:
    """The run after a sign-out: a fresh overview whose URL keeps only the language (the
    widgets bound to the URL would otherwise take the previous user's picks back from it)."""
    if st.session_state.pop(SIGNED_OUT_KEY, False):
        kept = {k: st.query_params.get_all(k) for k in SURVIVES_SIGN_OUT if k in st.query_params}
        st.switch_page("pages/overview.py", query_params=kept)


def require(lang: str) -> tuple[auth.User, dict[str, auth.User] | None]:
    """(the user this session acts as, the users or None in local mode); when viewing needs a
    sign-in and nobody is signed in, shows only the sign-in form and stops the run."""
    _after_sign_out()
    user, users = visitor(lang)
    if user is None:
        st.title(t("ui.app.title", lang))
        st.info(t("access.login_required", lang))
        sign_in_form(users or {}, lang)
        st.stop()
    return user, users


def sidebar_box(user: auth.User, users: dict[str, auth.User] | None, committees: list[str], lang: str) -> None:
    """Who is signed in, with what role and scope; sign in / out."""
    box = st.sidebar.expander(
        t("access.signed_in_as", lang, name=safe.markdown(user.label) or t("access.anonymous", lang),
          role=t(f"access.role.{user.role}", lang)),
        icon=":material/account_circle:",
    )
    if users is None:
        box.caption(t("access.local_mode", lang))
        return
    scope = (t("access.scope.all", lang) if user.committees is None
             else t("access.scope.some", lang, committees="、".join(map(safe.markdown, committees)) or "—"))
    box.caption(scope)
    if user.is_anonymous:
        sign_in_form(users, lang, where=box)
    else:
        box.button(t("access.sign_out", lang), on_click=sign_out, key="_sign_out")

