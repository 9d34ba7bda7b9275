"""Texts of the data page and the dashboard's shared wiring (phase 2: trust, security, rules)."""

TEXTS: dict[str, dict[str, str]] = {
    "ui.col.source": {"zh": "来源", "en": "Source"},  # where an indicator's dimension came from
    "uidata.rules_used": {"zh": "计分规则：{label}", "en": "Rules used: {label}"},
    "uidata.back_to_official": {"zh": "回到正式规则", "en": "Back to the official rules"},
    "uidata.quarter_needed": {"zh": "以下文件没有写明季度（无“季度”列、标题或文件名）：{files}。请选择它们所属的季度：",
                              "en": "These files do not name their quarter (no quarter column, title or file name): {files}. Choose the quarter they belong to:"},
    "uidata.quarter": {"zh": "季度", "en": "Quarter"},
    "uidata.dimensions": {"zh": "各指标所属维度及其来源", "en": "The dimension of each indicator and where it came from"},
    "uidata.changes_only": {"zh": "只看变化", "en": "Changes only"},
    "uidata.change_counts": {"zh": "新支部 {new_branch} 行，新增 {new} 行，变化 {changed} 行，未变 {unchanged} 行（变化在前）",
                             "en": "{new_branch} new-branch rows, {new} new, {changed} changed, {unchanged} unchanged (changes first)"},
    "uidata.ignored_columns": {"zh": "已忽略的列：{columns}", "en": "Columns ignored: {columns}"},
    "uidata.reference_sheets": {"zh": "作为参考表读取、未计分的工作表：{sheets}", "en": "Reference sheets read but not scored: {sheets}"},
    "uidata.already_stored": {"zh": "这些文件已存储在第 {versions} 版中，无需再次提交。",
                              "en": "These files are already stored in version {versions}; there is nothing to commit."},
    "uidata.out_of_scope": {"zh": "上传被拒绝：有 {n} 处数据属于您的账号不能写入的党委（见下表）。请只上传本单位的数据。",
                            "en": "Upload refused: {n} places hold data of committees your account may not write (see the table). Upload your own unit's data only."},
}
