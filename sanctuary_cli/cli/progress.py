"""`sanctuary progress`: ratings 1-10 of progress on treatment areas."""

from __future__ import annotations

from typing import Annotated

import typer

from sanctuary_cli.cli.context import database
from sanctuary_cli.cli.groups import GROUP_HELP
from sanctuary_cli.cli.options import Listing, Written, listing_options, written_options

app = typer.Typer(help=GROUP_HELP["progress"], no_args_is_help=True)

Patient = Annotated[str, typer.Argument(help="Patient name, id or id prefix.")]


@app.command("add")
@written_options()
def progress_add(
    ctx: typer.Context,
    written: Written,
    patient: Patient,
    area: Annotated[str, typer.Argument(help="Area name or part of it (see `progress areas`).")],
    rating: Annotated[str, typer.Argument(help="1 to 10.")],
    note: Annotated[str | None, typer.Option("--note", help="What was observed.")] = None,
    objective: Annotated[
        str | None,
        typer.Option(
            "--objective",
            help="Also rate this objective of the treatment plan: its number (see `plans "
            "show`), id, or words of it.",
        ),
    ] = None,
) -> None:
    """Record a progress rating on one treatment area (and a treatment plan objective).

    Example: sanctuary progress add Amelia anxiety 6 --note "Used breathing before meetings"
    """
    from sanctuary_cli.practice.progress import add_progress

    row = add_progress(database(ctx), patient, area, rating, note, objective=objective)
    line = f"{row['area']}: {row['rating']}/10 recorded ({row['progress_entry_id']})"
    if row["objective"]:
        rated = row["objective"]
        line += f", objective {rated['position']} of plan version {rated['version']}"
    columns = ["progress_entry_id", "patient_id", "recorded_at", "area", "rating", "notes"]
    written.show(row, columns, line)


@app.command("list")
@listing_options()
def progress_list(ctx: typer.Context, listing: Listing, patient: Patient) -> None:
    """List a patient's progress ratings, newest first, with the change per area.

    Example: sanctuary progress list Benjamin --json
    """
    from sanctuary_cli.practice.progress import list_progress

    progress = list_progress(database(ctx), patient, export=listing.is_export)
    listing.show(
        progress["entries"],
        ["recorded_at", "area", "rating", "change", "notes"],
        title=f"Progress of {progress['patient_name']}",
        empty="No progress ratings yet.",
    )


@app.command("areas")
@listing_options()
def progress_areas(ctx: typer.Context, listing: Listing) -> None:
    """List the treatment areas progress is rated on.

    Example: sanctuary progress areas
    """
    from sanctuary_cli.practice.progress import list_areas

    listing.show(
        list_areas(database(ctx)), ["area", "description", "entries"], title="Progress areas"
    )
