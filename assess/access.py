"""Who may change the data: the one switch the dashboard asks before upload and rollback.

Everyone may, for now; the access issue (SPEC §8, roles and committee scope) replaces the body of
:func:`can_upload` without touching the pages.
"""

from __future__ import annotations

ANONYMOUS = "dashboard"
"""The user name recorded with a version when nobody is signed in."""


def can_upload(user: str | None) -> bool:
    """True when ``user`` may upload workbooks and roll back versions."""
    return True


def user_name(user: str | None) -> str:
    """The name recorded with a version."""
    return (user or "").strip() or ANONYMOUS
