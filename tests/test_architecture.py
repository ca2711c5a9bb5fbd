"""The layers of docs/architecture.md, checked on the source: commands never run SQL, areas and
rules never touch the terminal, rules never touch the database or files; help, named queries
and migration files as promised."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import typer.main

from sanctuary_cli.cli.app import GROUPS, app
from sanctuary_cli.store.db import _query_file
from sanctuary_cli.store.paths import sql_dir

PACKAGE = Path(__file__).resolve().parent.parent / "sanctuary_cli"
UI_LIBRARIES = {"typer", "click", "rich", "questionary", "prompt_toolkit", "getpass"}
# What running SQL looks like from Python: a connection, a cursor, or a named query.
DATABASE_CALLS = {"all", "one", "execute", "executemany", "transaction", "cursor", "pipeline"}
DATABASE_NAMES = {"named_query", "conn", "psycopg"}
# What touching files, processes or the network looks like.
IO_LIBRARIES = {"os", "subprocess", "tempfile", "shutil", "socket", "psycopg", "smtplib"}
IO_CALLS = {"open", "read_text", "write_text", "read_bytes", "write_bytes", "unlink"}
# Writing to the terminal goes through the renderers: messages, rows, and views of one record.
PRINT_CALLS = {"print", "echo", "secho"}
RENDERERS = {"messages.py", "output.py", "views.py"}
MAX_LINES = 300
CONTEXT_MAY_IMPORT = {"sanctuary_cli.store.db.connect", "sanctuary_cli.store.db.Database"}


def modules(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def imported(tree: ast.AST) -> set[str]:
    """Every module name imported, in full and by its leading parts (a.b.c: a, a.b, a.b.c)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        found = []
        if isinstance(node, ast.Import):
            found = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        for name in found:
            parts = name.split(".")
            names.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return names


def called(tree: ast.AST, *, methods_only: bool = False) -> set[str]:
    """Names of everything called: f(...) gives f, x.y.f(...) gives f (methods only: just the
    latter, so the builtin all() is not mistaken for db.all())."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and not methods_only:
                names.add(func.id)
            elif isinstance(func, ast.Attribute):
                names.add(func.attr)
    return names


def attributes_and_names(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
    return names


def where(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent))


@pytest.mark.parametrize("path", modules("cli"), ids=where)
def test_commands_never_run_sql(path):
    tree = parse(path)
    assert not called(tree, methods_only=True) & DATABASE_CALLS, where(path)
    assert not attributes_and_names(tree) & DATABASE_NAMES, where(path)
    assert "psycopg" not in imported(tree), where(path)
    # Only the context opens the connection (and names its type); commands get it from there.
    store_db = {n for n in imported(tree) if n.startswith("sanctuary_cli.store.db")}
    if path.name == "context.py":
        assert store_db <= {"sanctuary_cli.store.db", *CONTEXT_MAY_IMPORT}, where(path)
    else:
        assert not store_db, where(path)


@pytest.mark.parametrize("path", modules("cli"), ids=where)
def test_commands_write_through_the_message_helpers(path):
    if path.name in RENDERERS:
        return
    tree = parse(path)
    assert not called(tree) & PRINT_CALLS, where(path)
    writes = {
        ast.unparse(node.func)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    assert not {w for w in writes if re.match(r"sys\.std(out|err)\.write", w)}, where(path)


@pytest.mark.parametrize(
    "path", modules("practice") + modules("rules") + modules("store"), ids=where
)
def test_areas_rules_and_storage_never_touch_the_terminal(path):
    names = imported(parse(path))
    assert not names & UI_LIBRARIES, where(path)
    assert not {n for n in names if n.startswith("sanctuary_cli.cli")}, where(path)


@pytest.mark.parametrize("path", modules("rules"), ids=where)
def test_rules_are_pure(path):
    tree = parse(path)
    names = imported(tree)
    assert not names & IO_LIBRARIES, where(path)
    layers = ("sanctuary_cli.store", "sanctuary_cli.practice", "sanctuary_cli.cli")
    assert not {n for n in names if n.startswith(layers)}, where(path)
    assert not called(tree) & IO_CALLS, where(path)


@pytest.mark.parametrize("path", modules("store"), ids=where)
def test_storage_knows_no_practice_area(path):
    names = imported(parse(path))
    assert not {n for n in names if n.startswith("sanctuary_cli.practice")}, where(path)


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=where)
def test_every_module_is_well_under_300_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{where(path)} has {lines} lines"


def test_every_group_lives_in_the_cli_layer():
    assert all(module.startswith("sanctuary_cli.cli.") for module in GROUPS.values())


def all_commands():
    root = typer.main.get_command(app)

    def walk(group, prefix):
        for name, command in group.commands.items():
            if hasattr(command, "commands"):
                yield from walk(command, [*prefix, name])
            else:
                yield [*prefix, name], command

    yield from walk(root, [])
    for name, group in root.commands.items():
        if hasattr(group, "commands"):
            yield [name], group


def test_every_group_and_command_has_help_with_an_example():
    for path, command in all_commands():
        text = command.help or ""
        assert text.strip(), f"{' '.join(path)} has no help"
        assert "Example" in text, f"{' '.join(path)} help has no example"


def test_every_named_query_parses_and_is_used():
    source = "\n".join(p.read_text() for p in PACKAGE.rglob("*.py"))
    for path in (sql_dir() / "queries").glob("*.sql"):
        group = path.stem
        queries = _query_file(group)
        assert queries, path.name
        for name, body in queries.items():
            assert body.strip(), f"{group}.{name} is empty"
            assert f'"{group}.{name}"' in source, f"{group}.{name} is never used"


def test_migration_files_are_numbered_uniquely():
    numbers = [p.name[:4] for p in (sql_dir() / "migrations").glob("*.sql")]
    assert all(re.fullmatch(r"\d{4}", n) for n in numbers)
    assert len(numbers) == len(set(numbers))


def test_root_help_imports_no_command_group():
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "sanctuary_cli", "--help"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0
    assert "audit" in done.stdout and "measures" in done.stdout
    group_modules = set(GROUPS.values())
    loaded = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    assert not loaded & group_modules, loaded & group_modules
