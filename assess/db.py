"""The one door to the database.

Opens the DuckDB file and runs the SQL files of ``queries/`` with bound parameters only. Every
query runs on its own cursor, so sessions on several threads never share one (DuckDB 2.0 raises
``ResourceInUseException`` when they do). Pages never import duckdb; they call functions that
call :meth:`Database.query`.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import duckdb
import pandas as pd

from assess import fingerprint
from assess.config import ROOT
from assess.problems import Problem

QUERIES = ROOT / "queries"
SCHEMA = Path(__file__).with_name("schema.sql")
MACROS = Path(__file__).with_name("macros.sql")
MACRO_NAMES = ("visible_in", "category_raw", "category_score")
SCHEMA_VERSION = "3"
# Schema 2: fingerprints are assess.fingerprint's, no longer DuckDB's hash() (internal, it changes
# between DuckDB releases); a store of schema 1 gets them recomputed when opened for writing, this
# many cells at a time. Schema 3: the table `evaluations` (SPEC §3.16), created empty by
# schema.sql when a store of schema 1 or 2 is opened for writing; a store opened read-only is
# not changed, and the scoring reads no evaluation from it (assess.scoring.evaluations_stored).
MIGRATION_CELLS = 50_000
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
log = logging.getLogger(__name__)


class DatabaseBusy(Exception):
    """Another process holds the database file (DuckDB allows one writer per file)."""

    def __init__(self, path: Path, detail: str):
        super().__init__(f"{path}: {detail}")
        self.path = path
        self.detail = detail


# What DuckDB says of a file that is not a database, or of a damaged one (a block whose checksum
# fails is only found when a query reads it).
DAMAGE_MARKERS = ("not a valid DuckDB database file", "Corrupt database file",
                  "Could not read enough bytes", *(WAL_MARKERS := ("Corrupt WAL file",
                                                                   "Failure while replaying WAL file")))


def _damaged(exc: BaseException) -> bool:
    """Whether ``exc`` says the database file is not a database or is damaged."""
    return isinstance(exc, duckdb.Error) and any(m in str(exc) for m in DAMAGE_MARKERS)


class DatabaseUnreadable(Exception):
    """The database file cannot be read: not a DuckDB file, or damaged. Raised on opening it,
    and by any query that meets a damaged block."""

    def __init__(self, path: Path, detail: str):
        super().__init__(f"{path}: {detail}")
        self.path = path
        self.detail = detail

    @property
    def wal_damaged(self) -> bool:
        """Whether the damage is in the write-ahead log (``<file>.wal``, left by a crash)."""
        return any(m in self.detail for m in WAL_MARKERS)

    @property
    def problem(self) -> Problem:
        if self.wal_damaged:
            return Problem("database_wal_damaged", params={
                "path": str(self.path), "wal": f"{self.path}.wal", "detail": self.detail})
        return Problem("database_unreadable", params={"path": str(self.path), "detail": self.detail})


@lru_cache(maxsize=None)
def load_query(name: str) -> str:
    """The text of ``queries/<name>.sql``.

    Names are snake_case; the store's write statements live in ``queries/store/`` and are named
    ``store/<name>``. Never a path from outside.
    """
    if not re.fullmatch(r"(store/)?[a-z0-9_]+", name):
        raise ValueError(f"bad query name: {name!r}")
    return (QUERIES / f"{name}.sql").read_text(encoding="utf-8")


def macros_sql(temporary: bool = False) -> str:
    """The statements of assess/macros.sql; ``temporary``: as macros of one connection only (for
    a store opened read-only that was written before them)."""
    sql = MACROS.read_text(encoding="utf-8")
    return sql.replace("CREATE OR REPLACE MACRO", "CREATE OR REPLACE TEMP MACRO") if temporary else sql


def query_names() -> list[str]:
    return sorted(p.stem for p in QUERIES.glob("*.sql"))


def _bind(sql: str, params: dict[str, Any]) -> dict[str, Any]:
    """Only the parameters the statement uses; a missing one is a bug and raises."""
    wanted = set(_PARAM.findall(sql))
    missing = wanted - set(params)
    if missing:
        raise KeyError(f"missing query parameter(s): {sorted(missing)}")
    return {k: params[k] for k in wanted}


_shared: dict[str, "Database"] = {}
_shared_lock = threading.Lock()


def shared(path: str | Path) -> "Database":
    """The process's one read-write :class:`Database` for ``path`` (opened on first use): the
    dashboard's sessions and its warm-up share it, and with it the scores cache kept per
    Database object."""
    key = str(Path(path).resolve())
    with _shared_lock:
        if key not in _shared:
            _shared[key] = Database(path)
        return _shared[key]


class Database:
    """A DuckDB file. ``read_only`` opens it shared with other read-only processes."""

    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise DatabaseBusy(self.path, str(exc)) from exc
            raise DatabaseUnreadable(self.path, str(exc)) from exc
        except duckdb.Error as exc:
            if _damaged(exc):
                raise DatabaseUnreadable(self.path, str(exc)) from exc
            raise
        self._write_lock = threading.Lock()
        self._temp_macros: str | None = None  # run on each cursor when the file lacks the macros
        try:
            if not read_only:
                self._ensure_schema()
            elif not self._has_macros():
                self._temp_macros = macros_sql(temporary=True)
        except BaseException:
            self._con.close()
            raise

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _ensure_schema(self) -> None:
        with self.cursor() as cur:
            cur.execute(SCHEMA.read_text(encoding="utf-8"))
            cur.execute(
                "INSERT INTO meta VALUES ('schema_version', $v) ON CONFLICT DO NOTHING",
                {"v": SCHEMA_VERSION},
            )
            stored = cur.execute(
                "SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
            cur.execute(macros_sql())
        if stored == "1":
            self._migrate_fingerprints()
        elif stored == "2":  # 2 → 3: schema.sql has created the evaluations table
            with self.cursor() as cur:
                cur.execute("UPDATE meta SET value = $v WHERE key = 'schema_version'",
                            {"v": SCHEMA_VERSION})

    def _migrate_fingerprints(self) -> None:
        """Schema 1 → 2: every stored cell's fingerprint recomputed (assess.fingerprint), in one
        transaction, a range of entry ids at a time."""
        with self.transaction() as cur:
            first, last = cur.execute(load_query("store/entry_id_range")).fetchone()
            for start in range(first or 0, (last or -1) + 1, MIGRATION_CELLS):
                ids = {"first_id": start, "last_id": start + MIGRATION_CELLS - 1}
                cells = self.run(cur, "store/migrate_fingerprint_cells", **ids)
                if cells.empty:
                    continue
                scores = self.run(cur, "store/migrate_fingerprint_scores", **ids)
                cur.register("migrated_fingerprints", pd.DataFrame({
                    "entry_id": cells["entry_id"],
                    "fingerprint": fingerprint.of_rows(cells, scores)}))
                self.execute(cur, "store/migrate_set_fingerprints")
                cur.unregister("migrated_fingerprints")
            cur.execute("UPDATE meta SET value = $v WHERE key = 'schema_version'",
                        {"v": SCHEMA_VERSION})

    def _has_macros(self) -> bool:
        """The file holds the macros of assess/macros.sql (a store written before them may not)."""
        with self.cursor() as cur:
            found = cur.execute("SELECT count(DISTINCT function_name) FROM duckdb_functions() "
                                "WHERE function_type = 'macro' AND list_contains($names, function_name)",
                                {"names": list(MACRO_NAMES)}).fetchone()[0]
        return found == len(MACRO_NAMES)

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A fresh cursor for one unit of work, closed afterwards. Every query goes through one,
        so a damaged block met by any of them is :class:`DatabaseUnreadable` here."""
        cur = self._con.cursor()
        try:
            if self._temp_macros:
                cur.execute(self._temp_macros)
            yield cur
        except duckdb.Error as exc:
            if _damaged(exc):
                raise DatabaseUnreadable(self.path, str(exc)) from exc
            raise
        finally:
            cur.close()

    def query(self, name: str, **params: Any) -> pd.DataFrame:
        """Run ``queries/<name>.sql`` with bound ``params``; the result as a DataFrame. Logs the
        query's name, rows and time at debug level (``assess.db``), so a slow view names its query."""
        sql = load_query(name)
        start = time.perf_counter()
        with self.cursor() as cur:
            out = cur.execute(sql, _bind(sql, params)).df()
        log.debug("query %s: %d rows in %.1f ms", name, len(out), (time.perf_counter() - start) * 1000)
        return out

    def arrays(self, name: str, **params: Any) -> dict[str, Any]:
        """Run ``queries/<name>.sql`` with bound ``params``; each column as a numpy array (the
        cheapest way out of DuckDB for many rows of a few columns)."""
        sql = load_query(name)
        start = time.perf_counter()
        with self.cursor() as cur:
            out = cur.execute(sql, _bind(sql, params)).fetchnumpy()
        log.debug("query %s: arrays in %.1f ms", name, (time.perf_counter() - start) * 1000)
        return out

    def run(self, cur: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame | None:
        """Run ``queries/<name>.sql`` on ``cur`` (inside a transaction); its rows as a DataFrame
        (a statement run for its effect goes through :meth:`execute`)."""
        sql = load_query(name)
        res = cur.execute(sql, _bind(sql, params))
        return res.df() if res.description else None

    def execute(self, cur: duckdb.DuckDBPyConnection, name: str, **params: Any) -> None:
        """Run the statements of ``queries/<name>.sql`` on ``cur`` for their effect (an insert,
        an update, a staging table): no rows are turned into a DataFrame."""
        sql = load_query(name)
        cur.execute(sql, _bind(sql, params))

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One atomic write: BEGIN … COMMIT, or ROLLBACK on any error. Writers are serialised."""
        with self._write_lock, self.cursor() as cur:
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            cur.execute("COMMIT")

    def scalar(self, name: str, **params: Any) -> Any:
        """The first column of the first row of ``queries/<name>.sql`` (None when no row)."""
        df = self.query(name, **params)
        return None if df.empty else df.iat[0, 0]
