"""The appointment reminder email (docs/reminders.md): what it says, and nothing more.

HIPAA lets a practice remind patients of appointments; toward anyone but the patient (a shared
mailbox, a lock screen, every relay on the way) the message holds the minimum necessary. So
the body has the patient's first (or preferred) name, the date and time in the practice's zone,
the practice's name and phone and how to cancel -- never a last name, diagnosis, session type,
clinician, note or another patient -- and the Subject, which previews and notifications show
to whoever holds the phone, has only "Appointment reminder" and the practice's name.

Pure: this builds an email.message.EmailMessage; store/smtp.py sends it. The Message-ID derives
from a key (`reminder_key`: the appointment and its start), so a resend of the same reminder
carries the same id and a moved appointment gets a new one.
"""

from __future__ import annotations

import hashlib
import html
import re
from datetime import UTC, datetime
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any
from zoneinfo import ZoneInfo

from sanctuary_cli.errors import UserError

SUBJECT = "Appointment reminder"
MESSAGE_ID_PREFIX = "reminder."
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def reminder_key(appointment_id: Any, starts_at: datetime) -> str:
    """What identifies one reminder: the appointment and the start it announces (UTC)."""
    return f"{appointment_id}|{_aware(starts_at).astimezone(UTC).isoformat()}"


def reminder_message_id(key: str, domain: str) -> str:
    """`<reminder.<hash of key>@domain>`: stable for a key, and no internal id shows."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"<{MESSAGE_ID_PREFIX}{digest}@{_one_line(domain, 'message_id_domain')}>"


def reminder_message(
    *,
    to_address: str,
    from_address: str,
    first_name: str,
    starts_at: datetime,
    tz: ZoneInfo,
    practice_name: str,
    practice_phone: str,
    cancel_instructions: str,
    message_id_domain: str,
    key: str,
    html_part: bool = True,
    sent_at: datetime | None = None,
) -> EmailMessage:
    """One reminder, plain text (and an escaped HTML alternative unless html_part=False)."""
    name = _one_line(first_name, "first_name")
    practice = _one_line(practice_name, "practice_name")
    phone = _one_line(practice_phone, "practice_phone")
    cancel = " ".join(str(cancel_instructions or "").split())
    when = appointment_time_text(starts_at, tz)

    msg = EmailMessage()
    msg["Subject"] = f"{SUBJECT} \N{EM DASH} {practice}"
    msg["From"] = _from_header(from_address, practice)
    msg["To"] = _address(to_address, "the patient's address")
    msg["Date"] = format_datetime(_aware(sent_at or datetime.now(UTC)).astimezone(UTC))
    msg["Message-ID"] = reminder_message_id(key, message_id_domain)
    # RFC 3834: an automatic message, so vacation responders and the like do not answer it.
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Auto-Response-Suppress"] = "All"
    lines = reminder_lines(name, when, practice, phone, cancel)
    # Quoted-printable keeps the message 7-bit whatever the names hold, so any relay takes it.
    msg.set_content("\n".join(lines) + "\n", cte="quoted-printable")
    if html_part:
        msg.add_alternative(_html(lines), subtype="html", cte="quoted-printable")
    return msg


def reminder_lines(name: str, when: str, practice: str, phone: str, cancel: str) -> list[str]:
    """The paragraphs of the reminder (blank strings separate them)."""
    lines = [
        f"Hello {name},",
        "",
        f"This is a reminder of your appointment with {practice} on {when}.",
        "",
    ]
    if cancel:
        lines += [f"If you need to cancel or reschedule: {cancel}", ""]
    lines += [
        f"Questions? Call us at {phone}.",
        "",
        practice,
        phone,
        "",
        "This is an automatic message; please do not reply with health information.",
    ]
    return lines


def appointment_time_text(starts_at: datetime, tz: ZoneInfo) -> str:
    """'Wednesday, December 2, 2026 at 10:00 AM EST', in the practice's zone, in English
    whatever the machine's locale; a zone without a letter abbreviation reads 'UTC+04:00'."""
    local = _aware(starts_at).astimezone(tz)
    hour = local.hour % 12 or 12
    half = "AM" if local.hour < 12 else "PM"
    return (
        f"{_DAYS[local.weekday()]}, {_MONTHS[local.month - 1]} {local.day}, {local.year}"
        f" at {hour}:{local.minute:02d} {half} {zone_label(local)}"
    )


def zone_label(local: datetime) -> str:
    name = local.tzname() or ""
    if name and name[0].isalpha() and name not in ("UTC", "GMT"):
        return name
    offset = local.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return "UTC" if minutes == 0 else f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _html(lines: list[str]) -> str:
    paragraphs, current = [], []
    for line in [*lines, ""]:
        if line:
            current.append(html.escape(line))
        elif current:
            paragraphs.append("<p>" + "<br>\n".join(current) + "</p>")
            current = []
    body = "\n".join(paragraphs)
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head>\n'
        f"<body>\n{body}\n</body></html>\n"
    )


def _from_header(from_address: str, practice: str) -> Address:
    """The sender with its own display name, or the practice's name as one."""
    address = _address(from_address, "the reminder sender (SANCTUARY_REMINDER_FROM)")
    display = parseaddr(_one_line(from_address, "from_address"))[0]
    return Address(display_name=display or practice, addr_spec=address.addr_spec)


def _address(text: str, what: str) -> Address:
    raw = str(text or "").strip()
    addr = parseaddr(raw)[1]
    if not raw or any(ord(c) < 32 or ord(c) == 127 for c in raw) or addr not in raw:
        raise UserError(f"{what} is not an email address")
    try:
        address = Address(addr_spec=addr)
    except (ValueError, IndexError, HeaderParseError):  # the parser's ways to say "not one"
        address = None
    if address is None or not address.domain:
        raise UserError(f"{what} is not an email address")
    return address


def _one_line(value: Any, what: str) -> str:
    text = " ".join(str(value or "").split())
    if not text:
        raise UserError(f"A reminder needs {what}")
    return text


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise UserError("A reminder's time must carry its time zone")
    return moment


_ADDRESS = re.compile(r"[^\s<>()\[\]\"',;:@]+@[^\s<>()\[\]\"',;]+")


def without_addresses(text: str) -> str:
    """A mail server's answer with any email address in it replaced: servers often echo the
    recipient ("550 <ben@example.com>: mailbox unavailable"), and the answer is kept and shown
    (reminders list, the Warning lines cron mails) where the patient's address is not needed."""
    return _ADDRESS.sub("(address)", text)
