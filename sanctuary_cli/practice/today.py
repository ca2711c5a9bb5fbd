"""`sanctuary today`: the first screen of the day (docs/SPEC.md section 7), as six lists.

agenda, unsigned_notes, risk_followups, overdue, plans_due and alerts, for the acting
clinician or the whole practice. The rows come from one transaction whose queries are sent as
one pipeline (see read_sections); the audit chain is then verified, and the risk follow-ups
and plans due shown are recorded as READ or EXPORT.

A section that is one named query is one line in QUERIES (and its columns in cli/today.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice import clinician
from sanctuary_cli.practice.audit import record_reads_of, saved_anchors, verify_chain
from sanctuary_cli.rules.aging import aging_bucket
from sanctuary_cli.rules.dates import practice_today
from sanctuary_cli.rules.licenses import license_alert
from sanctuary_cli.store.backup_record import last_backup
from sanctuary_cli.store.chain_check import last_chain_check, record_chain_check
from sanctuary_cli.store.db import Database

OLDEST_OVERDUE = 5  # the overdue charges listed, oldest first; the total counts them all
BACKUP_MAX_AGE_DAYS = 7

# What the one transaction reads: key -> named query, each taking therapist_id (None: the
# practice) and day. plans_due: current treatment plans whose review date has come
# (docs/SPEC.md section 9).
QUERIES = {
    "agenda": "today.agenda",
    "unsigned_notes": "today.unsigned_notes",
    "risk_followups": "report.risk",
    "overdue": "billing.overdue",
    "licences": "today.licences",
    "plans_due": "plans.due_for_review",
}


@dataclass(frozen=True)
class Today:
    """The day, whose it is (a clinician's name, or None for the practice) and the sections."""

    day: date
    clinician: str | None
    sections: dict[str, list[dict[str, Any]]]

    @property
    def overdue_charges(self) -> list[dict[str, Any]]:
        return [row for row in self.sections["overdue"] if row["kind"] == "charge"]

    @property
    def overdue_total(self) -> dict[str, Any] | None:
        totals = [row for row in self.sections["overdue"] if row["kind"] == "total"]
        return totals[0] if totals else None


def today(
    db: Database, *, all_therapists: bool = False, export: bool = False, now: datetime | None = None
) -> Today:
    """The first screen of the day; risk follow-ups and plans due recorded as READ (EXPORT with
    `export`)."""
    day = practice_today(db.settings.tz, now)
    # The practice through clinician.scope, which also widens the later transactions to it;
    # one clinician through acting_therapist, whose row also names them in the heading.
    therapist = None if all_therapists else clinician.acting_therapist(db)
    therapist_id = clinician.scope(db, True) if therapist is None else therapist["id"]
    data = read_sections(db, therapist_id=therapist_id, day=day)
    chain_problem = audit_chain_problem(db, now or datetime.now(UTC))
    # The clinical rows shown, in one audit transaction: the risk follow-ups by patient, the
    # plans due by plan (as `plans list --due` records them).
    record_reads_of(
        db,
        {
            "patient_risk_status": [
                (r["patient_id"], r["patient_id"]) for r in data["risk_followups"]
            ],
            "treatment_plans": [(r["plan_id"], r["patient_id"]) for r in data["plans_due"]],
        },
        action="EXPORT" if export else "READ",
    )
    sections = {
        "agenda": data["agenda"],
        "unsigned_notes": data["unsigned_notes"],
        "risk_followups": data["risk_followups"],
        "overdue": overdue_section(data["overdue"]),
        "plans_due": data["plans_due"],
        "alerts": [
            *licence_alerts(data["licences"]),
            *chain_alerts(chain_problem),
            *backup_alerts(last_backup(db.settings), now or datetime.now(UTC)),
        ],
    }
    return Today(day, None if therapist is None else therapist["display_name"], sections)


def read_sections(db: Database, **params: Any) -> dict[str, list[dict[str, Any]]]:
    """Every query of QUERIES in one transaction and one round trip (Database.batch): the
    queries do not depend on each other."""
    return db.batch({key: (query, params, False) for key, query in QUERIES.items()})


def audit_chain_problem(db: Database, now: datetime) -> str | None:
    """None when the audit chain is intact, else what is wrong: a broken chain is an alert on
    this screen, not a failure of it.

    The walk starts where the last intact check ended (store/chain_check.py), and from the first
    entry when there is none, it no longer matches, or the last such walk is a week old. Only
    the newest saved anchor is checked, not each one as `audit verify` does: it names the
    highest entry, so a tail cut or a re-hash of any entry up to it fails it as well.
    """
    check = last_chain_check(db.settings)
    since = None if check is None or check.walk_from_start_due(now) else (check.seq, check.hash)
    try:
        anchors = saved_anchors(db)
        newest = [max(anchors, key=lambda anchor: anchor.seq)] if anchors else []
        found = verify_chain(db, newest, since=since)
    except UserError as problem:
        return str(problem)
    # A walk that started from the check keeps the time of that check's last whole walk.
    full_at = now if found["from_start"] else check.full_at
    record_chain_check(db.settings, found["last_seq"], found["last_hash"], full_at)
    return None


def overdue_section(charges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A total item (kind "total": every overdue charge counted and summed, the oldest due
    date), then the oldest OLDEST_OVERDUE charges (kind "charge"); empty when none is due."""
    if not charges:
        return []
    oldest = charges[0]  # billing.overdue lists the most days overdue first
    total = {
        "kind": "total",
        "charges": len(charges),
        "balance": sum((row["balance"] for row in charges), Decimal("0.00")),
        "due_date": oldest["due_date"],
        "days_overdue": oldest["days_overdue"],
        "aging_bucket": aging_bucket(oldest["days_overdue"]),
    }
    listed = [
        {**row, "kind": "charge", "charges": 1, "aging_bucket": aging_bucket(row["days_overdue"])}
        for row in charges[:OLDEST_OVERDUE]
    ]
    return [total, *listed]


def alert(kind: str, level: str, subject: str, message: str, when: Any = None) -> dict[str, Any]:
    """One alert: kind (licence, audit_chain, backup), level (warning, critical), what it is
    about, one line to read, and the date or time it refers to."""
    return {"kind": kind, "level": level, "subject": subject, "message": message, "when": when}


def licence_alerts(licences: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The licence alert of `therapists list` (rules/licenses.py) for each clinician shown."""
    alerts = []
    for row in licences:
        days_left = row["license_days_left"]
        problem = license_alert(days_left)
        if problem is not None:
            level = "critical" if days_left < 0 else "warning"
            message = f"Licence of {row['therapist_name']} {problem} ({row['license_expiry']})"
            alerts.append(
                alert("licence", level, row["therapist_name"], message, row["license_expiry"])
            )
    return alerts


def chain_alerts(problem: str | None) -> list[dict[str, Any]]:
    if problem is None:
        return []
    message = f"{problem}; see `sanctuary audit verify`"
    return [alert("audit_chain", "critical", "audit log", message)]


def backup_alerts(last: dict[str, Any] | None, now: datetime) -> list[dict[str, Any]]:
    """An alert when no backup of this database is known, or the last is over
    BACKUP_MAX_AGE_DAYS days old."""
    if last is None:
        message = "No backup of this database is known: run `sanctuary db backup FILE --verify`"
        return [alert("backup", "warning", "database", message)]
    age = (now - last["at"]).days
    if age <= BACKUP_MAX_AGE_DAYS:
        return []
    where = f" to {last['file']}" if last["file"] else ""
    message = f"Last backup {age} days ago{where}: run `sanctuary db backup FILE --verify`"
    return [alert("backup", "warning", "database", message, last["at"])]
