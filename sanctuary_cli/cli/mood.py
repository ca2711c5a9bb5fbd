"""`sanctuary mood`: mood ratings 1-10 and their trend."""

from __future__ import annotations

from typing import Annotated

import typer

from sanctuary_cli.cli.context import app_context, current_therapist
from sanctuary_cli.cli.groups import GROUP_HELP
from sanctuary_cli.cli.options import CsvOption, FormatOption, JsonOption, output_format

app = typer.Typer(
    help=GROUP_HELP["mood"],
    no_args_is_help=True,
)

Patient = Annotated[str, typer.Argument(help="Patient name, id or id prefix.")]


@app.command("add")
def mood_add(
    ctx: typer.Context,
    patient: Patient,
    rating: Annotated[str, typer.Argument(help="1 (lowest) to 10 (best).")],
    note: Annotated[str | None, typer.Option("--note", help="A few words of context.")] = None,
) -> None:
    """Record a mood rating now.

    Example: sanctuary mood add Amelia 6 --note "after work meeting"
    """
    from sanctuary_cli.practice.charting import add_mood

    row = add_mood(app_context(ctx).db(), patient, current_therapist(ctx)["id"], rating, note)
    typer.echo(f"Mood {row['rating']}/10 recorded ({row['mood_entry_id']})")


@app.command("list")
def mood_list(
    ctx: typer.Context,
    patient: Patient,
    limit: Annotated[int, typer.Option("--limit", min=1, max=100000)] = 100,
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
) -> None:
    """List a patient's mood ratings, newest first.

    Example: sanctuary mood list Amelia --csv
    """
    from sanctuary_cli.cli.output import render
    from sanctuary_cli.practice.audit import record_shown
    from sanctuary_cli.practice.refs import resolve_patient

    app_ctx = app_context(ctx)
    db = app_ctx.db()
    chosen = output_format(fmt, csv, json)
    found = resolve_patient(db, patient)
    rows = db.all("mood.list", patient_id=found["id"], limit=limit)
    record_shown(
        db,
        "mood_entries",
        rows,
        export=chosen != "table",
        id_key="mood_entry_id",
        patient_id=found["id"],
    )
    render(
        rows,
        ["recorded_at", "rating", "note"],
        chosen,
        title=f"Mood of {found['full_name']}",
        tz=app_ctx.settings.tz,
        empty_message="No mood ratings yet.",
    )


@app.command("trend")
def mood_trend(
    ctx: typer.Context,
    patient: Patient,
    last: Annotated[int, typer.Option("--last", min=1, max=1000, help="Entries to plot.")] = 30,
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
) -> None:
    """Show a sparkline of the last N ratings and the mean rating per week.

    Example: sanctuary mood trend Amelia --last 20
    """
    from sanctuary_cli.cli.output import render
    from sanctuary_cli.practice.audit import record_shown
    from sanctuary_cli.practice.charting import mood_trend as trend_of
    from sanctuary_cli.practice.refs import resolve_patient

    app_ctx = app_context(ctx)
    db = app_ctx.db()
    found = resolve_patient(db, patient)
    trend = trend_of(db, found["id"], last)
    chosen = output_format(fmt, csv, json)
    record_shown(
        db, "mood_entries", trend["weeks"], export=chosen != "table", patient_id=found["id"]
    )
    if chosen == "table" and trend["ratings"]:
        typer.echo(f"Last {len(trend['ratings'])}: {trend['sparkline']}  (1-10)")
    render(
        trend["weeks"],
        ["week_start", "entries", "mean"],
        chosen,
        title=f"Weekly mean mood of {found['full_name']}",
        empty_message="No mood ratings yet.",
    )
