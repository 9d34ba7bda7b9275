"""Located, translated problems: ``file › sheet!cell: what is wrong, what to do``.

A :class:`Problem` carries a message key of the translation table and its parameters, never the
rendered text, so the same problem can be shown in Chinese or English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assess.i18n import t

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One located problem. ``cell`` is an A1 reference ("F12"), a column ("F") or empty."""

    code: str
    file: str = ""
    sheet: str = ""
    cell: str = ""
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    severity: str = ERROR

    @property
    def location(self) -> str:
        """``file › sheet!cell`` with the parts that are known."""
        where = self.sheet
        if self.cell:
            where = f"{where}!{self.cell}" if where else self.cell
        if self.file and where:
            return f"{self.file} › {where}"
        return self.file or where

    def message(self, lang: str = "zh") -> str:
        """What is wrong and what to do, without the location."""
        return t(f"problem.{self.code}", lang, **self.params)

    def render(self, lang: str = "zh") -> str:
        """The full line: location, colon, message."""
        loc = self.location
        return f"{loc}: {self.message(lang)}" if loc else self.message(lang)

    def as_row(self, lang: str = "zh") -> dict[str, str]:
        """A row for the validation-report table (file, sheet, cell, severity, message)."""
        return {
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "severity": self.severity,
            "message": self.message(lang),
        }


def bilingual(problems: list[Problem], sep: str = "\n\n") -> str:
    """Every problem in Chinese, then every problem in English: for a screen shown before the
    user's language is known (the server's start, a page without its store)."""
    return sep.join(p.render(lang) for lang in ("zh", "en") for p in problems)


class ProblemError(Exception):
    """Raised when an operation is refused; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.render("en") for p in problems))
        self.problems = problems
