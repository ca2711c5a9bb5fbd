"""Every command explains itself and is documented, in the spirit of sqlite-utils' test_docs.py.

`--help` of each command has an "Example:", and each command is named as
`sanctuary <group> <command>` in a guide (docs/*.md) or the README, in a sentence that says
what it is for. docs/SPEC.md does not count: it is the product's contract, not our docs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_architecture import all_commands

ROOT = Path(__file__).resolve().parent.parent
GUIDES = sorted(p for p in (ROOT / "docs").glob("*.md") if p.name != "SPEC.md")


def command_paths() -> list[list[str]]:
    return [path for path, command in all_commands() if not hasattr(command, "commands")]


COMMANDS = {" ".join(path): command for path, command in all_commands()}


def documented_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in [*GUIDES, ROOT / "README.md"])


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_group_and_command_has_help_with_an_example(name):
    text = COMMANDS[name].help or ""
    assert text.strip(), f"sanctuary {name} has no help"
    assert "Example:" in text, f"sanctuary {name}: its help has no 'Example:'"


@pytest.mark.parametrize("path", command_paths(), ids=" ".join)
def test_every_command_is_named_in_the_guides(path):
    pattern = r"\bsanctuary\s+" + r"\s+".join(map(re.escape, path)) + r"(?![\w-])"
    assert re.search(pattern, documented_text()), (
        f"`sanctuary {' '.join(path)}` is named in no docs/*.md guide nor README.md: "
        "add it to its area's guide, in a sentence that says what it is for"
    )


def test_the_guides_are_found():
    names = {p.name for p in GUIDES}
    assert {"guide.md", "architecture.md"} <= names and "SPEC.md" not in names
