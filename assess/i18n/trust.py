"""Translation section: inherited dimensions, layouts skipped or ignored on import, the version
picker and the preview's order, and how the server listens (issue 13)."""

TEXTS: dict[str, dict[str, str]] = {
    "problem.dimension_moved": {
        "zh": "指标“{indicator}”在 {quarter} 归入维度“{new}”，上一季度为“{old}”；各维度达标率将按新维度计算，如非有意请核对分组行或指标说明",
        "en": "indicator “{indicator}” is in dimension “{new}” for {quarter}, “{old}” the quarter before; "
              "dimension rates will follow the new one — check the group row or 指标说明 if this is not intended",
    },
}
