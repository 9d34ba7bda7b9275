"""Translation section: command-line texts (``cli.*``) and the CLI's own problems."""

TEXTS: dict[str, dict[str, str]] = {
    "cli.ingest.stored": {
        "zh": "已存为数据版本 {version}：{files} 个文件，季度 {quarters}；写入 {written} 条，未变 {unchanged} 条",
        "en": "stored as data version {version}: {files} file(s), quarter(s) {quarters}; "
              "{written} written, {unchanged} unchanged",
    },
    "cli.ingest.dry_run": {
        "zh": "校验通过（试运行，未存储）：{files} 个文件，季度 {quarters}；将写入 {written} 条，未变 {unchanged} 条",
        "en": "valid (dry run, nothing stored): {files} file(s), quarter(s) {quarters}; "
              "{written} would be written, {unchanged} unchanged",
    },
    "cli.ingest.duplicate": {
        "zh": "文件 {file} 与数据版本 {version} 中的文件完全相同，未作更改",
        "en": "file {file} is identical to a file of data version {version}; nothing changed",
    },
    "cli.versions.empty": {
        "zh": "尚无数据版本",
        "en": "no data versions yet",
    },
    "cli.rollback.done": {
        "zh": "已回退：新数据版本 {version} 与版本 {target} 相同（恢复 {written} 条，移除 {closed} 条）",
        "en": "rolled back: new data version {version} equals version {target} "
              "({written} restored, {closed} removed)",
    },
    "cli.template.done": {
        "zh": "模板已写入 {path}",
        "en": "template written to {path}",
    },
    "cli.sample.done": {
        "zh": "已在 {path} 生成 {count} 个示例工作簿",
        "en": "{count} sample workbook(s) written to {path}",
    },
    "cli.scores.no_data": {
        "zh": "{period} 没有数据（已有：{periods}），输出为空表",
        "en": "no data for {period} (stored: {periods}); the output is empty",
    },
    "problem.output_unwritable": {
        "zh": "无法写入（{detail}），请检查文件夹是否存在、是否有写入权限",
        "en": "cannot be written ({detail}); check that the folder exists and that you may write there",
    },
    "problem.file_not_found": {
        "zh": "找不到文件 {path}，请检查路径",
        "en": "file {path} not found; check the path",
    },
}
