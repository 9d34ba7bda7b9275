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
