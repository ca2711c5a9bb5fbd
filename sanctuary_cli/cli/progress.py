"""`sanctuary progress`: ratings 1-10 of progress on treatment areas."""

from __future__ import annotations

from typing import Annotated

import typer

from sanctuary_cli.cli.context import app_context, current_therapist
from sanctuary_cli.cli.groups import GROUP_HELP
from sanctuary_cli.cli.options import CsvOption, FormatOption, JsonOption, output_format

app = typer.Typer(
    help=GROUP_HELP["progress"],
    no_args_is_help=True,
)


@app.command("add")
def progress_add(
    ctx: typer.Context,
    patient: Annotated[str, typer.Argument(help="Patient name, id or id prefix.")],
    area: Annotated[str, typer.Argument(help="Area name or part of it (see `progress areas`).")],
    rating: Annotated[str, typer.Argument(help="1 to 10.")],
    note: Annotated[str | None, typer.Option("--note", help="What was observed.")] = None,
) -> None:
    """Record a progress rating on one treatment area.

    Example: sanctuary progress add Amelia anxiety 6 --note "Used breathing before meetings"
    """
    from sanctuary_cli.practice.charting import add_progress

    row = add_progress(
        app_context(ctx).db(), patient, current_therapist(ctx)["id"], area, rating, note
    )
    typer.echo(f"{row['area']}: {row['rating']}/10 recorded ({row['progress_entry_id']})")


@app.command("list")
def progress_list(
    ctx: typer.Context,
    patient: Annotated[str, typer.Argument(help="Patient name, id or id prefix.")],
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
) -> None:
    """List a patient's progress ratings, newest first, with the change per area.

    Example: sanctuary progress list Benjamin --json
    """
    from sanctuary_cli.cli.output import render
    from sanctuary_cli.practice.audit import record_shown
    from sanctuary_cli.practice.refs import resolve_patient

    app_ctx = app_context(ctx)
    db = app_ctx.db()
    chosen = output_format(fmt, csv, json)
    found = resolve_patient(db, patient)
    rows = db.all("progress.list", patient_id=found["id"])
    record_shown(
        db,
        "progress_entries",
        rows,
        export=chosen != "table",
        id_key="progress_entry_id",
        patient_id=found["id"],
    )
    render(
        rows,
        ["recorded_at", "area", "rating", "change", "notes"],
        chosen,
        title=f"Progress of {found['full_name']}",
        tz=app_ctx.settings.tz,
        empty_message="No progress ratings yet.",
    )


@app.command("areas")
def progress_areas(
    ctx: typer.Context,
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
) -> None:
    """List the treatment areas progress is rated on.

    Example: sanctuary progress areas
    """
    from sanctuary_cli.cli.output import render

    rows = app_context(ctx).db().all("progress.areas")
    render(
        rows,
        ["area", "description", "entries"],
        output_format(fmt, csv, json),
        title="Progress areas",
    )
