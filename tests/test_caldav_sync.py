"""Publishing appointments (sanctuary_cli/store/caldav_sync.py) to a real CalDAV server on
127.0.0.1 (tests/caldav_server.py: Radicale in a subprocess, storage in the test's temp dir)."""

from __future__ import annotations

import socket
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from sanctuary_cli.errors import UserError
from sanctuary_cli.store.caldav_sync import (
    CalendarUnavailable,
    EventSpec,
    SyncResult,
    event_ics,
    events_from_rows,
    require_secure_calendar,
    sync_events,
)

pytest_plugins = ("caldav_server",)  # the start_caldav_server fixture
TZ = ZoneInfo("America/New_York")
USER, PASSWORD = "sarah", "radicale-test-password"  # tests/caldav_server.py lets any pair in
UPDATED = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def spec(n: int, *, day: int = 3, hour: int = 10, location: str = "Office 2") -> EventSpec:
    start = datetime(2026, 12, day, hour, 0, tzinfo=TZ)
    return EventSpec(
        uid=f"appt-{n}@sanctuary.invalid",
        summary=f"Session: A.{chr(65 + n)}. (In person)",
        starts_at=start,
        ends_at=start + timedelta(minutes=50),
        location=location,
        description=f"Sanctuary appointment appt-{n}",
        last_modified=UPDATED,
    )


def sync(server, calendar, events, **options) -> SyncResult:
    return sync_events(calendar, server.user, server.password, events, **options)


def test_create_update_remove_and_leave_the_rest_alone(start_caldav_server):
    server = start_caldav_server()
    calendar = server.make_calendar()
    server.put_event("practice", "dentist-42@example.com", "Dentist")
    server.put_event("practice", "lookalike@sanctuary.invalid.example.com", "Not ours either")
    events = [spec(1, hour=9), spec(2, hour=10), spec(3, hour=11, location="")]

    assert sync(server, calendar, events) == SyncResult(created=3)
    stored = server.events()
    assert set(stored) == {e.uid for e in events} | {
        "dentist-42@example.com", "lookalike@sanctuary.invalid.example.com"
    }  # fmt: skip
    first = stored["appt-1@sanctuary.invalid"]
    assert str(first["SUMMARY"]) == "Session: A.B. (In person)"
    assert first["DTSTART"].params["TZID"] == "America/New_York"
    assert first["DTSTART"].dt == datetime(2026, 12, 3, 9, 0, tzinfo=TZ)
    assert (
        str(first["LOCATION"]) == "Office 2"
        and "LOCATION" not in stored["appt-3@sanctuary.invalid"]
    )
    stamps = {uid: str(e["DTSTAMP"].to_ical()) for uid, e in stored.items()}

    assert sync(server, calendar, events) == SyncResult(unchanged=3)
    assert {uid: str(e["DTSTAMP"].to_ical()) for uid, e in server.events().items()} == stamps

    moved = replace(events[1], starts_at=events[1].starts_at + timedelta(days=1),
                    ends_at=events[1].ends_at + timedelta(days=1))  # fmt: skip
    retitled = replace(events[2], location="Virtual", url="https://video.example/room")
    later = [events[0], moved, retitled]
    assert sync(server, calendar, later[:2]) == SyncResult(updated=1, removed=1, unchanged=1)
    stored = server.events()
    assert "appt-3@sanctuary.invalid" not in stored
    assert stored["appt-2@sanctuary.invalid"]["DTSTART"].dt == datetime(2026, 12, 4, 10, tzinfo=TZ)
    assert int(stored["appt-2@sanctuary.invalid"]["SEQUENCE"]) == 1
    assert sync(server, calendar, later[:2]) == SyncResult(unchanged=2)

    # A changed place alone is a change; a new last-modified alone is not.
    assert sync(server, calendar, later) == SyncResult(created=1, unchanged=2)
    assert sync(server, calendar, [replace(e, last_modified=datetime.now(UTC)) for e in later]) == (
        SyncResult(unchanged=3)
    )
    assert sync(server, calendar, [later[0], moved, replace(retitled, location="Office 9")]) == (
        SyncResult(updated=1, unchanged=2)
    )

    stored = server.events()
    assert str(stored["dentist-42@example.com"]["SUMMARY"]) == "Dentist"
    assert "lookalike@sanctuary.invalid.example.com" in stored
    assert sync(server, calendar, []) == SyncResult(removed=3)
    assert set(server.events()) == {
        "dentist-42@example.com", "lookalike@sanctuary.invalid.example.com"
    }  # fmt: skip


def test_only_our_events_inside_the_window_are_removed(start_caldav_server):
    server = start_caldav_server()
    calendar = server.make_calendar()
    past, soon = spec(1, day=1), spec(2, day=5)
    assert sync(server, calendar, [past, soon]) == SyncResult(created=2)
    window = (datetime(2026, 12, 2, tzinfo=UTC), datetime(2027, 1, 31, tzinfo=UTC))
    assert sync(server, calendar, [], window=window) == SyncResult(removed=1)
    assert set(server.events()) == {past.uid}  # before the window: history, left alone


def test_events_from_rows_carry_initials_only():
    row = {
        "appointment_id": "5a1f",
        "first_name": "Amelia",
        "last_name": "Castellanos",
        "patient_name": "Amelia Castellanos",
        "session_type": None,
        "appointment_type": "Virtual",
        "starts_at": datetime(2026, 12, 3, 15, 0, tzinfo=UTC),
        "ends_at": datetime(2026, 12, 3, 15, 50, tzinfo=UTC),
        "updated_at": UPDATED,
        "video_link": "https://video.example/room",
        "location": None,
        "status": "scheduled",
    }
    [event] = events_from_rows([row], TZ)
    assert event.uid == "5a1f@sanctuary.invalid" and event.summary == "Session: A.C. (Virtual)"
    assert event.starts_at.tzinfo == TZ and event.starts_at.hour == 10
    text = event_ics(event)
    assert "Castellanos" not in text and "Amelia" not in text
    assert "TZID=America/New_York" in text and "BEGIN:VTIMEZONE" in text


def test_https_with_the_servers_certificate(start_caldav_server, monkeypatch):
    server = start_caldav_server(https=True)
    calendar = server.make_calendar()
    cert = str(server.certificate.cert)
    assert sync(server, calendar, [spec(1)], ca_file=cert) == SyncResult(created=1)
    monkeypatch.setenv("SSL_CERT_FILE", cert)
    assert sync(server, calendar, [spec(1)]) == SyncResult(unchanged=1)
    monkeypatch.delenv("SSL_CERT_FILE")
    with pytest.raises(CalendarUnavailable, match="certificate is not trusted") as caught:
        sync(server, calendar, [spec(2)])  # not trusted: nothing is sent
    assert caught.value.exit_code == 3 and "SSL_CERT_FILE" in str(caught.value)
    assert set(server.events()) == {spec(1).uid}


def test_http_off_this_machine_is_refused_before_connecting():
    with pytest.raises(UserError, match="over http: use https://"):
        sync_events("http://calendar.example.com/dav/sarah/practice/", USER, PASSWORD, [spec(1)])
    with pytest.raises(UserError, match="password .* without TLS"):
        require_secure_calendar("http://calendar.example.com/dav/", PASSWORD, True)
    with pytest.raises(UserError, match="password .* without TLS") as caught:
        require_secure_calendar(f"http://sarah:{PASSWORD}@calendar.example.com/", None, True)
    assert PASSWORD not in str(caught.value)
    require_secure_calendar("http://calendar.example.com/dav/", None, True)  # allowed, no login
    require_secure_calendar("https://calendar.example.com/dav/", PASSWORD, False)
    require_secure_calendar("http://localhost:5232/sarah/practice/", PASSWORD, False)
    require_secure_calendar("http://[::1]:5232/sarah/practice/", PASSWORD, False)
    with pytest.raises(UserError, match="must start with https://"):
        require_secure_calendar("webcal://calendar.example.com/x.ics", None, False)


def test_events_we_could_not_recognise_later_are_refused(start_caldav_server):
    with pytest.raises(UserError, match="does not end with @sanctuary.invalid"):
        sync_events("http://127.0.0.1:1/", USER, PASSWORD, [replace(spec(1), uid="x@example.com")])
    with pytest.raises(UserError, match="repeated"):
        sync_events("http://127.0.0.1:1/", USER, PASSWORD, [spec(1), spec(1)])
    naive = replace(spec(1), starts_at=datetime(2026, 12, 3, 10, 0))
    with pytest.raises(UserError, match="without a zone"):
        sync_events("http://127.0.0.1:1/", USER, PASSWORD, [naive])


def test_a_missing_calendar_and_an_unreachable_server(start_caldav_server):
    server = start_caldav_server()
    server.make_calendar()
    with pytest.raises(UserError, match="No calendar at .*/sarah/nonexistent/") as caught:
        sync(server, server.calendar_url("nonexistent"), [spec(1)])
    assert PASSWORD not in str(caught.value)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://{USER}:{PASSWORD}@127.0.0.1:{port}/sarah/practice/"
    with pytest.raises(CalendarUnavailable, match="cannot connect: Connection refused") as caught:
        sync_events(url, None, None, [spec(1)])
    assert caught.value.exit_code == 3 and PASSWORD not in str(caught.value)
