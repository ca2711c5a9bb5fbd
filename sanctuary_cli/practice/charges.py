"""Making a charge: on an appointment (CPT, fee and coverage from the session) or on a patient
directly, with the codes and defaults docs/billing.md, "Charges" describes.

Payments, refunds and the listings of balances are practice/billing.py's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice import clinician
from sanctuary_cli.practice.refs import id_prefix_pattern, resolve_patient
from sanctuary_cli.rules import cpt, parsers
from sanctuary_cli.rules.dates import practice_today
from sanctuary_cli.rules.fees import FEE_DESCRIPTIONS, FEE_TYPES, NO_SHOW_FEE_TYPE
from sanctuary_cli.store.db import Database, named_query

RECORD_TYPES = ("session", "consultation", "assessment", "cancellation-fee", "late-fee")
# What a person may type for --type: the record types, and the no-show fee by its name.
TYPE_ALIASES = {"no-show-fee": NO_SHOW_FEE_TYPE}
TYPED_RECORD_TYPES = (*RECORD_TYPES[:4], "no-show-fee", RECORD_TYPES[4])


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
    minutes: int | None = None


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
    minutes: int | None = None,
    any_cpt: bool = False,
) -> dict[str, Any]:
    """Charge an appointment (CPT, fee, coverage from the session) or a patient directly, as
    the acting clinician, from the options as typed; returns the charge row."""
    tz = db.settings.tz
    request = ChargeRequest(
        ref=ref,
        record_type=record_type_of(record_type),
        amount=None if amount is None else parsers.parse_money(amount),
        cpt=cpt_of(cpt, any_cpt),
        modifier=parsers.parse_modifier(modifier) if modifier else None,
        icd10=parsers.parse_icd10(icd10) if icd10 else None,
        service_date=parsers.parse_optional_day(service_date, tz, what="--date"),
        due_date=parsers.parse_optional_day(due_date, tz, what="--due"),
        description=description,
        minutes=minutes,
    )
    if minutes is not None and minutes <= 0:
        raise UserError("--minutes must be more than 0")
    therapist_id = clinician.acting_id(db)
    appointment_id = find_appointment(db, request.ref)
    values = None
    if appointment_id is None:
        patient = resolve_patient(db, request.ref)
        patient = {**patient, **db.one("billing.patient_coverage", patient_id=patient["id"])}
        usual = db.all("billing.usual_session_types", patient_id=patient["id"])
        today = practice_today(tz)
        values = patient_charge_values(patient, therapist_id, request, today, usual)
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


def record_type_of(text: str) -> str:
    """--type as typed: a record type, or "no-show-fee" for the no-show fee (late-fee)."""
    value = parsers.parse_choice(text, TYPED_RECORD_TYPES, what="--type")
    if value is None:
        raise UserError(f"--type must be one of {', '.join(TYPED_RECORD_TYPES)}")
    return TYPE_ALIASES.get(value, value)


def cpt_of(text: str | None, any_cpt: bool) -> str | None:
    """--cpt as typed: a well-formed code a psychotherapy practice bills (any with --any-cpt)."""
    if not text:
        return None
    return cpt.billable_cpt(parsers.parse_cpt(text), any_code=any_cpt)


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
            "--type cancellation-fee or --type no-show-fee"
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
        lines = cpt.default_cpt(kind, request.minutes or appt["duration_minutes"])
    addon = lines[1] if len(lines) > 1 else None
    is_fee = record_type in FEE_TYPES
    return {
        "patient_id": appt["patient_id"],
        "therapist_id": appt["therapist_id"],
        "appointment_id": appt["id"],
        "record_type": record_type,
        "description": request.description
        or (FEE_DESCRIPTIONS[record_type] if is_fee else appt["session_type"]),
        "cpt_code": lines[0].code if lines else None,
        "cpt_modifier": request.modifier,
        "addon_cpt_code": addon.code if addon else None,
        "addon_units": addon.units if addon else None,
        "icd10_codes": diagnoses(request, appt["diagnosis_codes"]),
        "place_of_service": cpt.place_of_service(appt["appointment_type"]),
        "service_date": request.service_date or appt["service_date"],
        "due_date": request.due_date,
        "amount": amount,
        # Insurers do not pay missed-appointment fees: those are the patient's alone.
        "coverage_percent": appt["coverage_percent"] if is_session else Decimal("0"),
    }


def patient_charge_values(
    patient: dict[str, Any],
    therapist_id: Any,
    request: ChargeRequest,
    today: date,
    usual_session_types: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Insert parameters for a charge made on a patient without an appointment.

    A session needs its CPT code: --cpt, or --minutes with the patient's usual kind of session
    (the session type they see the clinician for most, an intake never counting as usual)."""
    if request.amount is None:
        raise UserError("Give the amount with --amount (a charge without an appointment)")
    is_fee = request.record_type in FEE_TYPES
    lines = [cpt.CptLine(request.cpt)] if request.cpt else []
    if not lines and request.record_type == "session":
        if request.minutes is None:
            raise UserError(
                "A session charged without an appointment needs its CPT code: give --minutes "
                "(the code follows from the length) or --cpt"
            )
        lines = cpt.default_cpt(usual_kind(usual_session_types or []), request.minutes)
    addon = lines[1] if len(lines) > 1 else None
    return {
        "patient_id": patient["id"],
        "therapist_id": therapist_id,
        "appointment_id": None,
        "record_type": request.record_type,
        "description": request.description or FEE_DESCRIPTIONS.get(request.record_type),
        "cpt_code": lines[0].code if lines else None,
        "cpt_modifier": request.modifier,
        "addon_cpt_code": addon.code if addon else None,
        "addon_units": addon.units if addon else None,
        "icd10_codes": diagnoses(request, patient.get("diagnosis_codes")),
        "place_of_service": None if is_fee else "11",
        "service_date": request.service_date or today,
        "due_date": request.due_date,
        "amount": request.amount,
        "coverage_percent": Decimal("0") if is_fee else patient["coverage_percent"],
    }


def diagnoses(request: ChargeRequest, patient_codes: list[str] | None) -> list[str]:
    """--icd10, else the patient's diagnoses; a missed-appointment fee carries none (it is
    not a service, and no insurer sees it)."""
    if request.icd10 is not None:
        return request.icd10
    if request.record_type in FEE_TYPES:
        return []
    return list(patient_codes or [])


def usual_kind(session_types: list[dict[str, Any]]) -> str:
    """The CPT kind of the patient's most used session type (rows most used first); an intake
    happens once, so it is never the usual one. Individual psychotherapy without any."""
    for row in session_types:
        kind = cpt.session_kind(row["name"], row["category"])
        if kind != "intake":
            return kind
    return "individual"
