"""`calendar sync` (docs/SPEC.md section 10; docs/reminders.md, "Calendar settings") through the
CLI, against a real CalDAV server on 127.0.0.1 (tests/caldav_server.py: Radicale).

The demo practice has three scheduled appointments to come: Amelia Chen and Benjamin Carter
tomorrow, Chloe Davis the day after; its past sessions are outside the window.
"""

from __future__ import annotations

import json
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from sanctuary_cli.rules.dates import practice_today

pytest_plugins = ("caldav_server",)  # the start_caldav_server fixture
TZ = ZoneInfo("America/New_York")  # the practice zone of the tests (tests/conftest.py)


@pytest.fixture
def calendar(start_caldav_server, monkeypatch):
    server = start_caldav_server()
    monkeypatch.setenv("SANCTUARY_CALDAV_URL", server.make_calendar())
    monkeypatch.setenv("SANCTUARY_CALDAV_USER", server.user)
    monkeypatch.setenv("SANCTUARY_CALDAV_PASSWORD", server.password)
    return server


def sync(cli, *args: str):
    return cli("calendar", "sync", *args)


def last_line(result) -> str:
    return result.stderr.strip().splitlines()[-1]


def upcoming(cli) -> dict[str, str]:
    shown = cli("appointments", "upcoming", "--days", "7", "--json")
    assert shown.exit_code == 0, shown.stderr
    return {row["patient_name"]: row["appointment_id"] for row in json.loads(shown.stdout)}


def exports(cli) -> list[dict]:
    entries = json.loads(cli("audit", "list", "--json", "--limit", "1000").stdout)
    return [e for e in entries if (e["action"], e["table_name"]) == ("EXPORT", "appointments")]


def test_sync_publishes_initials_only_then_follows_changes(cli, demo_db_url, calendar):
    ids = upcoming(cli)
    first = sync(cli)
    assert first.exit_code == 0, first.stderr
    assert last_line(first) == "created 3, updated 0, removed 0"
    events = calendar.events()
    assert set(events) == {f"{i}@sanctuary.invalid" for i in ids.values()}
    titles = sorted(str(e["SUMMARY"]) for e in events.values())
    assert titles == [
        "Session: A.C. (In-Person)", "Session: B.C. (Virtual)", "Session: C.D. (In-Person)"
    ]  # fmt: skip
    published = "\n".join(e.to_ical().decode() for e in events.values())
    for word in ("Amelia", "Chen", "Benjamin", "Carter", "Chloe", "Individual Therapy", "F41"):
        assert word not in published
    assert len(exports(cli)) == 1

    cancelled = cli("appointments", "cancel", ids["Amelia Chen"])
    assert cancelled.exit_code == 0, cancelled.stderr
    later = practice_today(TZ) + timedelta(days=3)
    moved = cli("appointments", "reschedule", ids["Chloe Davis"], f"{later.isoformat()} 15:00")
    assert moved.exit_code == 0, moved.stderr
    second = sync(cli)
    assert second.exit_code == 0, second.stderr
    assert last_line(second) == "created 0, updated 1, removed 1"
    events = calendar.events()
    kept = ("Benjamin Carter", "Chloe Davis")
    assert set(events) == {f"{ids[p]}@sanctuary.invalid" for p in kept}
    chloe = events[f"{ids['Chloe Davis']}@sanctuary.invalid"]
    assert chloe["DTSTART"].dt.hour == 15 and int(chloe["SEQUENCE"]) == 1

    third = sync(cli)
    assert third.exit_code == 0, third.stderr
    assert last_line(third) == "created 0, updated 0, removed 0"
    assert len(exports(cli)) == 2  # a sync that published nothing new disclosed nothing


def test_a_no_show_is_removed(cli, demo_db, demo_db_url, calendar):
    ids = upcoming(cli)
    assert sync(cli).exit_code == 0
    with demo_db.transaction() as cur:  # a no-show of the future cannot be typed: set it here
        cur.execute(
            "update appointments set status = 'no-show' where id = %s", (ids["Benjamin Carter"],)
        )
    done = sync(cli)
    assert last_line(done) == "created 0, updated 0, removed 1"
    assert f"{ids['Benjamin Carter']}@sanctuary.invalid" not in calendar.events()
    assert last_line(sync(cli)) == "created 0, updated 0, removed 0"


def test_the_window_is_the_days_asked_for(cli, demo_db_url, calendar):
    assert last_line(sync(cli, "--days", "1")) == "created 2, updated 0, removed 0"
    assert last_line(sync(cli, "--days", "2")) == "created 1, updated 0, removed 0"


def test_https_with_the_ca_from_ssl_cert_file(cli, demo_db_url, start_caldav_server, monkeypatch):
    server = start_caldav_server(https=True)
    monkeypatch.setenv("SANCTUARY_CALDAV_URL", server.make_calendar())
    monkeypatch.setenv("SANCTUARY_CALDAV_USER", server.user)
    monkeypatch.setenv("SANCTUARY_CALDAV_PASSWORD", server.password)
    untrusted = sync(cli)
    assert untrusted.exit_code == 3 and "SSL_CERT_FILE" in untrusted.stderr
    assert server.password not in untrusted.stderr
    monkeypatch.setenv("SSL_CERT_FILE", str(server.certificate.cert))
    assert last_line(sync(cli)) == "created 3, updated 0, removed 0"


def test_settings_are_checked_before_anything_leaves(cli, demo_db_url, monkeypatch):
    unset = sync(cli)
    assert unset.exit_code == 1 and "SANCTUARY_CALDAV_URL" in unset.stderr
    monkeypatch.setenv("SANCTUARY_CALDAV_URL", "http://calendar.example.com/dav/practice/")
    monkeypatch.setenv("SANCTUARY_CALDAV_PASSWORD", "never-shown-1234")
    clear = sync(cli)
    assert clear.exit_code == 1 and "use https://" in clear.stderr
    assert "never-shown-1234" not in clear.stderr
    assert exports(cli) == []


def test_the_passwords_are_in_no_repr_of_the_settings(monkeypatch):
    from sanctuary_cli.store.config import load_settings

    monkeypatch.setenv("SANCTUARY_CALDAV_PASSWORD", "caldav-secret-9")
    monkeypatch.setenv("SANCTUARY_SMTP_PASSWORD", "smtp-secret-9")
    monkeypatch.setenv("SANCTUARY_SMTP_URL", "smtps://desk:inline-secret-9@mail.example:465")
    monkeypatch.setenv("SANCTUARY_CALDAV_URL", "https://sarah:url-secret-9@cal.example/dav/")
    shown = repr(load_settings())
    assert "secret-9" not in shown and "mail.example" in shown and "cal.example" in shown
