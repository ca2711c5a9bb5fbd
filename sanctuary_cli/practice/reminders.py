"""Appointment reminders (docs/SPEC.md section 10; docs/reminders.md): who is reminded of which
appointment, and the record of what was sent.

`send_reminders` reads the day's appointments, decides for each whether a reminder is due
(consent, an address, none recorded for that start yet), claims the due ones for this run
and hands them to practice/reminder_delivery.py, which sends them so that none goes out twice
(docs/reminders.md, "Sent once"). A dry run stops before the claim: nothing is written.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from email.utils import parseaddr
from typing import Any

from sanctuary_cli.errors import SanctuaryError, UserError
from sanctuary_cli.practice import clinician
from sanctuary_cli.practice.reminder_delivery import (
    LEASE_MINUTES,
    Item,
    claim,
    deliver,
    expire_handed_over,
    hold_run,
    release,
)
from sanctuary_cli.rules import parsers
from sanctuary_cli.rules.dates import practice_today
from sanctuary_cli.rules.reminders import reminder_key, reminder_message
from sanctuary_cli.store.db import Database
from sanctuary_cli.store.smtp import SENT, SmtpTarget

WOULD_SEND = "would send"
# Why an appointment of the day gets no reminder, by the state of the one already recorded.
ALREADY = {
    "sent": "already sent",
    "sending": "being sent by another run",
    "queued": "claimed by another run",
    "unknown": "sent before, outcome unknown (not resent)",
    "refused": "refused before",
}


@dataclass
class ReminderRun:
    """What one `reminders send` did (or, dry, would do): a row per appointment of the day
    with its `outcome`, the counts, the reminders that went wrong, and the error that stopped
    the run, if any (the mail server unreachable: nothing more could be sent)."""

    day: date
    dry_run: bool
    rows: list[dict[str, Any]]
    sent: int = 0
    skipped: int = 0
    would_send: int = 0
    problems: list[dict[str, Any]] = field(default_factory=list)
    error: SanctuaryError | None = None


def send_reminders(
    db: Database, *, day: str = "tomorrow", dry_run: bool = False, all_therapists: bool = False
) -> ReminderRun:
    """Email a reminder of each scheduled appointment of `day` (practice zone) still to come,
    to every patient who agreed to email reminders; a dry run only says what it would send."""
    settings = db.settings
    tz = settings.tz
    chosen = parsers.parse_day(day, tz, what="--for")
    if chosen < practice_today(tz):
        raise UserError(f"--for {chosen.isoformat()} has passed: reminders are for days ahead")
    therapist_id = clinician.scope(db, all_therapists)
    run_id = uuid.uuid4()
    if not dry_run:
        target, domain = mail_settings(settings)
        hold_run(db, run_id)
        expire_handed_over(db, therapist_id)
    start, end = parsers.parse_day_range(chosen, chosen, tz, default_back=0, default_ahead=0)
    rows = db.all(
        "reminders.day",
        from_at=start,
        to_at=end,
        therapist_id=therapist_id,
        lease_minutes=LEASE_MINUTES,
    )
    for row in rows:
        row["outcome"] = skip_reason(row) or WOULD_SEND
    run = ReminderRun(chosen, dry_run, rows)
    due = [row for row in rows if row["outcome"] == WOULD_SEND]
    if dry_run or not due:
        return _counted(run)
    claimed = {
        c["appointment_id"]: c for c in claim(db, run_id, [r["appointment_id"] for r in due])
    }
    items = []
    for row in due:
        found = claimed.get(row["appointment_id"])
        if found is None:  # another run claimed it meanwhile, or it changed since it was read
            row["outcome"] = "skipped: " + ALREADY["queued"]
            continue
        items.append(Item(row, found["reminder_id"], found["recipient"], found["starts_at"]))
    try:
        try:
            for item in items:
                item.message = message_for(item, settings, domain)
        except BaseException:
            release(db, run_id, items)
            raise
        deliver(db, target, run_id, items)
    except SanctuaryError as exc:  # the server could not be reached: the rest were not sent
        run.error = exc
    for item in items:
        item.row["outcome"] = item.outcome()
    return _counted(run)


def skip_reason(row: dict[str, Any]) -> str | None:
    """Why this appointment gets no reminder now; None when one is due."""
    if row["reminders"] != "email":
        return "skipped: no consent to reminders"
    if not row["email"]:
        return "skipped: no email address"
    if not row["claimable"]:
        status = row["reminder_status"]
        why = ALREADY.get(status, status)
        if status == "refused" and row["reminder_reason"]:
            why += f" ({row['reminder_reason']})"
        return f"skipped: {why}"
    if not row["practice_name"] or not row["practice_phone"]:
        return "skipped: the practice has no name or phone on record (therapists edit)"
    return None


def message_for(item: Item, settings: Any, domain: str) -> Any:
    """The email of one claimed reminder: the claim's start and address, nothing more."""
    row = item.row
    phone = phone_text(row["practice_phone"])
    return reminder_message(
        to_address=item.recipient,
        from_address=settings.reminder_from,
        first_name=row["first_name"],
        starts_at=item.starts_at,
        tz=settings.tz,
        practice_name=row["practice_name"],
        practice_phone=phone,
        cancel_instructions=f"please call us at {phone} as early as you can.",
        message_id_domain=domain,
        key=reminder_key(row["appointment_id"], item.starts_at),
    )


def phone_text(phone: str) -> str:
    """A phone as a patient dials it: the practice profile's ten digits as (212) 555-0100."""
    if len(phone) == 10 and phone.isdigit():
        return f"({phone[:3]}) {phone[3:6]}-{phone[6:]}"
    return phone


def mail_settings(settings: Any) -> tuple[SmtpTarget, str]:
    """The mail server and the sender's domain (for Message-IDs), or a UserError saying
    which setting is missing; checked before anything is claimed."""
    where = 'docs/reminders.md, "Mail settings"'
    if not settings.smtp_url:
        raise UserError(f"Set SANCTUARY_SMTP_URL to the mail server for reminders ({where})")
    if not settings.reminder_from:
        raise UserError(f"Set SANCTUARY_REMINDER_FROM to the sender of reminders ({where})")
    address = parseaddr(settings.reminder_from)[1]
    domain = address.rpartition("@")[2] if "@" in address else ""
    if not domain:
        raise UserError("SANCTUARY_REMINDER_FROM is not an email address")
    target = SmtpTarget.from_url(
        settings.smtp_url, settings.smtp_password, bool(settings.allow_insecure)
    )
    return target, domain


def _counted(run: ReminderRun) -> ReminderRun:
    for row in run.rows:
        outcome = row["outcome"]
        if outcome == SENT:
            run.sent += 1
        elif outcome.startswith(("refused", "failed", "unknown")):
            run.problems.append(row)
        elif outcome != WOULD_SEND:
            run.skipped += 1
        else:
            run.would_send += 1
    return run


def list_reminders(
    db: Database,
    *,
    first_day: str | None = None,
    last_day: str | None = None,
    all_therapists: bool = False,
) -> list[dict[str, Any]]:
    """The reminders of the appointments from the first day to the last (default 30 days back
    and ahead): patient, start announced, state, when sent and why not. Names and times, as
    `appointments list` shows them: no address, no message, nothing clinical."""
    tz = db.settings.tz
    start, end = parsers.parse_day_range(first_day, last_day, tz, default_back=30, default_ahead=30)
    return db.all(
        "reminders.list",
        from_at=start,
        to_at=end,
        therapist_id=clinician.scope(db, all_therapists),
    )
