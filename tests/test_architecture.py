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
    for name in ("links.py", "views.py", "charts.py", "access.py"):
        assert "streamlit" not in imports(ROOT / "assess" / name)
