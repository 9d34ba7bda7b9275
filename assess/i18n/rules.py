"""Translation section: the organisation's own rules (SPEC §3.16) — per-year rules and what-ifs,
star quotas, the year-end evaluation (群众评价) and its workbook, and their configuration
problems."""

TEXTS: dict[str, dict[str, str]] = {
    # ---- which rules scored a period
    "rules.official": {"zh": "{year} 年度正式规则（{method}）", "en": "official rules of {year} ({method})"},
    "rules.official_year": {"zh": "{year} 年度正式规则（本年度专门规则，{method}）",
                            "en": "official rules of {year} (the year's own rules, {method})"},
    "rules.what_if": {"zh": "假设分析：{method}（非正式结果；{year} 年度正式方法为{official}）",
                      "en": "what-if: {method} (not the official result; {year} is officially scored by {official})"},
    "rules.method_with": {"zh": "{name}（{settings}）", "en": "{name} ({settings})"},
    # an upload preview row of an evaluation workbook has the category 'evaluation'
    "ui.category.evaluation": {"zh": "群众评价", "en": "Year-end evaluation"},
    "rules.pending": {"zh": "待测评", "en": "evaluation pending"},
    "rules.quota_moved": {"zh": "因星级名额由 {before} 星降为 {after} 星",
                          "en": "moved by the star quota from {before}★ to {after}★"},

    # ---- configuration problems of the new keys
    "problem.config_bad_star_quota": {
        "zh": "star_quota 应为 [星级, 比例] 的列表，星级为 1–5 的整数且不重复，比例在 0 到 1 之间，例如 star_quota = [[5, 0.3], [4, 0.7]]",
        "en": "star_quota must be a list of [stars, share] pairs, stars a whole number 1–5 named once, share between 0 and 1, e.g. star_quota = [[5, 0.3], [4, 0.7]]",
    },
    "problem.config_bad_weight": {
        "zh": "evaluation_weight 为 {value}，应在 0 到 1 之间（例如 0.3 表示群众评价占 30%）",
        "en": "evaluation_weight is {value}; it must be between 0 and 1 (e.g. 0.3: the evaluation weighs 30 %)",
    },
    "problem.config_rules_year": {
        "zh": "[rules.{value}] 不是年份；请写成 [rules.2025.method] 或 [rules.2025.scoring]",
        "en": "[rules.{value}] is not a year; write [rules.2025.method] or [rules.2025.scoring]",
    },

    # ---- the evaluation workbook (群众评价 / 民主测评 / 满意度测评)
    "problem.evaluation_year_unknown": {
        "zh": "无法确定测评年度：请加“年度”列，或在标题中写明（如“2025年度”），或在文件名中写明年份",
        "en": "the evaluation's year is unknown: add a 年度 column, or name it in the title (e.g. 2025年度) or in the file name",
    },
    "problem.evaluation_year_invalid": {
        "zh": "年度“{value}”无法识别，请写成 2025 这样的四位年份",
        "en": "the year “{value}” is not recognised; write a four-digit year such as 2025",
    },
    "problem.evaluation_year_conflict": {
        "zh": "年度 {value} 与 {other} 不一致，请统一",
        "en": "the year {value} disagrees with {other}; make them the same",
    },
    "problem.evaluation_blank": {
        "zh": "支部“{branch}”的测评得分为空，请填写 0–100 的得分（未测评的支部请删去该行）",
        "en": "the evaluation score of branch “{branch}” is blank; enter a score 0–100 (delete the row of a branch not evaluated)",
    },
    "problem.evaluation_not_number": {
        "zh": "测评得分“{value}”不是数字，请填写 0–100 的数字",
        "en": "the evaluation score “{value}” is not a number; enter a number 0–100",
    },
    "problem.evaluation_out_of_range": {
        "zh": "测评得分 {value} 超出 0–100 的范围，请改正",
        "en": "the evaluation score {value} is outside 0–100; correct it",
    },
    "problem.evaluation_duplicate": {
        "zh": "支部“{branch}”（{committee}）在 {year} 年度出现了两次，请只保留一行",
        "en": "branch “{branch}” ({committee}) appears twice for {year}; keep one row",
    },
    "problem.evaluation_no_rows": {
        "zh": "测评表中没有支部的得分，请按模板填写",
        "en": "the evaluation sheet holds no branch's score; fill it in following the template",
    },

    # ---- the evaluation template
    "rules.template.sheet": {"zh": "群众评价", "en": "群众评价"},
    "rules.template.title": {"zh": "{year}年度党支部群众评价（民主测评）得分表",
                             "en": "{year}年度党支部群众评价（民主测评）得分表"},
    "rules.template.instructions": {
        "zh": "每个支部一行，填写 0–100 的测评得分；年度以“年度”列为准。上传后，年度党建得分 = (1 − 权重) × 季度平均 + 权重 × 测评得分。",
        "en": "One row per branch with its evaluation score 0–100; the 年度 column gives the year. Once uploaded, the annual party score = (1 − weight) × quarterly mean + weight × evaluation score.",
    },
    "cli.scores.rules": {"zh": "计分规则：{rules}", "en": "rules: {rules}"},
    "cli.template.evaluation_done": {"zh": "已写入测评模板：{path}", "en": "evaluation template written: {path}"},
}
