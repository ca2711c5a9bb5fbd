"""`sanctuary measures`: PHQ-9, GAD-7 and the C-SSRS screener."""

from __future__ import annotations

from typing import Annotated

import typer

from sanctuary_cli.cli.context import database
from sanctuary_cli.cli.groups import GROUP_HELP
from sanctuary_cli.cli.options import Listing, listing_options

app = typer.Typer(help=GROUP_HELP["measures"], no_args_is_help=True)

Patient = Annotated[str, typer.Argument(help="Patient name, id or id prefix.")]
RESULT_COLUMNS = [
    "measure_id",
    "administered_at",
    "instrument",
    "total",
    "severity",
    "change",
    "risk_flag",
]
TREND_COLUMNS = [
    "instrument",
    "administrations",
    "first_total",
    "latest_total",
    "change",
    "latest_severity",
    "sparkline",
]


@app.command("add")
@listing_options()
def measures_add(
    ctx: typer.Context,
    listing: Listing,
    patient: Patient,
    instrument: Annotated[str, typer.Argument(help="phq9, gad7 or cssrs.")],
    answers: Annotated[
        str | None,
        typer.Option(
            "--answers",
            help="PHQ-9/GAD-7: 0-3 per item, comma separated. C-SSRS: yes/no per question, "
            "'-' for skipped 3-5 (or give only 1, 2 and 6); question 6 is no, past or recent.",
        ),
    ] = None,
) -> None:
    """Score a questionnaire: asked item by item on a terminal, or given with --answers.

    Example: sanctuary measures add Benjamin cssrs --answers yes,no,no
    """
    from sanctuary_cli.cli.messages import say
    from sanctuary_cli.cli.output import interactive
    from sanctuary_cli.cli.prompts import measure_form
    from sanctuary_cli.practice.measures import add_measure

    ask = measure_form if interactive() else None
    row = add_measure(database(ctx), patient, instrument, answers, ask=ask)
    listing.show([row], RESULT_COLUMNS, title="Result")
    if row["risk_flag"]:
        say("Risk flag: follow up on suicide risk with this patient.")


@app.command("list")
@listing_options()
def measures_list(
    ctx: typer.Context,
    listing: Listing,
    patient: Patient,
    instrument: Annotated[str | None, typer.Option("--instrument", help="Only this one.")] = None,
) -> None:
    """List administrations, newest first, with item answers and change since the previous.

    Example: sanctuary measures list Amelia --instrument phq9 --csv
    """
    from sanctuary_cli.practice.measures import list_measures

    measures = list_measures(
        database(ctx), patient, instrument=instrument, export=listing.is_export
    )
    listing.show(
        measures["entries"],
        [*RESULT_COLUMNS, "answers"],
        title=f"Measures of {measures['patient_name']}",
        empty="No measures yet.",
    )


@app.command("trend")
@listing_options()
def measures_trend(ctx: typer.Context, listing: Listing, patient: Patient) -> None:
    """Show each instrument's totals over time as a sparkline, first to latest.

    Example: sanctuary measures trend Amelia
    """
    from sanctuary_cli.practice.measures import measures_trend as trend_of

    trend = trend_of(database(ctx), patient, export=listing.is_export)
    listing.show(
        trend["instruments"],
        TREND_COLUMNS,
        title=f"Measure trends of {trend['patient_name']}",
        empty="No measures yet.",
    )
