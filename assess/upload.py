"""What the upload page shows beside the store (SPEC §4 "Versions", issue 13): the preview led by
what changes, the version picker's labels, and who a version was recorded by. Pure: DataFrames
and strings in, DataFrames and strings out; no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import pandas as pd

from assess.i18n import t
from assess.store import KEY, STATUSES

CHANGES_FIRST = {status: rank for rank, status in enumerate(STATUSES)}
"""new_branch, new, changed, then unchanged: the preview leads with what an upload changes."""

LEGACY_LOCAL_NAMES = frozenset({"dashboard"})
"""Names earlier releases recorded for the local user (now access.ANONYMOUS, 本机)."""


def preview_ordered(preview: pd.DataFrame, changes_only: bool = False) -> pd.DataFrame:
    """``preview`` (store.preview's columns) with new branches first, then new cells, changed
    cells and unchanged ones, each group in (quarter, committee, branch, category) order;
    ``changes_only`` leaves the unchanged cells out. The index is renumbered from 0."""
    rank = preview["status"].map(CHANGES_FIRST).fillna(len(STATUSES)).astype(int)
    out = preview.assign(_rank=rank).sort_values(["_rank", *KEY], kind="stable")
    if changes_only:
        out = out[out["status"] != "unchanged"]
    return out.drop(columns="_rank").reset_index(drop=True)


def change_counts(preview: pd.DataFrame) -> dict[str, int]:
    """Cells per status, every status present (0 when none): the switch's caption."""
    counts = preview["status"].value_counts()
    return {status: int(counts.get(status, 0)) for status in STATUSES}


def recorder_label(name: str, lang: str = "zh") -> str:
    """The name a version was recorded under, as the version list shows it: the local user
    (本机, or the older "dashboard") as "本机" / "this computer"; anyone else as recorded."""
    from assess.access import ANONYMOUS

    if name == ANONYMOUS or name in LEGACY_LOCAL_NAMES:
        return t("trust.local_user", lang)
    return name


def version_label(row: Mapping, lang: str = "zh", latest: int | None = None) -> str:
    """One version for the picker: ``v5 · 2025-12-01 10:32 · 2025Q4党建.xlsx`` — its time and
    its file (the first, "+N" for more), or for a rollback what it restored; "(latest)" marks the
    newest. ``row``: a row of store.versions (version, created_at, action, restored_version,
    file_names)."""
    version = int(row["version"])
    parts = [f"v{version}", _time(row["created_at"])]
    files = _names(row.get("file_names"))
    if row.get("action") == "rollback" and pd.notna(row.get("restored_version")):
        parts.append(t("trust.version.rollback", lang, version=int(row["restored_version"])))
    elif files:
        more = f" {t('trust.version.more_files', lang, count=len(files) - 1, total=len(files))}" if len(files) > 1 else ""
        parts.append(files[0] + more)
    label = " · ".join(parts)
    if latest is not None and version == latest:
        label += " " + t("trust.version.latest", lang)
    return label


def version_labels(history: pd.DataFrame, lang: str = "zh") -> dict[int, str]:
    """version → :func:`version_label` for every row of store.versions (newest first, as given);
    the newest marked latest. For ``st.selectbox(options=list(labels), format_func=labels.get)``."""
    if history.empty:
        return {}
    latest = int(history["version"].max())
    return {int(r["version"]): version_label(r, lang, latest) for r in history.to_dict("records")}


def _time(value) -> str:
    if value is None or (not isinstance(value, datetime) and pd.isna(value)):
        return "—"
    return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")


def _names(value) -> list[str]:
    if value is None or isinstance(value, float):
        return []
    return [str(v) for v in list(value)]
