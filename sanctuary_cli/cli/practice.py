"""`sanctuary practice`: the practice's billing profile and clearinghouse ids."""

from __future__ import annotations

from typing import Any

import typer

from sanctuary_cli.cli.context import database
from sanctuary_cli.cli.groups import GROUP_HELP
from sanctuary_cli.cli.options import (
    Listing,
    Written,
    field_options,
    listing_options,
    written_options,
)
from sanctuary_cli.practice.practice_profile import FIELDS

app = typer.Typer(help=GROUP_HELP["practice"], no_args_is_help=True)

COLUMNS = [*(f.column for f in FIELDS), "missing"]


@app.command("show")
@listing_options()
def practice_show(ctx: typer.Context, listing: Listing) -> None:
    """Show the billing profile, and what claims still need from it.

    Example: sanctuary practice show
    """
    from sanctuary_cli.practice.practice_profile import show_profile

    row = show_profile(database(ctx))
    if listing.format == "table":
        fields = [{"field": key, "value": row.get(key)} for key in COLUMNS]
        listing.show(fields, ["field", "value"], title="Billing profile")
    else:
        listing.show([row], COLUMNS)


@app.command("edit")
@field_options(FIELDS, mode="edit")
@written_options()
def practice_edit(ctx: typer.Context, values: dict[str, Any], written: Written) -> None:
    """Change the billing profile; only the options given change.

    Example: sanctuary practice edit --tax-id 12-3456789 --tax-id-type ein --zip 10013-1234
    """
    from sanctuary_cli.cli.messages import say
    from sanctuary_cli.practice.practice_profile import edit_profile

    row = edit_profile(database(ctx), values)
    written.show(row, COLUMNS, f"Updated the billing profile of {row['name'] or 'the practice'}")
    if row["missing"] != "nothing" and not written.format:
        say(f"Claims still need: {row['missing']}")
