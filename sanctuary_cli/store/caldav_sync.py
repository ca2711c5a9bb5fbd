"""Publishing appointments to a CalDAV calendar (`calendar sync`, docs/reminders.md).

The events are those of the .ics export (rules/calendar.py): UIDs
`<appointment id>@sanctuary.invalid`, initials in the title, DTSTART/DTEND with the practice's
TZID. sync_events makes the calendar hold exactly them among the events whose UID ends with our
suffix: missing ones are created, ones whose time, title, place, link or description differ are
updated (SEQUENCE + 1), ours no longer listed are removed (only those starting inside `window`,
when given), and a run with nothing changed writes nothing. No other event is ever touched.

As for SMTP and databases, a host that is not this machine is reached only over https unless
allow_insecure, and a password is never sent in clear to one. The certificate is verified
(the system's CAs, SSL_CERT_FILE, or `ca_file`). The PyPI `caldav` package is imported lazily.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from sanctuary_cli.errors import SanctuaryError, UserError
from sanctuary_cli.rules.calendar import UID_DOMAIN, event_summary, event_uid
from sanctuary_cli.store.config import mask_url
from sanctuary_cli.store.db import is_local_host

MANAGED_UID_SUFFIX = f"@{UID_DOMAIN}"
PRODID = "-//Sanctuary//Practice calendar//EN"
TIMEOUT_SECONDS = 30


class CalendarUnavailable(SanctuaryError):
    """The CalDAV server cannot be reached or answered with an error (exit 3)."""

    exit_code = 3


@dataclass(frozen=True)
class EventSpec:
    uid: str
    summary: str
    starts_at: datetime  # aware; its zone is written as the TZID (the practice's)
    ends_at: datetime
    location: str = ""
    url: str = ""
    description: str = ""
    last_modified: datetime | None = None

    def published(self) -> tuple:
        """What a change is judged by: instants, title, place, link, description."""
        return (
            self.starts_at.astimezone(UTC), self.ends_at.astimezone(UTC),
            self.summary, self.location, self.url, self.description,
        )  # fmt: skip


@dataclass(frozen=True)
class SyncResult:
    created: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0


def events_from_rows(rows: Iterable[dict[str, Any]], tz: ZoneInfo) -> list[EventSpec]:
    """EventSpecs from the rows `calendar export --ics` uses, with the same privacy rules."""
    return [
        EventSpec(
            uid=event_uid(row["appointment_id"]),
            summary=event_summary(row, full_names=False),
            starts_at=row["starts_at"].astimezone(tz),
            ends_at=row["ends_at"].astimezone(tz),
            location=row.get("video_link") or row.get("location") or "",
            url=row.get("video_link") or "",
            description=f"Sanctuary appointment {row['appointment_id']}",
            last_modified=row.get("updated_at"),
        )
        for row in rows
    ]


def sync_events(
    url: str,
    username: str | None,
    password: str | None,
    events: list[EventSpec],
    *,
    managed_uid_suffix: str = MANAGED_UID_SUFFIX,
    window: tuple[datetime, datetime] | None = None,
    allow_insecure: bool = False,
    ca_file: str | None = None,
    timeout: int = TIMEOUT_SECONDS,
) -> SyncResult:
    """Make the calendar at `url` hold `events` (see the module's docstring); the counts."""
    require_secure_calendar(url, password, allow_insecure)
    wanted = _checked(events, managed_uid_suffix, window)
    counts = {"created": 0, "updated": 0, "removed": 0, "unchanged": 0}
    with _server_errors(url, password):
        calendar = _calendar(url, username, password, ca_file, timeout)
        ours: dict[str, list[Any]] = {}
        for obj in calendar.get_events():
            vevent = _vevent(obj)
            uid = str(vevent.get("uid", "")) if vevent is not None else ""
            if uid.endswith(managed_uid_suffix):
                ours.setdefault(uid, []).append((obj, vevent))
        for spec in wanted:
            found = ours.pop(spec.uid, [])
            for duplicate, _ in found[1:]:  # one resource per UID; others are leftovers
                duplicate.delete()
                counts["removed"] += 1
            if not found:
                calendar.add_event(event_ics(spec), no_overwrite=True, increase_seqno=False)
                counts["created"] += 1
                continue
            obj, vevent = found[0]
            if _published(vevent) == spec.published():
                counts["unchanged"] += 1
                continue
            obj.data = event_ics(spec, sequence=int(vevent.get("sequence", 0)) + 1)
            obj.save(increase_seqno=False)
            counts["updated"] += 1
        for found in ours.values():
            for obj, vevent in found:
                if _in_window(vevent, window):
                    obj.delete()
                    counts["removed"] += 1
    return SyncResult(**counts)


def event_ics(spec: EventSpec, *, sequence: int = 0) -> str:
    """One VCALENDAR holding the event and the VTIMEZONE of its TZID."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    event = Event()
    event.add("uid", spec.uid)
    event.add("dtstamp", datetime.now(UTC).replace(microsecond=0))
    event.add("dtstart", spec.starts_at)
    event.add("dtend", spec.ends_at)
    event.add("summary", spec.summary)
    event.add("sequence", sequence)
    event.add("status", "CONFIRMED")
    if spec.last_modified is not None:
        event.add("last-modified", spec.last_modified.astimezone(UTC).replace(microsecond=0))
    for name, value in (("location", spec.location), ("url", spec.url)):
        if value:
            event.add(name, value)
    if spec.description:
        event.add("description", spec.description)
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical().decode("utf-8")


def require_secure_calendar(url: str, password: str | None, allow_insecure: bool) -> None:
    """https for a host off this machine (unless allow_insecure); a password never in clear."""
    parts = urlsplit(str(url or "").strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        shown = f"{parts.scheme}://" if parts.scheme else "no scheme"
        raise UserError(f"The CalDAV URL must start with https:// (or http://), not {shown}")
    if parts.scheme == "https" or is_local_host(parts.hostname):
        return
    where = mask_url(url)
    if not allow_insecure:
        raise UserError(
            f"Refusing to publish appointments to {where} over http: use https://, or pass "
            "--allow-insecure on a trusted network"
        )
    if password or parts.password:
        raise UserError(f"Refusing to send the CalDAV password to {where} without TLS")


def _checked(events: list[EventSpec], suffix: str, window) -> list[EventSpec]:
    if window is not None and any(edge.utcoffset() is None for edge in window):
        raise UserError("The sync window's ends must carry their time zone")
    seen: set[str] = set()
    for spec in events:
        if not spec.uid.endswith(suffix) or spec.uid in seen:
            raise UserError(f"Event UID {spec.uid!r} is repeated or does not end with {suffix}")
        if spec.starts_at.utcoffset() is None or spec.ends_at.utcoffset() is None:
            raise UserError(f"Event {spec.uid} has a time without a zone")
        seen.add(spec.uid)
    return list(events)


def _calendar(url: str, username, password, ca_file, timeout):
    import caldav

    verify: bool | str = ca_file or os.environ.get("SSL_CERT_FILE") or True
    client = caldav.DAVClient(
        url=url, username=username or None, password=password or None, timeout=timeout,
        ssl_verify_cert=verify, enable_rfc6764=False,
    )  # fmt: skip
    return client.calendar(url=url)


def _vevent(obj: Any) -> Any:
    from icalendar import Calendar

    with contextlib.suppress(ValueError, TypeError):
        for component in Calendar.from_ical(obj.data).walk("VEVENT"):
            return component
    return None


def _published(vevent: Any) -> tuple:
    start, end = _instant(vevent.get("dtstart")), _instant(vevent.get("dtend"))
    if end is None and start is not None and vevent.get("duration") is not None:
        end = start + vevent["duration"].dt
    texts = (str(vevent.get(name, "")) for name in ("summary", "location", "url", "description"))
    return (start, end, *texts)


def _instant(prop: Any) -> datetime | None:
    value = getattr(prop, "dt", None)
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return None


def _in_window(vevent: Any, window: tuple[datetime, datetime] | None) -> bool:
    start = _instant(vevent.get("dtstart"))
    return window is None or start is None or window[0] <= start < window[1]


@contextlib.contextmanager
def _server_errors(url: str, password: str | None) -> Iterator[None]:
    """caldav's and niquests' exceptions as one password-free line and an exit code."""
    from caldav.lib import error

    where = mask_url(url)
    try:
        yield
    except error.AuthorizationError:
        raise UserError(f"The CalDAV server at {where} refused the user name or password") from None
    except error.NotFoundError:
        raise UserError(f"No calendar at {where}: check SANCTUARY_CALDAV_URL") from None
    except (error.DAVError, OSError) as exc:
        raise CalendarUnavailable(
            f"The CalDAV server at {where}: {_cause(exc, password)}"
        ) from None
    except Exception as exc:  # niquests' ConnectionError, SSLError, Timeout...
        if type(exc).__module__.split(".")[0] not in ("niquests", "urllib3", "urllib3_future"):
            raise
        raise CalendarUnavailable(
            f"The CalDAV server at {where}: {_cause(exc, password)}"
        ) from None


def _cause(exc: BaseException, password: str | None) -> str:
    """The part of a (long, nested) HTTP library error a person can act on, password-free."""
    text = " ".join(mask_url(str(exc) or type(exc).__name__).split())
    if "CERTIFICATE_VERIFY_FAILED" in text:
        why = re.search(r"certificate verify failed: ([^(']+)", text)
        detail = f" ({why.group(1).strip()})" if why else ""
        return f"its certificate is not trusted{detail}; give its CA in SSL_CERT_FILE"
    errno = re.search(r"\[Errno -?\d+\] ([^'\")]+)", text)
    text = f"cannot connect: {errno.group(1).strip()}" if errno else text[:300]
    return text.replace(password, "***") if password and len(password) >= 4 else text
