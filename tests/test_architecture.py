"""The shape DESIGN.md promises: layers, help text, named queries, migration files."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import typer.main

from sanctuary_cli.cli.app import app
from sanctuary_cli.store.db import _query_file
from sanctuary_cli.store.paths import sql_dir

PACKAGE = Path(__file__).resolve().parent.parent / "sanctuary_cli"
UI_MODULES = {"typer", "rich", "questionary"}
# The command layer and the renderer may use UI libraries; nothing below them may.
UI_ALLOWED = {"app.py", "context.py", "options.py", "output.py", "prompts.py"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_data_and_domain_modules_import_no_ui_library():
    for path in PACKAGE.glob("*.py"):
        if path.name in UI_ALLOWED:
            continue
        assert not imported_modules(path) & UI_MODULES, path.name


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
    assert "sanctuary_cli.commands." not in done.stderr
