"""Who may change the data or take the original files: the one switch the pages ask (SPEC §8).

The rules of roles and committee scope are :class:`assess.auth.User`'s; this module only answers
the dashboard's questions, so the pages never test roles themselves.
"""

from __future__ import annotations

from typing import Iterable

from assess.auth import User

ANONYMOUS = "本机"
"""The user name recorded with a version when nobody is signed in (local mode: "this computer";
assess.upload.recorder_label shows it in the UI language). Versions of earlier releases say
"dashboard"."""


def can_upload(user: User | None) -> bool:
    """True when ``user`` may upload workbooks (uploader or admin)."""
    return user is not None and user.can_upload


def can_rollback(user: User | None) -> bool:
    """True when ``user`` may roll back to an earlier version (uploader or admin)."""
    return user is not None and user.can_rollback


def can_download_originals(user: User | None) -> bool:
    """The stored original files hold every committee's rows: only unscoped writers get them."""
    return can_upload(user) and user.committees is None


def out_of_scope(user: User | None, committees: Iterable[str]) -> list[str]:
    """The committees of an upload that a scoped user may not write, sorted (empty: all fine)."""
    if user is None or user.committees is None:
        return []
    return sorted({c for c in committees if not user.sees(c)})


def user_name(user: User | None) -> str:
    """The name recorded with a version."""
    name = user.name.strip() if user is not None else ""
    return name or ANONYMOUS
