"""`sanctuary billing`: charges, payments, refunds, overdue and aging, superbills."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from sanctuary_cli.cli.context import app_context, current_therapist, therapist_scope
from sanctuary_cli.cli.groups import GROUP_HELP
from sanctuary_cli.cli.options import CsvOption, FormatOption, JsonOption, output_format

app = typer.Typer(
    help=GROUP_HELP["billing"],
    no_args_is_help=True,
)

# Let a negative amount reach the money parser (one clear line) instead of being read as an
# unknown option.
NEGATIVE_OK = {"ignore_unknown_options": True}

CHARGE_COLUMNS = [
    "charge_id",
    "patient_name",
    "record_type",
    "service_date",
    "due_date",
    "cpt_code",
    "cpt_modifier",
    "addon_cpt_code",
    "addon_units",
    "icd10_codes",
    "amount",
    "insurance_amount",
    "patient_responsibility",
    "amount_paid",
    "balance",
    "status",
]
OVERDUE_COLUMNS = [
    "patient_name",
    "service_date",
    "due_date",
    "days_overdue",
    "aging_bucket",
    "balance",
    "amount",
    "amount_paid",
    "cpt_code",
    "record_type",
    "charge_id",
]
SUMMARY_COLUMNS = [
    "patient_name",
    "insurance_provider",
    "coverage_percent",
    "record_count",
    "total_billed",
    "insurance_total",
    "patient_responsibility_total",
    "total_paid",
    "balance",
    "overdue_balance",
    "total_refunded",
    "last_payment_at",
]
AGING_COLUMNS = ["patient_name", "days_0_30", "days_31_60", "days_61_90", "days_over_90", "total"]
AllTherapists = Annotated[
    bool, typer.Option("--all-therapists", help="Every clinician's charges, not only yours.")
]


def _show(ctx: typer.Context, rows, columns, fmt, title: str, empty: str = "Nothing to show."):
    from sanctuary_cli.cli.output import render

    render(rows, columns, fmt, title=title, tz=app_context(ctx).settings.tz, empty_message=empty)


@app.command("charge", context_settings=NEGATIVE_OK)
def billing_charge(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Appointment id (prefix), or a patient.")],
    cpt: Annotated[
        str | None, typer.Option("--cpt", help="CPT code (default: from the session).")
    ] = None,
    icd10: Annotated[
        str | None,
        typer.Option("--icd10", help="ICD-10 codes, comma separated (default: the patient's)."),
    ] = None,
    amount: Annotated[
        str | None, typer.Option("--amount", help="Fee (default: the appointment's).")
    ] = None,
    record_type: Annotated[
        str,
        typer.Option(
            "--type", help="session, consultation, assessment, cancellation-fee, late-fee."
        ),
    ] = "session",
    modifier: Annotated[
        str | None, typer.Option("--modifier", help="CPT modifier(s), e.g. 95.")
    ] = None,
    service_date: Annotated[
        str | None, typer.Option("--date", help="Service date, YYYY-MM-DD.")
    ] = None,
    due: Annotated[str | None, typer.Option("--due", help="Due date, YYYY-MM-DD.")] = None,
    description: Annotated[
        str | None, typer.Option("--description", help="What the charge is for.")
    ] = None,
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
) -> None:
    """Charge an appointment (CPT, fee and coverage from the session) or a patient.

    Example: sanctuary billing charge 3f2a9c1e --modifier 95
    """
    from sanctuary_cli.practice.billing import ChargeRequest, create_charge
    from sanctuary_cli.rules import money as billing

    fmt_name = output_format(fmt, csv, json)
    request = ChargeRequest(
        ref=ref,
        record_type=billing.parse_record_type(record_type),
        amount=billing.parse_money(amount) if amount is not None else None,
        cpt=billing.parse_cpt(cpt) if cpt else None,
        modifier=billing.parse_modifier(modifier) if modifier else None,
        icd10=billing.parse_icd10(icd10) if icd10 else None,
        service_date=billing.parse_date(service_date, "--date") if service_date else None,
        due_date=billing.parse_date(due, "--due") if due else None,
        description=description,
    )
    row = create_charge(app_context(ctx).db(), current_therapist(ctx)["id"], request)
    _show(ctx, [row], CHARGE_COLUMNS, fmt_name, "Charge recorded")


@app.command("pay", context_settings=NEGATIVE_OK)
def billing_pay(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Charge id (prefix).")],
    amount: Annotated[str, typer.Argument(help="Amount paid, e.g. 30 or 120.50.")],
    method: Annotated[
        str, typer.Option("--method", help="cash, card, check, insurance, transfer or other.")
    ] = "other",
    reference: Annotated[str | None, typer.Option("--reference", help="Check no., EOB...")] = None,
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
) -> None:
    """Record a payment, in full or in part, against a charge.

    Example: sanctuary billing pay 7c1d 30.00 --method card
    """
    from sanctuary_cli.practice.billing import record_payment
    from sanctuary_cli.rules.money import parse_money

    fmt_name = output_format(fmt, csv, json)
    money = parse_money(amount)
    row = record_payment(app_context(ctx).db(), ref, money, method.strip().lower(), reference)
    _show(ctx, [row], CHARGE_COLUMNS, fmt_name, "Payment recorded")


@app.command("refund")
def billing_refund(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Charge id (prefix).")],
    reason: Annotated[str | None, typer.Option("--reason", help="Why it is refunded.")] = None,
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
) -> None:
    """Refund what was paid on a charge and mark it refunded.

    Example: sanctuary billing refund 7c1d --reason "billed twice"
    """
    from sanctuary_cli.practice.billing import refund_charge

    fmt_name = output_format(fmt, csv, json)
    row = refund_charge(app_context(ctx).db(), ref, reason)
    _show(ctx, [row], [*CHARGE_COLUMNS, "refunded"], fmt_name, "Charge refunded")


@app.command("overdue")
def billing_overdue(
    ctx: typer.Context,
    all_therapists: AllTherapists = False,
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
) -> None:
    """List charges with a balance past their due date, most days overdue first.

    Example: sanctuary billing overdue --csv > overdue.csv
    """
    from sanctuary_cli.practice.billing import overdue_charges

    fmt_name = output_format(fmt, csv, json)
    rows = overdue_charges(app_context(ctx).db(), therapist_scope(ctx, all_therapists))
    _show(ctx, rows, OVERDUE_COLUMNS, fmt_name, "Overdue balances", "Nothing is overdue.")


@app.command("summary")
def billing_summary(
    ctx: typer.Context,
    all_therapists: AllTherapists = False,
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
) -> None:
    """Billed, insurance share, patient share, paid and open balance per patient.

    Example: sanctuary billing summary --format markdown
    """
    fmt_name = output_format(fmt, csv, json)
    rows = (
        app_context(ctx)
        .db()
        .all("billing.summary", therapist_id=therapist_scope(ctx, all_therapists))
    )
    _show(ctx, rows, SUMMARY_COLUMNS, fmt_name, "Billing summary", "No charges yet.")


@app.command("aging")
def billing_aging(
    ctx: typer.Context,
    all_therapists: AllTherapists = False,
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
) -> None:
    """Open balances per patient by days past due (0-30, 31-60, 61-90, 90+), with totals.

    Example: sanctuary billing aging --csv
    """
    from sanctuary_cli.practice.billing import aging_totals

    fmt_name = output_format(fmt, csv, json)
    rows = aging_totals(app_context(ctx).db(), therapist_scope(ctx, all_therapists))
    _show(ctx, rows, AGING_COLUMNS, fmt_name, "Accounts receivable aging")


@app.command("superbill")
def billing_superbill(
    ctx: typer.Context,
    patient: Annotated[str, typer.Argument(help="Patient: id, id prefix or name.")],
    date_from: Annotated[str, typer.Option("--from", help="First service date, YYYY-MM-DD.")],
    date_to: Annotated[str, typer.Option("--to", help="Last service date, YYYY-MM-DD.")],
    output: Annotated[str, typer.Option("--output", "-o", help="PDF file to write.")],
) -> None:
    """Write a superbill PDF (provider, NPI, dates, CPT and ICD-10 codes, fees, payments).

    Example: sanctuary billing superbill "Amelia Chen" --from 2026-01-01 --to 2026-03-31 -o q1.pdf
    """
    from sanctuary_cli.practice.refs import resolve_patient
    from sanctuary_cli.practice.superbill import superbill_data, write_superbill
    from sanctuary_cli.rules.money import parse_date

    start, end = parse_date(date_from, "--from"), parse_date(date_to, "--to")
    db = app_context(ctx).db()
    from sanctuary_cli.practice.audit import record_read

    patient_id = resolve_patient(db, patient)["id"]
    data = superbill_data(db, current_therapist(ctx)["id"], patient_id, start, end)
    path = write_superbill(output, data)
    record_read(db, "financial_records", None, patient_id, action="EXPORT")
    if sys.stderr.isatty():
        typer.echo(f"Wrote {path}", err=True)


@app.command("settings")
def billing_settings_cmd(
    ctx: typer.Context,
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
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
) -> None:
    """Show or change the practice's billing settings.

    Example: sanctuary billing settings --require-signed-note --due-days 14
    """
    from sanctuary_cli.practice.billing import billing_settings

    fmt_name = output_format(fmt, csv, json)
    row = billing_settings(
        app_context(ctx).db(), require_signed_note=require_signed_note, default_due_days=due_days
    )
    _show(ctx, [row], ["require_signed_note", "default_due_days"], fmt_name, "Billing settings")
