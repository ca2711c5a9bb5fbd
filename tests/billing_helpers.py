"""Rows for billing and report tests, inserted with plain SQL on a real database."""

from __future__ import annotations

from typing import Any

from sanctuary_cli.store.db import Database


def execute(db: Database, query: str, **params: Any) -> list[dict[str, Any]]:
    with db.transaction() as cur:
        cur.execute(query, params)
        return cur.fetchall() if cur.description else []


def scalar(db: Database, query: str, **params: Any) -> Any:
    rows = execute(db, query, **params)
    return next(iter(rows[0].values())) if rows else None


def add_therapist(db: Database, email: str = "t@example.com", npi: str = "1234567893") -> Any:
    return scalar(
        db,
        "insert into therapists (title, first_name, last_name, email, credentials, license_number,"
        " license_state, npi, tax_id, practice_address)"
        " values ('Dr.', 'Test', 'Therapist', %(email)s, 'PsyD', 'PSY-1', 'NY', %(npi)s,"
        " '11-2223333', '1 Main St, Albany, NY') returning id",
        email=email,
        npi=npi,
    )


def add_patient(
    db: Database,
    therapist_id: Any,
    first: str = "Pat",
    last: str = "Ient",
    coverage: str = "0",
    diagnoses: list[str] | None = None,
) -> Any:
    return scalar(
        db,
        "insert into patients (therapist_id, first_name, last_name, coverage_percent,"
        " diagnosis_codes, date_of_birth) values (%(t)s, %(first)s, %(last)s, %(coverage)s,"
        " %(dx)s, '1990-05-06') returning id",
        t=therapist_id,
        first=first,
        last=last,
        coverage=coverage,
        dx=diagnoses or ["F41.1"],
    )


def add_appointment(
    db: Database,
    therapist_id: Any,
    patient_id: Any,
    minutes: int = 50,
    session_type: str = "Individual Therapy",
    days_ago: int = 1,
    hour: int = 9,
    kind: str = "In-Person",
    status: str = "completed",
    fee: str | None = "150.00",
) -> Any:
    return scalar(
        db,
        "insert into appointments (therapist_id, patient_id, session_type_id, starts_at,"
        " duration_minutes, appointment_type, status, fee)"
        " select %(t)s, %(p)s, st.id, (current_date - %(days)s + make_time(%(hour)s, 0, 0))"
        "::timestamptz, %(minutes)s, %(kind)s, %(status)s, %(fee)s"
        " from session_types st where st.name = %(session_type)s returning id",
        t=therapist_id,
        p=patient_id,
        days=days_ago,
        hour=hour,
        minutes=minutes,
        kind=kind,
        status=status,
        fee=fee,
        session_type=session_type,
    )


def add_charge(
    db: Database,
    therapist_id: Any,
    patient_id: Any,
    amount: str = "100.00",
    due_in_days: int = 0,
    service_days_ago: int = 0,
    coverage: str = "0",
) -> Any:
    """A charge due `due_in_days` from today (negative: in the past)."""
    return scalar(
        db,
        "insert into financial_records (patient_id, therapist_id, service_date, due_date, amount,"
        " coverage_percent, cpt_code, icd10_codes)"
        " values (%(p)s, %(t)s, current_date - greatest(%(ago)s, -%(due)s),"
        " current_date + %(due)s, %(amount)s, %(coverage)s, '90834', '{F41.1}') returning id",
        p=patient_id,
        t=therapist_id,
        ago=service_days_ago,
        due=due_in_days,
        amount=amount,
        coverage=coverage,
    )


def one_line_error(result) -> str:
    """The one line a refused command printed on stderr (exit 1, nothing on stdout, no
    traceback)."""
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]
