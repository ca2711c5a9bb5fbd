"""`sanctuary therapists`: the clinicians of the practice, their licenses and NPI."""

from __future__ import annotations

from typing import Annotated, Any

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
from sanctuary_cli.practice.therapists import FIELDS

app = typer.Typer(help=GROUP_HELP["therapists"], no_args_is_help=True)

LIST_COLUMNS = [
    "therapist_id",
    "name",
    "email",
    "credentials",
    "license_number",
    "license_state",
    "license_expiry",
    "license_alert",
    "npi",
    "specializations",
    "is_active",
    "is_default",
]
SHOW_FIELDS = [
    "therapist_id",
    "name",
    "email",
    "phone",
    "credentials",
    "license_number",
    "license_state",
    "license_expiry",
    "license_alert",
    "npi",
    "taxonomy",
    "tax_id",
    "practice_name",
    "practice_address",
    "specializations",
    "is_active",
    "is_default",
    "active_patients",
]
LoginOpt = Annotated[
    bool,
    typer.Option("--login", help="Also create their database login role (password shown once)."),
]


@app.command("list")
@listing_options()
def therapists_list(ctx: typer.Context, listing: Listing) -> None:
    """List therapists, flagging licenses that expire within 60 days.

    Example: sanctuary therapists list --csv
    """
    from sanctuary_cli.practice.therapists import list_therapists

    rows = list_therapists(database(ctx))
    warn_licenses(rows)
    listing.show(rows, LIST_COLUMNS, title="Therapists")


@app.command("show")
@listing_options()
def therapists_show(
    ctx: typer.Context,
    listing: Listing,
    ref: Annotated[
        str | None, typer.Argument(help="Id, id prefix, email or name (default: you).")
    ] = None,
) -> None:
    """Show one therapist's details and license state.

    Example: sanctuary therapists show sarah.johnson@sanctuary.example
    """
    from sanctuary_cli.practice.therapists import show_therapist

    row = show_therapist(database(ctx), ref)
    warn_licenses([row])
    if listing.format == "table":
        fields = [{"field": key, "value": row.get(key)} for key in SHOW_FIELDS]
        listing.show(fields, ["field", "value"], title=row["name"])
    else:
        listing.show([row], SHOW_FIELDS)


ADDED_COLUMNS = [
    "therapist_id",
    "title",
    "first_name",
    "last_name",
    "email",
    "credentials",
    "license_number",
    "license_state",
    "license_expiry",
    "license_alert",
    "npi",
]


@app.command("add")
@field_options(FIELDS, mode="add")
@written_options()
def therapists_add(
    ctx: typer.Context, values: dict[str, Any], written: Written, login: LoginOpt = False
) -> None:
    """Add a therapist (first name, last name and email are required).

    Example: sanctuary therapists add --first Sam --last Lee --email sam@clinic.example
    """
    from sanctuary_cli.cli.messages import result, say
    from sanctuary_cli.cli.prompts import new_password
    from sanctuary_cli.practice.therapists import add_therapist

    password = new_password() if login else None
    added = add_therapist(database(ctx), values, login=login, password=password)
    written.show(
        added,
        ADDED_COLUMNS,
        f"Added therapist {added['first_name']} {added['last_name']} (id {added['therapist_id']})",
    )
    warn_licenses([added])
    if added["default_set"]:
        say(
            f"{added['default_set']['name']} is now the practice's default clinician, acted for "
            "when no --therapist is given (`sanctuary therapists default REF` changes it)"
        )
    if login:
        result(added["login"])


EDITED_COLUMNS = LIST_COLUMNS  # the row as `therapists list` shows it


@app.command("edit")
@field_options(FIELDS, mode="edit")
@written_options()
def therapists_edit(
    ctx: typer.Context,
    values: dict[str, Any],
    written: Written,
    ref: Annotated[str, typer.Argument(help="Id, id prefix, email or name.")],
    login: LoginOpt = False,
) -> None:
    """Change a therapist's details; only the options given change.

    Example: sanctuary therapists edit sarah --license-expiry 2028-06-30
    """
    from sanctuary_cli.cli.messages import result
    from sanctuary_cli.cli.prompts import new_password
    from sanctuary_cli.practice.therapists import edit_therapist

    password = new_password() if login else None
    edited = edit_therapist(database(ctx), ref, values, login=login, password=password)
    if login:
        result(edited["login"])
    if edited["changed"] or written.format:
        written.show(
            edited,
            EDITED_COLUMNS,
            f"Updated therapist {str(edited['therapist_id'])[:8]} ({edited['name']})",
        )


@app.command("default")
@written_options()
def therapists_default(
    ctx: typer.Context,
    written: Written,
    ref: Annotated[str, typer.Argument(help="Id, id prefix, email or name.")],
) -> None:
    """Make a therapist the practice's default clinician: the one commands act for when
    neither --therapist nor SANCTUARY_THERAPIST names one (cron jobs, say).

    Example: sanctuary therapists default sarah.johnson@sanctuary.example
    """
    from sanctuary_cli.practice.therapists import set_default

    row = set_default(database(ctx), ref)
    written.show(
        row,
        ["therapist_id", "name", "email", "is_default"],
        f"{row['name']} is now the practice's default clinician",
    )


def warn_licenses(rows: list[dict[str, Any]]) -> None:
    from sanctuary_cli.cli.messages import warn

    for row in rows:
        if row.get("license_alert"):
            name = row.get("name") or f"{row.get('first_name')} {row.get('last_name')}"
            warn(f"the license of {name} {row['license_alert']}")
