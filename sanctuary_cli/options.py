"""Option aliases shared by every command group."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


FormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", help="Output format.", case_sensitive=False),
]
CsvOption = Annotated[bool, typer.Option("--csv", help="Shortcut for --format csv.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Shortcut for --format json.")]


def output_format(fmt: Format, csv: bool, json: bool) -> str:
    """The chosen format; --csv and --json win over --format."""
    if csv and json:
        raise typer.BadParameter("choose one of --csv and --json")
    if csv:
        return "csv"
    if json:
        return "json"
    return fmt.value
