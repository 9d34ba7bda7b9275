"""Translation section: inherited dimensions, layouts skipped or ignored on import, the version
picker and the preview's order, and how the server listens (issue 13)."""

TEXTS: dict[str, dict[str, str]] = {
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
}
