"""Outcome measures: stored item answers, bands, risk flags, and the patient_risk_status view."""

from __future__ import annotations

RISK_STATUS_COLUMNS = [
    "patient_id",
    "therapist_id",
    "last_note_risk_level",
    "last_note_at",
    "safety_plan_on_file",
    "phq9_item9_positive",
    "latest_phq9_total",
    "latest_phq9_severity",
    "latest_gad7_total",
    "latest_gad7_severity",
    "cssrs_risk",
    "last_measured_at",
    "elevated",
]


def risk_status(db, name):
    with db.transaction() as cur:
        cur.execute(
            "select r.* from patient_risk_status r join patients p on p.id = r.patient_id"
            " where p.full_name = %s",
            (name,),
        )
        return cur.fetchone()


def test_risk_status_view_has_the_contracted_columns(demo_db):
    with demo_db.transaction() as cur:
        cur.execute("select * from patient_risk_status limit 0")
        assert [c.name for c in cur.description] == RISK_STATUS_COLUMNS


def test_demo_patient_with_moderate_note_is_elevated(demo_db):
    ben = risk_status(demo_db, "Benjamin Carter")
    assert ben["last_note_risk_level"] == "moderate"
    assert ben["safety_plan_on_file"] is True
    assert ben["elevated"] is True
    amelia = risk_status(demo_db, "Amelia Chen")
    assert amelia["last_note_risk_level"] == "low"
    assert amelia["elevated"] is False
    assert amelia["latest_phq9_total"] is None
