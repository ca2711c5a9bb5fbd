"""`sanctuary calendar`: the schedule published to a CalDAV calendar."""

from __future__ import annotations

from typing import Annotated

import typer

from sanctuary_cli.cli.context import database
from sanctuary_cli.cli.groups import GROUP_HELP

app = typer.Typer(help=GROUP_HELP["calendar"], no_args_is_help=True)


@app.command("sync")
def calendar_sync(
    ctx: typer.Context,
    days: Annotated[
        int, typer.Option("--days", min=1, max=366, help="Today and this many days after it.")
    ] = 60,
    all_therapists: Annotated[
        bool, typer.Option("--all-therapists", help="Every clinician's appointments.")
    ] = False,
) -> None:
    """Publish the coming appointments to the CalDAV calendar of SANCTUARY_CALDAV_URL:
    initials only, moved ones updated, cancelled and no-show ones removed; a run with nothing
    changed changes nothing. Ends with `created N, updated M, removed K` on stderr.

    Example: sanctuary calendar sync --days 30
    """
    from sanctuary_cli.cli.messages import say
    from sanctuary_cli.practice.calendar_sync import sync_calendar

    result = sync_calendar(database(ctx), days=days, all_therapists=all_therapists)
    say(f"created {result.created}, updated {result.updated}, removed {result.removed}")
