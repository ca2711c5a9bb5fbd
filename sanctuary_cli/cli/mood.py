"""`sanctuary mood`: mood ratings 1-10 and their trend."""

from __future__ import annotations

from typing import Annotated

import typer

from sanctuary_cli.cli.charts import PlotOption, check_plot, on_terminal, show_chart, write_chart
from sanctuary_cli.cli.context import database
from sanctuary_cli.cli.groups import GROUP_HELP
from sanctuary_cli.cli.options import Listing, Written, listing_options, written_options

app = typer.Typer(help=GROUP_HELP["mood"], no_args_is_help=True)

Patient = Annotated[str, typer.Argument(help="Patient name, id or id prefix.")]


@app.command("add")
@written_options()
def mood_add(
    ctx: typer.Context,
    written: Written,
    patient: Patient,
    rating: Annotated[str, typer.Argument(help="1 (lowest) to 10 (best).")],
    note: Annotated[str | None, typer.Option("--note", help="A few words of context.")] = None,
) -> None:
    """Record a mood rating now.

    Example: sanctuary mood add Amelia 6 --note "after work meeting"
    """
    from sanctuary_cli.practice.mood import add_mood

    row = add_mood(database(ctx), patient, rating, note)
    line = f"Mood {row['rating']}/10 recorded ({row['mood_entry_id']})"
    written.show(row, ["mood_entry_id", "patient_id", "recorded_at", "rating", "note"], line)


@app.command("list")
@listing_options()
def mood_list(
    ctx: typer.Context,
    listing: Listing,
    patient: Patient,
    limit: Annotated[int, typer.Option("--limit", min=1, max=100000)] = 100,
) -> None:
    """List a patient's mood ratings, newest first.

    Example: sanctuary mood list Amelia --csv
    """
    from sanctuary_cli.practice.mood import list_mood

    mood = list_mood(database(ctx), patient, limit=limit, export=listing.is_export)
    listing.show(
        mood["entries"],
        ["recorded_at", "rating", "note"],
        title=f"Mood of {mood['patient_name']}",
        empty="No mood ratings yet.",
    )


@app.command("trend")
@listing_options()
def mood_trend(
    ctx: typer.Context,
    listing: Listing,
    patient: Patient,
    last: Annotated[int, typer.Option("--last", min=1, max=1000, help="Entries to plot.")] = 30,
    plot: PlotOption = None,
) -> None:
    """Show a sparkline of the last N ratings and the mean rating per week; on a terminal a
    chart of the ratings follows, and --plot writes it as PNG or SVG.

    Example: sanctuary mood trend Amelia --last 20 --plot amelia-mood.svg
    """
    from sanctuary_cli.cli.context import app_context
    from sanctuary_cli.cli.messages import result
    from sanctuary_cli.cli.plots import terminal_chart
    from sanctuary_cli.errors import UserError
    from sanctuary_cli.practice.mood import mood_trend as trend_of

    check_plot(plot)
    trend = trend_of(
        database(ctx), patient, last=last, export=listing.is_export or plot is not None
    )
    if plot is not None and not trend["series"]:
        raise UserError("Nothing to plot: no mood ratings yet")
    if listing.format == "table" and trend["ratings"]:
        # On screen the sparkline is part of what is shown, so it goes to stdout too.
        result(f"Last {len(trend['ratings'])}: {trend['sparkline']}  (1-10)")
    listing.show(
        trend["weeks"],
        ["week_start", "entries", "mean"],
        title=f"Weekly mean mood of {trend['patient_name']}",
        empty="No mood ratings yet.",
    )
    tz = app_context(ctx).settings.tz
    if on_terminal(listing) and trend["series"]:
        show_chart(terminal_chart(trend["series"], "mood", tz=tz))
    if plot is not None:
        write_chart(plot, trend["series"], "mood", tz=tz)
