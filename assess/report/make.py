"""One call from a gathered report to a file's bytes: the charts (Word and PDF only), the
document's blocks, then the writer of the format."""

from __future__ import annotations

from typing import Callable

from assess.report.content import Report
from assess.report.document import compose

FORMATS = ("docx", "pdf", "xlsx")
MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def make(report: Report, fmt: str, lang: str = "zh", figures: dict[str, bytes] | None = None,
         progress: Callable[[str], None] | None = None) -> bytes:
    """The 通报 ``report`` as ``fmt`` (docx | pdf | xlsx) bytes in ``lang``. ``figures``: charts
    already drawn (:func:`assess.report.figures.all_figures`), to draw them once for several
    formats; drawn here when needed and not given."""
    step = progress or (lambda _key: None)
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}")
    if fmt != "xlsx" and figures is None:
        from assess.report.figures import all_figures

        step("figures")
        figures = all_figures(report, lang)
    doc = compose(report, lang, figures if fmt != "xlsx" else None)
    step(fmt)
    if fmt == "docx":
        from assess.report.word import write_docx

        return write_docx(doc)
    if fmt == "pdf":
        from assess.report.pdf import write_pdf

        return write_pdf(doc)
    from assess.report.excel import write_xlsx

    return write_xlsx(doc)


def make_all(report: Report, lang: str = "zh", progress: Callable[[str], None] | None = None) -> dict[str, bytes]:
    """All three files of ``report`` (the charts drawn once): format → bytes."""
    from assess.report.figures import all_figures

    step = progress or (lambda _key: None)
    step("figures")
    figures = all_figures(report, lang)
    return {fmt: make(report, fmt, lang, figures, progress) for fmt in FORMATS}


def file_name(report: Report, fmt: str, lang: str = "zh") -> str:
    """The download's name: the report's title and period (``通报_2025Q4.pdf``), with the
    committees when filtered."""
    return download_name(report.period, report.committees, fmt, lang)


def download_name(period: str, committees, fmt: str, lang: str = "zh") -> str:
    """:func:`file_name` of the report of ``period`` for ``committees`` (none: all)."""
    from assess.i18n import t
    from assess.views.data import safe_file_name

    parts = [t("ui.page.report", lang), period, *tuple(committees)[:3]]
    return safe_file_name("_".join(parts).replace(" ", "_").replace("/", "_") + f".{fmt}")
