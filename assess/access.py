"""Who may change the data or take the original files: the one switch the pages ask (SPEC §8).

The rules of roles and committee scope are :class:`assess.auth.User`'s; this module only answers
the dashboard's questions, so the pages never test roles themselves.

Writes respect scope (issue 14): a rollback rewrites every committee's data, so only a writer
limited to no committee may do it; the version history and the original files are for those who
may upload; an upload touching a committee outside the uploader's scope is refused, located
(:func:`scope_problems`, which :func:`assess.store.ingest` also applies when given a scope).
"""

from __future__ import annotations

from typing import Iterable, Sequence

from assess.auth import User
from assess.problems import Problem

ANONYMOUS = "本机"
"""The user name recorded with a version when nobody is signed in (local mode: "this computer";
assess.upload.recorder_label shows it in the UI language). Versions of earlier releases say
"dashboard"."""


def can_upload(user: User | None) -> bool:
    """True when ``user`` may upload workbooks (uploader or admin)."""
    return user is not None and user.can_upload


def can_rollback(user: User | None) -> bool:
    """True when ``user`` may roll back to an earlier version: a writer (uploader or admin)
    limited to no committee — a rollback rewrites every committee's data."""
    return user is not None and user.can_rollback and user.committees is None


def can_see_versions(user: User | None) -> bool:
    """True when ``user`` may see the version history (who uploaded which file when): those who
    may upload."""
    return can_upload(user)


def can_download_originals(user: User | None) -> bool:
    """The stored original files hold every committee's rows: only unscoped writers get them."""
    return can_upload(user) and user.committees is None


def out_of_scope(user: User | None, committees: Iterable[str]) -> list[str]:
    """The committees of an upload that a scoped user may not write, sorted (empty: all fine)."""
    if user is None or user.committees is None:
        return []
    return sorted({c for c in committees if not user.sees(c)})


def scope_of(user: User | None) -> tuple[str, ...] | None:
    """The committees ``user`` may write (None: every one) — what the store's checks take."""
    return None if user is None else user.committees


def scope_problems(results: Sequence, scope: Sequence[str] | None) -> list[Problem]:
    """One problem per workbook and committee outside ``scope`` (None: no limit), located at the
    first row of that committee (file › sheet!row:row), naming the committees allowed.

    ``results``: the reader's :class:`assess.workbook.WorkbookResult` objects (their ``entries``:
    committee, branch, sheet, row)."""
    if scope is None:
        return []
    allowed = set(scope)
    shown = "、".join(scope) if scope else "—"
    problems: list[Problem] = []
    for result in results:
        entries = result.entries
        foreign = entries[~entries["committee"].isin(allowed)]
        if foreign.empty:
            continue
        for row in foreign.drop_duplicates("committee").to_dict("records"):  # first row of each, in order
            problems.append(Problem("upload_out_of_scope", result.file_name, str(row["sheet"]),
                                    f"{int(row['row'])}:{int(row['row'])}",
                                    params={"committee": row["committee"], "branch": row["branch"], "row": int(row["row"]),
                                            "allowed": shown}))
    return problems


def user_name(user: User | None) -> str:
    """The name recorded with a version."""
    name = user.name.strip() if user is not None else ""
    return name or ANONYMOUS
