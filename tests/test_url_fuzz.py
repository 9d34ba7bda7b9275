"""URL fuzzing (SPEC §6) against every view, with AppTest: hostile query strings never crash a
page, every ignored parameter is named in a visible notice, and no SQL reaches DuckDB unbound.

- The strategy (:func:`hostile_queries`) mixes the known parameter names with garbage values
  (wrong types, out-of-range and non-finite numbers, huge strings, unicode and RTL overrides, NUL
  and control characters, SQL injection, ``$parameter`` look-alikes, script/HTML, percent-encoding
  leftovers, repeated keys with conflicting values, empty values), unknown names, and valid values
  (symbolic :class:`Pick`\\ s, resolved against the data of the module's database).
- :func:`expected_notices` is the oracle: from the contract of :mod:`assess.links` (its docstring
  table), which parameter names a notice must mention — and :func:`assert_honoured` checks the
  converse: a valid value no notice mentions is what its bound widget shows. Values whose validity
  the contract leaves open (aliases such as ``version=1.0`` or ``lang= en``) are dropped before a run.
- The one door is instrumented below :class:`assess.db.Database`: every cursor it hands out is a
  recording proxy, so every statement DuckDB executes is checked — its text is exactly a file of
  ``queries/`` (or the schema, or a fixed statement of ``assess/db.py``), every ``$parameter`` is
  bound, and no fuzzed string ever appears in SQL text, only among the bound values.

``URL_FUZZ_EXAMPLES=200 URL_FUZZ_RANDOM=1 pytest tests/test_url_fuzz.py`` fuzzes harder.
"""

from __future__ import annotations

import ast
import math
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from assess import links, scoring
from assess.views.common import branch_keys
from assess.config import METHODS, ROOT, load_config
from assess.db import SCHEMA, Database, macros_sql
from assess.i18n import t
from tests.conftest import ingest_files
from tests.test_pages import PAGES, assert_ok

EXAMPLES = int(os.environ.get("URL_FUZZ_EXAMPLES", "15"))
MULTI = ("committee", "branches")  # repeated by design; every other parameter is single-valued
KNOWN = links.KNOWN | links.VIEW_KNOWN  # the view choices (category, sort, order) too: links.clean_all
# make_app's own keyword arguments: ``lang`` goes through its ``url_lang``; the others cannot be
# passed as query names (links.clean treats every unknown name alike, so others stand for them).
RESERVED = {"db", "page", "lang", "url_lang"}


# ---------------------------------------------------------------- hostile values

INJECTION = ["' OR 1=1 --", "2025Q3'; DROP TABLE entries; --", "$as_of", "$period", "$committees", "?", "?1",
             "1; SELECT * FROM meta", "x' UNION SELECT NULL, NULL --", "'||(SELECT version())||'", "\") OR (\"1\"=\"1",
             "/*", "*/", "--", ";", "'", "''", "\\'", "ATTACH '/tmp/x.duckdb' AS x", "COPY entries TO '/tmp/x.csv'"]
NUMBERISH = ["NaN", "nan", "-nan", "inf", "-inf", "Infinity", "1e308", "1e309", "-1e308", "-0", "-0.0", "0", "-1",
             "1e-320", "4.9e-324", "0x10", "1,5", "1.5.5", "9" * 400, "+", "-", ".", "e5", "1_0", "١", "𝟙", "１",
             "2.5", "3", "150.0001", "-0.0001", "True", "None", "null", "[]", "{}", "1 2"]
UNICODE = ["\u202eeliforp", "\u202a\u202b\u202c\u202d", "\ufeff", "\u200b", "😀", "党委", "机关党委" * 50, "Ω≈ç√",
           "ﷺ", "\U0010ffff", "e\u0301", "ＲＡＴＩＯ", "İ", "ß"]
CONTROL = ["\x00", "a\x00b", "\x01\x02\x1f\x7f", "\r\n", "\t", "\x1b[31mred", "\u0085", "\u2028", " ", "   "]
MARKUP = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
          "**bold** [x](javascript:alert(1))", "{{7*7}}", "${7*7}", "{name}", "{0}", "%s", ":material/home:",
          "`code`", "$$x$$", "\\", "</div><div>"]
PERCENT = ["%", "%%", "%00", "%2525", "%E4%B8%AD", "%zz", "%2", "a%20b", "+", "&", "=", "#frag", "?x=1",
           "%0d%0aSet-Cookie: x", "period%3D2025Q3"]
LOOKALIKE = ["2099Q9", "2025Q5", "2025Q0", "2025q3", "2025Q3 ", " 2025Q3", "２０２５Q3", "2025-Q3", "25Q3", "2025Q3,2025Q2",
             "99999", "0000", "-2025", "/", "//", "机关党委/", "/一支部", "a/b/c", "ratio ", "Ratio", "RATIO", "English ",
             "zh-CN", "zh_cn", "fr", "klingon", "90:1.05,,80:1", "90:1.05,90:1", "::,", "1000:1", "90:-1", "a:b"]
HUGE = ["x" * 10_000, "机" * 3_000, "'" * 2_000, "%" * 3_000, "&=" * 1_000]
GARBAGE = st.one_of(
    st.sampled_from(INJECTION + NUMBERISH + UNICODE + CONTROL + MARKUP + PERCENT + LOOKALIKE + HUGE),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=30),  # no lone surrogates: not UTF-8
    st.integers(-10**20, 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
UNKNOWN_NAMES = st.one_of(
    st.sampled_from(["Period", "PERIOD", " period", "period ", "committee[]", "committees", "Committee", "lang\x00",
                     "\u202eperiod", "q", "utm_source", "sort", "tab", "as_of", "$as_of", "version;", "' OR 1=1 --",
                     "<b>x</b>", "中文参数", "%70eriod", "x" * 300, "", "embed_", "k_min", "veto_k", "tier"]),
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12),
).filter(lambda n: n not in KNOWN | links.IGNORED | RESERVED)


@dataclass(frozen=True)
class Pick:
    """A valid value, chosen symbolically: the ``n``-th option of its parameter in the data."""

    n: int


def _number(name: str) -> st.SearchStrategy[str]:
    _attr, lo, hi = links.NUMBERS[name]
    return st.floats(lo, hi).map(links.format_number).filter(lambda s: re.fullmatch(r"-?\d+(\.\d+)?", s) is not None)


TIERS = st.lists(st.tuples(st.integers(0, 150), st.sampled_from(["0.8", "0.95", "1", "1.05", "1.2"])),
                 min_size=1, max_size=4, unique_by=lambda b: b[0]).map(lambda bs: ",".join(f"{p}:{k}" for p, k in bs))


def valid_value(name: str) -> st.SearchStrategy[str | Pick]:
    if name in links.NUMBERS:
        return _number(name)
    if name == "tiers":
        return TIERS
    if name == "method":
        return st.sampled_from([*METHODS, *(t(f"ui.method.{m}", lang) for m in METHODS for lang in ("zh", "en"))])
    if name == "lang":
        return st.sampled_from(["zh", "en", "中文", "English"])
    if name in VIEW_CODES:
        return st.sampled_from(VIEW_CODES[name] + tuple(VIEW_LABELS.get(name, ())))
    return st.integers(0, 10**6).map(Pick)  # period, committee, branch, branches, version: from the data


def values(name: str) -> st.SearchStrategy[list[str | Pick]]:
    value = st.one_of(valid_value(name), valid_value(name), GARBAGE, st.just(""))
    return st.lists(value, min_size=1, max_size=10 if name in MULTI else 3)


@st.composite
def hostile_queries(draw) -> dict[str, list[str | Pick]]:
    """A query string: known names (valid or garbage values, repeated), unknown names."""
    known = draw(st.lists(st.sampled_from(sorted(KNOWN)), max_size=6, unique=True))
    query = {name: draw(values(name)) for name in known}
    for name in draw(st.lists(UNKNOWN_NAMES, max_size=2, unique=True)):
        query[name] = draw(st.lists(GARBAGE | st.just(""), min_size=1, max_size=2))
    return query


# ---------------------------------------------------------------- the data and the oracle

class Facts:
    """What exists in the module's database: valid in every version (``common``) or in some."""

    def __init__(self, latest: int, common: dict[str, tuple[str, ...]], anywhere: dict[str, frozenset[str]]):
        self.latest = latest
        self.common = common  # period / committee / branch → options valid in every version
        self.anywhere = anywhere

    def __repr__(self) -> str:  # short, for hypothesis' falsifying examples
        return f"Facts(latest={self.latest}, {', '.join(f'{k}: {len(v)}' for k, v in self.common.items())})"

    def resolve(self, name: str, value: str | Pick) -> str:
        if not isinstance(value, Pick):
            return value
        if name == "version":
            return str(1 + value.n % self.latest)
        options = self.common["branch" if name == "branches" else name]
        return options[value.n % len(options)]


@pytest.fixture(scope="module")
def fuzz_db(tmp_path_factory, sample_files) -> Path:
    """The sample data as two versions (so ``version`` is a live parameter), built once."""
    path = tmp_path_factory.mktemp("fuzz_db") / "fuzz.duckdb"
    files = sorted(sample_files)
    ingest_files(path, files[: len(files) // 2])
    ingest_files(path, files[len(files) // 2:])
    return path


@pytest.fixture(scope="module")
def facts(fuzz_db) -> Facts:
    per_version = []
    with Database(fuzz_db) as db:
        latest = scoring.latest_version(db)
        for version in range(1, latest + 1):
            catalog = db.query("view_branches", as_of=version)
            per_version.append({"period": set(scoring.periods(db, as_of=version)["period"]),
                                "committee": set(catalog["committee"]), "branch": set(branch_keys(catalog))})
    assert latest == 2
    common = {k: tuple(sorted(set.intersection(*(v[k] for v in per_version)))) for k in per_version[0]}
    anywhere = {k: frozenset(set.union(*(v[k] for v in per_version))) for k in per_version[0]}
    assert all(common.values()), common
    return Facts(latest, common, anywhere)


EMPTY = Facts(0, {k: () for k in ("period", "committee", "branch")}, {k: frozenset() for k in ("period", "committee", "branch")})
"""What an empty database offers."""


VIEW_CODES = {"category": links.INDICATOR_CATEGORIES, "sort": links.RANKING_SORTS, "order": links.ORDERS}
VIEW_LABELS = {"category": tuple(t(f"ui.category.{c}", lang) for c in links.INDICATOR_CATEGORIES for lang in ("zh", "en")),
               "sort": tuple(t(f"ui.col.{c}", lang) for c in links.RANKING_SORTS for lang in ("zh", "en"))}


def validity(name: str, value: str, facts: Facts) -> bool | None:
    """Whether the contract calls ``value`` valid for ``name``; None where it leaves that open
    (aliases and spellings the implementation may or may not accept). ``""`` means absent."""
    if value == "":
        return True
    if name in ("period", "committee", "branch", "branches"):
        key = "branch" if name == "branches" else name
        return True if value in facts.common[key] else (None if value in facts.anywhere[key] else False)
    if name == "method":
        labels = {t(f"ui.method.{m}", lang) for m in METHODS for lang in ("zh", "en")}
        if value in METHODS or value in labels:
            return True
        return None if value.strip().lower() in METHODS or value.strip() in labels else False
    if name == "lang":
        if value in ("zh", "en", "中文", "English"):
            return True
        return None if value.strip().lower() in ("zh", "zh-cn", "中文", "en", "english") else False
    if name == "version" or name in links.NUMBERS:
        lo, hi = (1, facts.latest) if name == "version" else links.NUMBERS[name][1:]
        pattern = r"\d+" if name == "version" else r"-?\d+(\.\d+)?"
        try:
            number = float(value)
        except ValueError:
            return False
        if not math.isfinite(number) or not lo <= number <= hi or (name == "version" and number != int(number)):
            return False
        return True if re.fullmatch(pattern, value) else None  # "1.0", " 2", "1e0", "١": aliases
    if name == "tiers":
        return links.parse_tiers(value) is not None
    if name in VIEW_CODES:  # category, sort: a code or the widget's label in either language; order: asc/desc
        if value in VIEW_CODES[name] or value in VIEW_LABELS.get(name, ()):
            return True
        near = value.strip().lower() in VIEW_CODES[name] or value.strip() in VIEW_LABELS.get(name, ())
        return None if near else False
    return False  # an unknown name


def resolve(query: dict[str, list[str | Pick]], facts: Facts, valid_in: Facts) -> dict[str, list[str]]:
    """Picks made concrete from ``facts``; values whose validity in ``valid_in`` is left open
    are dropped (a name left without values goes)."""
    out = {}
    for name, vs in query.items():
        concrete = [facts.resolve(name, v) for v in vs]
        kept = [v for v in concrete if name not in KNOWN or validity(name, v, valid_in) is not None]
        if kept:
            out[name] = kept
    return out


def used(values: list[str], name: str = "") -> str:
    """Of a repeated single-valued parameter, the value its bound widget reads ("" is the
    default): the first for the language switch (a segmented control), else the last. Every
    other value is ignored, so reported."""
    return "" if not values else values[0] if name == "lang" else values[-1]


def others(values: list[str], name: str = "") -> list[str]:
    """The values a repeated single-valued parameter ignores."""
    return values[1:] if name == "lang" else values[:-1]


def expected_notices(query: dict[str, list[str]], facts: Facts) -> set[str]:
    """The parameter names a visible notice must mention."""
    names = {n for n in query if n not in KNOWN}  # unknown: always reported
    for name, vs in query.items():
        if name in MULTI:
            if any(validity(name, v, facts) is False for v in vs):
                names.add(name)
        elif name in KNOWN:
            if any(v != "" for v in others(vs, name)) or validity(name, used(vs, name), facts) is False:
                names.add(name)
    committees = {v for v in query.get("committee", ()) if v and validity("committee", v, facts)}
    branches = list(dict.fromkeys(v for v in query.get("branches", ()) if v and validity("branches", v, facts)))
    if len(branches) > links.MAX_BRANCHES or (committees and any(b.split("/")[0] not in committees for b in branches)):
        names.add("branches")  # more than the trends page compares, or outside the chosen committees
    default = load_config().method
    k_min, k_max = default.k_min, default.k_max
    for name, attr in (("kmin", "k_min"), ("kmax", "k_max")):
        value = used(query.get(name, []))
        if value and validity(name, value, facts):
            k_min, k_max = (float(value), k_max) if attr == "k_min" else (k_min, float(value))
    if k_min > k_max:  # an impossible pair: reported on kmin
        names.add("kmin")
    return names


def link_notices(at) -> str:
    """The text of the visible link notices (other warnings, e.g. the 优秀 quota, left out)."""
    marks = [t(f"ui.link.{code}", lang, name="\x00", value="\x00").split("\x00")[0] for code in ("invalid", "unknown")
             for lang in ("zh", "en")]
    return "\n".join(w.value for w in at.warning if any(m in w.value for m in marks))


def as_shown(name: str) -> str:
    """A parameter name as a notice shows it (markdown-safe when links offers that)."""
    return getattr(links, "literal", lambda text: text)(name)


def _widgets(at, kind: str) -> dict[str, Any]:
    return {w.key: w for w in getattr(at, kind) if w.key}


def assert_honoured(at, raw: dict[str, list[str]], reported: set[str], lang: str) -> None:
    """What a notice does not mention is not ignored either: each valid value the link gives
    once is what the widget bound to it shows (no silent drop by a widget)."""
    given_ = {n: [v for v in vs if v != ""] for n, vs in raw.items() if n in KNOWN}
    once = {n: used(raw[n], n) for n in given_ if n not in reported and n not in MULTI and used(raw[n], n)}
    selects, numbers = _widgets(at, "selectbox"), _widgets(at, "number_input")
    for name in ("period", "version", "branch"):
        if name in once and name in selects:
            assert selects[name].value == once[name], (name, once[name], selects[name].value)
    if "method" in once:
        code = links.parse_method(once["method"])
        assert selects["method"].value == t(f"ui.method.{code}", lang)
    for name in links.NUMBERS:
        if name in once and name in numbers and not {"kmin", "kmax"} & reported:
            assert numbers[name].value == pytest.approx(float(once[name])), (name, once[name])
    if "category" in once and "category" in _widgets(at, "segmented_control"):  # the indicators' switch
        assert _widgets(at, "segmented_control")["category"].value == links.parse_category(once["category"])
    if "tiers" in once and "tiers" in _widgets(at, "text_input"):
        assert _widgets(at, "text_input")["tiers"].value == once["tiers"]
    chosen = _widgets(at, "multiselect")
    for name in MULTI:
        if given_.get(name) and name not in reported and name in chosen:
            assert list(chosen[name].value) == list(dict.fromkeys(given_[name])), (name, given_[name])


# ---------------------------------------------------------------- the one door, instrumented

def _db_literals() -> set[str]:
    """The fixed statements ``assess/db.py`` executes itself (BEGIN, COMMIT, the schema stamp …)."""
    tree = ast.parse((ROOT / "assess" / "db.py").read_text(encoding="utf-8"))
    return {call.args[0].value for call in ast.walk(tree)
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "execute"
            and call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str)}


ALLOWED_SQL = {p.read_text(encoding="utf-8") for p in (ROOT / "queries").rglob("*.sql")}
ALLOWED_SQL |= {SCHEMA.read_text(encoding="utf-8"), macros_sql(), macros_sql(temporary=True), *_db_literals()}
SQL_METHODS = ("execute", "executemany", "sql", "query", "from_query")


@dataclass(frozen=True)
class Statement:
    method: str
    sql: Any
    params: Any


class RecordingCursor:
    """A DuckDB cursor that records every statement handed to it, then runs it."""

    def __init__(self, cursor, log: list[Statement]):
        self._cursor = cursor
        self._log = log

    def __getattr__(self, name: str):
        attr = getattr(self._cursor, name)
        if name not in SQL_METHODS:
            return attr

        def recorded(sql, *args, **kwargs):
            params = args[0] if args else kwargs.get("parameters", kwargs.get("params"))
            self._log.append(Statement(name, sql, params))
            return attr(sql, *args, **kwargs)

        return recorded


class Log(list):
    def __repr__(self) -> str:  # short, for hypothesis' falsifying examples
        return f"<{len(self)} statements>"


@pytest.fixture
def sql_log(monkeypatch) -> list[Statement]:
    """Every statement any :class:`Database` runs while the test runs (all go through ``cursor``:
    test_architecture.py checks that nothing else in db.py touches the connection)."""
    log: list[Statement] = Log()
    real = Database.cursor

    @contextmanager
    def cursor(self):
        with real(self) as cur:
            yield RecordingCursor(cur, log)

    monkeypatch.setattr(Database, "cursor", cursor)
    return log


def assert_all_bound(log: list[Statement], fuzzed: set[str]) -> None:
    """Each statement is a query file's exact text with its ``$parameters`` bound; no fuzzed
    string is part of any SQL text (it may only travel as a bound value)."""
    quiet = {v for v in fuzzed if len(v) >= 3 and not any(v in sql for sql in ALLOWED_SQL)}
    for s in log:
        assert s.method in ("execute", "executemany"), f"{s.method}(): relations build SQL elsewhere"
        assert isinstance(s.sql, str) and s.sql in ALLOWED_SQL, f"not a query file: {str(s.sql)[:200]!r}"
        wanted = set(re.findall(r"\$([A-Za-z_]\w*)", re.sub(r"--[^\n]*", "", s.sql)))
        if wanted:
            assert isinstance(s.params, dict) and wanted <= set(s.params), (s.sql[:80], s.params)
        assert not [v for v in quiet if v in s.sql], "a fuzzed value inside SQL text"


# ---------------------------------------------------------------- the fuzz

def _clear_caches() -> None:
    """So each example's queries reach the database (and the recorder) again."""
    import streamlit

    from assess.scoring import cache

    streamlit.cache_data.clear()
    cache.clear()


def run_page(make_app, db: Path, page: str, query: dict[str, list[str]]):
    query = dict(query)
    lang = query.pop("lang", None)
    return make_app(db, page, url_lang=lang, **query)


@pytest.mark.parametrize("page", PAGES)
@settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("URL_FUZZ_RANDOM"),
          # make_app and sql_log are function-scoped but hold nothing per example: make_app sets the
          # same ASSESS_DB each call; the log is emptied at the start of each example.
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(query=hostile_queries())
@example(query={"period": ["2025Q3'; DROP TABLE entries; --"], "committee": ["' OR 1=1 --", Pick(0)],
                "method": ["linear"], "slope": ["nan"], "kmin": ["1e308"], "lang": ["\u202eEnglish"], "bogus": ["$as_of"]})
@example(query={"version": [Pick(0), "2"], "branch": [Pick(1), "/"], "tiers": ["90:1.05,90:1"], "": [""]})
# found by the fuzz: a parameter repeated with several notices was deleted from the URL twice (KeyError)
@example(query={"branch": [Pick(0), Pick(0), Pick(0)], "branches": [Pick(0)]})
@example(query={"category": ["business"], "sort": ["composite"], "order": ["sideways"]})
@example(query={"category": ["业务", "<b>x</b>"], "sort": ["Composite score", "rank"], "order": ["desc"]})
# found by the fuzz: the trends page drops branches beyond its limit, or outside the chosen
# committees, without a word (branch Pick(0) is not of committee Pick(1): options are sorted)
@example(query={"branches": [Pick(n) for n in range(10)]})
@example(query={"committee": [Pick(1)], "branches": [Pick(0)]})
# found by the fuzz: a repeated single-valued parameter — its bound widget reads the last value
# (the language switch: the first), the link check kept the first non-empty one: what was shown
# was not what the notice promised
@example(query={"period": [Pick(1), "", ""], "method": ["线性系数法", ""], "version": ["1", "2"]})
@example(query={"period": ["", Pick(1)], "method": ["", "linear"], "version": ["2", "1"], "lang": ["English", "zh"]})
@example(query={"lang": ["zh", "English"], "method": ["ratio"], "period": [Pick(0)]})
@example(query={"method": ["tiered"], "tiers": ["<script>alert(1)</script>"], "floor": ["-0"], "vetok": ["inf"],
                "kmin": ["1.5"], "kmax": ["1"]})
def test_hostile_link_never_crashes_and_is_reported(page, query, make_app, fuzz_db, facts, sql_log):
    check_link(make_app, fuzz_db, page, query, facts, facts, sql_log)


@pytest.mark.parametrize("page", PAGES)
@settings(max_examples=max(4, EXAMPLES // 4), deadline=None, derandomize=not os.environ.get("URL_FUZZ_RANDOM"),
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # as above
@given(query=hostile_queries())
@example(query={"period": [Pick(0)], "version": ["1"], "committee": [Pick(0)], "branch": [Pick(0)],
                "branches": [Pick(0)], "method": ["linear"], "slope": ["2"]})
def test_hostile_link_on_an_empty_database(page, query, make_app, empty_db, facts, sql_log):
    """Nothing stored: every period, committee, branch and version in a link is invalid."""
    check_link(make_app, empty_db, page, query, facts, EMPTY, sql_log)


def check_link(make_app, db: Path, page: str, query: dict[str, list[str | Pick]], facts: Facts,
               valid_in: Facts, sql_log: list[Statement]) -> None:
    """Open ``page`` of ``db`` with the link; Picks come from ``facts``, validity from ``valid_in``."""
    raw = resolve(query, facts, valid_in)
    sql_log.clear()
    _clear_caches()
    at = run_page(make_app, db, page, raw)
    assert_ok(at)
    lang = links.parse_lang(at.sidebar.segmented_control(key="lang").value or "中文")  # as the UI speaks
    if used(raw.get("lang", []), "lang") and validity("lang", used(raw["lang"], "lang"), valid_in):
        assert lang == links.parse_lang(used(raw["lang"], "lang"))
    assert at.title and at.title[0].value == t(f"ui.page.{page}", lang)
    if "branches" in _widgets(at, "multiselect"):
        assert _widgets(at, "multiselect")["branches"].max_selections == links.MAX_BRANCHES
    shown = link_notices(at)
    expected = expected_notices(raw, valid_in)
    event("link with ignored parameters" if expected else "valid link")
    missing = [n for n in expected if as_shown(n) not in shown]
    assert not missing, f"ignored without a notice: {missing}; notices: {shown[:500]!r}"
    if not expected:
        assert not shown, f"a notice for a valid link: {shown[:500]!r}"
    assert_honoured(at, raw, expected, lang)
    assert sql_log, "the recorder saw the page's queries"
    assert_all_bound(sql_log, {v for vs in raw.values() for v in vs} | set(raw))


def test_recorder_sees_every_statement(fresh_db, sql_log):
    """The instrumentation itself: the schema, reads, and writes in a transaction are recorded,
    and the check rejects SQL that is not a query file or leaves a parameter unbound."""
    with Database(fresh_db) as db:
        db.query("view_branches", as_of=0)
        with db.transaction() as cur:
            db.run(cur, "data_version")
    texts = [s.sql for s in sql_log]
    assert {s.method for s in sql_log} == {"execute"}
    assert SCHEMA.read_text(encoding="utf-8") in texts
    assert [x for x in texts if x in ("BEGIN TRANSACTION", "COMMIT")] == ["BEGIN TRANSACTION", "COMMIT"]
    assert next(s.params for s in sql_log if "view_branches" in s.sql or "$as_of" in s.sql) == {"as_of": 0}
    assert_all_bound(sql_log, {"view_branches"})
    with pytest.raises(AssertionError, match="not a query file"):
        assert_all_bound([Statement("execute", "SELECT * FROM entries WHERE x = '' OR 1=1 --'", None)], set())
    view_branches = (ROOT / "queries" / "view_branches.sql").read_text(encoding="utf-8")
    with pytest.raises(AssertionError):
        assert_all_bound([Statement("execute", view_branches, None)], set())
    with pytest.raises(AssertionError, match="relations"):
        assert_all_bound([Statement("sql", view_branches, {"as_of": 1})], set())
