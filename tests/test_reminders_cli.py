"""`reminders send` and `reminders list` (docs/SPEC.md section 10; docs/reminders.md) through the
CLI, against a real SMTP server on 127.0.0.1 (tests/mail_server.py: aiosmtpd in a thread).

The demo practice has Amelia Chen at 10:00 and Benjamin "Ben" Carter at 14:00 tomorrow, and
Chloe Davis the day after; nobody has agreed to reminders until a test says so.
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from reminder_helpers import AMELIA, BEN, SENDER, agree, send, texts

pytest_plugins = ("mail_server", "reminder_helpers")  # servers, certificate, `mail`

# Nothing but the patient's first name, the time and the practice: never these.
FORBIDDEN = [
    "Chen", "Carter", "Benjamin", "Chloe", "Davis", "F41", "F32", "Individual Therapy", "Intake",
    "Johnson", "Sarah", "Office 4", "Aetna", "video.example", "Racing thoughts",
]  # fmt: skip


def last_line(result) -> str:
    return result.stderr.strip().splitlines()[-1]


def upcoming(cli) -> dict[str, str]:
    shown = cli("appointments", "upcoming", "--days", "7", "--json")
    assert shown.exit_code == 0, shown.stderr
    return {row["patient_name"]: row["appointment_id"] for row in json.loads(shown.stdout)}


def reminders(cli) -> list[dict]:
    shown = cli("reminders", "list", "--json")
    assert shown.exit_code == 0, shown.stderr
    return json.loads(shown.stdout)


def test_one_consenting_patient_gets_one_reminder_with_nothing_else(cli, demo_db_url, mail):
    agree(cli, "Amelia")
    first = send(cli)
    assert first.exit_code == 0, first.stderr
    assert last_line(first) == "sent 1, skipped 1"
    assert first.stdout == ""
    assert [m.rcpt_tos for m in mail.messages] == [[AMELIA]]
    text = texts(mail.messages[0])
    assert "Hello Amelia," in text and "10:00 AM" in text
    # The practice's own profile when it has one, else the clinician's: either way, its phone.
    assert "Sanctuary Counseling" in text and re.search(r"212\D{0,2}555\D0100", text)
    assert "cancel" in text
    assert [word for word in FORBIDDEN if word in text] == []

    again = send(cli)
    assert again.exit_code == 0, again.stderr
    assert last_line(again) == "sent 0, skipped 2"
    assert len(mail.messages) == 1
    listed = reminders(cli)
    assert [(r["patient_name"], r["status"]) for r in listed] == [("Amelia Chen", "sent")]
    assert set(listed[0]) == {
        "starts_at", "patient_name", "channel", "status", "sent_at", "reason", "appointment_id",
    }  # fmt: skip


def test_the_preferred_name_is_used(cli, demo_db_url, mail):
    agree(cli, "Benjamin")
    assert send(cli).exit_code == 0
    text = texts(mail.messages[0])
    assert "Hello Ben," in text and "2:00 PM" in text
    assert [word for word in FORBIDDEN if word in text] == []


def test_the_practice_profile_names_the_practice_when_it_has_one(cli, demo_db, demo_db_url, mail):
    """The practice's own name and phone (its billing profile, migration 0090) win over the
    clinician's; ten digits are written as a patient dials them."""
    with demo_db.transaction() as cur:
        cur.execute("update practice set name = 'Harbor Psychology Group', phone = '6465550199'")
    agree(cli, "Amelia")
    assert send(cli).exit_code == 0
    text = texts(mail.messages[0])
    assert "Harbor Psychology Group" in text and "(646) 555-0199" in text
    assert "Sanctuary Counseling" not in text and "212 555" not in text


def test_dry_run_sends_nothing_and_lists_what_it_would_send(cli, demo_db_url, mail):
    agree(cli, "Amelia")
    dry = send(cli, "--dry-run", "--json")
    assert dry.exit_code == 0, dry.stderr
    rows = {row["patient_name"]: row for row in json.loads(dry.stdout)}
    assert rows["Amelia Chen"]["outcome"] == "would send"
    assert rows["Amelia Chen"]["email"] == AMELIA
    assert rows["Benjamin Carter"]["outcome"] == "skipped: no consent to reminders"
    assert last_line(dry) == "sent 0, skipped 1; dry run: 1 would be sent"
    assert mail.messages == [] and reminders(cli) == []
    table = send(cli, "--dry-run")
    assert "would send" in table.stdout and "Amelia Chen" in table.stdout
    assert send(cli).exit_code == 0 and len(mail.messages) == 1


def test_dry_run_needs_no_mail_settings(cli, demo_db_url):
    agree(cli, "Amelia")
    dry = send(cli, "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert "would send" in dry.stdout


def test_two_runs_at_once_send_each_reminder_once(run_cli, cli, demo_db_url, mail):
    agree(cli, "Amelia", "Benjamin", "Chloe")
    for when in ("tomorrow 08:00", "tomorrow 16:00", "tomorrow 18:00"):
        booked = cli("appointments", "add", "Chloe", when)
        assert booked.exit_code == 0, booked.stderr
    slow_down(mail, seconds=0.4)  # so that each run is still sending while the other starts
    env = {"SANCTUARY_SMTP_URL": mail.url(), "SANCTUARY_REMINDER_FROM": SENDER}
    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda _: run_cli("reminders", "send", env=env), range(2)))
    for done in runs:
        assert done.returncode == 0, done.stderr
    sent = [int(last_line_of(done.stderr).split(",")[0].split()[1]) for done in runs]
    assert sum(sent) == 5
    recipients = sorted(m.rcpt_tos[0] for m in mail.messages)
    assert recipients == sorted([AMELIA, BEN] + ["chloe.davis@example.com"] * 3)
    assert len({m.message["Message-ID"] for m in mail.messages}) == 5
    assert [r["status"] for r in reminders(cli)] == ["sent"] * 5
    rerun = run_cli("reminders", "send", env=env)
    assert rerun.returncode == 0 and last_line_of(rerun.stderr) == "sent 0, skipped 5"
    assert len(mail.messages) == 5


def last_line_of(stderr: str) -> str:
    return stderr.strip().splitlines()[-1]


def slow_down(server, seconds: float) -> None:
    """The server takes `seconds` to accept each message."""
    accept = server.recorder.handle_DATA

    async def slowly(*args):
        await asyncio.sleep(seconds)
        return await accept(*args)

    server.recorder.handle_DATA = slowly


def test_a_claim_waits_for_a_concurrent_one_and_gets_nothing(cli, demo_db, demo_db_url):
    """Two claims of the same reminders at the same moment: the second waits on the unique key
    and, once the first is committed, claims none of them."""
    from sanctuary_cli.practice.reminder_delivery import claim
    from sanctuary_cli.store.db import connect, named_query

    agree(cli, "Amelia", "Benjamin")
    ids = list(upcoming(cli).values())
    other = connect(demo_db.settings)
    try:
        with ThreadPoolExecutor(1) as pool:
            with demo_db.transaction() as cur:
                params = {"appointment_ids": ids, "run": uuid.uuid4(), "lease_minutes": 30}
                cur.execute(named_query("reminders.claim"), params)
                assert len(cur.fetchall()) == 2
                second = pool.submit(claim, other, uuid.uuid4(), ids)
                time.sleep(0.5)
                assert not second.done()  # waiting for the first claim's transaction
            assert second.result(timeout=10) == []
    finally:
        other.close()


def test_a_refused_recipient_does_not_stop_the_others(cli, demo_db_url, start_mail_server,
                                                     monkeypatch):  # fmt: skip
    server = start_mail_server(refuse={BEN})
    monkeypatch.setenv("SANCTUARY_SMTP_URL", server.url())
    monkeypatch.setenv("SANCTUARY_REMINDER_FROM", SENDER)
    agree(cli, "Amelia", "Benjamin")
    first = send(cli)
    assert first.exit_code == 1
    assert [m.rcpt_tos for m in server.messages] == [[AMELIA]]
    assert "Warning: reminder of appointment" in first.stderr and "550" in first.stderr
    # The server's answer echoed Ben's address: kept and shown without it.
    assert "<(address)>: Mailbox unavailable" in first.stderr and BEN not in first.stderr
    refusal = [r for r in reminders(cli) if r["patient_name"] == "Benjamin Carter"]
    assert "550" in refusal[0]["reason"] and BEN not in refusal[0]["reason"]
    assert last_line(first) == "sent 1, skipped 0, failed 1"
    assert "Error" not in first.stderr

    # Refused for good at that address: not tried again, until the address changes.
    again = send(cli)
    assert again.exit_code == 0 and last_line(again) == "sent 0, skipped 2"
    assert cli("patients", "edit", "Benjamin", "--email", "ben@carter.example").exit_code == 0
    third = send(cli)
    assert third.exit_code == 0, third.stderr
    assert server.messages[-1].rcpt_tos == ["ben@carter.example"]


def test_a_temporary_refusal_is_tried_again(cli, demo_db_url, start_mail_server, monkeypatch):
    server = start_mail_server(defer={BEN})
    monkeypatch.setenv("SANCTUARY_SMTP_URL", server.url())
    monkeypatch.setenv("SANCTUARY_REMINDER_FROM", SENDER)
    agree(cli, "Benjamin")
    assert send(cli).exit_code == 1
    server.recorder.defer.clear()
    again = send(cli)
    assert again.exit_code == 0 and last_line(again) == "sent 1, skipped 1"
    assert [m.rcpt_tos for m in server.messages] == [[BEN]]


def test_a_cancelled_appointment_gets_no_reminder(cli, demo_db_url, mail):
    agree(cli, "Amelia")
    cancelled = cli("appointments", "cancel", upcoming(cli)["Amelia Chen"])
    assert cancelled.exit_code == 0, cancelled.stderr
    done = send(cli)
    assert done.exit_code == 0 and last_line(done) == "sent 0, skipped 1"
    assert mail.messages == []


def test_a_moved_appointment_gets_a_reminder_of_its_new_time(cli, demo_db_url, mail):
    agree(cli, "Amelia")
    assert send(cli).exit_code == 0
    moved = cli("appointments", "reschedule", upcoming(cli)["Amelia Chen"], "tomorrow 16:30")
    assert moved.exit_code == 0, moved.stderr
    again = send(cli)
    assert again.exit_code == 0 and last_line(again) == "sent 1, skipped 1"
    first, second = mail.messages
    assert "10:00 AM" in texts(first) and "4:30 PM" in texts(second)
    assert first.message["Message-ID"] != second.message["Message-ID"]


def test_an_unreachable_server_is_exit_3_and_the_next_run_sends(cli, demo_db_url, mail,
                                                               monkeypatch):  # fmt: skip
    agree(cli, "Amelia")
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    monkeypatch.setenv("SANCTUARY_SMTP_URL", f"smtp://127.0.0.1:{closed}")
    down = send(cli)
    assert down.exit_code == 3
    assert "sent 0, skipped 1, failed 1" in down.stderr
    assert last_line(down).startswith("Error: ")
    assert [r["status"] for r in reminders(cli)] == ["failed"]
    monkeypatch.setenv("SANCTUARY_SMTP_URL", mail.url())
    again = send(cli)
    assert again.exit_code == 0 and last_line(again) == "sent 1, skipped 1"
    assert [m.rcpt_tos for m in mail.messages] == [[AMELIA]]


def test_a_reminder_lost_in_a_crash_is_never_sent_again(cli, demo_db, demo_db_url, mail):
    """One handed over when the run died stays unknown; one only claimed is sent."""
    agree(cli, "Amelia", "Benjamin")
    ids = upcoming(cli)
    with demo_db.transaction() as cur:
        for patient, address in (("Amelia Chen", AMELIA), ("Benjamin Carter", BEN)):
            cur.execute(
                "insert into reminders (appointment_id, starts_at, patient_id, therapist_id,"
                " recipient, claimed_by, claimed_at)"
                " select id, starts_at, patient_id, therapist_id, %s, gen_random_uuid(),"
                " now() - interval '2 hours' from appointments where id = %s",
                (address, ids[patient]),
            )
        cur.execute(
            "update reminders set status = 'sending', sending_at = now() - interval '1 hour'"
            " where recipient = %s",
            (AMELIA,),
        )
    done = send(cli)
    assert done.exit_code == 0, done.stderr
    assert last_line(done) == "sent 1, skipped 1"
    assert [m.rcpt_tos for m in mail.messages] == [[BEN]]
    states = {r["patient_name"]: r["status"] for r in reminders(cli)}
    assert states == {"Amelia Chen": "unknown", "Benjamin Carter": "sent"}


def test_the_database_refuses_to_send_a_reminder_twice(cli, demo_db, demo_db_url, mail):
    agree(cli, "Amelia")
    assert send(cli).exit_code == 0
    for change in (
        "update reminders set status = 'queued'",
        "update reminders set status = 'sending'",
        "update reminders set starts_at = starts_at + interval '1 hour'",
        "delete from reminders",
        "truncate reminders",
    ):
        with (
            pytest.raises(psycopg.errors.IntegrityConstraintViolation),
            demo_db.transaction() as cur,
        ):
            cur.execute(change)
    assert [r["status"] for r in reminders(cli)] == ["sent"]


def test_consent_is_recorded_with_when_and_by_whom_and_audited(cli, demo_db, demo_db_url):
    agree(cli, "Amelia")
    with demo_db.transaction() as cur:
        cur.execute(
            "select p.reminders, p.reminders_consent_at is not null as dated,"
            " t.email as recorded_by from patients p"
            " join therapists t on t.id = p.reminders_consent_by where p.first_name = 'Amelia'"
        )
        assert cur.fetchone() == {
            "reminders": "email", "dated": True, "recorded_by": "sarah.johnson@sanctuary.example"
        }  # fmt: skip
    entries = json.loads(cli("audit", "list", "--json", "--limit", "5").stdout)
    assert any(
        e["action"] == "UPDATE" and e["table_name"] == "patients" and "reminders" in str(e)
        for e in entries
    ), entries
    with (
        pytest.raises(psycopg.errors.IntegrityConstraintViolation),
        demo_db.transaction() as cur,
    ):
        cur.execute("update patients set reminders_consent_at = now() - interval '1 year'")
    assert cli("patients", "edit", "Amelia", "--reminders", "none").exit_code == 0


def test_bad_consent_values_are_one_line_and_nothing_changes(cli, demo_db_url):
    wrong = cli("patients", "edit", "Amelia", "--reminders", "sms")
    assert wrong.exit_code == 1 and "reminders must be one of email, none" in wrong.stderr
    added = cli("patients", "add", "--first", "Noah", "--last", "Quinn")
    assert added.exit_code == 0, added.stderr
    no_address = cli("patients", "edit", "Noah Quinn", "--reminders", "email")
    assert no_address.exit_code == 1
    assert "need the patient's email address" in no_address.stderr


def test_settings_and_days_are_checked_before_anything_is_claimed(cli, demo_db_url, monkeypatch):
    agree(cli, "Amelia")
    unset = send(cli)
    assert unset.exit_code == 1 and "SANCTUARY_SMTP_URL" in unset.stderr
    monkeypatch.setenv("SANCTUARY_SMTP_URL", "smtp://desk@mail.example:587")
    no_sender = send(cli)
    assert no_sender.exit_code == 1 and "SANCTUARY_REMINDER_FROM" in no_sender.stderr
    passed = cli("reminders", "send", "--for", "yesterday")
    assert passed.exit_code == 1 and "has passed" in passed.stderr
    assert reminders(cli) == []


def test_starttls_login_and_the_password_shown_nowhere(
    cli, demo_db_url, start_mail_server, tls_certificate, monkeypatch
):
    password = "s3cret-app-password"
    users = {"desk@sanctuary.example": password}
    server = start_mail_server(certificate=tls_certificate, users=users)
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_certificate.cert))
    monkeypatch.setenv("SANCTUARY_SMTP_URL", server.url(user="desk%40sanctuary.example"))
    monkeypatch.setenv("SANCTUARY_SMTP_PASSWORD", password)
    monkeypatch.setenv("SANCTUARY_REMINDER_FROM", SENDER)
    agree(cli, "Amelia")
    done = send(cli)
    assert done.exit_code == 0, done.stderr
    assert server.messages[0].tls and server.messages[0].user == "desk@sanctuary.example"
    monkeypatch.setenv("SANCTUARY_SMTP_PASSWORD", "wrong-password-here")
    agree(cli, "Benjamin")
    refused = send(cli)
    assert refused.exit_code == 1 and "refused the user name or password" in refused.stderr
    assert "wrong-password-here" not in refused.stderr + refused.stdout


def test_a_clinician_login_reminds_only_its_own_patients(
    cli, pg_cluster, demo_db, demo_db_url, mail
):
    """Row-level security (migration 0111): a clinician's login sends and sees the reminders
    of its own appointments only, even for the whole practice, and writes none for another's;
    billing staff see none."""
    from security_helpers import billing_login, make_practice

    practice = make_practice(pg_cluster, demo_db_url, demo_db)
    other = practice["other"]
    with pg_cluster.admin(practice["dbname"]) as admin:
        admin.execute(
            "update patients set email = 'zed@other.example', reminders = 'email' where id = %s",
            (other["patient"],),
        )
        theirs = admin.execute(
            "insert into appointments (therapist_id, patient_id, starts_at, duration_minutes)"
            " values (%s, %s, (current_date + 1 + time '12:00') at time zone %s, 50)"
            " returning id, starts_at",
            (other["therapist"], other["patient"], "America/New_York"),
        ).fetchone()
        biller = billing_login(admin)
    agree(cli, "Amelia")
    as_sarah = cli("--database-url", practice["url"], "reminders", "send", "--all-therapists")
    assert as_sarah.exit_code == 0, as_sarah.stderr
    assert [m.rcpt_tos for m in mail.messages] == [[AMELIA]]
    listed = cli("--database-url", practice["url"], "reminders", "list", "--json")
    assert [r["patient_name"] for r in json.loads(listed.stdout)] == ["Amelia Chen"]

    refused = (psycopg.errors.InsufficientPrivilege, psycopg.errors.IntegrityConstraintViolation)
    with psycopg.connect(practice["url"], autocommit=True) as conn:
        for therapist in (other["therapist"], practice["sarah_id"]):
            # Refused by the policy, or first by the claim check, which cannot see the
            # appointment either: no row, and nothing said about the colleague's schedule.
            with pytest.raises(refused):
                conn.execute(
                    "insert into reminders (appointment_id, starts_at, patient_id,"
                    " therapist_id, recipient, claimed_by)"
                    " values (%s, %s, %s, %s, 'zed@other.example', gen_random_uuid())",
                    (*theirs, other["patient"], therapist),
                )
    with pg_cluster.admin(practice["dbname"]) as admin:
        assert admin.execute("select count(*) from reminders").fetchone()[0] == 1
    with (
        psycopg.connect(pg_cluster.url(practice["dbname"], user=biller)) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("select * from reminders")


def test_a_merge_moves_the_reminders_with_the_appointments(cli, demo_db, demo_db_url, mail):
    """The one change of a sent reminder the database allows: its patient, when merged."""
    agree(cli, "Amelia")
    assert send(cli).exit_code == 0
    added = cli(
        "patients", "add", "--first", "Amy", "--last", "Chen", "--dob", "1992-04-12", "--json",
        "--allow-duplicate",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    keep = json.loads(added.stdout)[0]["patient_id"]
    merged = cli("patients", "merge", keep, "Amelia")
    assert merged.exit_code == 0, merged.stderr
    assert "reminders 1" in merged.stdout + merged.stderr
    with demo_db.transaction() as cur:
        cur.execute("select patient_id::text as p, status from reminders")
        assert cur.fetchall() == [{"p": keep, "status": "sent"}]
    again = send(cli)
    assert again.exit_code == 0 and len(mail.messages) == 1
