"""Translation section: problems raised by the store (versions, cross-file checks)."""

TEXTS: dict[str, dict[str, str]] = {
    "problem.duplicate_across_files": {
        "zh": "支部“{branch}”在 {quarter} 的同一类别已在文件 {other} 中出现；同一次上传中每个支部每类只能出现一次，请删去其中一处后重新上传",
        "en": "branch “{branch}” already appears for {quarter} in the same category in {other}; "
              "one upload may hold each branch once per category — remove one of them and upload again",
    },
    "problem.version_not_found": {
        "zh": "数据版本 {version} 不存在（现有版本 1–{latest}），请选择一个已有版本",
        "en": "data version {version} does not exist (versions 1–{latest} do); choose an existing version",
    },
    "problem.no_versions": {
        "zh": "数据库中还没有任何数据版本，无可回滚；请先导入考核表",
        "en": "the store has no data version yet, so there is nothing to roll back to; import workbooks first",
    },
    "problem.rollback_to_latest": {
        "zh": "版本 {version} 已是当前数据，无需回退；请选择更早的版本",
        "en": "version {version} is already the current data; choose an earlier version to roll back to",
    },
    "problem.database_unreadable": {
        "zh": "数据库文件 {path} 无法读取：它不是本系统的数据库，或已损坏（{detail}）。请先停止看板，从备份恢复该文件"
              "（连同同名的 .wal 文件），或检查 ASSESS_DB / --db 指向的路径",
        "en": "the database file {path} cannot be read: it is not this dashboard's database, or it is damaged "
              "({detail}). Stop the dashboard and restore the file from a backup (with its .wal file, if any), "
              "or check the path in ASSESS_DB / --db",
    },
    "problem.database_busy": {
        "zh": "数据库 {path} 正被另一个程序（通常是正在运行的看板）占用；请在看板的“数据”页上传，或先停止看板再用命令行导入",
        "en": "the database {path} is in use by another program (usually the running dashboard); "
              "upload on the dashboard's Data page, or stop the dashboard before importing from the command line",
    },
}
