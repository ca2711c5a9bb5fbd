"""`sanctuary claims`: insurance claims made from charges, sent as 837P files, answered by
999, 277CA and 835 files (docs/claims.md)."""

from __future__ import annotations

from typing import Annotated

import typer

from sanctuary_cli.cli.context import app_context, database
from sanctuary_cli.cli.groups import GROUP_HELP
from sanctuary_cli.cli.options import (
    Listing,
    Written,
    listing_options,
    written_options,
)

app = typer.Typer(help=GROUP_HELP["claims"], no_args_is_help=True)

# The contract's columns (docs/SPEC.md section 8), in its order.
LIST_COLUMNS = [
    "claim_id", "control_number", "patient_name", "payer_name", "service_from", "service_to",
    "total_charge", "status", "paid_amount", "adjustment_amount", "patient_responsibility",
]  # fmt: skip
CREATED_COLUMNS = [
    "claim_id", "control_number", "patient_name", "payer_name", "service_from", "service_to",
    "total_charge", "lines", "status",
]  # fmt: skip
LINE_COLUMNS = [
    "line_number", "service_date", "cpt_code", "modifiers", "units", "charge",
    "place_of_service", "pointers", "paid", "adjustments", "financial_record_id",
]  # fmt: skip
HISTORY_COLUMNS = ["occurred_at", "kind", "status", "source", "detail"]
EVERY_CLINICIAN = "Every clinician's claims, not only yours."
STATUS_HELP = "draft, ready, submitted, accepted, rejected, paid, partial, denied (or reversed, "
STATUS_HELP += "replaced, void)."
ClaimRef = Annotated[str, typer.Argument(help="Control number or the start of the claim id.")]


@app.command("create")
@written_options()
def claims_create(
    ctx: typer.Context,
    written: Written,
    patient: Annotated[str, typer.Argument(help="Patient: id, id prefix or part of the name.")],
    first_day: Annotated[
        str | None, typer.Option("--from", help="First service day (ISO, yesterday, dec 3...).")
    ] = None,
    last_day: Annotated[str | None, typer.Option("--to", help="Last service day.")] = None,
    secondary: Annotated[
        bool,
        typer.Option("--secondary", help="To the secondary payer, for what the primary paid."),
    ] = False,
) -> None:
    """Make a claim per rendering clinician of the patient's unclaimed insurance charges with
    signed notes, or refuse naming every missing or invalid item.

    Example: sanctuary claims create Amelia --from 2026-01-01 --to 2026-01-31
    """
    from sanctuary_cli.cli.messages import result
    from sanctuary_cli.practice.claims import create_claims

    made = create_claims(database(ctx), patient, first_day, last_day, secondary=secondary)
    if written.format:
        Listing(ctx, written.format).show(made, CREATED_COLUMNS)
        return
    for claim in made:
        lines = claim["lines"]
        result(
            f"{claim['claim_id']} {claim['control_number']}: {claim['patient_name']} to "
            f"{claim['payer_name']}, {lines} line{'' if lines == 1 else 's'}, "
            f"{claim['total_charge']:.2f}, ready to export"
        )


@app.command("list")
@listing_options(all_therapists=EVERY_CLINICIAN)
def claims_list(
    ctx: typer.Context,
    listing: Listing,
    status: Annotated[str | None, typer.Option("--status", help=STATUS_HELP)] = None,
) -> None:
    """List claims with what the payer paid, wrote off and left to the patient.

    Example: sanctuary claims list --status rejected --csv
    """
    from sanctuary_cli.practice.claims import list_claims

    rows = list_claims(database(ctx), status, all_therapists=listing.all_therapists)
    listing.show(rows, LIST_COLUMNS, title="Claims", empty="No claims.")


@app.command("show")
@listing_options()
def claims_show(ctx: typer.Context, listing: Listing, ref: ClaimRef) -> None:
    """Show one claim: its fields, lines, and history with the payer's reasons. CSV is the
    lines; JSON one object with claim, lines and history.

    Example: sanctuary claims show SC00000001
    """
    from sanctuary_cli.cli.views import print_json
    from sanctuary_cli.practice.claims import show_claim

    shown = show_claim(database(ctx), ref, export=listing.is_export)
    claim = shown["claim"]
    if listing.format == "json":
        print_json(shown, app_context(ctx).tz)
        return
    if listing.format == "csv":
        listing.show(shown["lines"], LINE_COLUMNS)
        return
    fields = [{"field": key, "value": value} for key, value in claim.items()]
    listing.show(fields, ["field", "value"], title=f"Claim {claim['control_number']}")
    listing.show(shown["lines"], LINE_COLUMNS, title="Lines")
    listing.show(shown["history"], HISTORY_COLUMNS, title="History", empty="No history.")


@app.command("export")
def claims_export(
    ctx: typer.Context,
    output: Annotated[str, typer.Option("--output", "-o", help="The 837P file to write.")],
    refs: Annotated[
        list[str] | None, typer.Argument(help="Claims to send (default: every ready one).")
    ] = None,
    all_therapists: Annotated[bool, typer.Option("--all-therapists", help=EVERY_CLINICIAN)] = False,
    test: Annotated[
        bool,
        typer.Option(
            "--test", help="A test file (ISA15 T) for the clearinghouse; claims stay ready."
        ),
    ] = False,
    batch: Annotated[
        int | None,
        typer.Option("--batch", help="Write interchange N again, exactly as it was exported."),
    ] = None,
) -> None:
    """Write ready claims as one 837P file and mark them submitted, in one transaction.

    Example: sanctuary claims export -o claims-2026-01-31.837
    """
    from sanctuary_cli.cli.messages import result, say
    from sanctuary_cli.errors import UserError
    from sanctuary_cli.practice.claim_export import export_claims, write_again

    db = database(ctx)
    if batch is not None:
        if refs or test:
            raise UserError("--batch writes an earlier file as it was: give no claims or --test")
        done = write_again(db, output, batch)
        result(f"Wrote interchange {done.interchange} again to {done.path}")
        return
    done = export_claims(db, output, refs, all_therapists=all_therapists, test=test)
    count = len(done.claims)
    what = "test file" if done.test else "claims file"
    result(
        f"Wrote {count} claim{'' if count == 1 else 's'} to {done.path} ({what}, interchange "
        f"{done.interchange}): {', '.join(done.claims)}"
    )
    if done.test:
        say("A test file (ISA15 T): the claims stay ready to export for real")
    else:
        say("Upload it to your clearinghouse; import its 999 and 277CA with `claims import`")


@app.command("import")
def claims_import(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="An 835 remittance, a 999 or a 277CA.")],
) -> None:
    """Post an 835 remittance (payments, write-offs, patient share) or record a 999 or 277CA
    (accepted or rejected with the reason); all of the file or nothing.

    Example: sanctuary claims import era-2026-02-07.835
    """
    from sanctuary_cli.cli.messages import result, say
    from sanctuary_cli.practice.claim_import import import_file

    done = import_file(database(ctx), file)
    if done.already:
        say(f"{done.file_name} ({done.kind}) was imported before: nothing changed")
        return
    for claim in done.claims:
        result(f"{claim['control_number']}: {claim['status']} ({claim['detail']})")
    for note in done.notes:
        say(note)
    count = len(done.claims)
    say(f"Imported {done.file_name} ({done.kind}): {count} claim{'' if count == 1 else 's'}")


@app.command("resubmit")
@written_options()
def claims_resubmit(ctx: typer.Context, written: Written, ref: ClaimRef) -> None:
    """Send a claim again, rebuilt from today's details: a replacement (frequency 7, with the
    payer's claim number), or a new original when the payer rejected it.

    Example: sanctuary claims resubmit SC00000001
    """
    from sanctuary_cli.practice.claim_changes import resubmit_claim

    made = resubmit_claim(database(ctx), ref)
    kind = "a new original" if made["frequency"] == "1" else "a replacement (frequency 7)"
    written.show(
        made,
        CREATED_COLUMNS,
        f"{made['claim_id']} {made['control_number']}: {kind} of {made['replaced']}, ready to "
        "export",
    )


@app.command("void")
@written_options()
def claims_void(ctx: typer.Context, written: Written, ref: ClaimRef) -> None:
    """Void a claim: a void claim (frequency 8) to export once the payer has it, or withdrawn
    when it was never sent; its charges are free to claim again.

    Example: sanctuary claims void SC00000001
    """
    from sanctuary_cli.practice.claim_changes import void_claim

    made = void_claim(database(ctx), ref)
    if made["sent"]:
        line = (f"{made['claim_id']} {made['control_number']}: void of {made['voided']} "
                "(frequency 8), ready to export")  # fmt: skip
    else:
        line = f"{made['control_number']} withdrawn: it is void"
    written.show(made, ["claim_id", "control_number", "status"], line)
