"""Sending claimed reminders so that none goes out twice (docs/reminders.md, "Sent once").

A run claims its reminders in one committed transaction (queued, under the run's id: a
second run at the same moment waits on the unique key and finds them taken). Then, for each
one in turn: it is moved to 'sending' and committed -- only while its appointment is still
scheduled at the start it announces, for a patient still agreeing at that address -- then the
mail server gets it, and its answer is recorded at once. A crash can therefore leave at most
the one reminder being handed over, in 'sending': it may have arrived, so it is never sent
again (a later run calls it 'unknown'); reminders claimed and not yet handed over are 'failed'
(not sent) and the next run sends them. A run killed outright records nothing more: the lock it
held while alive (hold_run) tells the next run at once that its claims are free.

store/smtp.send_each takes the run's messages up front and sends each when asked for the
next result, so a reminder is moved to 'sending' just before that request; one found
cancelled at that moment is skipped by closing the connection and going on with a new one.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sanctuary_cli.errors import SanctuaryError
from sanctuary_cli.rules.reminders import without_addresses
from sanctuary_cli.store.db import Database, named_query, retry_on_conflict
from sanctuary_cli.store.smtp import FAILED, SENT, UNKNOWN, SendResult, SmtpTarget, send_each

# A claim not handed over after this long belongs to a run that stopped, and a reminder
# handed over this long ago without an answer will get none: no SMTP exchange lasts so long.
LEASE_MINUTES = 30
SENDING, DROPPED = "sending", "dropped"
TAKEN = "taken"  # not a state of the table: another run took the claim over


@dataclass
class Item:
    """One reminder this run claimed: its appointment row, the claim, the email, and what
    became of it (status and reason, as recorded)."""

    row: dict[str, Any]
    reminder_id: Any
    recipient: str
    starts_at: datetime
    message: Any = None
    status: str | None = None
    reason: str = ""

    def outcome(self) -> str:
        if self.status == SENT:
            return SENT
        if self.status == DROPPED:
            return "skipped: cancelled, moved or consent withdrawn before it was sent"
        if self.status == TAKEN:
            return "skipped: claimed by another run"
        return f"{self.status}: {self.reason}" if self.reason else self.status


def hold_run(db: Database, run_id: Any) -> None:
    """Say that this run is alive until its connection closes, so that a later run takes over
    at once what it claimed if it is killed (reminders.hold_run)."""
    with db.transaction() as cur:
        cur.execute(named_query("reminders.hold_run"), {"run": run_id})


def expire_handed_over(db: Database, therapist_id: Any) -> None:
    """Reminders handed over by a run that is gone without hearing back become 'unknown'."""
    with db.transaction() as cur:
        cur.execute(
            named_query("reminders.expire_sending"),
            {"therapist_id": therapist_id, "lease_minutes": LEASE_MINUTES},
        )


def claim(db: Database, run_id: Any, appointment_ids: list[Any]) -> list[dict[str, Any]]:
    """Claim the reminders of these appointments for this run (committed): those claimed,
    each with the start it announces and the address it goes to."""

    def work() -> list[dict[str, Any]]:
        with db.transaction() as cur:
            cur.execute(
                named_query("reminders.claim"),
                {
                    "appointment_ids": [str(a) for a in appointment_ids],
                    "run": run_id,
                    "lease_minutes": LEASE_MINUTES,
                },
            )
            return cur.fetchall()

    return retry_on_conflict(work)


def deliver(db: Database, target: SmtpTarget, run_id: Any, items: list[Item]) -> None:
    """Send the claimed reminders in order, each recorded as soon as the server answers.
    Raises what stopped the run (a SanctuaryError when the server could not be reached or
    refused the login: nothing more was sent); whatever was not handed over is released."""
    sender: Iterator[SendResult] | None = None
    try:
        for index, item in enumerate(items):
            item.status = _hand_over(db, run_id, item)
            if item.status != SENDING:  # dropped, or another run took it over
                sender = _closed(sender)
                continue
            if sender is None:  # connects on the first request; sends items[index] then
                sender = send_each(target, [i.message for i in items[index:]])
            try:
                result = next(sender)
            except SanctuaryError as exc:  # connecting or logging in failed: nothing sent
                _record(db, run_id, item, FAILED, str(exc), retryable=True)
                raise
            except BaseException:  # stopped while the server may be receiving it
                with contextlib.suppress(Exception):
                    _record(db, run_id, item, UNKNOWN, "the run stopped while sending it")
                raise
            _record(db, run_id, item, result.status, result.reason, result.retryable, result.code)
    except BaseException:
        with contextlib.suppress(Exception):
            release(db, run_id, items)
        raise
    finally:
        _closed(sender)


def _hand_over(db: Database, run_id: Any, item: Item) -> str:
    with db.transaction() as cur:
        cur.execute(
            named_query("reminders.start_sending"),
            {
                "reminder_id": item.reminder_id,
                "run": run_id,
                "message_id": str(item.message["Message-ID"]),
            },
        )
        row = cur.fetchone()
    return row["status"] if row else TAKEN


def _record(
    db: Database,
    run_id: Any,
    item: Item,
    status: str,
    reason: str,
    retryable: bool = False,
    code: int | None = None,
) -> None:
    with db.transaction() as cur:
        cur.execute(
            named_query("reminders.record"),
            {
                "reminder_id": item.reminder_id,
                "run": run_id,
                "status": status,
                "reason": without_addresses(reason),
                "retryable": bool(retryable) and status != SENT,
                "code": code,
            },
        )
    item.status, item.reason = status, without_addresses(reason)


def release(db: Database, run_id: Any, items: list[Item]) -> None:
    """Reminders claimed and not handed over: 'failed', so that the next run sends them."""
    reason = "not sent: the run stopped before it"
    with db.transaction() as cur:
        cur.execute(named_query("reminders.release"), {"run": run_id, "reason": reason})
    for item in items:
        if item.status is None:
            item.status, item.reason = FAILED, reason


def _closed(sender: Iterator[SendResult] | None) -> None:
    """Close the connection of a sender (its generator's `finally` says QUIT)."""
    if sender is not None:
        sender.close()  # type: ignore[attr-defined]
    return None
