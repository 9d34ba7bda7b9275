"""What the upload page shows beside the store (SPEC §4 "Versions", issue 13): the preview led by
what changes, the version picker's labels, and who a version was recorded by. Pure: DataFrames
and strings in, DataFrames and strings out; no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime

import pandas as pd

from assess.i18n import t
from assess.periods import is_quarter, previous_period, quarter_key
from assess.store import KEY, STATUSES
from assess.workbook.result import WorkbookResult

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


# ---------------------------------------------------------------- the quarter of a workbook naming none

QUARTERS_OFFERED = 8


def needs_quarter(results: Iterable[WorkbookResult]) -> list[str]:
    """The files whose quarter could not be determined (no 季度 column, title or file name):
    the page offers a quarter picker for them and reads them again with ``quarter_hint``."""
    return [r.file_name for r in results if any(p.code == "quarter_unknown" for p in r.problems)]


def quarter_options(today: date, stored: Sequence[str] = ()) -> tuple[list[str], str]:
    """(quarters the picker offers, newest first; the one preselected): today's quarter and the
    QUARTERS_OFFERED − 1 before it, plus any stored quarter later than that. Preselected: the
    quarter after the latest stored one when it is offered, else the quarter before today's
    (results are filed after a quarter ends)."""
    current = quarter_key(today.year, (today.month - 1) // 3 + 1)
    options = [current]
    while len(options) < QUARTERS_OFFERED:
        options.append(previous_period(options[-1]))
    later = sorted({q for q in stored if is_quarter(q) and q > current}, reverse=True)
    options = later + options
    latest = max((q for q in stored if is_quarter(q)), default=None)
    after = _next_quarter(latest) if latest else None
    default = after if after in options else previous_period(current)
    return options, default


def _next_quarter(quarter: str) -> str:
    year, q = int(quarter[:4]), int(quarter[-1])
    return quarter_key(year + 1, 1) if q == 4 else quarter_key(year, q + 1)


# ---------------------------------------------------------------- dimensions in the preview

DIMENSIONS_USED_COLUMNS = ["file", "category", "indicator", "dimension", "source"]


def dimensions_used(results: Iterable[WorkbookResult], lang: str = "zh") -> pd.DataFrame:
    """The dimension each indicator of the upload is scored in and where it came from, for the
    preview: file, category, indicator, dimension (an indicator that is its own dimension shows
    its own name), source (the workbook / the previous stored quarter / the default catalog /
    none), all in ``lang``. Indicators whose dimension the workbook does not state come first."""
    frames = [r.dimensions.assign(file=r.file_name) for r in results if len(r.dimensions)]
    if not frames:
        return pd.DataFrame(columns=DIMENSIONS_USED_COLUMNS)
    used = pd.concat(frames, ignore_index=True)
    stated = used["source"] == "workbook"
    used = used.assign(_stated=stated).sort_values(["_stated", "file", "category"], kind="stable")
    return pd.DataFrame({
        "file": used["file"].to_numpy(),
        "category": [t(f"ui.category.{c}", lang) for c in used["category"]],
        "indicator": used["indicator"].to_numpy(),
        "dimension": [d if isinstance(d, str) and d else i
                      for d, i in zip(used["dimension"], used["indicator"])],
        "source": [t(f"trust.dimension_source.{s}", lang) for s in used["source"]],
    }, columns=DIMENSIONS_USED_COLUMNS)
