"""`sanctuary audit`: who read or changed what, when; and whether the log is intact."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from sanctuary_cli.cli.context import app_context
from sanctuary_cli.cli.groups import GROUP_HELP
from sanctuary_cli.cli.options import CsvOption, FormatOption, JsonOption, output_format

app = typer.Typer(
    help=GROUP_HELP["audit"],
    no_args_is_help=True,
)

LIST_COLUMNS = [
    "seq",
    "occurred_at",
    "actor",
    "therapist_name",
    "action",
    "table_name",
    "row_id",
    "patient_name",
    "changed_columns",
]


@app.command("list")
def audit_list(
    ctx: typer.Context,
    patient: Annotated[
        str | None, typer.Option("--patient", help="Only entries about this patient.")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only entries from this day on (ISO or 'today').")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1_000_000)] = 200,
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
) -> None:
    """List audit entries you may see, newest first: who, when, action, table, row, columns.

    Example: sanctuary audit list --patient Amelia --since 2026-01-01 --csv
    """
    from datetime import time

    from sanctuary_cli.cli.output import render
    from sanctuary_cli.practice.audit import audit_entries
    from sanctuary_cli.practice.refs import resolve_patient
    from sanctuary_cli.rules.dates import localize, parse_day

    app_ctx = app_context(ctx)
    tz = app_ctx.settings.tz
    db = app_ctx.db()
    start = localize(parse_day(since, tz), time(0), tz) if since else None
    patient_id = resolve_patient(db, patient)["id"] if patient else None
    rows = audit_entries(db, patient_id=patient_id, since=start, limit=limit)
    render(
        rows,
        LIST_COLUMNS,
        output_format(fmt, csv, json),
        title="Audit log",
        tz=tz,
        empty_message="No audit entries match.",
    )


@app.command("verify")
def audit_verify(ctx: typer.Context) -> None:
    """Check the hash chain of the whole log; name the first removed or altered entry.

    Example: sanctuary audit verify && echo intact
    """
    from sanctuary_cli.errors import UserError
    from sanctuary_cli.practice.audit import verify_chain

    state = verify_chain(app_context(ctx).db())
    if state["broken_seq"] is not None:
        raise UserError(f"Audit log broken: {state['problem']}")
    sys.stdout.write(
        f"Audit log intact: {state['entries']} entries, last hash {state['last_hash']}\n"
    )
