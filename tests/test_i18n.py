"""The one translation table, dashboard section (SPEC §1: every label from one table): every
``ui.*`` key has non-empty Chinese and English with the same placeholders, and every key the
code asks for exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from assess.config import ROOT
from assess.i18n import TEXTS, t
from assess.i18n import ui as ui_section
from assess.scoring.model import QUADRANTS
from assess.config import METHODS, Scoring

SOURCES = [ROOT / "dashboard.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "assess").rglob("*.py"))]
LITERAL = re.compile(r"""["'](ui\.[A-Za-z0-9_.\u4e00-\u9fff]+)["']""")
DYNAMIC = re.compile(r"""f["'](ui\.[A-Za-z0-9_.\u4e00-\u9fff]*)\{""")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(ui_section.TEXTS))
def test_every_ui_key_has_both_languages(key):
    texts = ui_section.TEXTS[key]
    assert key.startswith("ui.")
    assert set(texts) == {"zh", "en"}
    assert texts["zh"].strip() and texts["en"].strip()
    assert placeholders(texts["zh"]) == placeholders(texts["en"]), key


def used_keys() -> tuple[set[str], set[str]]:
    literal, prefixes = set(), set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        literal |= {k for k in LITERAL.findall(text) if not k.endswith(".")}
        prefixes |= set(DYNAMIC.findall(text))
    return literal, prefixes


def test_every_literal_key_used_in_code_exists():
    literal, _ = used_keys()
    assert literal, "the scan found the keys"
    missing = sorted(k for k in literal if k not in TEXTS)
    assert not missing, missing


def test_every_dynamic_key_prefix_has_keys():
    _, prefixes = used_keys()
    empty = sorted(p for p in prefixes if not any(k.startswith(p) for k in TEXTS))
    assert not empty, empty


@pytest.mark.parametrize("family, values", [
    ("ui.grade.", [label for _, label in Scoring().grade_bands] + [Scoring().grade_floor, "待补充"]),
    ("ui.quadrant.", list(QUADRANTS)),
    ("ui.method.", list(METHODS)),
    ("ui.category.", ["party", "business"]),
    ("ui.status.", ["new_branch", "new", "changed", "unchanged"]),
    ("ui.page.", ["overview", "ranking", "integration", "trends", "profile", "indicators", "method", "data"]),
    ("ui.intro.", ["overview", "ranking", "integration", "trends", "profile", "indicators", "method", "data"]),
])
def test_domain_values_translate(family, values):
    for value in values:
        assert family + value in TEXTS, family + value


def test_display_columns_translate():
    from assess.views import data, display, profile, ranking, trends

    columns = set(ranking.RANKING_COLUMNS) | set(profile.HISTORY_COLUMNS) | set(data.PROBLEM_COLUMNS) \
        | set(data.VERSION_COLUMNS) | set(trends.TREND_MEASURES) | set(display.FORMATS)
    missing = sorted(c for c in columns if f"ui.col.{c}" not in TEXTS)
    assert not missing, missing


def test_notice_text_is_the_documented_one():
    assert t("ui.link.invalid", "zh", name="period", value="2099Q9") == "忽略了无效参数 period=2099Q9，已使用默认值"
