"""Patients are found by id, id prefix or name fragment; ambiguity and misses are errors."""

from __future__ import annotations

import pytest

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice.refs import resolve_by_id, resolve_patient


def test_name_fragment_finds_the_patient(demo_db):
    assert resolve_patient(demo_db, "amelia")["full_name"] == "Amelia Chen"
    assert resolve_patient(demo_db, "chen amel")["full_name"] == "Amelia Chen"


def test_id_prefix_and_full_id_find_the_patient(demo_db):
    patient = resolve_patient(demo_db, "Chloe")
    assert resolve_patient(demo_db, str(patient["id"])[:8])["id"] == patient["id"]
    assert resolve_patient(demo_db, str(patient["id"]).upper())["id"] == patient["id"]


def test_ambiguous_fragment_lists_candidates(demo_db):
    with pytest.raises(UserError, match=r"matches 2 patients: Amelia Chen .*, Chloe Davis"):
        resolve_patient(demo_db, "ch")


def test_miss_suggests_the_closest_name(demo_db):
    with pytest.raises(UserError, match="Did you mean Amelia Chen"):
        resolve_patient(demo_db, "Amelia Chn")


def test_like_wildcards_are_literal(demo_db):
    with pytest.raises(UserError, match="No patient matches"):
        resolve_patient(demo_db, "%")


def test_resolve_by_id_prefix(demo_db):
    appointment = demo_db.one("appointments.upcoming", days=7, therapist_id=None)
    found = resolve_by_id(
        demo_db, "appointments", str(appointment["appointment_id"])[:6], "appointment"
    )
    assert found["id"] == appointment["appointment_id"]
    with pytest.raises(UserError, match="No appointment"):
        resolve_by_id(demo_db, "appointments", "ffffffff", "appointment")


def test_a_fragment_means_the_one_active_patient_among_discharged_ones(cli, demo_db):
    added = cli("patients", "add", "--first", "Amelie", "--last", "Chenier")
    assert added.exit_code == 0, added.stderr
    with pytest.raises(UserError, match="matches 2 patients"):
        resolve_patient(demo_db, "amel")
    cli("patients", "discharge", "amelie")
    assert resolve_patient(demo_db, "amel")["full_name"] == "Amelia Chen"
    # Two Active ones are still ambiguous, and the discharged one is reached by more of its name.
    cli("patients", "add", "--first", "Amel", "--last", "Ortiz")
    with pytest.raises(UserError, match=r"matches 3 .*Amelia Chen \(\w+\), Amelie .*Completed"):
        resolve_patient(demo_db, "amel")
    assert resolve_patient(demo_db, "amelie")["full_name"] == "Amelie Chenier"
    # A merge names records exactly: no preference there.
    with pytest.raises(UserError, match="matches 2 patients"):
        resolve_patient(demo_db, "chen", prefer_active=False)
