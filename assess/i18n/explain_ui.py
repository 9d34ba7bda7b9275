"""Texts of the explanations on the pages (ISSUE-16 wiring): the 需关注 list on the overview,
the profile's changes, steps and year, the star quota and evaluation in the explanations."""

TEXTS: dict[str, dict[str, str]] = {
    # columns of the view tables
    "ui.col.score": {"zh": "得分", "en": "Score"},
    "ui.col.part": {"zh": "对变化的贡献", "en": "Part of the change"},
    "ui.col.lacking": {"zh": "距达标差（分）", "en": "Short of the standard (points)"},
    "ui.col.reasons": {"zh": "原因", "en": "Why"},
    "ui.col.driver": {"zh": "主要因素", "en": "Main driver"},
    "ui.col.two_skins_quarters": {"zh": "两张皮季度数", "en": "Two-skins quarters"},
    "ui.col.bonus_raw": {"zh": "加分（填报）", "en": "Bonus (as written)"},
    "ui.col.bonus": {"zh": "加分（计入）", "en": "Bonus (counted)"},
    "ui.col.deduction": {"zh": "扣分", "en": "Deduction"},
    "ui.col.floor": {"zh": "0分保底", "en": "Floor at 0"},
    # the year-end evaluation and the star quota in the explanations (SPEC §3.16)
    "explain.part.evaluation": {"zh": "年度测评", "en": "year-end evaluation"},
    "explain.step.quota_moved": {
        "zh": "P 已达到{target}的分数线，但{moved}",
        "en": "P already reaches {target}, but {moved}",
    },
    "explain.step.standard_reached": {"zh": "已达标", "en": "the standard (达标) is met"},
    "explain.step.quota_full": {
        "zh": "；本期{target}名额已满，达到分数线后还须 P 排在保留{target}的支部之前",
        "en": "; the {target} quota was full this period: reaching the line is not enough, P must "
              "also rank above the branches that keep {target}",
    },
    "explain.cross.quota_now": {
        "zh": "{what} {before}→{after}：星级名额限制（按 P 应为 {natural}★）",
        "en": "{what} {before} → {after}: the star quota (P alone gives {natural}★)",
    },
    "explain.cross.quota_before": {
        "zh": "{what} {before}→{after}：上期受星级名额限制（上期按 P 应为 {natural}★），本期未受限",
        "en": "{what} {before} → {after}: the star quota held it back last period "
              "(P alone gave {natural}★ then), not this period",
    },
    "explain.year.combined": {
        "zh": "年度 P = (1 − {w}) × 季度平均 {mean} + {w} × 年度测评 {e} = {p}",
        "en": "P of the year = (1 − {w}) × quarterly mean {mean} + {w} × evaluation {e} = {p}",
    },
    "explain.year.pending": {
        "zh": "年度 P = 季度平均 {mean}（待测评：尚无年度测评得分，按季度平均计）",
        "en": "P of the year = quarterly mean {mean} (evaluation pending: no year-end score yet, "
              "the mean counts)",
    },
    "explain.year.mean": {"zh": "年度 P = 季度平均 {mean}", "en": "P of the year = quarterly mean {mean}"},
    "explain.cli.evaluation_rows": {
        "zh": "提示：{n} 个支部的年度 P 含年度测评（权重 {w}），其变化不能只由 part_ 各列表示，"
              "这些行的 part_ 列留空（见支部画像的 P 变化分解）",
        "en": "note: for {n} branches the year's P includes the year-end evaluation (weight {w}); "
              "its change is not a sum of the part_ columns alone, so they are left empty in "
              "those rows (the profile's waterfall of P shows the evaluation part)",
    },
    # 总览: 需关注
    "explain.overview.attention_help": {
        "zh": "按轻重排序：否决、不合格、未达标、两张皮连续两个季度以上、综合得分下降最多",
        "en": "most serious first: vetoes, Fail, standard not met, two skins for two quarters "
              "or more, the largest falls of C",
    },
    # 支部画像
    "explain.profile.rank_org": {"zh": "全部排名", "en": "Rank (all)"},
    "explain.profile.rank_committee": {"zh": "党委内排名", "en": "Rank in committee"},
    "explain.profile.why": {"zh": "为什么变化", "en": "Why it changed"},
    "explain.profile.next": {"zh": "下一步需要什么", "en": "What the next step takes"},
    "explain.profile.crossed": {"zh": "跨越的门槛", "en": "Thresholds crossed"},
    "explain.profile.adjustments": {"zh": "加分、扣分与备注", "en": "Bonus, deduction and notes"},
    "explain.profile.scores": {"zh": "逐项指标：实际得分与得分率（{period}）",
                               "en": "Indicators: scores and rates ({period})"},
    "explain.profile.two_skins": {
        "zh": "两张皮已连续 {n} 个季度（{quadrant}），请关注党建与业务的融合",
        "en": "two skins for {n} quarters in a row ({quadrant}): party work and business are apart",
    },
    "explain.profile.two_skins_one": {
        "zh": "本季度处于两张皮象限（{quadrant}），连续 1 个季度",
        "en": "in a two-skins quadrant this quarter ({quadrant}), the first in a row",
    },
    "explain.profile.all_blocked": {
        "zh": "有否决事项：本期{targets}均无法达到",
        "en": "a veto blocks every next step this period: {targets}",
    },
    "explain.profile.year": {"zh": "年度 P 的构成", "en": "How the year's P is made"},
    "explain.profile.against": {"zh": "变化量与 {previous} 相比", "en": "changes against {previous}"},
}
