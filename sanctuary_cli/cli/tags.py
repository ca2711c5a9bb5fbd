"""`sanctuary tags`: the labels on notes."""

from __future__ import annotations

import typer

from sanctuary_cli.cli.context import app_context
from sanctuary_cli.cli.groups import GROUP_HELP
from sanctuary_cli.cli.options import CsvOption, FormatOption, JsonOption, output_format

app = typer.Typer(
    help=GROUP_HELP["tags"],
    no_args_is_help=True,
)


@app.command("list")
def tags_list(
    ctx: typer.Context,
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
) -> None:
    """List tags, most used first, with the number of notes carrying each.

    Example: sanctuary tags list
    """
    from sanctuary_cli.cli.output import render

    app_ctx = app_context(ctx)
    rows = app_ctx.db().all("tags.list")
    render(
        rows,
        ["name", "category", "usage_count"],
        output_format(fmt, csv, json),
        title="Tags",
        empty_message="No tags yet; add them with `notes add --tag`.",
    )
