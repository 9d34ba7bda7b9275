"""Translation section: why a number changed and what the next step takes (``explain.*``,
SPEC §3.13–3.15, §5 "Across the views"). Grades, quadrants and column names reuse ``ui.*``."""

TEXTS: dict[str, dict[str, str]] = {
    "explain.cli.no_rows": {
        "zh": "{period} 与上一期均有综合得分的支部为 0 个：只输出表头",
        "en": "no branch has a composite in both {period} and the period before: header only",
    },
    # parts of a change
    "explain.part.bonus": {"zh": "加分", "en": "bonus"},
    "explain.part.deduction": {"zh": "扣分", "en": "deduction"},
    "explain.part.floor": {"zh": "0分保底", "en": "floor at 0"},
    "explain.part.veto": {"zh": "否决事项", "en": "veto"},
    "explain.part.business": {"zh": "业务(B)", "en": "business (B)"},
    "explain.part.party": {"zh": "党建(K)", "en": "party (K)"},
    "explain.driver.K": {"zh": "党建(K)：{detail}", "en": "party (K): {detail}"},
    "explain.driver.B": {"zh": "业务(B)：{detail}", "en": "business (B): {detail}"},
    "explain.driver.K_plain": {"zh": "党建(K)", "en": "party (K)"},
    "explain.driver.B_plain": {"zh": "业务(B)", "en": "business (B)"},
    "explain.driver.none": {"zh": "无变化", "en": "no change"},
    # what a change crossed
    "explain.what.stars": {"zh": "星级", "en": "Stars"},
    "explain.what.grade": {"zh": "等次", "en": "Grade"},
    "explain.what.standard": {"zh": "达标情况", "en": "Standard"},
    "explain.standard.true": {"zh": "达标", "en": "met"},
    "explain.standard.false": {"zh": "未达标", "en": "not met"},
    "explain.cross.threshold_up": {
        "zh": "{what} {before}→{after}：{measure} 达到 {threshold}",
        "en": "{what} {before} → {after}: {measure} reached {threshold}",
    },
    "explain.cross.threshold_down": {
        "zh": "{what} {before}→{after}：{measure} 低于 {threshold}",
        "en": "{what} {before} → {after}: {measure} fell below {threshold}",
    },
    "explain.cross.dimension_down": {
        "zh": "{what} {before}→{after}：{dimensions} 得分率低于 {need}",
        "en": "{what} {before} → {after}: {dimensions} fell below {need}",
    },
    "explain.cross.dimension_up": {
        "zh": "{what} {before}→{after}：{dimensions} 得分率回到 {need} 以上",
        "en": "{what} {before} → {after}: {dimensions} back at {need} or above",
    },
    "explain.cross.veto_down": {
        "zh": "{what} {before}→{after}：有否决事项",
        "en": "{what} {before} → {after}: a veto",
    },
    "explain.cross.veto_up": {
        "zh": "{what} {before}→{after}：否决事项已消除",
        "en": "{what} {before} → {after}: the veto is gone",
    },
    "explain.cross.standard": {
        "zh": "{what} {before}→{after}：因达标情况变化",
        "en": "{what} {before} → {after}: because the standard changed",
    },
    # the next step
    "explain.target.stars": {"zh": "{n}★", "en": "{n}★"},
    "explain.target.solid": {"zh": "过硬（{n}★）", "en": "solid ({n}★)"},
    "explain.target.standard": {"zh": "达标", "en": "the standard (达标)"},
    "explain.target.band": {"zh": "下一档（K={k}）", "en": "the next band (K = {k})"},
    "explain.step.need_p": {
        "zh": "要达到{target}需再提高P {gap}分",
        "en": "to reach {target}, P needs +{gap} points",
    },
    "explain.step.need_band": {
        "zh": "要进入{target}需P达到{threshold}，再提高{gap}分",
        "en": "to enter {target}, P must reach {threshold}: +{gap} points",
    },
    "explain.step.need_dims": {
        "zh": "要达到{target}需",
        "en": "to reach {target}",
    },
    "explain.step.standard_p": {
        "zh": "要达标需再提高P {gap}分",
        "en": "to meet the standard (达标), P needs +{gap} points",
    },
    "explain.step.standard_dims": {
        "zh": "要达标需",
        "en": "to meet the standard (达标)",
    },
    "explain.step.need_c": {
        "zh": "要达到{target}需再提高C {gap}分",
        "en": "to reach {target}, C needs +{gap} points",
    },
    "explain.step.p_needed": {
        "zh": "（B不变时P需达到{p}）",
        "en": " (with B unchanged, P must reach {p})",
    },
    "explain.step.p_cannot": {
        "zh": "（B不变时仅提高P无法达到）",
        "en": " (with B unchanged, P alone cannot reach it)",
    },
    "explain.step.dimension": {
        "zh": "{dimension}得分率{rate}，距{need}差{lacking}分",
        "en": "{dimension} is at {rate}, {lacking} points short of {need}",
    },
    "explain.step.blocked": {
        "zh": "有否决事项，{target}无法达到",
        "en": "a veto blocks {target}",
    },
    "explain.step.reached": {"zh": "已达到{target}", "en": "{target} reached"},
    "explain.step.top_star": {"zh": "已是最高星级{target}", "en": "at the highest level, {target}"},
    "explain.step.top_grade": {"zh": "已是最高等次{target}", "en": "at the highest grade, {target}"},
    "explain.step.top_band": {"zh": "已在最高档", "en": "in the highest band"},
    "explain.sep.colon": {"zh": "：", "en": ": "},
    "explain.sep.list": {"zh": "；", "en": "; "},
    # 需关注 (overview)
    "explain.attention.title": {"zh": "需关注", "en": "Needs attention"},
    "explain.attention.more": {"zh": "另有 {n} 个支部", "en": "{n} more branches"},
    "explain.attention.none": {"zh": "本期无需关注事项", "en": "nothing needs attention this period"},
    "explain.attention.veto": {"zh": "否决：{reason}", "en": "veto: {reason}"},
    "explain.attention.fail": {"zh": "等次不合格（C {c}）", "en": "grade Fail (C {c})"},
    "explain.attention.not_standard": {"zh": "未达标：{why}", "en": "standard not met: {why}"},
    "explain.attention.low_p": {"zh": "P {p} 低于 {need}", "en": "P {p} below {need}"},
    "explain.attention.low_dims": {"zh": "{dimensions} 低于 {need}", "en": "{dimensions} below {need}"},
    "explain.attention.drop": {"zh": "C 下降 {delta}（{driver}）", "en": "C fell by {delta} ({driver})"},
    "explain.attention.two_skins": {
        "zh": "两张皮已连续 {n} 个季度（{quadrant}）",
        "en": "two skins for {n} quarters in a row ({quadrant})",
    },
    "explain.col.reasons": {"zh": "原因", "en": "Why"},
    "explain.col.driver": {"zh": "主要因素", "en": "Main driver"},
    "explain.col.delta_composite": {"zh": "C 变化", "en": "Change of C"},
    "explain.col.two_skins_quarters": {"zh": "两张皮季度数", "en": "Two-skins quarters"},
    "explain.col.indicator": {"zh": "指标", "en": "Indicator"},
    "explain.col.dimension": {"zh": "维度", "en": "Dimension"},
    "explain.col.score": {"zh": "得分", "en": "Score"},
    "explain.col.full_mark": {"zh": "满分", "en": "Full mark"},
    "explain.col.rate": {"zh": "得分率", "en": "Rate"},
    "explain.col.part": {"zh": "对P变化的贡献", "en": "Share of the change"},
    "explain.col.lacking": {"zh": "距达标差（分）", "en": "Short of the standard (points)"},
    "explain.col.bonus_raw": {"zh": "加分（填报）", "en": "Bonus (as written)"},
    "explain.col.bonus": {"zh": "加分（计入）", "en": "Bonus (counted)"},
    "explain.col.deduction": {"zh": "扣分", "en": "Deduction"},
    "explain.col.floor": {"zh": "0分保底", "en": "Floor at 0"},
    "explain.col.category": {"zh": "类别", "en": "Category"},
    # profile
    "explain.profile.previous": {"zh": "较{period}", "en": "vs {period}"},
    "explain.profile.new_branch": {"zh": "上一期无数据", "en": "no data in the previous period"},
    "explain.profile.no_change": {
        "zh": "{period} 或上一期缺少综合得分，无法分解变化",
        "en": "no composite in {period} or the period before: the change cannot be split",
    },
    "explain.profile.notes": {"zh": "备注", "en": "Notes"},
    "explain.profile.driver": {"zh": "主要因素：{driver}", "en": "Main driver: {driver}"},
    # charts
    "explain.chart.composite_waterfall": {"zh": "综合得分 C 变化分解", "en": "Why C changed"},
    "explain.chart.party_waterfall": {"zh": "党建得分 P 变化分解", "en": "Why P changed"},
    "explain.chart.business_waterfall": {"zh": "业务得分 B 变化分解", "en": "Why B changed"},
    "explain.chart.points": {"zh": "分", "en": "points"},
    "explain.chart.level": {"zh": "{period} {measure}", "en": "{measure} {period}"},
    "explain.chart.up": {"zh": "上升", "en": "up"},
    "explain.chart.down": {"zh": "下降", "en": "down"},
    "explain.chart.total": {"zh": "合计", "en": "total"},
}
