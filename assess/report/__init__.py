"""The quarterly 通报 (SPEC §5): :func:`build_report` gathers a view's content, :func:`compose`
lays it out as blocks, and the writers make Word, PDF and Excel files of it.

    report = build_report(db, "2025Q4", config, committees=(), as_of=None, scope=None, link=…)
    data = make(report, "docx")          # or "pdf", "xlsx"
"""

from assess.report import document
from assess.report.content import Report, build_report, movers, report_of, view_link
from assess.report.make import FORMATS, make

__all__ = ["FORMATS", "Report", "build_report", "document", "make", "movers", "report_of", "view_link"]
