"""通报 Report: what the report page shows — the view the files will be of (title, committees,
version, method, the rules that score the period, its share link) — and the one call that makes
the three files (SPEC §5 "通报"). The content itself is :mod:`assess.report`'s."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable

from assess import safe
from assess.db import Database
from assess.report import content, document
from assess.report.make import FORMATS, MIME, download_name, make_all
from assess.report.pdf import FontMissing
from assess.views.common import Selection, method_label


@dataclass
class ReportView:
    """What the report page draws before the click.

    ``title``: the document's title (关于2025年第四季度党支部考核结果的通报); ``caption``: the
    view the files will be of (title, committees, version, method); ``rules``: which rules
    score the period, in words, and ``what_if`` when that is not the official result; ``link``:
    the view's share link the documents print; ``key``: what the files depend on (files made for
    another key are stale); ``names`` and ``mime``: per format (:data:`FORMATS`) the download's
    file name and type."""

    title: str
    caption: str
    rules: str
    what_if: bool
    link: str
    key: tuple
    names: dict[str, str] = field(default_factory=dict)
    mime: dict[str, str] = field(default_factory=lambda: dict(MIME))
    formats: tuple[str, ...] = FORMATS


@dataclass
class Made:
    """The files of one click: format → bytes, the seconds it took as text, or ``error`` (a
    translated sentence) when they could not be made."""

    files: dict[str, bytes]
    seconds: str = ""
    error: str = ""


def build(db: Database, sel: Selection, url: str | None = None) -> ReportView:
    """The report page of ``sel`` (requires data: ``not sel.empty``); ``url``: the address the
    dashboard is open at (the base of the share link; None: a relative link)."""
    period = sel.period or ""
    link = content.view_link(url, period, sel.committees, sel.method, sel.default_config.method, sel.as_of,
                             sel.latest, sel.lang, page="report")
    title = sel.tr("report.title", period=document.period_words(period, sel.lang))
    # the caption is Markdown: committee names from a workbook stay text (assess.safe)
    filters = ("、" if sel.lang == "zh" else ", ").join(safe.markdown(c) for c in sel.committees) \
        or sel.tr("report.scope.all")
    rules = content.rules_of(sel)
    return ReportView(
        title=title,
        caption=sel.tr("report.page.view", title=title, filters=filters, version=sel.as_of,
                       method=method_label(rules.method, sel.lang)),
        rules=sel.tr("report.page.rules", rules=rules.label(sel.lang)),
        what_if=rules.what_if,
        link=link,
        key=(period, sel.committees, sel.config, sel.default_config, sel.as_of, sel.lang, sel.scope, link),
        names={fmt: download_name(period, sel.committees, fmt, sel.lang) for fmt in FORMATS},
    )


def make_files(db: Database, sel: Selection, view: ReportView,
               progress: Callable[[str], Any] | None = None) -> Made:
    """The Word, PDF and Excel files of exactly the view ``sel`` (the viewer's scope and
    committees, version, method), each stating ``view.link``; ``progress`` is told each step's
    key (``report.step.<key>``)."""
    start = time.perf_counter()
    try:
        made = content.report_of(db, sel, link=view.link, progress=progress)
        files = make_all(made, sel.lang, progress)
    except FontMissing as exc:
        return Made(files={}, error=sel.tr("report.cli.fonts_missing", detail=str(exc)))
    return Made(files=files, seconds=f"{time.perf_counter() - start:.1f}")
