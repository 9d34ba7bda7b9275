"""Reading and validating quarterly assessment workbooks (SPEC §4). No database access here.

``read_workbook(content, file_name, …) -> WorkbookResult`` is the one entry point. Inside, in the
order a file goes through them:

- ``guards``   size, format, encryption, zip bomb — before anything is inflated
- ``scan``     the sheet XML before calamine: its used area, uncached formulas, error values
- ``grid``     python-calamine values and merges per sheet, within the size limits
- ``catalog``  the 指标说明 sheet
- ``layout``   header row, column roles, group rows, the 满分 row
- ``rows``     which rows are branches; committee fill-down; the quarter of each row
- ``cells`` / ``values``  text and numbers as people type them, cell by cell / a column at once
- ``marks``    full marks, categories and dimensions of the indicator columns
- ``sheet``    one sheet → entries and scores, every problem of its cells
- ``reader``   the whole workbook: quarters, duplicates across sheets, the result frames
"""

from assess.workbook.reader import read_workbook
from assess.workbook.result import WorkbookResult

__all__ = ["WorkbookResult", "read_workbook"]
