"""Translation section: texts the view modules write (``views.*``): which committees a filtered
view counts (SPEC §3, last paragraph)."""

TEXTS: dict[str, dict[str, str]] = {
    "views.counted.some": {"zh": "仅计入所示党委：{committees}。", "en": "Counting only the committees shown: {committees}."},
    "views.counted.many": {"zh": "仅计入所示 {n} 个党委：{committees} 等。",
                           "en": "Counting only the {n} committees shown: {committees} and others."},
}
