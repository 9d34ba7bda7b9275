"""Translation section: inherited dimensions, layouts skipped or ignored on import, the version
picker and the preview's order, and how the server listens (issue 13)."""

TEXTS: dict[str, dict[str, str]] = {
    "problem.hidden_columns_ignored": {
        "zh": "以下隐藏列不是考核指标（表头不是已知指标，也没有给出满分），已忽略：{columns}；如其中有应计分的指标，请取消隐藏或在表头注明满分，如“组织设置(8分)”",
        "en": "these hidden columns are not indicators (their header is no known indicator and gives no "
              "full mark) and were ignored: {columns}; if one should be scored, unhide it or give its full "
              "mark in the header, e.g. “组织设置(8分)”",
    },
    "problem.reference_sheets_skipped": {
        "zh": "以下工作表是供查找引用的参考表（被考核表的公式引用，或既无“党委”列也无法判断类别），已跳过，考核表中公式的计算结果照常导入：{sheets}；"
              "如其中有考核数据，请补上“党委”列",
        "en": "these sheets are references rather than assessments (looked up by the assessment sheet's "
              "formulas, or with neither a committee column nor a category) and were skipped; the "
              "assessment sheet's computed values are imported as usual: {sheets}. If one holds "
              "scores, add a committee (党委) column to it",
    },
    "problem.dimension_moved": {
        "zh": "指标“{indicator}”在 {quarter} 归入维度“{new}”，上一季度为“{old}”；各维度达标率将按新维度计算，如非有意请核对分组行或指标说明",
        "en": "indicator “{indicator}” is in dimension “{new}” for {quarter}, “{old}” the quarter before; "
              "dimension rates will follow the new one — check the group row or 指标说明 if this is not intended",
    },
    "trust.listen.local": {
        "zh": "本机模式（没有用户文件 {users}）：任何人都可上传和回退，因此看板只在本机地址 {address} 上提供服务，"
              "其他电脑无法访问。要供其他电脑使用，请按 config/users.example.toml 创建用户文件 {users} 后重新启动。",
        "en": "local mode (no users file {users}): anyone may upload and roll back, so the dashboard listens on "
              "the loopback address {address} only and other machines cannot reach it. To serve other machines, "
              "create the users file {users} as in config/users.example.toml and start again.",
    },
    "trust.listen.ignored": {
        "zh": "已忽略所要求的监听地址 {address}：本机模式只在本机地址上提供服务。",
        "en": "the requested address {address} is ignored: local mode listens on the loopback address only.",
    },
    "trust.local_user": {"zh": "本机", "en": "this computer"},
    "trust.version.rollback": {"zh": "回退到 v{version}", "en": "rolled back to v{version}"},
    "trust.version.more_files": {"zh": "等 {total} 个文件", "en": "+{count} more"},
    "trust.version.latest": {"zh": "（最新）", "en": "(latest)"},
    "trust.dimension_source.workbook": {"zh": "本表写明", "en": "stated in the workbook"},
    "trust.dimension_source.stored": {"zh": "沿用上一已存季度", "en": "from the previous stored quarter"},
    "trust.dimension_source.default": {"zh": "默认指标目录", "en": "default catalog"},
    "trust.dimension_source.none": {"zh": "无（指标自成一个维度）", "en": "none (its own dimension)"},
    "trust.version.moved": {"zh": "数据已更新：现在显示最新的第 {new} 版（此前为第 {old} 版）。",
                            "en": "The data was updated: now showing the latest version {new} (was {old})."},
}
