"""Translation section: the problems of the configuration file (``config/assess.toml`` or
``$ASSESS_CONFIG``), found by :func:`assess.config.load_config`."""

TEXTS: dict[str, dict[str, str]] = {
    "problem.config_syntax": {
        "zh": "配置文件不是有效的 TOML（{detail}），请按 config/assess.example.toml 的格式修改",
        "en": "the configuration is not valid TOML ({detail}); fix it following config/assess.example.toml",
    },
    "problem.config_unknown_table": {
        "zh": "未知的配置表 [{table}]，可用的有：{known}；请检查拼写",
        "en": "unknown table [{table}]; known ones are: {known}; check the spelling",
    },
    "problem.config_not_table": {
        "zh": "{table} 应为一个表（[{table}] 下逐行写设置），请按 config/assess.example.toml 的格式书写",
        "en": "{table} must be a table ([{table}] with one setting a line); write it as in config/assess.example.toml",
    },
    "problem.config_unknown_key": {
        "zh": "未知的设置项“{setting}”，可用的有：{known}；请检查拼写",
        "en": "unknown setting “{setting}”; known ones are: {known}; check the spelling",
    },
    "problem.config_bad_value": {
        "zh": "“{setting}”的值类型不对，请照此格式书写：{setting} = {example}",
        "en": "“{setting}” has the wrong kind of value; write it like {setting} = {example}",
    },
    "problem.config_unknown_method": {
        "zh": "未知的计分方法“{value}”，可选：{known}",
        "en": "unknown method “{value}”; choose one of {known}",
    },
}
