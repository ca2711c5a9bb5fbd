"""`sanctuary payers`: the insurers the practice bills, with the ids claims need."""

from __future__ import annotations

from typing import Annotated

import typer

from sanctuary_cli.cli.context import database
from sanctuary_cli.cli.groups import GROUP_HELP
from sanctuary_cli.cli.options import Listing, Written, listing_options, written_options

app = typer.Typer(help=GROUP_HELP["payers"], no_args_is_help=True)

COLUMNS = ["id", "name", "payer_id", "filing_code", "telehealth_modifier", "policies"]
WRITTEN_COLUMNS = COLUMNS[:-1]
PayerId = Annotated[
    str | None,
    typer.Option("--payer-id", help="The payer's id as your clearinghouse lists it (e.g. 60054)."),
]
FilingCode = Annotated[
    str | None,
    typer.Option(
        "--filing-code",
        help="Claim filing indicator: CI commercial, BL Blue Cross, MB Medicare B, MC Medicaid, "
        "HM HMO, CH Tricare, VA, WC, 12 PPO... (default CI).",
    ),
]
Modifier = Annotated[
    str | None,
    typer.Option(
        "--telehealth-modifier",
        help="Modifier for telehealth lines: 95, GT or none (place of service alone; default 95).",
    ),
]


@app.command("add")
@written_options()
def payers_add(
    ctx: typer.Context,
    written: Written,
    name: Annotated[str, typer.Argument(help="The payer's name, as patients' cards show it.")],
    payer_id: PayerId = None,
    filing_code: FilingCode = None,
    telehealth_modifier: Modifier = None,
) -> None:
    """Add a payer (an insurer claims are sent to).

    Example: sanctuary payers add Aetna --payer-id 60054 --filing-code CI
    """
    from sanctuary_cli.practice.payers import add_payer

    row = add_payer(
        database(ctx), name, payer_id, filing_code=filing_code,
        telehealth_modifier=telehealth_modifier,
    )  # fmt: skip
    written.show(row, WRITTEN_COLUMNS, f"Added payer {row['name']} (payer id {row['payer_id']})")


@app.command("list")
@listing_options()
def payers_list(ctx: typer.Context, listing: Listing) -> None:
    """List payers with their ids and how many patients' policies name each.

    Example: sanctuary payers list --csv
    """
    from sanctuary_cli.practice.payers import list_payers

    listing.show(list_payers(database(ctx)), COLUMNS, title="Payers", empty="No payers yet.")


@app.command("edit")
@written_options()
def payers_edit(
    ctx: typer.Context,
    written: Written,
    ref: Annotated[str, typer.Argument(help="The payer's name (or part of it) or id prefix.")],
    name: Annotated[str | None, typer.Option("--name", help="A new name.")] = None,
    payer_id: PayerId = None,
    filing_code: FilingCode = None,
    telehealth_modifier: Modifier = None,
) -> None:
    """Change a payer's name, id, filing code or telehealth modifier.

    Example: sanctuary payers edit aetna --telehealth-modifier none
    """
    from sanctuary_cli.practice.payers import edit_payer

    row = edit_payer(
        database(ctx), ref, name=name, payer_id=payer_id, filing_code=filing_code,
        telehealth_modifier=telehealth_modifier,
    )  # fmt: skip
    written.show(row, WRITTEN_COLUMNS, f"Updated payer {row['name']} (payer id {row['payer_id']})")
