"""The one translation table: every user-facing text, zh-CN (default) and English.

The table is assembled from sections (``problems``, ``store``, ``ui``, ``cli``, ``access``,
``config``) so that each area keeps its
texts together; a key may exist in one section only, and every key has both languages (a test
enforces it).
"""

from __future__ import annotations

from typing import Any

from assess.i18n import access as _access
from assess.i18n import cli as _cli
from assess.i18n import config as _config
from assess.i18n import explain as _explain
from assess.i18n import explain_ui as _explain_ui
from assess.i18n import phone as _phone
from assess.i18n import problems as _problems
from assess.i18n import ranking as _ranking
from assess.i18n import rules as _rules
from assess.i18n import security as _security
from assess.i18n import report as _report
from assess.i18n import store as _store
from assess.i18n import trust as _trust
from assess.i18n import uidata as _uidata
from assess.i18n import ui as _ui
from assess.i18n import views as _views

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"


def _merge(*sections: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for section in sections:
        for key, texts in section.items():
            if key in table:
                raise KeyError(f"translation key defined twice: {key}")
            table[key] = texts
    return table


TEXTS: dict[str, dict[str, str]] = _merge(_problems.TEXTS, _store.TEXTS, _ui.TEXTS, _cli.TEXTS, _access.TEXTS, _config.TEXTS,
                                             _rules.TEXTS, _explain.TEXTS, _trust.TEXTS, _security.TEXTS,
                                             _views.TEXTS, _report.TEXTS, _explain_ui.TEXTS,
                                             _ranking.TEXTS, _uidata.TEXTS, _phone.TEXTS)


def t(key: str, lang: str = DEFAULT_LANG, **params: Any) -> str:
    """The text for ``key`` in ``lang``, formatted with ``params``.

    An unknown key is a bug and raises ``KeyError``; an unknown language falls back to Chinese.
    """
    texts = TEXTS[key]
    text = texts.get(lang) or texts[DEFAULT_LANG]
    return text.format(**params) if params else text
