"""`sanctuary today`: the first screen of the day, one short section after another.

A command, not a group: the Typer app's callback runs when no sub-command is given, so
`sanctuary today --json` works while the root keeps loading groups lazily (cli/app.py GROUPS).

The shapes (docs/guide.md, "The first screen of the day"): the table is one screen of
sections with a "nothing" line for an empty one; JSON is one object whose keys are the
sections, each a list; CSV is one table with a `section` column first and every section's
columns after it (a cell is empty where its section has no such column); Markdown is one
`##` section after another.
"""

from __future__ import annotations

import io
import json
from typing import Any

import typer

from sanctuary_cli.cli.context import app_context, database
from sanctuary_cli.cli.groups import GROUP_HELP
from sanctuary_cli.cli.options import Listing, listing_options

# No sub-commands: the usage line shows none, and the callback is the command.
app = typer.Typer(help=GROUP_HELP["today"], invoke_without_command=True, subcommand_metavar="")

# Each section's columns in CSV, JSON and Markdown: a contract, as for every listing.
COLUMNS = {
    "agenda": [
        "starts_at",
        "ends_at",
        "patient_name",
        "therapist_name",
        "session_type",
        "appointment_type",
        "location",
        "status",
        "note_status",
        "appointment_id",
    ],
    "unsigned_notes": [
        "patient_name",
        "therapist_name",
        "session_date",
        "session_ended_at",
        "hours_since_session",
        "note_id",
        "appointment_id",
    ],
    "risk_followups": [
        "patient_name",
        "elevated_by",
        "elevated_since",
        "next_appointment_at",
        "last_note_risk_level",
        "safety_plan_on_file",
        "phq9_item9_positive",
        "cssrs_risk",
        "patient_id",
    ],
    "overdue": [
        "kind",
        "charges",
        "patient_name",
        "service_date",
        "due_date",
        "days_overdue",
        "aging_bucket",
        "balance",
        "charge_id",
    ],
    # Treatment plans do not exist yet (practice/today.py QUERIES says how they come in).
    "plans_due": ["patient_name", "therapist_name", "plan_id", "review_due"],
    "alerts": ["kind", "level", "subject", "message", "when"],
}
# The table's shorter columns; the clinician's name is added for the whole practice.
TABLE_COLUMNS = {
    "agenda": ["time", "patient_name", "session_type", "appointment_type", "location", "status"]
    + ["note_status"],
    "unsigned_notes": ["patient_name", "session_date", "hours_since_session", "note_id"],
    "risk_followups": ["patient_name", "elevated_by", "elevated_since", "next_appointment_at"],
    "overdue": ["patient_name", "service_date", "days_overdue", "aging_bucket", "balance"],
    "plans_due": ["patient_name", "review_due"],
    "alerts": ["level", "message"],
}
WITH_CLINICIAN = ("agenda", "unsigned_notes", "plans_due")
TITLES = {
    "agenda": "Agenda",
    "unsigned_notes": "Notes unsigned after 24 hours",
    "risk_followups": "Risk follow-up",
    "overdue": "Overdue balances",
    "plans_due": "Treatment plans due for review",
    "alerts": "Alerts",
}
EMPTY = {
    "agenda": "no appointments today.",
    "unsigned_notes": "every note is signed.",
    "risk_followups": "no patient is flagged.",
    "overdue": "nothing overdue.",
    "plans_due": "none due.",
    "alerts": "none.",
}


@app.callback()
@listing_options(all_therapists="The whole practice, not only you.")
def today(ctx: typer.Context, listing: Listing) -> None:
    """The first screen of the day (its help is GROUP_HELP["today"]).

    Example: sanctuary today --all-therapists
    """
    from sanctuary_cli.practice.today import today as first_screen

    screen = first_screen(
        database(ctx), all_therapists=listing.all_therapists, export=listing.is_export
    )
    shown = {"json": show_json, "csv": show_csv, "markdown": show_markdown}
    shown.get(listing.format, show_table)(ctx, listing, screen)


def show_json(ctx: typer.Context, listing: Listing, screen: Any) -> None:
    """One object, a list per section; values rendered as every listing's JSON renders them."""
    from sanctuary_cli.cli.messages import result
    from sanctuary_cli.cli.output import render

    tz = app_context(ctx).settings.tz
    document = {}
    for name in screen.sections:  # in the order of docs/SPEC.md section 7
        buffer = io.StringIO()
        render(screen.sections[name], COLUMNS[name], "json", tz=tz, out=buffer)
        document[name] = json.loads(buffer.getvalue())
    result(json.dumps(document, ensure_ascii=False, indent=2))


def show_csv(ctx: typer.Context, listing: Listing, screen: Any) -> None:
    columns = ["section"]
    for name in screen.sections:
        columns += [column for column in COLUMNS[name] if column not in columns]
    rows = [{**row, "section": name} for name, items in screen.sections.items() for row in items]
    listing.show(rows, columns)


def show_markdown(ctx: typer.Context, listing: Listing, screen: Any) -> None:
    from sanctuary_cli.cli.messages import result

    result(f"# {heading(screen)}\n")
    for name in screen.sections:
        rows = screen.sections[name]
        if rows:
            listing.show(rows, COLUMNS[name], title=TITLES[name])
            result("")
        else:
            result(f"## {TITLES[name]}\n\n{EMPTY[name].capitalize()}\n")


def show_table(ctx: typer.Context, listing: Listing, screen: Any) -> None:
    from sanctuary_cli.cli.messages import result

    tz = app_context(ctx).settings.tz
    result(heading(screen))
    for name in screen.sections:
        rows = screen.sections[name]
        columns = list(TABLE_COLUMNS[name])
        if screen.clinician is None and name in WITH_CLINICIAN:
            columns.insert(1, "therapist_name")
        title = TITLES[name]
        if name == "agenda":
            rows = [{**row, "time": clock(row, tz)} for row in rows]
        elif name == "overdue":
            rows, title = screen.overdue_charges, overdue_title(screen)
        result("")
        listing.show(rows, columns, title=title, empty=f"{TITLES[name]}: {EMPTY[name]}")


def heading(screen: Any) -> str:
    whose = screen.clinician or "the whole practice"
    return f"Today, {screen.day:%A %Y-%m-%d}, for {whose}"


def clock(row: dict[str, Any], tz: Any) -> str:
    """The session's start and end as local wall-clock times, e.g. 09:00-09:50."""
    start, end = row["starts_at"].astimezone(tz), row["ends_at"]
    return f"{start:%H:%M}-{end.astimezone(tz):%H:%M}" if end else f"{start:%H:%M}"


def overdue_title(screen: Any) -> str:
    total = screen.overdue_total
    if total is None:
        return TITLES["overdue"]
    shown = len(screen.overdue_charges)
    oldest = f", the oldest {shown} shown" if shown < total["charges"] else ""
    count, balance = total["charges"], total["balance"]
    return f"{TITLES['overdue']}: {count} charge(s), {balance:.2f} in all{oldest}"
