"""Reading and validating quarterly assessment workbooks (SPEC §4). No database access here."""

from assess.workbook.result import WorkbookResult

__all__ = ["WorkbookResult"]
