"""The URL contract (SPEC §6): which query parameters a view understands, their defaults, and
how a raw query string becomes a clean state plus notices for what was ignored.

Pure: no Streamlit. The dashboard hands :func:`clean` the raw parameters (every value as a list,
as ``st.query_params.get_all`` gives them) and the options that exist in the data; it gets back a
:class:`LinkState` and a list of :class:`Notice`\\ s to show. Garbage never raises.

Parameter names are short and stable; they are also the widget keys (``bind="query-params"``):

===========  ===========================================================  ====================
name         meaning                                                      default
===========  ===========================================================  ====================
period       ``YYYYQn`` or ``YYYY`` present in the data                   latest quarter
committee    repeated; committees to show                                 all
method       ``ratio`` | ``tiered`` | ``linear`` (or their labels)       config
lang         ``中文`` | ``English`` (``zh``/``en`` accepted)               中文
version      data version to view ("as of"), 1 … latest                   latest
branch       ``committee/branch`` (:func:`branch_key`) shown by the profile  first branch
branches     repeated ``committee/branch`` for the trends                 none (committees)
slope, pivot, kmin, kmax, vetok, floor   numbers of the method             config
tiers        tiered bands ``90:1.05,80:1,60:0.95``                          config
===========  ===========================================================  ====================
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Mapping, Sequence

from assess.config import METHODS, Method
from assess.i18n import t
from assess.periods import is_period

LANG_LABELS = {"zh": "中文", "en": "English"}
"""Language code → the option shown by the switch (the same in both languages, so the URL is)."""
_LANG_ALIASES = {"zh": "zh", "zh-cn": "zh", "中文": "zh", "en": "en", "english": "en"}

# number parameters: URL name → (Method field, minimum, maximum)
NUMBERS: dict[str, tuple[str, float, float]] = {
    "slope": ("slope", 0.0, 5.0),
    "pivot": ("pivot", 0.0, 150.0),
    "kmin": ("k_min", 0.0, 2.0),
    "kmax": ("k_max", 0.0, 3.0),
    "vetok": ("veto_k", 0.0, 2.0),
    "floor": ("tier_floor", 0.0, 2.0),
}
KNOWN = {"period", "committee", "method", "lang", "version", "branch", "branches", "tiers", *NUMBERS}
IGNORED = {"embed", "embed_options"}  # Streamlit's own parameters: neither used nor reported
BRANCH_SEP = "/"
MAX_BRANCHES = 8  # the trends page compares at most this many branches (its picker's max_selections)
_TIER = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*:\s*(-?\d+(?:\.\d+)?)\s*$")
_MAX_SHOWN = 40  # a notice quotes at most this many characters of a bad value
_PLAIN = re.compile(r"[0-9A-Za-z\u3400-\u9fff -]*")  # nothing markdown acts on
_BLOCK_START = re.compile(r"[ \t]*(?:[\r\n]|$|[#>*+=_`~<|-]|\d{1,9}[.)])")


@dataclass(frozen=True)
class Notice:
    """One ignored parameter: ``code`` is ``invalid`` or ``unknown``."""

    code: str
    name: str
    value: str = ""

    def render(self, lang: str = "zh") -> str:
        return t(f"ui.link.{self.code}", lang, name=self.name, value=self._shown())

    def markdown(self, lang: str = "zh") -> str:
        """:meth:`render` for a markdown element (``st.warning``): the name and value come from
        whoever wrote the link, so anything in them that markdown would act on — a link, an
        image, math, a colour — is shown as code, literally."""
        return t(f"ui.link.{self.code}", lang, name=literal(self.name), value=literal(self._shown()))

    def _shown(self) -> str:
        return self.value if len(self.value) <= _MAX_SHOWN else self.value[:_MAX_SHOWN] + "…"


@dataclass(frozen=True)
class Options:
    """What exists in the data, to validate against."""

    periods: Sequence[str] = ()  # newest first is fine; any order
    committees: Sequence[str] = ()
    branches: Sequence[str] = ()  # branch keys "committee/branch"
    latest_version: int = 0
    default_method: Method = field(default_factory=Method)


@dataclass(frozen=True)
class LinkState:
    """The clean state of a view. ``None``/empty means "the default"."""

    period: str | None = None
    committees: tuple[str, ...] = ()
    method: Method = field(default_factory=Method)
    lang: str = "zh"
    version: int | None = None
    branch: str | None = None
    branches: tuple[str, ...] = ()

    def query(self, default_method: Method | None = None, explicit_period: bool = True,
              method_label: str | None = None) -> list[tuple[str, str]]:
        """The query string of this state as (name, value) pairs, defaults left out.

        ``explicit_period`` keeps the period even when it is the default, so a shared link keeps
        showing the same quarter after newer data arrives. ``method_label`` writes the method as
        the sidebar shows it (the value its URL binding keeps) instead of its code.
        """
        d = default_method or Method()
        out: list[tuple[str, str]] = []
        if self.period and explicit_period:
            out.append(("period", self.period))
        out += [("committee", c) for c in self.committees]
        if self.method.name != d.name:
            out.append(("method", method_label or self.method.name))
        for name, (attr, _lo, _hi) in NUMBERS.items():
            value = getattr(self.method, attr)
            if value != getattr(d, attr):
                out.append((name, format_number(value)))
        if self.method.tiers != d.tiers:
            out.append(("tiers", format_tiers(self.method.tiers)))
        if self.lang != "zh":
            out.append(("lang", LANG_LABELS[self.lang]))
        if self.version:
            out.append(("version", str(self.version)))
        if self.branch:
            out.append(("branch", self.branch))
        out += [("branches", b) for b in self.branches]
        return out


def literal(text: str) -> str:
    """``text`` for markdown, shown as it is: plain words unchanged, anything else as a code span.
    A line break stays unless what follows it could end the span (a blank line, or a line that
    opens a block — heading, quote, list, fence, table, HTML); that one is shown as ↵."""
    if _PLAIN.fullmatch(text):
        return text
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)

    def line_break(m: re.Match) -> str:
        rest = text[m.end():]
        risky = _BLOCK_START.match(rest) if rest else len(fence) >= 3  # the closing fence opens a code block
        return "↵" if risky else m.group(0)

    text = re.sub(r"\r\n?|\n", line_break, text)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


_KEY_ESCAPES = {"%": "%25", BRANCH_SEP: "%2F"}
_KEY_UNESCAPE = re.compile(r"%(25|2F)")


def branch_key(committee: str, branch: str) -> str:
    """The URL value naming a branch: ``committee/branch``, with ``%`` and ``/`` in the
    committee's name written ``%25`` and ``%2F`` — so the first ``/`` always ends the committee,
    whatever either name holds, and a name without them reads as it is."""
    escaped = "".join(_KEY_ESCAPES.get(ch, ch) for ch in str(committee))
    return f"{escaped}{BRANCH_SEP}{branch}"


def split_branch_key(key: str) -> tuple[str, str]:
    """(committee, branch) of a :func:`branch_key`."""
    committee, _, branch = str(key).partition(BRANCH_SEP)
    return _KEY_UNESCAPE.sub(lambda m: "%" if m.group(1) == "25" else BRANCH_SEP, committee), branch


def resolve_branch_key(value: str, known: Iterable[str]) -> str | None:
    """The key of ``known`` that ``value`` names: itself, or — a link written before committee
    names were escaped (``A/B/branch`` for committee ``A/B``) — the one known key that some
    split of ``value`` at a ``/`` gives. None when it names none, or more than one."""
    keys = known if isinstance(known, (set, frozenset, dict)) else set(known)
    if value in keys:
        return value
    matches = {branch_key(value[:i], value[i + 1:]) for i, ch in enumerate(value) if ch == BRANCH_SEP}
    found = [k for k in matches if k in keys]
    return found[0] if len(found) == 1 else None


def format_number(value: float) -> str:
    return f"{value:g}"


def format_tiers(tiers: Iterable[tuple[float, float]]) -> str:
    return ",".join(f"{format_number(p)}:{format_number(k)}" for p, k in tiers)


def parse_tiers(text: str) -> tuple[tuple[float, float], ...] | None:
    """``"90:1.05,80:1,60:0.95"`` → bands sorted by threshold descending; None when invalid."""
    parts = [p for p in (text or "").replace("，", ",").split(",") if p.strip()]
    if not parts or len(parts) > 10:
        return None
    bands = []
    for part in parts:
        m = _TIER.match(part)
        if not m:
            return None
        p, k = float(m.group(1)), float(m.group(2))
        if not (0 <= p <= 150 and 0 <= k <= 3):
            return None
        bands.append((p, k))
    if len({p for p, _ in bands}) != len(bands):
        return None
    return tuple(sorted(bands, reverse=True))


def parse_number(text: str, lo: float, hi: float) -> float | None:
    try:
        value = float(str(text).strip())
    except ValueError:
        return None
    if not math.isfinite(value) or not lo <= value <= hi:
        return None
    return value


def parse_method(text: str) -> str | None:
    """A method code from its code or its label in either language (the sidebar shows labels)."""
    value = str(text).strip()
    if value.lower() in METHODS:
        return value.lower()
    for code in METHODS:
        if value in (t(f"ui.method.{code}", "zh"), t(f"ui.method.{code}", "en")):
            return code
    return None


def parse_lang(text: str) -> str | None:
    return _LANG_ALIASES.get(str(text).strip().lower())


def _single(raw: Mapping[str, Sequence[str]], name: str, notices: list[Notice]) -> str | None:
    """The one value of a single-valued parameter (the first; empty means the default); extra
    values are reported."""
    values = [str(v) for v in raw.get(name, ())]
    if not values:
        return None
    for extra in values[1:]:
        if extra != "":
            notices.append(Notice("invalid", name, extra))
    return values[0] or None


def _many(raw: Mapping[str, Sequence[str]], name: str, valid: Sequence[str], notices: list[Notice],
          resolve=None) -> tuple[str, ...]:
    known = set(valid)
    out: list[str] = []
    for value in raw.get(name, ()):
        value = str(value)
        if value == "":
            continue
        if resolve is not None:
            value = resolve(value, known) or value
        if value in known:
            if value not in out:
                out.append(value)
        else:
            notices.append(Notice("invalid", name, value))
    return tuple(out)


def clean(raw: Mapping[str, Sequence[str] | str], options: Options) -> tuple[LinkState, list[Notice]]:
    """The state a query string asks for, and a notice for each parameter that was ignored."""
    raw = {str(k): ([v] if isinstance(v, str) else list(v)) for k, v in (raw or {}).items()}
    notices: list[Notice] = []
    for name in sorted(set(raw) - KNOWN - IGNORED):
        notices.append(Notice("unknown", name, ",".join(map(str, raw[name]))))

    lang = "zh"
    if (value := _single(raw, "lang", notices)) is not None:
        lang = parse_lang(value) or lang
        if parse_lang(value) is None:
            notices.append(Notice("invalid", "lang", value))

    version = None
    if (value := _single(raw, "version", notices)) is not None:
        number = parse_number(value, 1, max(options.latest_version, 0))
        if number is not None and number == int(number) and options.latest_version:
            version = int(number) if int(number) != options.latest_version else None
        else:
            notices.append(Notice("invalid", "version", value))

    period = None
    if (value := _single(raw, "period", notices)) is not None:
        if is_period(value) and value in set(options.periods):
            period = value
        else:
            notices.append(Notice("invalid", "period", value))

    committees = _many(raw, "committee", options.committees, notices)
    branches = _many(raw, "branches", options.branches, notices, resolve=resolve_branch_key)
    # the trends page offers the chosen committees' branches only, at most MAX_BRANCHES of them
    offered = [b for b in branches if not committees or split_branch_key(b)[0] in committees]
    for extra in [b for b in branches if b not in offered] + offered[MAX_BRANCHES:]:
        notices.append(Notice("invalid", "branches", extra))
    branches = tuple(offered[:MAX_BRANCHES])
    branch = None
    if (value := _single(raw, "branch", notices)) is not None:
        if (key := resolve_branch_key(value, options.branches)) is not None:
            branch = key
        else:
            notices.append(Notice("invalid", "branch", value))

    method = options.default_method
    if (value := _single(raw, "method", notices)) is not None:
        if (code := parse_method(value)) is not None:
            method = replace(method, name=code)
        else:
            notices.append(Notice("invalid", "method", value))
    overrides: dict[str, Any] = {}
    for name, (attr, lo, hi) in NUMBERS.items():
        if (value := _single(raw, name, notices)) is not None:
            number = parse_number(value, lo, hi)
            if number is None:
                notices.append(Notice("invalid", name, value))
            else:
                overrides[attr] = number
    if (value := _single(raw, "tiers", notices)) is not None:
        tiers = parse_tiers(value)
        if tiers is None:
            notices.append(Notice("invalid", "tiers", value))
        else:
            overrides["tiers"] = tiers
    method = replace(method, **overrides)
    if method.k_min > method.k_max:  # an impossible pair: keep the defaults for both
        notices.append(Notice("invalid", "kmin", format_number(method.k_min)))
        method = replace(method, k_min=options.default_method.k_min, k_max=options.default_method.k_max)

    state = LinkState(period=period, committees=committees, method=method, lang=lang,
                      version=version, branch=branch, branches=branches)
    return state, notices


# ---------------------------------------------------------------- view choices and the address bar
# (issue 13) Every choice that changes what a view shows is in the link (SPEC §6): the indicators
# page's 党建/业务 switch and the ranking's sort order. And the address bar reproduces the view as
# the copy-link does, keeping the spelling a link was written in (short codes: method=linear,
# lang=en) — see address_query.
#
# ===========  =============================================================  ==================
# name         meaning                                                        default
# ===========  =============================================================  ==================
# category     indicators page: ``party`` | ``business`` (or 党建 / 业务 …)   party
# sort         ranking: rank | delta_rank | party_score | business_score |    rank
#              composite | committee
# order        ranking: ``asc`` | ``desc``                                    the column's own
#                                                                             (scores, Δrank desc;
#                                                                             rank, committee asc)
# ===========  =============================================================  ==================

INDICATOR_CATEGORIES = ("party", "business")
DEFAULT_CATEGORY = "party"
RANKING_SORTS = ("rank", "delta_rank", "party_score", "business_score", "composite", "committee")
"""The ranking's sort options, in the picker's order (pages/ranking.py should take them from here)."""
RANKING_DESCENDING = frozenset({"delta_rank", "party_score", "business_score", "composite"})
"""Sort columns whose natural order is descending (highest first)."""
DEFAULT_SORT = "rank"
ORDERS = ("asc", "desc")
VIEW_KNOWN = frozenset({"category", "sort", "order"})
"""The view choices' names: clean_all reads them (clean alone reports them as unknown)."""


def parse_category(text: str) -> str | None:
    """``party`` / ``business`` from a code or the switch's label in either language
    (党建, 业务, Party building, Business), else None."""
    value = str(text).strip()
    if value.lower() in INDICATOR_CATEGORIES:
        return value.lower()
    for code in INDICATOR_CATEGORIES:
        if value in (t(f"ui.category.{code}", "zh"), t(f"ui.category.{code}", "en")):
            return code
    return None


def parse_sort(text: str) -> str | None:
    """A sort column from its code or its label in either language, else None."""
    value = str(text).strip()
    if value.lower() in RANKING_SORTS:
        return value.lower()
    for code in RANKING_SORTS:
        if value in (t(f"ui.col.{code}", "zh"), t(f"ui.col.{code}", "en")):
            return code
    return None


def parse_order(text: str) -> str | None:
    value = str(text).strip().lower()
    return value if value in ORDERS else None


def natural_order(sort: str) -> str:
    """The direction a column sorts in unless the link says otherwise."""
    return "desc" if sort in RANKING_DESCENDING else "asc"


@dataclass(frozen=True)
class ViewChoices:
    """The per-page choices of a link: the indicators page's category, the ranking's sort column
    and direction (``order`` None: the column's natural direction)."""

    category: str = DEFAULT_CATEGORY
    sort: str = DEFAULT_SORT
    order: str | None = None

    @property
    def descending(self) -> bool:
        """Whether the ranking is sorted highest first."""
        return (self.order or natural_order(self.sort)) == "desc"

    def query(self) -> list[tuple[str, str]]:
        """These choices as (name, value) pairs, defaults left out (an order equal to the
        column's natural one is a default too)."""
        out: list[tuple[str, str]] = []
        if self.category != DEFAULT_CATEGORY:
            out.append(("category", self.category))
        if self.sort != DEFAULT_SORT:
            out.append(("sort", self.sort))
        if self.order and self.order != natural_order(self.sort):
            out.append(("order", self.order))
        return out


def clean_view(raw: Mapping[str, Sequence[str] | str]) -> tuple[ViewChoices, list[Notice]]:
    """The view choices a query string asks for, and a notice for each invalid one (the default
    is used instead). Unknown parameters are :func:`clean`'s to report."""
    raw = {str(k): ([v] if isinstance(v, str) else list(v)) for k, v in (raw or {}).items()}
    notices: list[Notice] = []
    found: dict[str, str | None] = {}
    for name, parse in (("category", parse_category), ("sort", parse_sort), ("order", parse_order)):
        value = _single(raw, name, notices)
        if value is None:
            continue
        found[name] = parse(value)
        if found[name] is None:
            notices.append(Notice("invalid", name, value))
    choices = ViewChoices(category=found.get("category") or DEFAULT_CATEGORY,
                          sort=found.get("sort") or DEFAULT_SORT, order=found.get("order"))
    return choices, notices


def clean_all(raw: Mapping[str, Sequence[str] | str], options: Options
              ) -> tuple[LinkState, ViewChoices, list[Notice]]:
    """:func:`clean` and :func:`clean_view` at once: the state, the view choices, and every
    notice (the view choices' names are known here, not reported as unknown)."""
    raw = {str(k): v for k, v in (raw or {}).items()}
    state, notices = clean({k: v for k, v in raw.items() if k not in VIEW_KNOWN}, options)
    choices, more = clean_view(raw)
    return state, choices, notices + more


def _same_value(name: str, written: str, canonical: str) -> bool:
    """Whether ``written`` (from the link) means what ``canonical`` (from the state) means."""
    parsers = {"method": parse_method, "lang": parse_lang, "tiers": parse_tiers,
               "category": parse_category, "sort": parse_sort, "order": parse_order}
    if name in NUMBERS:
        lo, hi = NUMBERS[name][1:]
        return parse_number(written, lo, hi) is not None and \
            parse_number(written, lo, hi) == parse_number(canonical, lo, hi)
    parse = parsers.get(name)
    if parse is None:
        return written == canonical
    return parse(written) is not None and parse(written) == parse(canonical)


def address_query(state: LinkState, raw: Mapping[str, Sequence[str] | str] | None = None,
                  choices: ViewChoices | None = None, *, default_method: Method | None = None,
                  explicit_period: bool = True, method_label: str | None = None
                  ) -> list[tuple[str, str]]:
    """The query string a page writes back to the address bar: the copy-link's
    (:meth:`LinkState.query` plus the view's :meth:`ViewChoices.query`), each single value
    spelled as the link that opened the page spelled it when it means the same (``method=linear``
    stays ``linear``, ``lang=en`` stays ``en``, ``slope=2.0`` stays ``2.0``); a value the state
    changed, or dropped as invalid, is written the canonical way. Pairs, in a stable order, for
    ``st.query_params.from_dict`` (lists for repeated names)."""
    raw = {str(k): ([v] if isinstance(v, str) else list(v)) for k, v in (raw or {}).items()}
    pairs = state.query(default_method, explicit_period=explicit_period, method_label=method_label)
    pairs += (choices or ViewChoices()).query()
    counts: dict[str, int] = {}
    for name, _ in pairs:
        counts[name] = counts.get(name, 0) + 1
    out: list[tuple[str, str]] = []
    for name, value in pairs:
        written = [str(v) for v in raw.get(name, ())]
        if counts[name] == 1 and len(written) == 1 and written[0] != value \
                and _same_value(name, written[0], value):
            value = written[0]
        out.append((name, value))
    return out


def as_query_dict(pairs: Sequence[tuple[str, str]]) -> dict[str, str | list[str]]:
    """(name, value) pairs as the mapping ``st.query_params.from_dict`` takes: a repeated name
    (committee, branches) as a list, in order."""
    out: dict[str, str | list[str]] = {}
    for name, value in pairs:
        if name in out:
            prior = out[name]
            out[name] = [*prior, value] if isinstance(prior, list) else [prior, value]
        else:
            out[name] = value
    return out


# ---------------------------------------------------------------- which version a session shows
# (issue 13) A pinned link stays pinned; a session following "latest" moves to a new version on
# its next run, with a short notice; after its own commit or rollback a session follows the
# latest again, unpinned (the address bar loses ``version``).

@dataclass(frozen=True)
class VersionView:
    """The version a session shows. ``pinned``: the link names an earlier version (kept
    whatever is uploaded since). ``moved_from``: the version this session showed on its last run
    when it followed the latest and a newer one has arrived since (say so once)."""

    version: int
    pinned: bool = False
    moved_from: int | None = None

    def notice(self, lang: str = "zh") -> str | None:
        """The short notice of a move to a newer version, or None."""
        if self.moved_from is None:
            return None
        return t("trust.version.moved", lang, old=self.moved_from, new=self.version)


def follow_version(pinned: int | None, seen: int | None, latest: int) -> VersionView:
    """The version to show: ``pinned`` (``LinkState.version``, None when the link follows the
    latest) stays; otherwise ``latest``, noting the move when the session last showed ``seen``,
    an older version (a page keeps ``seen`` in its session state and sets it to the returned
    version after each run)."""
    if pinned is not None and pinned < latest:
        return VersionView(pinned, pinned=True)
    moved = seen if seen is not None and 0 < seen < latest else None
    return VersionView(latest, moved_from=moved)


def unpinned(pairs: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The query without its ``version``: what the address bar (and the copy-link) becomes after
    the session's own commit or rollback, so that it follows the latest again."""
    return [(name, value) for name, value in pairs if name != "version"]
