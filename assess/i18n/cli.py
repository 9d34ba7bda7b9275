"""Translation section: cli texts. Keys map to {"zh": ..., "en": ...}."""

TEXTS: dict[str, dict[str, str]] = {
}
