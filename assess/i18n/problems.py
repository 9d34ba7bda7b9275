"""Translation section: problems texts. Keys map to {"zh": ..., "en": ...}.

Every message says what is wrong and what to do; the location (file › sheet!cell) is added by
:meth:`assess.problems.Problem.render`.
"""

TEXTS: dict[str, dict[str, str]] = {
    # --- the file as a whole (guards) ---
    "problem.file_too_big": {
        "zh": "文件大小 {size_mb} MB 超过上限 {limit_mb} MB，请删除无关的工作表、图片后重新上传",
        "en": "the file is {size_mb} MB, over the {limit_mb} MB limit; remove unrelated sheets "
              "and pictures, then upload it again",
    },
    "problem.file_empty": {
        "zh": "文件是空的，请选择填写好的 .xlsx 考核表",
        "en": "the file is empty; choose the filled-in .xlsx workbook",
    },
    "problem.file_encrypted": {
        "zh": "文件设置了密码（已加密），无法读取，请在 Excel/WPS 中取消密码后另存为 .xlsx 再上传",
        "en": "the file is password-protected (encrypted); remove the password in Excel/WPS, "
              "save it as .xlsx and upload it again",
    },
    "problem.file_xls": {
        "zh": "这是旧版 .xls 格式，请在 Excel/WPS 中“另存为” Excel 工作簿（.xlsx）后再上传",
        "en": "this is an old .xls workbook; open it in Excel/WPS, use “Save as” Excel workbook "
              "(.xlsx) and upload that file",
    },
    "problem.file_not_xlsx": {
        "zh": "不是 Excel 工作簿（.xlsx/.xlsm），请上传用 Excel 或 WPS 保存的 .xlsx 考核表",
        "en": "this is not an Excel workbook (.xlsx/.xlsm); upload the assessment workbook saved "
              "as .xlsx from Excel or WPS",
    },
    "problem.file_corrupt": {
        "zh": "文件已损坏或不完整，无法打开，请用 Excel/WPS 打开检查后重新保存为 .xlsx 再上传",
        "en": "the file is damaged or incomplete and cannot be opened; open it in Excel/WPS, save "
              "it again as .xlsx and upload it",
    },
    "problem.file_bomb": {
        "zh": "文件解压后超过 {limit_mb} MB 的安全上限（疑似异常文件），已拒绝；请上传正常的考核表",
        "en": "the file would decompress beyond the {limit_mb} MB safety bound (it looks "
              "malformed) and was refused; upload a normal assessment workbook",
    },
    "problem.sheet_too_many_rows": {
        "zh": "工作表有 {rows} 行，超过上限 {limit} 行，请删除多余的行或拆分为多个文件",
        "en": "the sheet has {rows} rows, over the limit of {limit}; delete unused rows or split "
              "the data into several files",
    },
    "problem.file_member_invalid": {
        "zh": "文件中含有 Excel 工作簿不会有的部件“{member}”（重复或路径越界），可能被篡改，已拒绝；"
              "请在 Excel/WPS 中打开后另存为 .xlsx 再上传",
        "en": "the file holds a part no Excel workbook has (“{member}”: a duplicate or a path "
              "outside the workbook), so it may have been tampered with and was refused; open it "
              "in Excel/WPS, save it as .xlsx and upload that file",
    },
    "problem.sheet_too_many_cells": {
        "zh": "工作表的使用区域为 {rows} 行 × {columns} 列，超过 {limit} 个单元格的上限；"
              "通常是远处有零星内容，请删除表格右侧和下方多余的行列后重新保存",
        "en": "the sheet's used area is {rows} rows × {columns} columns, over the limit of "
              "{limit} cells; usually a stray entry far to the right or below; delete the unused "
              "rows and columns around the table and save again",
    },
    "problem.sheet_too_many_columns": {
        "zh": "工作表有 {columns} 列，超过上限 {limit} 列，请删除多余的列",
        "en": "the sheet has {columns} columns, over the limit of {limit}; delete unused columns",
    },
    "problem.sheet_name_duplicate": {
        "zh": "工作簿中有两个同名工作表（Excel 不允许），只读取了第一个；请在 Excel/WPS 中打开、"
              "将其中一个改名后重新保存",
        "en": "two sheets have this name (Excel does not allow it) and only the first could be "
              "read; open the file in Excel/WPS, rename one of them and save again",
    },
    "problem.sheet_merges_overlap": {
        "zh": "工作表中的合并单元格互相重叠（Excel 不会这样保存，文件可能被改动过），请在 Excel/WPS "
              "中打开、取消并重新合并这些单元格后保存再上传",
        "en": "merged ranges in the sheet overlap (Excel never saves that; the file may have been "
              "altered); open it in Excel/WPS, unmerge and merge those cells again, save and "
              "upload again",
    },
    "problem.sheet_corrupt": {
        "zh": "工作表无法读取（内容损坏），请在 Excel/WPS 中打开并重新保存",
        "en": "the sheet cannot be read (damaged content); open it in Excel/WPS and save it again",
    },
    "problem.no_branch_sheet": {
        "zh": "没有找到含“支部”列的工作表，请在表头（前 20 行内）写明“支部”或“支部名称”列",
        "en": "no sheet has a branch column; put a “支部” or “支部名称” column in the header "
              "(within the first 20 rows)",
    },
    # --- warnings ---
    "problem.sheets_skipped": {
        "zh": "以下工作表没有“支部”列，已跳过：{sheets}（如其中有考核数据，请补上“支部”表头）",
        "en": "these sheets have no branch column and were skipped: {sheets}; if one holds "
              "scores, add a “支部” header to it",
    },
    "problem.sheet_no_rows": {
        "zh": "工作表有表头但没有支部数据行，请确认是否漏填",
        "en": "the sheet has a header but no branch rows; check whether rows are missing",
    },
    "problem.branch_lookalike": {
        "zh": "支部“{branch}”与“{other}”（{first}）仅全角/半角等字形不同，将作为两个支部保存；"
              "如是同一支部，请统一写法",
        "en": "branch “{branch}” differs from “{other}” ({first}) only in full-width/half-width "
              "or similar character forms and will be stored as a separate branch; if they are "
              "the same branch, write the name the same way",
    },
    "problem.branch_lookalike_stored": {
        "zh": "支部“{branch}”与已保存的“{other}”仅全角/半角等字形不同，将作为新支部保存；"
              "如是同一支部，请按已保存的写法填写",
        "en": "branch “{branch}” differs from the stored “{other}” only in full-width/half-width "
              "or similar character forms and would be stored as a new branch; if it is the "
              "same branch, write the name as stored",
    },
    "problem.full_mark_changed": {
        "zh": "指标“{indicator}”的满分由上一季度的 {old} 改为 {new}（{quarter}），如非有意请核对",
        "en": "the full mark of “{indicator}” changed from {old} (previous quarter) to {new} in "
              "{quarter}; check it if this is not intended",
    },
    # --- catalog sheet ---
    "problem.catalog_header_missing": {
        "zh": "“{sheet}”工作表缺少“类别 | 维度 | 指标 | 满分 | 说明”表头，请按模板补齐",
        "en": "the “{sheet}” sheet lacks the header 类别 | 维度 | 指标 | 满分 | 说明; add it as "
              "in the template",
    },
    "problem.catalog_category_invalid": {
        "zh": "类别“{value}”无法识别，请填写“党建”或“业务”",
        "en": "category “{value}” is not recognised; write 党建 (party) or 业务 (business)",
    },
    "problem.catalog_full_mark_invalid": {
        "zh": "满分“{value}”不是正数，请填写大于 0 的数值",
        "en": "full mark “{value}” is not a positive number; enter a number above 0",
    },
    "problem.catalog_duplicate": {
        "zh": "指标“{indicator}”在指标说明中重复出现且满分不同（首次在 {first}），请只保留一行",
        "en": "indicator “{indicator}” appears twice in the catalog with different full marks "
              "(first at {first}); keep one row",
    },
    # --- table layout ---
    "problem.committee_column_missing": {
        "zh": "表头（第 {row} 行）缺少“党委”列，请增加“党委”或“所属党委”列并填写各支部所属党委",
        "en": "the header (row {row}) has no committee column; add a “党委” or “所属党委” column "
              "and fill in each branch's committee",
    },
    "problem.duplicate_column": {
        "zh": "“{label}”列重复（首次在 {first} 列），请删除或改名其中一列",
        "en": "column “{label}” appears twice (first in column {first}); delete or rename one",
    },
    "problem.category_unknown": {
        "zh": "无法判断指标“{indicator}”属于党建还是业务，请以“党建考核”/“业务考核”命名工作表，"
              "或在指标上方加“党建”/“业务”分组行",
        "en": "cannot tell whether indicator “{indicator}” is party or business; name the sheet "
              "党建考核/业务考核 or put a 党建/业务 group label above the indicators",
    },
    "problem.column_category_unknown": {
        "zh": "无法判断“{label}”列属于党建还是业务，请在该列上方加“党建”或“业务”分组标签",
        "en": "cannot tell whether column “{label}” belongs to party or business; put a 党建 or "
              "业务 group label above it",
    },
    # --- full marks ---
    "problem.full_mark_invalid": {
        "zh": "指标“{indicator}”的满分“{value}”不是正数，请填写大于 0 的数值",
        "en": "the full mark “{value}” of “{indicator}” is not a positive number; enter a "
              "number above 0",
    },
    "problem.full_mark_conflict": {
        "zh": "指标“{indicator}”的满分在工作簿中不一致：{values}，请统一为同一个数值",
        "en": "the workbook gives different full marks for “{indicator}”: {values}; make them "
              "the same",
    },
    "problem.full_mark_unknown": {
        "zh": "无法确定指标“{indicator}”的满分，请在表头写成“{indicator}(10分)”，"
              "或在表头下加“满分”行，或在“指标说明”表中填写；如该列不是考核指标，请删除该列",
        "en": "the full mark of “{indicator}” cannot be determined; write it in the header as "
              "“{indicator}(10分)”, add a 满分 row under the header, or fill in the 指标说明 sheet; "
              "if the column is not an indicator, delete it",
    },
    # --- rows ---
    "problem.branch_missing": {
        "zh": "该行有得分但支部名称为空，请填写支部名称，或删除这一行",
        "en": "this row has scores but no branch name; fill in the branch or delete the row",
    },
    "problem.committee_missing": {
        "zh": "支部“{branch}”的所属党委为空，且上方没有可沿用的党委，请填写党委名称",
        "en": "branch “{branch}” has no committee and there is none above to carry down; fill in "
              "the committee",
    },
    "problem.branch_duplicate": {
        "zh": "支部“{branch}”在同一季度同一类别中重复出现（首次在 {first}），请删除或合并重复行",
        "en": "branch “{branch}” appears twice in the same quarter and category (first at "
              "{first}); delete or merge the duplicate row",
    },
    # --- quarter ---
    "problem.quarter_unknown": {
        "zh": "无法确定考核季度，请在标题中写明（如“2025年第三季度”）、增加“季度”列，"
              "或在文件名中写明（如 2025Q3.xlsx）",
        "en": "the quarter cannot be determined; state it in the title (e.g. 2025年第三季度), add "
              "a 季度 column, or put it in the file name (e.g. 2025Q3.xlsx)",
    },
    "problem.quarter_invalid": {
        "zh": "季度“{value}”无法识别，请写成“2025Q3”或“2025年第三季度”",
        "en": "quarter “{value}” is not recognised; write it as 2025Q3 or 2025年第三季度",
    },
    "problem.quarter_conflict": {
        "zh": "季度不一致：这里是 {value}，而标题/文件名为 {other}，请改为一致",
        "en": "the quarter disagrees: {value} here but {other} in the title/file name; make them "
              "agree",
    },
    "problem.quarter_conflict_hint": {
        "zh": "文件名中的季度 {value} 与上传时选择的季度 {other} 不一致，请核对后重新选择或改正文件名",
        "en": "the file name says quarter {value} but {other} was chosen on upload; choose the "
              "right quarter or correct the file name",
    },
    # --- cells ---
    "problem.score_blank": {
        "zh": "支部“{branch}”的得分为空，请填写 0，或填写“不适用”表示该项不考核",
        "en": "the score of branch “{branch}” is blank; enter 0, or 不适用 if the indicator "
              "does not apply",
    },
    "problem.score_not_number": {
        "zh": "得分“{value}”不是数值，请填写数字，或填写“不适用”",
        "en": "score “{value}” is not a number; enter a number, or 不适用 (not applicable)",
    },
    "problem.score_negative": {
        "zh": "得分 {score} 为负数，请改为 0 或正数（扣分请填在“扣分”列）",
        "en": "score {score} is negative; enter 0 or more (put deductions in the 扣分 column)",
    },
    "problem.score_over_full_mark": {
        "zh": "得分 {score} 超过满分 {full_mark}，请改为 0–{full_mark} 之间的数值",
        "en": "score {score} exceeds the full mark {full_mark}; enter a value between 0 and "
              "{full_mark}",
    },
    "problem.cell_error": {
        "zh": "单元格是错误值 {value}（公式出错），请改正公式或直接填写数值后再上传",
        "en": "the cell holds the error value {value} (a broken formula); correct the formula or "
              "type the value, then upload again",
    },
    "problem.text_invisible_chars": {
        "zh": "“{value}”中含有不可见字符或控制字符（{chars}），会使名称看起来相同却不一致；"
              "请删除该单元格内容后重新手工输入（不要从网页或聊天记录中复制）",
        "en": "“{value}” contains invisible or control characters ({chars}) that make names look "
              "alike but differ; clear the cell and type the name again (do not paste it from a "
              "web page or a chat)",
    },
    "problem.name_too_long": {
        "zh": "名称“{value}”有 {chars} 个字符，超过 {limit} 个字符的上限，请填写简短的名称",
        "en": "the name “{value}” has {chars} characters, over the limit of {limit}; enter a "
              "short name",
    },
    "problem.text_too_long": {
        "zh": "文字有 {chars} 个字符，超过 Excel 单元格 {limit} 个字符的上限，请精简内容",
        "en": "the text has {chars} characters, over Excel's limit of {limit} for one cell; "
              "shorten it",
    },
    "problem.formula_no_value": {
        "zh": "公式没有计算结果（文件未经 Excel/WPS 重新计算保存），请在 Excel/WPS 中打开后保存再上传",
        "en": "the formula has no computed value (the file was not recalculated and saved by "
              "Excel/WPS); open it in Excel/WPS, save, and upload again",
    },
    "problem.bonus_invalid": {
        "zh": "加分“{value}”无效，请填写不小于 0 的数值或留空",
        "en": "bonus “{value}” is not valid; enter a number of 0 or more, or leave it blank",
    },
    "problem.deduction_invalid": {
        "zh": "扣分“{value}”无效，请填写不小于 0 的数值（写扣几分，不带负号）或留空",
        "en": "deduction “{value}” is not valid; enter the points deducted as a number of 0 or "
              "more (no minus sign), or leave it blank",
    },
    "problem.total_mismatch": {
        "zh": "合计 {value} 与本行得分之和 {sum}（含加扣分为 {adjusted}）不符，请改正合计或各项得分",
        "en": "the total {value} does not match the row's sum {sum} ({adjusted} with bonus and "
              "deduction); correct the total or the scores",
    },
    "problem.total_not_number": {
        "zh": "合计“{value}”不是数值，请填写本行得分之和 {sum}（或含加扣分 {adjusted}）",
        "en": "the total “{value}” is not a number; enter the row's sum {sum} (or {adjusted} with "
              "bonus and deduction)",
    },
}
