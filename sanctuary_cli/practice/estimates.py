"""Good Faith Estimates for uninsured and self-pay patients, under the No Surprises Act
(45 CFR 149.610; docs/billing.md, "Good Faith Estimates").

`issue_estimate` reads the options, takes what is not given from the patient's usual session,
and in one transaction records the estimate and its lines, writes the PDF (rules/estimate_pdf.py)
to a temp file and records the EXPORT; the PDF takes its name after the commit: a failure
anywhere leaves nothing stored and no file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice import clinician
from sanctuary_cli.practice.refs import resolve_patient
from sanctuary_cli.practice.superbill import use_unicode_font
from sanctuary_cli.rules import cpt, parsers
from sanctuary_cli.rules.dates import practice_today
from sanctuary_cli.rules.estimate_pdf import estimate_pdf
from sanctuary_cli.store.db import Database, named_query
from sanctuary_cli.store.files import atomic_output

# A recurring service is estimated for at most 12 months at a time: 52 weekly sessions.
MAX_SESSIONS = 52
WEEK = timedelta(days=7)


@dataclass
class Service:
    """The primary service estimated: what it is, its code(s) and its charge per session."""

    description: str
    lines: list[cpt.CptLine]
    fee: Decimal


@dataclass
class Issued:
    """An estimate just issued: its row (as `billing estimates` lists it) and the PDF."""

    row: dict[str, Any]
    path: Path


def issue_estimate(
    db: Database,
    patient_ref: str,
    *,
    sessions: str,
    output: str | Path,
    cpt_code: str | None = None,
    fee: str | None = None,
    first_day: str | None = None,
    icd10: str | None = None,
    self_pay: bool = False,
) -> Issued:
    """Issue a Good Faith Estimate of `sessions` weekly sessions from `first_day` (default
    today, practice zone) to the patient, as the acting clinician: recorded, written as a PDF
    to `output`, the EXPORT audited. Refused for an insured patient unless `self_pay`."""
    tz = db.settings.tz
    count = parsers.parse_whole_number(sessions, what="--sessions", low=1, high=MAX_SESSIONS)
    code = cpt.billable_cpt(parsers.parse_cpt(cpt_code)) if cpt_code is not None else None
    amount = parsers.parse_money(fee, what="--fee") if fee is not None else None
    today = practice_today(tz)
    start = parsers.parse_day(first_day, tz, what="--from") if first_day is not None else today
    if start < today:
        raise UserError(
            f"--from {start} is before today: a Good Faith Estimate is given before the services"
        )
    codes = parsers.parse_icd10(icd10, what="--icd10") if icd10 is not None else None
    therapist_id = clinician.acting_id(db)
    patient = db.one("estimates.patient", patient_id=resolve_patient(db, patient_ref)["id"])
    if patient["therapist_id"] != therapist_id:
        raise UserError(
            f"{patient['full_name']} is another clinician's patient; their own clinician issues "
            "their estimate (--therapist)"
        )
    reason = self_pay_reason(patient, self_pay)
    provider = provider_of(db, therapist_id)
    service = service_of(db, patient, code, amount)
    diagnoses = codes if codes is not None else list(patient["diagnosis_codes"] or [])
    dates = expected_dates(start, count)
    values = {
        "patient_id": patient["id"],
        "therapist_id": therapist_id,
        "self_pay_reason": reason,
        "patient_name": patient["full_name"],
        "patient_birth_date": patient["date_of_birth"],
        "provider_name": provider["provider_name"],
        "practice_name": provider["practice_name"],
        "provider_npi": provider["npi"],
        "practice_npi": provider["practice_npi"],
        "provider_tax_id": provider["tax_id"],
        "location": provider["location"],
        "location_state": provider["location_state"],
        "provider_contact": provider["contact"],
        "service_description": service.description
        + (f", {count} weekly sessions" if count > 1 else ", one session"),
        "diagnosis_codes": diagnoses,
        "sessions": count,
        "service_from": start,
        "service_to": start + WEEK * count - timedelta(days=1),
        "total": service.fee * count,
    }
    main, addon = service.lines[0], (service.lines[1] if len(service.lines) > 1 else None)
    # The PDF goes to a temp file inside the transaction and takes its name only after the
    # commit (store/files.py atomic_output, as claims export does): a failed commit leaves no
    # estimate on paper that the database never recorded.
    with atomic_output(output) as (handle, written), db.transaction() as cur:
        cur.execute(named_query("estimates.insert_estimate"), values)
        estimate_id = cur.fetchone()["id"]
        cur.executemany(
            named_query("estimates.insert_line"),
            [
                {
                    "estimate_id": estimate_id,
                    "patient_id": patient["id"],
                    "line_number": number,
                    "expected_date": day,
                    "description": service.description,
                    "cpt_code": main.code,
                    "addon_cpt_code": addon.code if addon else None,
                    "addon_units": addon.units if addon else None,
                    "icd10_codes": diagnoses,
                    "amount": service.fee,
                }
                for number, day in enumerate(dates, start=1)
            ],
        )
        # The PDF is drawn from the rows just stored, so it says what the record says.
        cur.execute(named_query("estimates.estimate"), {"estimate_id": estimate_id})
        estimate = cur.fetchone()
        cur.execute(named_query("estimates.lines"), {"estimate_id": estimate_id})
        lines = cur.fetchall()
        handle.write(estimate_pdf(estimate, lines, use_unicode_font))
        # Recorded as the superbill's is, an export of the patient's billing records: the
        # database's read audit knows that kind of record; the estimate itself is named by
        # its own INSERT entry.
        cur.execute(
            named_query("audit.record_read"),
            {
                "table_name": "financial_records",
                "row_id": None,
                "patient_id": str(patient["id"]),
                "action": "EXPORT",
            },
        )
    (row,) = db.all("estimates.list", estimate_id=estimate_id, patient_id=None, therapist_id=None)
    return Issued(row=row, path=written)


def list_estimates(
    db: Database, patient_ref: str | None = None, *, all_therapists: bool = False
) -> list[dict[str, Any]]:
    """Estimates, newest first, with what was billed against each: the acting clinician's (or
    the practice's), of one patient when given."""
    therapist_id = clinician.scope(db, all_therapists)
    patient_id = resolve_patient(db, patient_ref)["id"] if patient_ref else None
    return db.all(
        "estimates.list", estimate_id=None, patient_id=patient_id, therapist_id=therapist_id
    )


def self_pay_reason(patient: dict[str, Any], self_pay: bool) -> str:
    """Why the patient gets an estimate: uninsured (no insurer, or no coverage), or covered but
    not billing their insurance (`self_pay`); an insured patient otherwise gets none."""
    if not patient["insurance_provider"] or patient["coverage_percent"] <= 0:
        return "uninsured"
    if self_pay:
        return "not-billing-insurance"
    coverage = f"{patient['coverage_percent'].normalize():f}%"
    raise UserError(
        f"{patient['full_name']} is insured ({patient['insurance_provider']}, {coverage} "
        "coverage): an insured patient gets their payer's EOB, not a Good Faith Estimate; add "
        "--self-pay if they choose not to bill their insurance"
    )


def provider_of(db: Database, therapist_id: Any) -> dict[str, Any]:
    """The provider block, or a UserError naming what an estimate needs and is missing."""
    provider = db.one("estimates.provider", therapist_id=therapist_id)
    needed = (("npi", "NPI"), ("tax_id", "tax id"), ("location", "practice address"))
    missing = [label for key, label in needed if not provider[key]]
    if missing:
        raise UserError(
            f"The provider has no {', '.join(missing)}, which a Good Faith Estimate must show; "
            "add it with `sanctuary therapists edit` (or `sanctuary practice edit` for the "
            "practice's tax id and address)"
        )
    return provider


def service_of(
    db: Database, patient: dict[str, Any], code: str | None, fee: Decimal | None
) -> Service:
    """The service estimated: --cpt and --fee, each taken from the patient's usual session
    (their most used session type, an intake never counting) when not given."""
    usual = usual_session_type(db.all("estimates.usual_session_types", patient_id=patient["id"]))
    if usual is None and (code is None or fee is None):
        given = (("--cpt", code), ("--fee", fee))
        missing = " and ".join(option for option, value in given if value is None)
        raise UserError(
            f"{patient['full_name']} has no usual session yet (no appointment but an intake) to "
            f"take the code and fee from; give {missing}"
        )
    if code is not None:
        lines = [cpt.CptLine(code)]
    else:
        kind = cpt.session_kind(usual["name"], usual["category"])
        lines = cpt.default_cpt(kind, usual["default_duration_minutes"])
    if fee is None:
        fee = usual["default_fee"]
        if fee <= 0:
            raise UserError(f"The session type {usual['name']} has no fee; give --fee")
    named = cpt.BILLABLE_CPT.get(lines[0].code, f"CPT {lines[0].code}")
    description = f"{usual['name']}: {named}" if usual and code is None else named
    return Service(description=description[:1].upper() + description[1:], lines=lines, fee=fee)


def usual_session_type(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The most used session type that is not an intake (rows most used first), or None."""
    for row in rows:
        if cpt.session_kind(row["name"], row["category"]) != "intake":
            return row
    return None


def expected_dates(start: date, count: int) -> list[date]:
    """The expected session dates: `start`, then weekly."""
    return [start + WEEK * i for i in range(count)]
