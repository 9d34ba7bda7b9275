"""Translation section: problems texts. Keys map to {"zh": ..., "en": ...}."""

TEXTS: dict[str, dict[str, str]] = {
}
