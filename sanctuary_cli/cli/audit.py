"""`sanctuary audit`: who read or changed what, when; and whether the log is intact."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sanctuary_cli.cli.context import database
from sanctuary_cli.cli.groups import GROUP_HELP
from sanctuary_cli.cli.options import Listing, listing_options

app = typer.Typer(help=GROUP_HELP["audit"], no_args_is_help=True)

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
@listing_options()
def audit_list(
    ctx: typer.Context,
    listing: Listing,
    patient: Annotated[
        str | None, typer.Option("--patient", help="Only entries about this patient.")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Only entries from this day on: YYYY-MM-DD or words like today, yesterday, "
            "last mon.",
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1_000_000)] = 200,
) -> None:
    """List audit entries you may see, newest first: who, when, action, table, row, columns.

    Example: sanctuary audit list --patient Amelia --since 2026-01-01 --csv
    """
    from sanctuary_cli.practice.audit import audit_entries

    rows = audit_entries(database(ctx), patient=patient, since=since, limit=limit)
    listing.show(rows, LIST_COLUMNS, title="Audit log", empty="No audit entries match.")


@app.command("verify")
def audit_verify(
    ctx: typer.Context,
    anchor: Annotated[
        Path | None,
        typer.Option(
            "--anchor",
            help="Also check the anchors in this file (default: the saved anchors of "
            "`audit anchor`, when there are any).",
        ),
    ] = None,
) -> None:
    """Check the hash chain of the whole log, and that every saved anchor is still in it;
    name the first removed or altered entry.

    Example: sanctuary audit verify && echo intact
    """
    from datetime import UTC, datetime

    from sanctuary_cli.cli.messages import result
    from sanctuary_cli.practice.audit import saved_anchors, verify_chain
    from sanctuary_cli.store.chain_check import record_chain_check

    db = database(ctx)
    state = verify_chain(db, saved_anchors(db, anchor))
    # A whole walk that found the chain intact: `today` may start its next one from here.
    record_chain_check(db.settings, state["last_seq"], state["last_hash"], datetime.now(UTC))
    anchored = f", {state['anchors_checked']} anchor(s) match" if state["anchors_checked"] else ""
    result(
        f"Audit log intact: {state['entries']} entries, last hash {state['last_hash']}{anchored}"
    )


@app.command("anchor")
def audit_anchor(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Append the anchor to this file (default: audit-anchors.jsonl in the data dir).",
        ),
    ] = None,
) -> None:
    """Copy the audit chain's head (entry number, hash, time) outside the database, so that
    `audit verify` can later tell if entries were cut off or re-hashed after it.

    Run it from cron (daily) and keep the file somewhere the database's admins cannot write.

    Example: sanctuary audit anchor -o /mnt/witness/sanctuary-anchors.jsonl
    """
    from sanctuary_cli.cli.messages import result, say
    from sanctuary_cli.practice.audit import anchor_chain

    anchor, path = anchor_chain(database(ctx), output)
    result(f"Audit anchor: {anchor.line()}")
    say(f"Appended to {path}")
