"""Treatment plans against raw SQL (docs/security.md): a signed version is locked for the owner
and for a clinician login, a colleague's login sees no plan of another's patient, billing staff
see none, nobody writes a plan in a colleague's name, and a merge of two patient records moves
signed plans with the person."""

from __future__ import annotations

import json
import threading

import psycopg
import pytest
from clinical_helpers import scalar
from psycopg.rows import dict_row
from security_helpers import SARAH_EMAIL, connect, make_practice
from test_plans import DAP, ok, plan_file

from sanctuary_cli.practice.logins import create_login_role, generate_password

LOCKED = psycopg.errors.IntegrityConstraintViolation
REFUSED = (psycopg.errors.InsufficientPrivilege, LOCKED)
PROBLEMS = '[{"description": "Anxiety", "icd10": ["F41.1"]}]'
INTERVENTIONS = '[{"modality": "CBT", "frequency": "weekly"}]'
INSERT_PLAN = (
    "insert into treatment_plans (patient_id, therapist_id, problems, goals, interventions)"
    f" values (%s, %s, '{PROBLEMS}', '{{Rest}}', '{INTERVENTIONS}')"
)


@pytest.fixture
def practice(pg_cluster, demo_db_url, demo_db, monkeypatch):
    """The demo practice, a colleague with a patient of her own, and Sarah's login; the CLI
    acts for Sarah."""
    monkeypatch.setenv("SANCTUARY_THERAPIST", SARAH_EMAIL)
    return make_practice(pg_cluster, demo_db_url, demo_db)


def refused(conn, query, *params, error=REFUSED) -> str:
    with pytest.raises(error) as caught, conn.transaction():
        conn.execute(query, params)
    return str(caught.value)


def amelias_plan(cli, tmp_path, *, sign=True) -> str:
    added = ok(cli("plans", "add", "Amelia", "--from-file", plan_file(tmp_path), "--json"))
    if sign:
        ok(cli("plans", "sign", "Amelia"))
    return json.loads(added.stdout)[0]["plan_id"]


@pytest.mark.parametrize("who", ["owner", "clinician login"])
def test_a_signed_version_refuses_a_raw_update_and_delete(
    cli, tmp_path, demo_db_url, practice, who
):
    plan_id = amelias_plan(cli, tmp_path)
    url = demo_db_url if who == "owner" else practice["url"]
    writes = LOCKED if who == "owner" else REFUSED
    with connect(url) as conn:
        message = refused(
            conn, "update treatment_plans set goals = '{Nothing}' where id = %s", plan_id,
            error=LOCKED,
        )  # fmt: skip
        assert "is signed and cannot be changed" in message
        refused(conn, "update treatment_plans set review_date = review_date + 1", error=LOCKED)
        refused(conn, "delete from treatment_plans where id = %s", plan_id)
        # A clinician has no UPDATE on objectives at all; the owner meets the lock.
        refused(conn, "update plan_objectives set description = 'x'", error=writes)
        refused(conn, "delete from plan_objectives where plan_id = %s", plan_id)
        refused(
            conn,
            "insert into plan_objectives (plan_id, patient_id, position, description,"
            " target_date) select id, patient_id, 9, 'Later', current_date + 9"
            " from treatment_plans where id = %s",
            plan_id,
            error=LOCKED,
        )
        row = conn.execute("select goals from treatment_plans where id = %s", (plan_id,)).fetchone()
        assert row["goals"] == ["Return to work full time"]
    if who == "owner":
        with connect(demo_db_url) as conn:
            refused(conn, "truncate plan_objectives, treatment_plans cascade", error=LOCKED)


def test_a_draft_may_change_until_it_is_signed(cli, tmp_path, demo_db_url):
    plan_id = amelias_plan(cli, tmp_path, sign=False)
    with connect(demo_db_url) as conn:
        conn.execute("update treatment_plans set goals = '{Rest}' where id = %s", (plan_id,))
        refused(conn, "update treatment_plans set version = 5 where id = %s", plan_id, error=LOCKED)
        refused(
            conn,
            "update treatment_plans set signed_at = now(), signed_by = therapist_id,"
            " review_date = current_date - 1 where id = %s",
            plan_id,
            error=psycopg.errors.CheckViolation,
        )
    ok(cli("plans", "sign", plan_id[:8]))


def test_a_colleague_sees_no_plan_and_writes_none_in_anothers_name(
    cli, tmp_path, demo_db, practice, pg_cluster
):
    plan_id = amelias_plan(cli, tmp_path)
    ok(cli("progress", "add", "Amelia", "anxiety", "6", "--objective", "1"))
    ok(cli("notes", "add", "Amelia", *DAP, "--plan-objective", "1"))
    amelia = scalar(demo_db, "select id from patients where first_name = 'Amelia'")
    password = generate_password()
    role = create_login_role(demo_db, practice["other"]["therapist"], password)
    colleague = pg_cluster.url(practice["dbname"], user=role, password=password)
    with connect(colleague) as conn:
        for table in ("treatment_plans", "plan_objectives", "note_plan_objectives"):
            assert conn.execute(f"select count(*) as n from {table}").fetchone()["n"] == 0
        other = practice["other"]
        refused(conn, INSERT_PLAN, amelia, other["therapist"])  # a colleague's patient
        # Her own row-level security hides the plan: nothing to update, nothing updated.
        assert conn.execute("update treatment_plans set review_date = null").rowcount == 0
    with connect(practice["url"]) as conn:  # Sarah's own login sees her patient's plan
        assert conn.execute("select count(*) as n from treatment_plans").fetchone()["n"] == 1
        refused(conn, INSERT_PLAN, practice["other"]["patient"], practice["sarah_id"])
        refused(conn, INSERT_PLAN, amelia, practice["other"]["therapist"])
    # Through the CLI too: the colleague's login lists nothing and finds no Amelia.
    env = {"SANCTUARY_DATABASE_URL": colleague}
    assert json.loads(ok(cli("plans", "list", "--json", env=env)).stdout) == []
    assert cli("plans", "show", "Amelia", env=env).exit_code == 1
    assert cli("plans", "sign", plan_id, env=env).exit_code == 1


def test_billing_staff_see_no_plan(cli, tmp_path, practice, pg_cluster):
    from security_helpers import billing_login

    amelias_plan(cli, tmp_path)
    with pg_cluster.admin(practice["dbname"]) as admin:
        role = billing_login(admin)
    with connect(pg_cluster.url(practice["dbname"], user=role)) as conn:
        for table in ("treatment_plans", "plan_objectives", "note_plan_objectives"):
            refused(conn, f"select * from {table}", error=psycopg.errors.InsufficientPrivilege)
        refused(
            conn,
            "select sanctuary_record_read('treatment_plans', null, null)",
            error=psycopg.errors.InsufficientPrivilege,
        )


def test_a_merge_moves_signed_plans_with_the_person(cli, tmp_path, demo_db):
    plan_id = amelias_plan(cli, tmp_path)
    added = ok(cli("patients", "add", "--first", "Amy", "--last", "Chen", "--json"))
    keep = json.loads(added.stdout)[0]["patient_id"]
    merged = cli("patients", "merge", keep[:8], "Amelia Chen")
    assert merged.exit_code == 0, merged.stderr
    assert "treatment_plans 1" in merged.stdout and "plan_objectives 2" in merged.stdout
    shown = json.loads(ok(cli("plans", "show", keep[:8], "--json")).stdout)
    assert [v["plan_id"] for v in shown["versions"]] == [plan_id]
    assert ok(cli("audit", "verify"))


def test_an_objective_added_while_the_plan_is_being_signed_waits_and_is_refused(
    cli, tmp_path, demo_db_url, practice
):
    """Migration 0105: the objective's insert waits for the signing in flight, then sees it."""
    plan_id = amelias_plan(cli, tmp_path, sign=False)
    add_objective = (
        "insert into plan_objectives (plan_id, patient_id, position, description)"
        " select id, patient_id, 40, 'Added while signing' from treatment_plans where id = %s"
    )
    with psycopg.connect(practice["url"], row_factory=dict_row) as signer:
        signer.execute(
            "update treatment_plans set signed_at = now(), signed_by = therapist_id,"
            " review_date = current_date + 90 where id = %s",
            (plan_id,),
        )
        errors: list[BaseException] = []

        def adder() -> None:
            try:
                with connect(practice["url"]) as conn:
                    conn.execute(add_objective, (plan_id,))
            except psycopg.Error as error:
                errors.append(error)

        thread = threading.Thread(target=adder)
        thread.start()
        thread.join(1.5)
        assert thread.is_alive(), "the insert did not wait for the signing"
        signer.commit()
        thread.join(30)
    assert len(errors) == 1 and isinstance(errors[0], LOCKED), errors
    assert "signed" in str(errors[0])
    with connect(demo_db_url) as conn:
        late = conn.execute(
            "select count(*) as n from plan_objectives where plan_id = %s and position = 40",
            (plan_id,),
        ).fetchone()
    assert late["n"] == 0
