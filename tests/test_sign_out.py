"""Signing out clears the session (issue 14: the next user in the same tab saw a notice naming
the previous user's picks)."""

from __future__ import annotations

from tests.test_access_pages import PASSWORD, SCOPE, _fill_and_submit, deployment, users_file  # noqa: F401
from assess.i18n import t

OTHER = "生产运营党委"


def _shown(at) -> str:
    return "\n".join(str(e.value) for kind in ("warning", "info", "error", "markdown", "caption")
                     for e in getattr(at, kind))


def test_after_sign_out_nothing_names_the_previous_users_picks(make_app, sample_db, deployment):
    deployment(require_login=False)
    # the unscoped user's pick, in the widget and (as the browser keeps bound widgets) the URL
    at = make_app(sample_db, "ranking", committee=[OTHER])
    at = _fill_and_submit(at, "uploader", PASSWORD)
    assert not at.exception
    assert at.sidebar.multiselect(key="committee").value == [OTHER]
    at.sidebar.button(key="_sign_out").click().run()
    assert not at.exception
    assert "_user" not in at.session_state
    assert "committee" not in at.query_params
    assert at.sidebar.multiselect(key="committee").value == []
    at = _fill_and_submit(at, "scoped", PASSWORD)
    assert not at.exception
    assert at.sidebar.multiselect(key="committee").options == [SCOPE]
    assert OTHER not in _shown(at), _shown(at)
    assert t("access.signed_in_as", "zh", name="scoped", role=t("access.role.uploader", "zh")) in [
        e.label for e in at.sidebar.expander]
