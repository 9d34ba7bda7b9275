"""Translation section: the ranking page's drivers, star-quota marks, year-end evaluation
columns, the rules in its caption and its sort direction (issues 13, 16, 19)."""

TEXTS: dict[str, dict[str, str]] = {
    # the ranking table's columns (assess.views.ranking)
    "ui.col.quota_moved": {"zh": "星级名额", "en": "Star quota"},
    # the 星级名额 column's value (its title says what moved it, so the grid shows it whole)
    "ranking.quota_moved": {"zh": "{before}★→{after}★", "en": "{before}★→{after}★"},
    "ui.col.party_quarter_mean": {"zh": "季度平均P", "en": "Quarterly mean P"},
    "ui.col.evaluation": {"zh": "群众评价E", "en": "Evaluation E"},
    "ui.col.evaluation_status": {"zh": "测评", "en": "Evaluation"},
    "ranking.rules": {"zh": "计分规则：{rules}。", "en": "Rules: {rules}."},
    "ranking.quota_note": {"zh": "星级名额调整了 {n} 个支部的星级（“星级名额”列写明由几星调整而来）。",
                           "en": "The star quota moved {n} branches (the “Star quota” column names the level each came from)."},
    "ranking.order": {"zh": "顺序", "en": "Order"},
    "ranking.order.asc": {"zh": "升序 ↑", "en": "Ascending ↑"},
    "ranking.order.desc": {"zh": "降序 ↓", "en": "Descending ↓"},
    "ranking.sort_help": {"zh": "排序写入页面链接；点击表头也可按该列排序（再次点击反向）。",
                          "en": "The order is part of the page's link; a click on a column header sorts by that column too (again: the other way)."},
}
