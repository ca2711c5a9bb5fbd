"""`sanctuary billing estimate` and `billing estimates`: Good Faith Estimates for uninsured and
self-pay patients (docs/billing.md, "Good Faith Estimates"). cli/billing.py adds these commands
to the billing group."""

from __future__ import annotations

from typing import Annotated

import typer

from sanctuary_cli.cli.context import database
from sanctuary_cli.cli.options import Listing, Written, listing_options, written_options

app = typer.Typer()

ESTIMATE_COLUMNS = [
    "estimate_id", "patient_name", "issued_on", "sessions", "cpt_code", "fee", "service_from",
    "service_to", "estimated_total", "billed_total", "billed_above", "over_estimate",
    "self_pay_reason",
]  # fmt: skip


@app.command("estimate")
@written_options()
def billing_estimate(
    ctx: typer.Context,
    written: Written,
    patient: Annotated[str, typer.Argument(help="Patient: id, id prefix or name.")],
    sessions: Annotated[
        str, typer.Option("--sessions", help="Sessions expected, one a week (1-52).")
    ],
    output: Annotated[str, typer.Option("--output", "-o", help="PDF file to write.")],
    cpt: Annotated[
        str | None,
        typer.Option("--cpt", help="CPT code (default: from the patient's usual session)."),
    ] = None,
    fee: Annotated[
        str | None,
        typer.Option("--fee", help="Charge per session (default: the session type's fee)."),
    ] = None,
    first_day: Annotated[
        str | None,
        typer.Option("--from", help="First session, YYYY-MM-DD or a word (default: today)."),
    ] = None,
    icd10: Annotated[
        str | None,
        typer.Option("--icd10", help="ICD-10 codes, comma separated (default: the patient's)."),
    ] = None,
    self_pay: Annotated[
        bool,
        typer.Option("--self-pay", help="An insured patient who chooses not to bill insurance."),
    ] = False,
) -> None:
    """Write a Good Faith Estimate PDF (No Surprises Act) for an uninsured or self-pay patient,
    and record it: expected sessions weekly from --from, codes, charges, provider, disclaimers.

    Example: sanctuary billing estimate "Chloe Davis" --sessions 12 -o chloe-estimate.pdf
    """
    import sys

    from sanctuary_cli.cli.messages import say
    from sanctuary_cli.cli.output import money
    from sanctuary_cli.practice.estimates import issue_estimate

    issued = issue_estimate(
        database(ctx),
        patient,
        sessions=sessions,
        output=output,
        cpt_code=cpt,
        fee=fee,
        first_day=first_day,
        icd10=icd10,
        self_pay=self_pay,
    )
    row = issued.row
    written.show(
        row,
        ESTIMATE_COLUMNS,
        f"Good Faith Estimate {str(row['estimate_id'])[:8]} for {row['patient_name']}: "
        f"{row['sessions']} x {row['cpt_code']} at {money(row['fee'])} from "
        f"{row['service_from']}, total {money(row['estimated_total'])}",
    )
    if sys.stderr.isatty():
        say(f"Wrote {issued.path}")


@app.command("estimates")
@listing_options(all_therapists="Every clinician's estimates, not only yours.")
def billing_estimates(
    ctx: typer.Context,
    listing: Listing,
    patient: Annotated[
        str | None, typer.Argument(help="Patient: id, id prefix or name (default: all).")
    ] = None,
) -> None:
    """List Good Faith Estimates, newest first, with what was billed against each and whether
    that is $400 or more above the estimate.

    Example: sanctuary billing estimates "Chloe Davis" --csv
    """
    from sanctuary_cli.practice.estimates import list_estimates

    rows = list_estimates(database(ctx), patient, all_therapists=listing.all_therapists)
    listing.show(rows, ESTIMATE_COLUMNS, title="Good Faith Estimates", empty="No estimates yet.")
