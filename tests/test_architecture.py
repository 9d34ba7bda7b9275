"""Layout rules (STYLE.md): pages render and never touch the database directly; SQL lives only in
queries/*.sql; the assess package never imports Streamlit; one door to DuckDB."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from assess.config import ROOT

PAGES = sorted((ROOT / "pages").glob("*.py"))
UI_FILES = [ROOT / "dashboard.py", *PAGES]
PACKAGE = sorted((ROOT / "assess").rglob("*.py"))
VIEWS = sorted((ROOT / "assess" / "views").glob("*.py"))
SQL = re.compile(r"\b(SELECT\s+.+\s+FROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE|DROP\s+TABLE)\b",
                 re.IGNORECASE | re.DOTALL)


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def string_constants(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def test_the_eight_pages_exist():
    names = {p.stem for p in PAGES}
    assert {"overview", "ranking", "integration", "trends", "profile", "indicators", "method", "data"} <= names


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: p.name)
def test_ui_never_imports_duckdb(path):
    assert "duckdb" not in imports(path)


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: p.name)
def test_ui_holds_no_sql(path):
    offending = [s for s in string_constants(path) if SQL.search(s)]
    assert not offending, offending


@pytest.mark.parametrize("path", PACKAGE, ids=lambda p: str(p.relative_to(ROOT)))
def test_package_never_imports_streamlit(path):
    assert "streamlit" not in imports(path)


@pytest.mark.parametrize("path", PACKAGE, ids=lambda p: str(p.relative_to(ROOT)))
def test_sql_only_in_query_files(path):
    """Python in assess/ names queries; it doesn't spell SQL (db.py's schema bootstrap aside)."""
    if path.name == "db.py":
        return
    offending = [s for s in string_constants(path) if SQL.search(s)]
    assert not offending, offending


def test_only_db_opens_duckdb():
    users = [p for p in PACKAGE if "duckdb" in imports(p)]
    assert [p.name for p in users] == ["db.py"]


@pytest.mark.parametrize("path", sorted((ROOT / "queries").rglob("*.sql")), ids=lambda p: str(p.relative_to(ROOT)))
def test_query_files_start_with_a_comment_and_bind_parameters(path):
    text = path.read_text(encoding="utf-8")
    assert text.lstrip().startswith("--"), "a grain / parameters comment first"
    body = re.sub(r"--.*", "", text)
    assert not re.search(r"\{[A-Za-z_]\w*\}", body), "no Python format fields: bound $parameters only"


def test_view_modules_are_pure():
    for path in [ROOT / "assess" / n for n in ("links.py", "charts.py", "access.py")] + VIEWS:
        assert "streamlit" not in imports(path)


# ---------------------------------------------------------------- bound parameters only (STYLE.md 3)

SQL_CALLS = {"execute", "executemany", "sql"}
PROJECT_PY = sorted(p for p in ROOT.rglob("*.py")
                    if not {".venv", "data", "bench-out", "node_modules"} & set(p.relative_to(ROOT).parts)
                    and not any(part.startswith(".") for part in p.relative_to(ROOT).parts))


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _fixed_loop_name(name: ast.Name, parents: dict[ast.AST, ast.AST]) -> bool:
    """``name`` is the variable of an enclosing ``for`` over a literal list of string constants
    (``for table, frame in [("versions", …), …]``): a fixed identifier, never input."""
    node = name
    while node in parents:
        node = parents[node]
        if not isinstance(node, ast.For) or not isinstance(node.iter, (ast.List, ast.Tuple)):
            continue
        targets = node.target.elts if isinstance(node.target, ast.Tuple) else [node.target]
        where = [i for i, t in enumerate(targets) if isinstance(t, ast.Name) and t.id == name.id]
        if not where:
            continue
        items = [e.elts[where[0]] if isinstance(node.target, ast.Tuple) and isinstance(e, ast.Tuple) else e
                 for e in node.iter.elts]
        return all(isinstance(i, ast.Constant) and isinstance(i.value, str) for i in items)
    return False


def _built(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """An expression that builds text at run time: an f-string (unless it only interpolates
    fixed loop constants), ``+`` / ``%``, ``.format`` / ``.join`` / ``.replace``."""
    if isinstance(node, ast.JoinedStr):
        values = [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
        return not all(isinstance(v, ast.Name) and _fixed_loop_name(v, parents) for v in values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return True
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"format", "join", "replace", "format_map"})


def unbound_sql_calls(source: str) -> list[str]:
    """``.execute(`` / ``.executemany(`` / ``.sql(`` calls whose SQL is built from strings, directly
    or through a variable assigned in the same module: ``line: call`` each."""
    tree = ast.parse(source)
    parents = _parents(tree)
    assigned: dict[str, list[ast.AST]] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    value = node.value if not isinstance(node, ast.AugAssign) else ast.BinOp(op=ast.Add())
                    assigned.setdefault(target.id, []).append(value)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in SQL_CALLS and node.args):
            continue
        sql = node.args[0]
        sources = assigned.get(sql.id, []) if isinstance(sql, ast.Name) else [sql]
        if any(_built(s, parents) for s in sources):
            found.append(f"{node.lineno}: {ast.unparse(node)[:120]}")
    return found


@pytest.mark.parametrize("path", [p for p in PROJECT_PY if p != ROOT / "assess" / "db.py"],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_sql_is_never_built_from_strings(path):
    """Outside the one door, no statement handed to DuckDB is an f-string, ``.format``, ``%`` or a
    concatenation: values travel as bound parameters (STYLE.md 3)."""
    assert not unbound_sql_calls(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("source, built", [
    ('cur.execute(f"SELECT * FROM t WHERE q = \'{q}\'")', True),
    ('cur.execute("SELECT * FROM t WHERE q = \'%s\'" % q)', True),
    ('cur.execute("SELECT * FROM t WHERE q = \'{}\'".format(q))', True),
    ('con.sql("SELECT * FROM t WHERE q = \'" + q + "\'")', True),
    ('sql = f"DELETE FROM {t}"\ncur.execute(sql)', True),
    ('cur.executemany(" ".join(parts), rows)', True),
    ('cur.execute("SELECT * FROM t WHERE q = $q", {"q": q})', False),
    ('cur.execute(load_query(name), params)', False),
    ('for t, f in [("a", 1), ("b", 2)]:\n    cur.execute(f"INSERT INTO {t} SELECT 1")', False),
    ('for t in names:\n    cur.execute(f"INSERT INTO {t} SELECT 1")', True),
])
def test_the_unbound_sql_check_itself(source, built):
    assert bool(unbound_sql_calls(source)) is built


def test_the_database_connection_is_used_only_through_cursor():
    """Every statement goes through :meth:`Database.cursor` (test_url_fuzz.py records them there):
    nothing else in db.py touches the connection."""
    tree = ast.parse((ROOT / "assess" / "db.py").read_text(encoding="utf-8"))
    users = {fn.name for fn in ast.walk(tree) if isinstance(fn, ast.FunctionDef)
             for node in ast.walk(fn) if isinstance(node, ast.Attribute) and node.attr == "_con"}
    assert users == {"__init__", "close", "cursor"}


# ---------------------------------------------------------------- pages render, they don't compute (STYLE.md 5)

DATAFRAME_WORK = {"groupby", "sort_values", "sort_index", "merge", "query", "pivot", "pivot_table", "loc",
                  "iloc", "isin", "value_counts", "agg", "aggregate", "apply", "assign", "dropna", "fillna",
                  "drop_duplicates", "nunique", "reindex", "set_index", "reset_index", "astype", "round", "mean",
                  "sum", "count", "where", "mask", "concat", "melt", "explode", "rename", "head", "tail", "style"}
"""DataFrame methods a page would only call to filter, sort, group, reshape or format: the view
module's job."""
COMPUTING_IMPORTS = {"assess.scoring", "pandas", "numpy", "duckdb"}


def page_work(source: str, module_imports: set[str] | None = None) -> list[str]:
    """What a page does that a view module should: imports of the engine or of pandas/numpy, a
    DataFrame method of :data:`DATAFRAME_WORK`, a ``pd.``/``np.`` call, a boolean-mask subscript
    (``df[df["x"] > 1]``). ``line: what`` each."""
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [f"{node.lineno}: import {a.name}" for a in node.names
                      if any(a.name == m or a.name.startswith(m + ".") for m in COMPUTING_IMPORTS)]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            if any(n == m or n.startswith(m + ".") for n in names for m in COMPUTING_IMPORTS):
                found.append(f"{node.lineno}: from {node.module} import …")
        elif isinstance(node, ast.Attribute) and node.attr in DATAFRAME_WORK:
            found.append(f"{node.lineno}: .{node.attr}")
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and isinstance(node.func.value, ast.Name) and node.func.value.id in {"pd", "np", "pandas", "numpy"}):
            found.append(f"{node.lineno}: {node.func.value.id}.{node.func.attr}()")
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, (ast.Compare, ast.BoolOp)) or (
                isinstance(node, ast.Subscript) and isinstance(node.slice, ast.BinOp)
                and isinstance(node.slice.op, (ast.BitAnd, ast.BitOr))):
            found.append(f"{node.lineno}: boolean mask")
    return found


VIEW_PAGES = [p for p in PAGES if not p.name.startswith("_")]


@pytest.mark.parametrize("path", VIEW_PAGES, ids=lambda p: p.name)
def test_pages_only_lay_out(path):
    """A page calls its view module and draws: it neither imports the engine, pandas or numpy
    nor filters, sorts, groups or formats a DataFrame."""
    assert not page_work(path.read_text(encoding="utf-8")), page_work(path.read_text(encoding="utf-8"))


def test_the_shared_page_plumbing_computes_nothing_either():
    """pages/_ui.py may name pandas in type hints and show a table; it computes nothing."""
    found = [f for f in page_work((ROOT / "pages" / "_ui.py").read_text(encoding="utf-8"))
             if "import pandas" not in f and "from pandas" not in f]
    assert not found, found


@pytest.mark.parametrize("path", VIEW_PAGES, ids=lambda p: p.name)
def test_each_page_reads_its_own_view_module(path):
    """pages/<view>.py imports assess.views.<view> (the one place its data comes from)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules = {f"{n.module}.{a.name}" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module
               for a in n.names}
    assert f"assess.views.{path.stem}" in modules


@pytest.mark.parametrize("source, flagged", [
    ("from assess import scoring", True),
    ("from assess.scoring import kpis", True),
    ("import pandas as pd", True),
    ("x = df.groupby('a').sum()", True),
    ("x = df.sort_values('a')", True),
    ("x = df[df['committee'] == c]", True),
    ("x = df[(df.a > 1) & (df.b < 2)]", True),
    ("x = pd.concat([a, b])", True),
    ("x = df.loc[0]", True),
    ("from assess.views import ranking\ndata = ranking.build(db, v)", False),
    ("st.caption(v.tr('k', n=len(data.table)))", False),
    ("x = data.table['branch']", False),
])
def test_the_page_work_check_itself(source, flagged):
    assert bool(page_work(source)) is flagged


# ---------------------------------------------------------------- docs/ARCHITECTURE.md stays true

import importlib  # noqa: E402
import inspect  # noqa: E402

DOC = ROOT / "docs" / "ARCHITECTURE.md"
PACKAGES = ("assess.scoring", "assess.workbook", "assess.views", "assess")
"""Where a bare name of the document (``branch_scores(…)``) is looked up, in order."""


def documented_calls(text: str) -> list[tuple[str, list[str]]]:
    """``(dotted name, parameter names)`` of every call written in a ```python block of ``text``
    (statements may run over several lines; ``# …`` comments and ``*`` markers are ignored)."""
    calls = []
    for block in re.findall(r"```python\n(.*?)```", text, re.DOTALL):
        statement, depth = "", 0
        for line in block.splitlines():
            line = re.sub(r"#.*", "", line).rstrip()
            if not line.strip():
                continue
            statement += " " + line.strip()
            depth += line.count("(") + line.count("[") - line.count(")") - line.count("]")
            if depth > 0:
                continue
            match = re.match(r"\s*([A-Za-z_][\w.]*)\(", statement)
            if match:
                calls.append((match.group(1), _parameter_names(_inside(statement, match.end()))))
            statement, depth = "", 0
    return calls


def _inside(text: str, start: int) -> str:
    """The text from ``start`` up to the parenthesis that closes the one before it."""
    depth = 1
    for i in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return text[start:i]
    return text[start:]


def _parameter_names(params: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for ch in params:
        depth += ch in "([{" and 1 or 0
        depth -= ch in ")]}" and 1 or 0
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    names = [re.split(r"[:=]", p, maxsplit=1)[0].strip() for p in parts]
    return [n for n in names if n and n != "*"]


def resolve(dotted: str):
    """The object a dotted name of the document names: ``store.latest_version`` is
    ``assess.store.latest_version``; a bare name is looked up in :data:`PACKAGES`."""
    *path, name = dotted.split(".")
    modules = [".".join(["assess", *path])] if path else list(PACKAGES)
    for module in modules:
        try:
            return getattr(importlib.import_module(module), name)
        except (ModuleNotFoundError, AttributeError):
            continue
    raise LookupError(dotted)


def test_the_architecture_document_names_real_functions_with_their_parameters():
    calls = documented_calls(DOC.read_text(encoding="utf-8"))
    assert len(calls) >= 30, calls  # the blocks of the reader, the store, the scoring and the views
    wrong = []
    for dotted, params in calls:
        obj = resolve(dotted)
        real = [p.name for p in inspect.signature(obj).parameters.values()
                if p.name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        if params != real:
            wrong.append(f"{dotted}: documented {params}, is {real}")
    assert not wrong, "\n".join(wrong)


def test_the_document_check_itself():
    text = ("```python\nviews.ranking.build(db, sel, sort) -> Ranking\nx.y(a: dict[str, int] = {},\n    *, b=1)  # c\n"
            "store.version_file(db, version, position) -> (file_name, bytes)\n```")
    assert documented_calls(text) == [("views.ranking.build", ["db", "sel", "sort"]), ("x.y", ["a", "b"]),
                                      ("store.version_file", ["db", "version", "position"])]
    assert resolve("views.ranking.build").__module__ == "assess.views.ranking"
    assert resolve("store.latest_version").__module__ == "assess.store"
    assert resolve("branch_scores").__module__ == "assess.scoring.engine"
