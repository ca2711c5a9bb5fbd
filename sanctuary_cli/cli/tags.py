"""`sanctuary tags`: the labels on notes."""

from __future__ import annotations

import typer

from sanctuary_cli.cli.context import database
from sanctuary_cli.cli.groups import GROUP_HELP
from sanctuary_cli.cli.options import Listing, listing_options

app = typer.Typer(help=GROUP_HELP["tags"], no_args_is_help=True)


@app.command("list")
@listing_options()
def tags_list(ctx: typer.Context, listing: Listing) -> None:
    """List tags, most used first, with the number of notes carrying each.

    Example: sanctuary tags list
    """
    from sanctuary_cli.practice.tags import list_tags

    listing.show(
        list_tags(database(ctx)),
        ["name", "category", "usage_count"],
        title="Tags",
        empty="No tags yet; add them with `notes add --tag`.",
    )
