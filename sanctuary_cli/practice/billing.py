"""Charges, payments and refunds, the listings of balances, and the billing settings.

Functions take the database and plain values, resolve the charge, appointment or patient and
the acting clinician themselves, and return rows; none prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice import clinician
from sanctuary_cli.practice.refs import id_prefix_pattern, resolve_by_id, resolve_patient
from sanctuary_cli.rules import aging, cpt, parsers
from sanctuary_cli.rules.dates import practice_today
from sanctuary_cli.store.db import Database, named_query

PAYMENT_METHODS = ("cash", "card", "check", "insurance", "transfer", "other")
RECORD_TYPES = ("session", "consultation", "assessment", "cancellation-fee", "late-fee")


@dataclass
class ChargeRequest:
    """What a person asked to charge, read; None means "derive it"."""

    ref: str
    record_type: str = "session"
    amount: Decimal | None = None
    cpt: str | None = None
    modifier: str | None = None
    icd10: list[str] | None = None
    service_date: date | None = None
    due_date: date | None = None
    description: str | None = None


def create_charge(
    db: Database,
    ref: str,
    *,
    record_type: str = "session",
    amount: str | None = None,
    cpt: str | None = None,
    modifier: str | None = None,
    icd10: str | None = None,
    service_date: str | None = None,
    due_date: str | None = None,
    description: str | None = None,
) -> dict[str, Any]:
    """Charge an appointment (CPT, fee, coverage from the session) or a patient directly, as
    the acting clinician, from the options as typed; returns the charge row."""
    tz = db.settings.tz
    request = ChargeRequest(
        ref=ref,
        record_type=choice(record_type, RECORD_TYPES, "--type"),
        amount=None if amount is None else parsers.parse_money(amount),
        cpt=parsers.parse_cpt(cpt) if cpt else None,
        modifier=parsers.parse_modifier(modifier) if modifier else None,
        icd10=parsers.parse_icd10(icd10) if icd10 else None,
        service_date=parsers.parse_optional_day(service_date, tz, what="--date"),
        due_date=parsers.parse_optional_day(due_date, tz, what="--due"),
        description=description,
    )
    therapist_id = clinician.acting_id(db)
    appointment_id = find_appointment(db, request.ref)
    if appointment_id is None:
        patient = resolve_patient(db, request.ref)
        today = practice_today(db.settings.tz)
        patient = {**patient, **db.one("billing.patient_coverage", patient_id=patient["id"])}
        values = patient_charge_values(patient, therapist_id, request, today)
    else:
        values = None
    with db.transaction() as cur:
        if values is None:
            cur.execute(
                named_query("billing.appointment_for_charge"), {"appointment_id": appointment_id}
            )
            values = appointment_charge_values(cur.fetchone(), request)
            if values["record_type"] == "session":
                cur.execute(
                    named_query("billing.session_charge_for_appointment"),
                    {"appointment_id": appointment_id},
                )
                existing = cur.fetchone()
                if existing:
                    raise UserError(
                        "This appointment is already charged as a session "
                        f"(charge {str(existing['id'])[:8]})"
                    )
        if values["due_date"] and values["due_date"] < values["service_date"]:
            raise UserError(
                f"The due date {values['due_date']} is before the service date "
                f"{values['service_date']}"
            )
        cur.execute(named_query("billing.insert_charge"), values)
        charge_id = cur.fetchone()["id"]
        cur.execute(named_query("billing.charge"), {"charge_id": charge_id})
        return cur.fetchone()


def find_appointment(db: Database, ref: str) -> Any | None:
    """The appointment an id or id prefix names, or None when `ref` names no appointment."""
    pattern = id_prefix_pattern(ref.strip())
    if pattern == "-":
        return None
    rows = db.all("billing.appointment_ids_matching", pattern=pattern)
    if len(rows) > 1:
        raise UserError(f"{ref!r} matches several appointments; give more of the id")
    return rows[0]["id"] if rows else None


def appointment_charge_values(appt: dict[str, Any], request: ChargeRequest) -> dict[str, Any]:
    """Insert parameters for a charge on an appointment, defaults taken from the session."""
    record_type = request.record_type
    is_session = record_type == "session"
    if is_session and appt["status"] in ("cancelled", "no-show"):
        raise UserError(
            f"This appointment is {appt['status']}; charge a fee with "
            "--type cancellation-fee or --type late-fee"
        )
    if is_session and appt["in_future"]:
        raise UserError("This session has not taken place yet; charge it once it has")
    amount = request.amount
    if amount is None:
        if not is_session:
            raise UserError(f"Give the {record_type} amount with --amount")
        amount = appt["fee"] if appt["fee"] is not None else appt["default_fee"]
        if amount is None:
            raise UserError("This appointment has no fee; give one with --amount")
    lines: list[cpt.CptLine] = []
    if request.cpt:
        lines = [cpt.CptLine(request.cpt)]
    elif is_session:
        kind = cpt.session_kind(appt["session_type"], appt["category"])
        lines = cpt.default_cpt(kind, appt["duration_minutes"])
    addon = lines[1] if len(lines) > 1 else None
    return {
        "patient_id": appt["patient_id"],
        "therapist_id": appt["therapist_id"],
        "appointment_id": appt["id"],
        "record_type": record_type,
        "description": request.description or appt["session_type"],
        "cpt_code": lines[0].code if lines else None,
        "cpt_modifier": request.modifier,
        "addon_cpt_code": addon.code if addon else None,
        "addon_units": addon.units if addon else None,
        "icd10_codes": request.icd10 if request.icd10 is not None else appt["diagnosis_codes"],
        "place_of_service": cpt.place_of_service(appt["appointment_type"]),
        "service_date": request.service_date or appt["service_date"],
        "due_date": request.due_date,
        "amount": amount,
        # Insurers do not pay missed-appointment fees: those are the patient's alone.
        "coverage_percent": appt["coverage_percent"] if is_session else Decimal("0"),
    }


def patient_charge_values(
    patient: dict[str, Any], therapist_id: Any, request: ChargeRequest, today: date
) -> dict[str, Any]:
    """Insert parameters for a charge made on a patient without an appointment."""
    if request.amount is None:
        raise UserError("Give the amount with --amount (a charge without an appointment)")
    is_fee = request.record_type in ("cancellation-fee", "late-fee")
    return {
        "patient_id": patient["id"],
        "therapist_id": therapist_id,
        "appointment_id": None,
        "record_type": request.record_type,
        "description": request.description,
        "cpt_code": request.cpt,
        "cpt_modifier": request.modifier,
        "addon_cpt_code": None,
        "addon_units": None,
        "icd10_codes": request.icd10 or [],
        "place_of_service": None if is_fee else "11",
        "service_date": request.service_date or today,
        "due_date": request.due_date,
        "amount": request.amount,
        "coverage_percent": Decimal("0") if is_fee else patient["coverage_percent"],
    }


def record_payment(
    db: Database,
    ref: str,
    amount: str | Decimal,
    method: str = "other",
    reference: str | None = None,
) -> dict[str, Any]:
    """Pay part or all of a charge (amount as typed, or a Decimal); the charge row is locked
    so no payment is lost or doubled."""
    amount = parsers.parse_money(str(amount))
    method = choice(method, PAYMENT_METHODS, "--method")
    charge_id = resolve_by_id(db, "financial_records", ref, "charge")["id"]
    with db.transaction() as cur:
        charge = locked_charge(cur, charge_id)
        if charge["status"] in ("cancelled", "refunded"):
            raise UserError(f"This charge is {charge['status']}; it takes no payments")
        balance = charge["amount"] - charge["amount_paid"]
        if balance <= 0:
            raise UserError("This charge is already paid in full")
        if amount > balance:
            raise UserError(f"Payment of {amount:.2f} is more than the balance of {balance:.2f}")
        cur.execute(
            named_query("billing.insert_payment"),
            {"charge_id": charge_id, "amount": amount, "method": method, "reference": reference},
        )
        cur.execute(named_query("billing.charge"), {"charge_id": charge_id})
        return cur.fetchone()


def locked_charge(cur: Any, charge_id: Any) -> dict[str, Any]:
    """The charge row, locked until the transaction ends, with what has been paid on it."""
    cur.execute(named_query("billing.lock_charge"), {"charge_id": charge_id})
    return cur.fetchone()


def refund_charge(db: Database, ref: str, reason: str | None = None) -> dict[str, Any]:
    """Return what was paid on a charge and mark it refunded."""
    charge_id = resolve_by_id(db, "financial_records", ref, "charge")["id"]
    with db.transaction() as cur:
        charge = locked_charge(cur, charge_id)
        if charge["status"] in ("cancelled", "refunded"):
            raise UserError(f"This charge is already {charge['status']}")
        if charge["amount_paid"] <= 0:
            raise UserError("Nothing has been paid on this charge, so there is nothing to refund")
        cur.execute(
            named_query("billing.insert_refund"),
            {"charge_id": charge_id, "amount": charge["amount_paid"], "reason": reason},
        )
        cur.execute(named_query("billing.mark_refunded"), {"charge_id": charge_id})
        cur.execute(named_query("billing.charge"), {"charge_id": charge_id})
        row = cur.fetchone()
        row["refunded"] = charge["amount_paid"]
        return row


def overdue_charges(db: Database, *, all_therapists: bool = False) -> list[dict[str, Any]]:
    """Charges past due with a balance, most days overdue first, with their aging bucket."""
    rows = db.all("billing.overdue", therapist_id=clinician.scope(db, all_therapists))
    for row in rows:
        row["aging_bucket"] = aging.aging_bucket(row["days_overdue"])
    return rows


def billing_summary(db: Database, *, all_therapists: bool = False) -> list[dict[str, Any]]:
    """Billed, insurance share, patient share, paid and open balance per patient."""
    return db.all("billing.summary", therapist_id=clinician.scope(db, all_therapists))


def aging_totals(db: Database, *, all_therapists: bool = False) -> list[dict[str, Any]]:
    """Open balances per patient in the four aging buckets, then a row for all patients."""
    therapist_id = clinician.scope(db, all_therapists)
    return aging.aging_totals(db.all("billing.open_balances", therapist_id=therapist_id))


def billing_settings(db: Database, **changes: Any) -> dict[str, Any]:
    """The practice billing settings, after applying any changes given (None keeps a value)."""
    if any(value is not None for value in changes.values()):
        params = {"require_signed_note": None, "default_due_days": None, **changes}
        return db.one("billing.update_settings", **params)
    return db.one("billing.settings")


def choice(text: str, choices: tuple[str, ...], option: str) -> str:
    """One of `choices` (any case); blank is refused too, as these options have defaults."""
    value = parsers.parse_choice(text, choices, what=option)
    if value is None:
        raise UserError(f"{option} must be one of {', '.join(choices)}")
    return value
