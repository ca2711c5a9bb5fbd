"""`sanctuary reminders`: appointment reminders by email, each sent at most once."""

from __future__ import annotations

from typing import Annotated

import typer

from sanctuary_cli.cli.context import app_context, database
from sanctuary_cli.cli.groups import GROUP_HELP
from sanctuary_cli.cli.options import Listing, listing_options

app = typer.Typer(help=GROUP_HELP["reminders"], no_args_is_help=True)

EVERY_CLINICIAN = "Every clinician's appointments."
DRY_RUN_COLUMNS = ["appointment_id", "starts_at", "patient_name", "email", "outcome"]
LIST_COLUMNS = [
    "starts_at", "patient_name", "channel", "status", "sent_at", "reason", "appointment_id",
]  # fmt: skip


@app.command("send")
@listing_options(all_therapists=EVERY_CLINICIAN)
def reminders_send(
    ctx: typer.Context,
    listing: Listing,
    for_: Annotated[
        str,
        typer.Option("--for", help="Whose appointments: tomorrow, today or a date (YYYY-MM-DD)."),
    ] = "tomorrow",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Send nothing; list what would be sent.")
    ] = False,
) -> None:
    """Email a reminder of each scheduled appointment of a day to the patients who agreed to
    one (patients edit REF --reminders email); each reminder is sent at most once, however
    often this runs. Ends with `sent N, skipped M` on stderr; exit 1 if any was refused or
    failed, 3 if the mail server cannot be reached. --format applies to the --dry-run list.

    Example: sanctuary reminders send --for tomorrow --dry-run
    """
    from sanctuary_cli.cli.messages import say, warn
    from sanctuary_cli.practice.reminders import send_reminders
    from sanctuary_cli.rules.dates import describe

    run = send_reminders(
        database(ctx), day=for_, dry_run=dry_run, all_therapists=listing.all_therapists
    )
    if dry_run:
        listing.show(
            run.rows,
            DRY_RUN_COLUMNS,
            title=f"Reminders for {run.day.isoformat()} (dry run)",
            empty="No scheduled appointments that day.",
        )
    tz = app_context(ctx).tz
    for row in run.problems:
        if run.error is not None and row["outcome"].startswith("failed"):
            continue  # not sent because of the error that ends the output, said once there
        when = describe(row["starts_at"], tz)
        warn(f"reminder of appointment {str(row['appointment_id'])[:8]} ({when}) {row['outcome']}")
    summary = f"sent {run.sent}, skipped {run.skipped}"
    if run.problems:
        summary += f", failed {len(run.problems)}"
    if dry_run:
        summary += f"; dry run: {run.would_send} would be sent"
    say(summary)
    if run.error is not None:
        raise run.error
    if run.problems:
        raise typer.Exit(1)


@app.command("list")
@listing_options(all_therapists=EVERY_CLINICIAN)
def reminders_list(
    ctx: typer.Context,
    listing: Listing,
    from_: Annotated[
        str | None,
        typer.Option("--from", help="First day (default: 30 days ago)."),
    ] = None,
    to: Annotated[
        str | None, typer.Option("--to", help="Last day, included (default: 30 days ahead).")
    ] = None,
) -> None:
    """List the reminders of the appointments in a date range: patient, time, state, when sent.

    Example: sanctuary reminders list --from today --to "next fri"
    """
    from sanctuary_cli.practice.reminders import list_reminders

    rows = list_reminders(
        database(ctx), first_day=from_, last_day=to, all_therapists=listing.all_therapists
    )
    listing.show(rows, LIST_COLUMNS, title="Reminders", empty="No reminders in that range.")
