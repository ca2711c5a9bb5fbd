"""`sanctuary billing`: charges, payments, refunds, overdue and aging, superbills."""

from __future__ import annotations

from typing import Annotated

import typer

from sanctuary_cli.cli import billing_estimates
from sanctuary_cli.cli.context import database
from sanctuary_cli.cli.groups import GROUP_HELP
from sanctuary_cli.cli.options import Listing, listing_options

app = typer.Typer(help=GROUP_HELP["billing"], no_args_is_help=True)

# Let a negative amount reach the money parser (one clear line) instead of being read as an
# unknown option.
NEGATIVE_OK = {"ignore_unknown_options": True}

CHARGE_COLUMNS = [
    "charge_id", "patient_name", "record_type", "service_date", "due_date", "cpt_code",
    "cpt_modifier", "addon_cpt_code", "addon_units", "icd10_codes", "amount", "insurance_amount",
    "patient_responsibility", "amount_paid", "balance", "status", "amount_refunded",
    "amount_adjusted",
]  # fmt: skip
# A table drops its rightmost columns first on a narrow terminal (cli/table_fit.py), so a person
# sees what was paid, what is owed and the status before codes; CSV and JSON keep the contract.
CHARGE_TABLE_COLUMNS = [
    "patient_name", "service_date", "record_type", "amount", "amount_paid", "balance", "status",
    "cpt_code", "charge_id", "amount_refunded", "amount_adjusted", "due_date",
    "insurance_amount", "patient_responsibility", "icd10_codes", "cpt_modifier",
    "addon_cpt_code", "addon_units",
]  # fmt: skip
OVERDUE_COLUMNS = [
    "patient_name", "service_date", "due_date", "days_overdue", "aging_bucket", "balance",
    "amount", "amount_paid", "cpt_code", "record_type", "charge_id", "amount_refunded",
]  # fmt: skip
SUMMARY_COLUMNS = [
    "patient_name", "insurance_provider", "coverage_percent", "record_count", "total_billed",
    "insurance_total", "patient_responsibility_total", "total_paid", "balance",
    "overdue_balance", "total_refunded", "last_payment_at", "total_adjusted", "over_estimate",
    "over_estimate_by",
]  # fmt: skip
# days_0_30 (current and 1-30 together) was the first bucket before "current" existed; scripts
# may read it, so CSV and JSON keep it, last.
AGING_COLUMNS = [
    "patient_name", "current", "days_1_30", "days_31_60", "days_61_90", "days_over_90", "total",
]  # fmt: skip
EVERY_CLINICIAN = "Every clinician's charges, not only yours."
SETTINGS_COLUMNS = ["require_signed_note", "default_due_days"]


def charge_columns(listing: Listing, extra: str | None = None) -> list[str]:
    """The columns of a charge row: the contract's order in CSV and JSON (`extra` last), what a
    person needs first in a table (`extra` after the balance)."""
    if listing.format in ("csv", "json"):
        return [*CHARGE_COLUMNS, *([extra] if extra else [])]
    columns = list(CHARGE_TABLE_COLUMNS)
    if extra:
        columns.insert(columns.index("balance"), extra)
    return columns


@app.command("charge", context_settings=NEGATIVE_OK)
@listing_options()
def billing_charge(
    ctx: typer.Context,
    listing: Listing,
    ref: Annotated[str, typer.Argument(help="Appointment id (prefix), or a patient.")],
    cpt: Annotated[
        str | None, typer.Option("--cpt", help="CPT code (default: from the session's length).")
    ] = None,
    minutes: Annotated[
        int | None,
        typer.Option(
            "--minutes", help="Session length for its CPT code (default: the appointment's)."
        ),
    ] = None,
    any_cpt: Annotated[
        bool, typer.Option("--any-cpt", help="Accept a CPT code outside the psychotherapy list.")
    ] = False,
    icd10: Annotated[
        str | None,
        typer.Option(
            "--icd10", help="ICD-10 codes, comma separated (default: the patient's; a fee none)."
        ),
    ] = None,
    amount: Annotated[
        str | None, typer.Option("--amount", help="Fee (default: the appointment's).")
    ] = None,
    record_type: Annotated[
        str,
        typer.Option(
            "--type",
            help="session, consultation, assessment, cancellation-fee, no-show-fee (late-fee).",
        ),
    ] = "session",
    modifier: Annotated[
        str | None, typer.Option("--modifier", help="CPT modifier(s), e.g. 95.")
    ] = None,
    service_date: Annotated[
        str | None, typer.Option("--date", help="Service date, YYYY-MM-DD or a word (today).")
    ] = None,
    due: Annotated[
        str | None, typer.Option("--due", help="Due date, YYYY-MM-DD or a word (tomorrow).")
    ] = None,
    description: Annotated[
        str | None, typer.Option("--description", help="What the charge is for.")
    ] = None,
) -> None:
    """Charge an appointment (CPT, fee and coverage from the session) or a patient.

    Example: sanctuary billing charge 3f2a9c1e --modifier 95
    """
    from sanctuary_cli.practice.charges import create_charge

    row = create_charge(
        database(ctx),
        ref,
        record_type=record_type,
        amount=amount,
        cpt=cpt,
        modifier=modifier,
        icd10=icd10,
        service_date=service_date,
        due_date=due,
        description=description,
        minutes=minutes,
        any_cpt=any_cpt,
    )
    listing.show([row], charge_columns(listing), title="Charge recorded")


@app.command("pay", context_settings=NEGATIVE_OK)
@listing_options()
def billing_pay(
    ctx: typer.Context,
    listing: Listing,
    ref: Annotated[str, typer.Argument(help="Charge id (prefix).")],
    amount: Annotated[str, typer.Argument(help="Amount paid, e.g. 30 or 120.50.")],
    method: Annotated[
        str, typer.Option("--method", help="cash, card, check, insurance, transfer or other.")
    ] = "other",
    reference: Annotated[str | None, typer.Option("--reference", help="Check no., EOB...")] = None,
) -> None:
    """Record a payment, in full or in part, against a charge.

    Example: sanctuary billing pay 7c1d 30.00 --method card
    """
    from sanctuary_cli.practice.billing import record_payment

    row = record_payment(database(ctx), ref, amount, method, reference)
    listing.show([row], charge_columns(listing), title="Payment recorded")


@app.command("refund", context_settings=NEGATIVE_OK)
@listing_options()
def billing_refund(
    ctx: typer.Context,
    listing: Listing,
    ref: Annotated[str, typer.Argument(help="Charge id (prefix).")],
    amount: Annotated[
        str | None,
        typer.Argument(help="How much to return (default: all that was paid; the charge closes)."),
    ] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Why it is refunded.")] = None,
    adjust: Annotated[
        bool,
        typer.Option("--adjust", help="Also take AMOUNT off the charge (a goodwill refund)."),
    ] = False,
) -> None:
    """Refund a charge: all that was paid (it closes, refunded), or AMOUNT of it.

    Money refunded with AMOUNT is owed again unless --adjust takes it off the charge too.

    Example: sanctuary billing refund 7c1d 20 --adjust --reason "session cut short"
    """
    from sanctuary_cli.cli.messages import say
    from sanctuary_cli.cli.output import money
    from sanctuary_cli.practice.billing import refund_charge

    done = refund_charge(database(ctx), ref, amount, reason, adjust=adjust)
    listing.show([done.charge], charge_columns(listing, "refunded"), title="Refund recorded")
    if done.owed_again:
        say(
            f"The {money(done.owed_again)} refunded is owed again (balance "
            f"{money(done.charge['balance'])}); a goodwill refund takes --adjust"
        )


@app.command("overdue")
@listing_options(all_therapists=EVERY_CLINICIAN)
def billing_overdue(ctx: typer.Context, listing: Listing) -> None:
    """List charges with a balance past their due date, most days overdue first.

    Example: sanctuary billing overdue --csv > overdue.csv
    """
    from sanctuary_cli.practice.billing import overdue_charges

    rows = overdue_charges(database(ctx), all_therapists=listing.all_therapists)
    listing.show(rows, OVERDUE_COLUMNS, title="Overdue balances", empty="Nothing is overdue.")


@app.command("summary")
@listing_options(all_therapists=EVERY_CLINICIAN)
def billing_summary(ctx: typer.Context, listing: Listing) -> None:
    """Billed, insurance share, patient share, paid and open balance per patient.

    Example: sanctuary billing summary --format markdown
    """
    from sanctuary_cli.practice.billing import billing_summary as summary

    rows = summary(database(ctx), all_therapists=listing.all_therapists)
    listing.show(rows, SUMMARY_COLUMNS, title="Billing summary", empty="No charges yet.")


@app.command("aging")
@listing_options(all_therapists=EVERY_CLINICIAN)
def billing_aging(ctx: typer.Context, listing: Listing) -> None:
    """Open balances per patient: current (not yet due), then 1-30, 31-60, 61-90 and over 90
    days past due, with totals.

    Example: sanctuary billing aging --csv
    """
    from sanctuary_cli.practice.billing import aging_totals
    from sanctuary_cli.rules.aging import AGING_HEADINGS, LEGACY_0_30

    rows = aging_totals(database(ctx), all_therapists=listing.all_therapists)
    if listing.format in ("csv", "json"):
        listing.show(rows, [*AGING_COLUMNS, LEGACY_0_30], title="Accounts receivable aging")
        return
    # For a person, headings that read as ages ("1-30 days"), not as column names.
    shown = [{AGING_HEADINGS[c]: row[c] for c in AGING_COLUMNS} for row in rows]
    headings = [AGING_HEADINGS[c] for c in AGING_COLUMNS]
    listing.show(shown, headings, title="Accounts receivable aging")


@app.command("superbill")
def billing_superbill(
    ctx: typer.Context,
    patient: Annotated[str, typer.Argument(help="Patient: id, id prefix or name.")],
    date_from: Annotated[
        str, typer.Option("--from", help="First service date, YYYY-MM-DD or a word (today).")
    ],
    date_to: Annotated[
        str, typer.Option("--to", help="Last service date, YYYY-MM-DD or a word (today).")
    ],
    output: Annotated[str, typer.Option("--output", "-o", help="PDF file to write.")],
) -> None:
    """Write a superbill PDF (provider, NPI, dates, CPT and ICD-10 codes, fees, payments).

    Example: sanctuary billing superbill "Amelia Chen" --from 2026-01-01 --to 2026-03-31 -o q1.pdf
    """
    import sys

    from sanctuary_cli.cli.messages import say
    from sanctuary_cli.practice.superbill import write_superbill

    path = write_superbill(database(ctx), patient, date_from, date_to, output)
    if sys.stderr.isatty():
        say(f"Wrote {path}")


@app.command("settings")
@listing_options()
def billing_settings_cmd(
    ctx: typer.Context,
    listing: Listing,
    require_signed_note: Annotated[
        bool | None,
        typer.Option(
            "--require-signed-note/--no-require-signed-note",
            help="Refuse to bill a session until its note is signed.",
            show_default=False,
        ),
    ] = None,
    due_days: Annotated[
        int | None, typer.Option("--due-days", min=0, max=365, help="Days until a charge is due.")
    ] = None,
) -> None:
    """Show or change the practice's billing settings.

    Example: sanctuary billing settings --require-signed-note --due-days 14
    """
    from sanctuary_cli.practice.billing import billing_settings

    row = billing_settings(
        database(ctx), require_signed_note=require_signed_note, default_due_days=due_days
    )
    listing.show([row], SETTINGS_COLUMNS, title="Billing settings")


# Good Faith Estimates (estimate, estimates) have their own module; listed after the rest.
app.registered_commands += billing_estimates.app.registered_commands
