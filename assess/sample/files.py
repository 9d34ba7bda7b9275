"""The sample files: which quarter is written in which layout (``FILE_PLAN``), and writing them.
The same seed always gives byte-identical files.
"""

from __future__ import annotations

import random
from pathlib import Path

from assess.indicators import BUSINESS, PARTY, of_category
from assess.sample.simulate import Branch, COMMITTEES, COMPANY, Entry, simulate
from assess.sample.sheets import (
    Layout, SheetModel, catalog_sheet, openpyxl_bytes, write_table, xlsxwriter_bytes,
)


# --- the files ---------------------------------------------------------------------------------

_SIGN = ("填表人：王晓燕    审核人：李建国",)
_PARTY_TITLE = "党支部党建工作考核表"
_BUSINESS_TITLE = "党支部业务工作考核表"

FILE_PLAN: tuple[tuple[str, str, str], ...] = (
    ("2024年第一季度党支部考核汇总.xlsx", "2024Q1",
     "两张表（党建考核、业务考核）+指标说明；季度在标题和文件名；满分写在表头 (N分)；党委、总支合并单元格"),
    ("2024Q2_党建考核.xlsx", "2024Q2",
     "组织部单独报送；季度只在文件名；标题未合并；表头下“满分”行；序号列；党委只填首行；"
     "表头别名 党支部名称/所属党委/党总支；注释和填表人行"),
    ("2024Q2_业务考核.xlsx", "2024Q2",
     "运营部单独报送（工作表“经营业绩考核”）；季度只在文件名；满分只在指标说明；不适用写“/”；"
     "别名 减分/一票否决；底部“平均”汇总行"),
    ("党支部考核评分表（汇总）.xlsx", "2024Q3",
     "季度在“考核季度”列；全角括号（N分）；序号列；党委只填首行、总支合并；党建表“合计”列和"
     "“合计”汇总行，业务表“总分”列（含加减分）；少量文本数字、全角数字、带“分”、带空格"),
    ("2024年四季度综合考核.xlsx", "2024Q4",
     "一张综合表，两层分组行（党建工作/经营业绩 + 维度）；党建合计、业务合计为公式（带缓存值）；"
     "不适用写“—”；标题“2024年四季度”"),
    ("组织部-党支部党建考核表.xlsx", "2025Q1",
     "组织部单独报送；季度只在标题（2025年第1季度）；全角括号满分；党委只填首行；"
     "每个党委后一行“小计”；否决事项无则填“无”"),
    ("运营部-经营业绩考核表.xlsx", "2025Q1",
     "运营部单独报送；标题“2025-Q1”；表头下“分值”行；“总分”列为公式（含加减分）；"
     "别名 被考核党支部"),
    ("2025Q2_考核汇总.xlsx", "2025Q2",
     "两张表；满分只在指标说明；别名 党支部名称/所属党委/党总支/一票否决；不适用写“/”；"
     "加扣分 0 照写；否决事项无则填“无”"),
    ("2025年第三季度考核汇总.xlsx", "2025Q3",
     "用模板填报（template 命令的模板，含数据验证）；每行都写党委和总支"),
    ("2025-Q4 党建考核.xlsx", "2025Q4",
     "季度在“季度”列和文件名；标题未合并、无季度；表头换行“组织设置\n(8分)”；序号列；"
     "“合计”列和“总计”汇总行；党委只填首行；"
     "别名 被考核党支部/上级党委；少量文本数字等"),
    ("2025-Q4 业务考核.xlsx", "2025Q4",
     "工作表“业绩考核”；季度在“季度”列；表头下“满分”行；不适用写“无此项”；别名 所属总支；少量文本数字等"),
)
"""(file name, quarter, what the file exercises) — in the order written."""


def _layouts() -> dict[str, list[tuple[str, Layout, tuple[str, ...]]]]:
    """File name → its sheets: (sheet name, layout, categories)."""
    title = lambda q, what: f"{COMPANY}{q}{what}"  # noqa: E731
    merged_fill = dict(committee="fill", general="merge")
    return {
        "2024年第一季度党支部考核汇总.xlsx": [
            ("党建考核", Layout(title=title("2024年第一季度", _PARTY_TITLE), footnotes=_SIGN), (PARTY,)),
            ("业务考核", Layout(title=title("2024年第一季度", _BUSINESS_TITLE), footnotes=_SIGN),
             (BUSINESS,)),
        ],
        "2024Q2_党建考核.xlsx": [
            ("党建考核", Layout(title="党支部党建工作考核评分表", title_merged=False, marks="row_满分",
                            committee="fill", general="repeat", serial=True,
                            footnotes=("注：1. 各项得分保留一位小数；2. 加分最多计5分。",
                                       "填表人：组织部 张敏    审核人：刘志强"),
                            headers=(("branch", "党支部名称"), ("committee", "所属党委"),
                                     ("general", "党总支"))), (PARTY,)),
        ],
        "2024Q2_业务考核.xlsx": [
            ("经营业绩考核", Layout(title="党支部经营业绩考核表（运营管理部）", marks="catalog", na="/",
                              summary="平均", headers=(("deduction", "减分"), ("veto", "一票否决"))),
             (BUSINESS,)),
        ],
        "党支部考核评分表（汇总）.xlsx": [
            ("党建考核", Layout(title=title("", "党支部党建工作考核评分表"), marks="suffix_fw",
                            serial=True, quarter_column="考核季度", total="合计", summary="合计",
                            messy=6, footnotes=("审核人：李建国",), **merged_fill), (PARTY,)),
            ("业务考核", Layout(title=title("", "党支部业务工作考核评分表"), marks="suffix_fw",
                            serial=True, quarter_column="考核季度", adjusted_total="总分", messy=4,
                            headers=(("branch", "支部名称"),), **merged_fill), (BUSINESS,)),
        ],
        "2024年四季度综合考核.xlsx": [
            ("考核汇总", Layout(title=title("2024年四季度", "党支部党建与经营业绩综合考核表"),
                            groups=("category", "dimension"), total="合计", formulas=True, na="—",
                            footnotes=("注：党建合计、业务合计不含加减分。",)), (PARTY, BUSINESS)),
        ],
        "组织部-党支部党建考核表.xlsx": [
            ("党建考核", Layout(title=title("2025年第1季度", _PARTY_TITLE), marks="suffix_fw",
                            no_veto="无", subtotals=True,
                            footnotes=("注：本表由组织部汇总。",) + _SIGN, **merged_fill), (PARTY,)),
        ],
        "运营部-经营业绩考核表.xlsx": [
            ("业务考核", Layout(title=title("2025-Q1", "党支部经营业绩考核表"), marks="row_分值",
                            adjusted_total="总分", formulas=True,
                            headers=(("branch", "被考核党支部"),)), (BUSINESS,)),
        ],
        "2025Q2_考核汇总.xlsx": [
            (sheet, Layout(title=title("2025年第二季度", what), marks="catalog", na="/", no_veto="无",
                           zero_blank=False, footnotes=_SIGN,
                           headers=(("branch", "党支部名称"), ("committee", "所属党委"),
                                    ("general", "党总支"), ("veto", "一票否决"))), (cat,))
            for sheet, what, cat in (("党建考核", _PARTY_TITLE, PARTY),
                                     ("业务考核", _BUSINESS_TITLE, BUSINESS))
        ],
        "2025-Q4 党建考核.xlsx": [
            ("党建考核", Layout(title="党支部党建工作考核表", title_merged=False, serial=True,
                            marks="suffix_nl", quarter_column="季度", total="合计", summary="总计", messy=5,
                            committee="fill", general="repeat",
                            headers=(("branch", "被考核党支部"), ("committee", "上级党委"))), (PARTY,)),
        ],
        "2025-Q4 业务考核.xlsx": [
            ("业绩考核", Layout(title="经营业绩考核表", marks="row_满分", quarter_column="季度",
                            na="无此项", messy=3, headers=(("general", "所属总支"),)), (BUSINESS,)),
        ],
    }


_WITH_CATALOG = {"2024年第一季度党支部考核汇总.xlsx", "2024Q2_业务考核.xlsx", "2025Q2_考核汇总.xlsx"}
_XLSXWRITER = {"2024年四季度综合考核.xlsx", "运营部-经营业绩考核表.xlsx"}
_TEMPLATE_FILE = "2025年第三季度考核汇总.xlsx"


def sample_files(entries: list[Entry], seed: int = 2025) -> list[tuple[str, bytes]]:
    """(file name, xlsx bytes) of every sample workbook, in FILE_PLAN order."""
    by_quarter: dict[str, dict[Branch, dict[str, Entry]]] = {}
    for e in entries:
        by_quarter.setdefault(e.quarter, {}).setdefault(e.branch, {})[e.category] = e
    layouts = _layouts()
    out = []
    for name, quarter, _ in FILE_PLAN:
        rows = list(by_quarter[quarter].values())
        if name == _TEMPLATE_FILE:
            out.append((name, _filled_template(quarter, rows)))
            continue
        rng = random.Random(f"{seed}/{name}")
        sheets = []
        for sheet_name, layout, cats in layouts[name]:
            sheet = SheetModel(sheet_name)
            write_table(sheet, layout, quarter, [{c: row[c] for c in cats} for row in rows], cats, rng)
            sheets.append(sheet)
        if name in _WITH_CATALOG:
            sheets.append(catalog_sheet(tuple(c for _, _, cs in layouts[name] for c in cs)))
        writer = xlsxwriter_bytes if name in _XLSXWRITER else openpyxl_bytes
        out.append((name, writer(sheets)))
    return out


def _filled_template(quarter: str, rows: list[dict[str, Entry]]) -> bytes:
    """The template of :mod:`assess.template`, filled in row by row."""
    import io

    from openpyxl import load_workbook

    from assess.template import FIRST_DATA_ROW, template_bytes, workbook_bytes

    wb = load_workbook(io.BytesIO(template_bytes(quarter=quarter, committees=list(COMMITTEES),
                                                 company=COMPANY, rows=len(rows) + 4)))
    for category in (PARTY, BUSINESS):
        ws = wb[{PARTY: "党建考核", BUSINESS: "业务考核"}[category]]
        for i, row in enumerate(rows):
            e = row[category]
            b = e.branch
            values = [b.committee, b.general_branch, b.name]
            values += ["不适用" if e.scores[ind.name] is None else e.scores[ind.name]
                       for ind in of_category(category)]
            values += [e.bonus or None, e.deduction or None, e.veto, e.note]
            for c, v in enumerate(values, start=1):
                ws.cell(FIRST_DATA_ROW + i, c, v)
    return workbook_bytes(wb)


def write_sample(outdir, *, seed: int = 2025) -> list[Path]:
    """Write the sample workbooks into ``outdir`` (created if needed); returns their paths in
    FILE_PLAN order. Same seed → byte-identical files."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in sample_files(simulate(seed), seed):
        path = out / name
        path.write_bytes(data)
        paths.append(path)
    return paths
