"""Charges, payments and refunds against the database; returns rows and never prints."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice.refs import id_prefix_pattern, resolve_by_id, resolve_patient
from sanctuary_cli.rules import money as billing
from sanctuary_cli.store.db import Database, named_query

PAYMENT_METHODS = ("cash", "card", "check", "insurance", "transfer", "other")


@dataclass
class ChargeRequest:
    """What a person asked to charge; None means "derive it"."""

    ref: str
    record_type: str = "session"
    amount: Decimal | None = None
    cpt: str | None = None
    modifier: str | None = None
    icd10: list[str] | None = None
    service_date: date | None = None
    due_date: date | None = None
    description: str | None = None


def create_charge(db: Database, therapist_id: Any, request: ChargeRequest) -> dict[str, Any]:
    """Charge an appointment (CPT, fee, coverage from the session) or a patient directly."""
    appointment_id = find_appointment(db, request.ref)
    if appointment_id is None:
        patient = resolve_patient(db, request.ref)
        today = datetime.now(db.settings.tz).date()
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
    lines: list[billing.CptLine] = []
    if request.cpt:
        lines = [billing.CptLine(request.cpt)]
    elif is_session:
        kind = billing.session_kind(appt["session_type"], appt["category"])
        lines = billing.default_cpt(kind, appt["duration_minutes"])
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
        "place_of_service": billing.place_of_service(appt["appointment_type"]),
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
    db: Database, ref: str, amount: Decimal, method: str = "other", reference: str | None = None
) -> dict[str, Any]:
    """Pay part or all of a charge; the charge row is locked so no payment is lost or doubled."""
    if method not in PAYMENT_METHODS:
        raise UserError(f"Invalid method {method!r}: one of {', '.join(PAYMENT_METHODS)}")
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


def overdue_charges(db: Database, therapist_id: Any | None) -> list[dict[str, Any]]:
    """Charges past due with a balance, most days overdue first, with their aging bucket."""
    rows = db.all("billing.overdue", therapist_id=therapist_id)
    for row in rows:
        row["aging_bucket"] = billing.aging_bucket(row["days_overdue"])
    return rows


AGING_COLUMNS = ("days_0_30", "days_31_60", "days_61_90", "days_over_90")


def aging_totals(db: Database, therapist_id: Any | None) -> list[dict[str, Any]]:
    """Open balances per patient in the four aging buckets, then a row for all patients."""
    column_of = dict(zip(billing.AGING_BUCKETS, AGING_COLUMNS, strict=True))
    zero = Decimal("0.00")
    per_patient: dict[Any, dict[str, Any]] = {}
    overall = dict.fromkeys(AGING_COLUMNS, zero)
    for row in db.all("billing.open_balances", therapist_id=therapist_id):
        entry = per_patient.setdefault(
            row["patient_id"],
            {"patient_name": row["patient_name"], **dict.fromkeys(AGING_COLUMNS, zero)},
        )
        column = column_of[billing.aging_bucket(row["days_overdue"])]
        entry[column] += row["balance"]
        overall[column] += row["balance"]
    rows = list(per_patient.values())
    rows.append({"patient_name": "All patients", **{c: overall[c] for c in AGING_COLUMNS}})
    for row in rows:
        row["total"] = sum((row[c] for c in AGING_COLUMNS), zero)
    return rows


def billing_settings(db: Database, **changes: Any) -> dict[str, Any]:
    """The practice billing settings, after applying any changes given (None keeps a value)."""
    if any(value is not None for value in changes.values()):
        params = {"require_signed_note": None, "default_due_days": None, **changes}
        return db.one("billing.update_settings", **params)
    return db.one("billing.settings")
