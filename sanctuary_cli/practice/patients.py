"""Patients: the caseload, its declared fields, and the writes and listings of one record.

FIELDS is the one list of a patient's fields: `patients add` and `patients edit` offer them as
options, `patients import` reads their columns as its CSV header and `patients export` writes
the same columns back. The chart is in practice/chart.py, CSV import in practice/patient_import.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice import clinician, coverage, duplicates
from sanctuary_cli.practice.audit import record_read
from sanctuary_cli.practice.fields import Field, columns, parse_fields
from sanctuary_cli.practice.refs import resolve_patient
from sanctuary_cli.rules import parsers
from sanctuary_cli.rules.dates import practice_today
from sanctuary_cli.store.db import Database, named_query

STATUSES = ("Active", "Inactive", "Completed")
REQUIRED = ("first_name", "last_name")


def _date_of_birth(value: Any, tz: ZoneInfo) -> Any:
    born = parsers.parse_day(value, tz, what="date_of_birth")
    if born > practice_today(tz):
        raise UserError("date_of_birth is in the future")
    return born


# In CSV column order: `patients export` writes them so, and scripts read that header.
FIELDS: tuple[Field, ...] = (
    Field("first_name", "--first", "First name.", prompt="First name"),
    Field("last_name", "--last", "Last name.", prompt="Last name"),
    Field("preferred_name", "--preferred-name", "Name used."),
    Field("pronouns", "--pronouns", "e.g. she/her."),
    Field(
        "email",
        "--email",
        "Email address.",
        lambda v, tz: parsers.parse_email(v, what="email"),
        prompt="Email (optional)",
    ),
    Field("phone", "--phone", "Phone number.", prompt="Phone (optional)"),
    Field("address", "--address", "Postal address."),
    Field("emergency_contact_name", "--emergency-name", "Emergency contact."),
    Field("emergency_contact_phone", "--emergency-phone", "Their phone."),
    Field("emergency_contact_relationship", "--emergency-relationship", "e.g. spouse."),
    Field(
        "insurance_provider",
        "--insurance",
        "Insurance provider.",
        prompt="Insurance provider (optional)",
    ),
    Field("insurance_member_id", "--member-id", "Insurance member id."),
    Field("insurance_group_number", "--group-number", "Insurance group."),
    Field(
        "date_of_birth",
        "--dob",
        "Date of birth, YYYY-MM-DD.",
        _date_of_birth,
        prompt="Date of birth (YYYY-MM-DD, optional)",
    ),
    Field(
        "coverage_percent",
        "--coverage",
        "Insurance pays, 0-100 %.",
        lambda v, tz: parsers.parse_percent(v, what="coverage_percent"),
    ),
    Field(
        "fee_exempt",
        "--fee-exempt",
        "Never charge no-show/late fees.",
        lambda v, tz: parsers.parse_yes_no(v, what="fee_exempt"),
        kind="flag",
    ),
    Field(
        "diagnosis_codes",
        "--diagnosis",
        "ICD-10 code (repeat for several).",
        lambda v, tz: parsers.parse_icd10(v, what="diagnosis code"),
        kind="many",
    ),
    Field(
        "status",
        "--status",
        "Active, Inactive or Completed.",
        lambda v, tz: parsers.parse_choice(v, STATUSES, what="status"),
        modes=("edit", "import"),
    ),
    Field(
        "intake_date",
        "--intake-date",
        "First seen, YYYY-MM-DD (default today).",
        lambda v, tz: parsers.parse_day(v, tz, what="intake_date"),
        modes=("import",),
    ),
    # Consent is recorded one patient at a time, with when and by whom (migration 0110), not
    # taken from a spreadsheet: so no CSV column.
    Field(
        "reminders",
        "--reminders",
        "Appointment reminders the patient agreed to: email or none.",
        lambda v, tz: parsers.parse_choice(v, ("email", "none"), what="reminders"),
        modes=("edit",),
    ),
    *coverage.COVERAGE_FIELDS,  # claims: sex, city/state/ZIP, primary and secondary policies
)
IMPORT_COLUMNS = columns(FIELDS, "import")


def patient_values(given: Mapping[str, Any], tz: ZoneInfo, *, mode: str) -> dict[str, Any]:
    """Every field's column typed from what was given in `mode` (add, edit, import); a field
    not offered there is None. A new patient (add, import) needs both names."""
    offered = [f for f in FIELDS if mode in f.modes]
    values = {f.column: None for f in FIELDS} | parse_fields(offered, given, tz)
    if mode != "edit":
        for column in REQUIRED:
            if not values[column]:
                raise UserError(f"{column} is required")
        require_insurer(values["coverage_percent"], values["insurance_provider"])
    return values


def require_insurer(coverage: Any, insurer: Any) -> None:
    """Insurance pays a share only when there is an insurer to pay it."""
    if coverage and not (insurer or "").strip():
        raise UserError(
            f"A coverage_percent of {coverage} needs an insurance_provider: give the "
            "insurer (--insurance) or leave coverage at 0"
        )


def list_patients(db: Database, status: str, *, all_therapists: bool) -> list[dict[str, Any]]:
    """The caseload (or the practice's) of one status, or of every status with "all"."""
    chosen = (
        None if status.lower() == "all" else parsers.parse_choice(status, STATUSES, what="status")
    )
    therapist_id = clinician.scope(db, all_therapists)
    return db.all("patients.list", therapist_id=therapist_id, status=chosen)


def search_patients(
    db: Database, text: str, *, limit: int, all_therapists: bool
) -> list[dict[str, Any]]:
    """Patients whose name is close to `text` (trigram similarity), best match first."""
    text = " ".join(text.split())
    if len(text) < 2:
        raise UserError("Give at least two letters of the name")
    therapist_id = clinician.scope(db, all_therapists)
    return db.all("patients.search", text=text, therapist_id=therapist_id, limit=limit)


def add_patient(
    db: Database, given: Mapping[str, Any], *, allow_duplicate: bool = False
) -> dict[str, Any]:
    """Insert a patient of the acting clinician; returns the row written. Refused when the
    clinician already has the same person (practice/duplicates.py) unless allow_duplicate."""
    values = patient_values(given, db.settings.tz, mode="add")
    therapist_id = clinician.acting_id(db)
    with db.transaction() as cur:
        duplicates.lock_caseload(cur, therapist_id)
        if not allow_duplicate:
            for _, old, reason in duplicates.existing_matches(cur, therapist_id, [values]):
                raise UserError(
                    f"Not added: {duplicates.describe(old, reason)}. Use that record, or "
                    "give --allow-duplicate if this is another person"
                )
        cur.execute(named_query("patients.insert"), {**values, "therapist_id": therapist_id})
        return cur.fetchone()


def edit_patient(db: Database, ref: str, given: Mapping[str, Any]) -> dict[str, Any]:
    """Change the given fields of one patient; returns the row written."""
    values = patient_values(given, db.settings.tz, mode="edit")
    if all(value is None for value in values.values()):
        raise UserError("Nothing to change: give at least one option (see --help)")
    patient = resolve_patient(db, ref)
    policies = coverage.resolve_coverage(db, values)
    with db.transaction() as cur:
        cur.execute(named_query("patients.insurance_of"), {"patient_id": patient["id"]})
        now = cur.fetchone() or {}
        if now.get("merged_into"):
            raise UserError(
                f"{patient['full_name']} was merged into patient {str(now['merged_into'])[:8]}; "
                "change that record"
            )
        if values["coverage_percent"] is not None:
            require_insurer(
                values["coverage_percent"],
                values["insurance_provider"] or now.get("insurance_provider"),
            )
        cur.execute(named_query("patients.update"), {**values, "patient_id": patient["id"]})
        edited = cur.fetchone()
        coverage.save_coverage(cur, patient["id"], values, policies)
        return edited


def discharge_patient(db: Database, ref: str, *, inactive: bool = False) -> dict[str, Any]:
    """End treatment (Completed, or Inactive when paused); the record is kept. The row says how
    many appointments are still scheduled ahead (scheduled_ahead)."""
    patient = resolve_patient(db, ref)
    status = "Inactive" if inactive else "Completed"
    return db.one("patients.discharge", patient_id=patient["id"], status=status)


def export_patients(db: Database, *, all_therapists: bool) -> list[dict[str, Any]]:
    """Every patient's details in the columns import reads; recorded as one EXPORT entry."""
    therapist_id = clinician.scope(db, all_therapists)
    rows = db.all("patients.export", therapist_id=therapist_id)
    record_read(db, "patients", None, None, action="EXPORT")
    return rows
