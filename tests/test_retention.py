"""Retention: records past the period are listed for the clinician, never deleted."""

from __future__ import annotations

import json
from datetime import date

import pytest

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice.retention import records_past_retention


def add_past_patient(db, first, last, dob, last_service):
    with db.transaction() as cur:
        cur.execute(
            "insert into patients (therapist_id, first_name, last_name, date_of_birth,"
            " intake_date, status) select id, %s, %s, %s, %s, 'Completed' from therapists"
            " returning id, therapist_id",
            (first, last, dob, last_service),
        )
        patient = cur.fetchone()
        cur.execute(
            "insert into appointments (therapist_id, patient_id, starts_at, duration_minutes,"
            " status) values (%s, %s, %s::date + time '10:00', 50, 'completed')",
            (patient["therapist_id"], patient["id"], last_service),
        )


@pytest.fixture
def past_patients(demo_db):
    add_past_patient(demo_db, "Adam", "Adult", date(1970, 3, 1), date(2012, 5, 10))
    add_past_patient(demo_db, "Mina", "Minor", date(2005, 6, 1), date(2012, 5, 11))
    return demo_db


def by_name(rows):
    return {row["patient_name"]: row for row in rows}


def test_adult_records_are_due_seven_years_after_the_last_service(past_patients):
    rows = by_name(records_past_retention(past_patients, as_of=date(2020, 1, 1)))
    assert set(rows) == {"Adam Adult"}
    assert rows["Adam Adult"]["last_service_date"] == date(2012, 5, 10)
    assert rows["Adam Adult"]["retain_until"] == date(2019, 5, 10)
    assert rows["Adam Adult"]["basis"] == "7 years after last service"


def test_a_minors_records_are_kept_until_three_years_past_majority(past_patients):
    assert "Mina Minor" not in by_name(
        records_past_retention(past_patients, as_of=date(2026, 5, 31))
    )
    rows = by_name(records_past_retention(past_patients, as_of=date(2026, 6, 2)))
    assert rows["Mina Minor"]["retain_until"] == date(2026, 6, 1)
    assert rows["Mina Minor"]["basis"] == "minor: 3 years past majority"


def test_current_patients_are_not_listed_and_the_period_is_configurable(past_patients):
    names = set(by_name(records_past_retention(past_patients)))
    assert names == {"Adam Adult", "Mina Minor"}  # the demo patients are current
    assert records_past_retention(past_patients, as_of=date(2026, 1, 1), years=20) == []
    with pytest.raises(UserError):
        records_past_retention(past_patients, years=-1)


def test_listing_deletes_nothing(past_patients):
    with past_patients.transaction() as cur:
        cur.execute("select count(*) as n from patients")
        before = cur.fetchone()["n"]
    records_past_retention(past_patients)
    with past_patients.transaction() as cur:
        cur.execute("select count(*) as n from patients")
        assert cur.fetchone()["n"] == before


def test_report_retention_lists_past_records_and_takes_the_period_from_settings(cli, past_patients):
    result = cli("report", "retention", "--json")
    assert result.exit_code == 0, result.stderr
    assert {row["patient_name"] for row in json.loads(result.stdout)} == {
        "Adam Adult",
        "Mina Minor",
    }
    longer = cli("report", "retention", "--csv", env={"SANCTUARY_RETENTION_YEARS": "20"})
    assert longer.exit_code == 0, longer.stderr
    assert longer.stdout.splitlines()[0].startswith("patient_name,status,last_service_date")
    assert "Adam Adult" not in longer.stdout
