"""Therapists: the clinicians of the practice, their licences and NPI, and their logins."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice import clinician, logins
from sanctuary_cli.practice.fields import Field, parse_fields
from sanctuary_cli.practice.refs import ambiguous_message, id_prefix_pattern, name_patterns
from sanctuary_cli.rules import parsers
from sanctuary_cli.rules.dates import practice_today
from sanctuary_cli.rules.licenses import license_alert
from sanctuary_cli.store.db import Database, named_query


def _email(value: Any, tz: Any) -> str | None:
    email = parsers.parse_email(value, what="--email")
    return email.lower() if email else None


def _specializations(value: Any, tz: Any) -> list[str] | None:
    items = value if isinstance(value, list | tuple) else str(value).split(";")
    return [s for s in (parsers.clean_text(item) for item in items) if s] or None


FIELDS: tuple[Field, ...] = (
    Field("first_name", "--first", "First name."),
    Field("last_name", "--last", "Last name."),
    Field("email", "--email", "Email (also the login name).", _email),
    Field("title", "--title", 'e.g. "Dr."'),
    Field("phone", "--phone", "Phone number."),
    Field("credentials", "--credentials", 'e.g. "PhD, LMHC".'),
    Field("license_number", "--license-number", "License number."),
    Field(
        "license_state",
        "--license-state",
        "Two-letter state.",
        lambda v, tz: parsers.parse_state(v, what="--license-state"),
    ),
    Field(
        "license_expiry",
        "--license-expiry",
        "Expiry date, YYYY-MM-DD.",
        lambda v, tz: parsers.parse_day(v, tz, what="--license-expiry"),
    ),
    Field("npi", "--npi", "10-digit National Provider Id.", lambda v, tz: parsers.parse_npi(v)),
    Field(
        "taxonomy",
        "--taxonomy",
        "NUCC provider taxonomy for claims, e.g. 103T00000X.",
        lambda v, tz: parsers.parse_taxonomy(v, what="--taxonomy"),
    ),
    Field("tax_id", "--tax-id", "Tax id for superbills."),
    Field("practice_name", "--practice-name", "Practice name."),
    Field("practice_address", "--practice-address", "Practice address."),
    Field(
        "specializations",
        "--specialization",
        "A specialization (repeat for several).",
        _specializations,
        kind="many",
    ),
    Field(
        "is_active",
        "--active",
        "Whether they still practise.",
        lambda v, tz: parsers.parse_yes_no(v, what="is_active"),
        kind="flag",
        modes=("edit",),
        negative="--inactive",
    ),
)
REQUIRED = {"first_name": "--first", "last_name": "--last", "email": "--email"}


def list_therapists(db: Database) -> list[dict[str, Any]]:
    """Every therapist with a licence alert when it has expired or expires within 60 days."""
    return [with_license_alert(row, db) for row in db.all("therapists.list")]


def show_therapist(db: Database, ref: str | None) -> dict[str, Any]:
    """One therapist in full (default: the acting one), with the licence alert."""
    therapist_id = resolve_therapist(db, ref)
    return with_license_alert(db.one("therapists.show", therapist_id=therapist_id), db)


def add_therapist(
    db: Database, given: Mapping[str, Any], *, login: bool = False, password: str | None = None
) -> dict[str, Any]:
    """Insert a therapist (and, when asked, their login role); returns what was written."""
    values = parse_fields(FIELDS, given, db.settings.tz)
    missing = [flag for key, flag in REQUIRED.items() if not values[key]]
    if missing:
        raise UserError(f"Give {', '.join(missing)} to add a therapist")
    with db.transaction() as cur:
        cur.execute(named_query("therapists.lock_practice"))
        cur.execute(named_query("therapists.insert"), values)
        row = cur.fetchone()
        cur.execute(
            named_query("therapists.first_becomes_default"), {"added_id": row["therapist_id"]}
        )
        became = cur.fetchone()
    added = {**values, "therapist_id": row["therapist_id"]}
    added["license_alert"] = with_license_alert(added, db)["license_alert"]
    # The first therapist becomes the default when a second joins (docs/SPEC.md section 7),
    # so commands that named no one keep acting for them.
    added["default_set"] = (
        show_therapist(db, str(became["default_therapist_id"])) if became else None
    )
    if login:
        added["login"] = logins.add_login(db, row["therapist_id"], password)
    return added


def edit_therapist(
    db: Database,
    ref: str,
    given: Mapping[str, Any],
    *,
    login: bool = False,
    password: str | None = None,
) -> dict[str, Any]:
    """Change the given fields (and/or add the login role); returns the id and what changed."""
    therapist_id = resolve_therapist(db, ref)
    values = parse_fields(FIELDS, given, db.settings.tz)
    changes = any(value is not None for value in values.values())
    if not changes and not login:
        raise UserError("Nothing to change: give at least one option (see --help)")
    login_line = logins.add_login(db, therapist_id, password) if login else None
    if changes:
        db.one("therapists.update", therapist_id=therapist_id, **values)
    edited = show_therapist(db, str(therapist_id))
    return {**edited, "changed": changes, "login": login_line}


def set_default(db: Database, ref: str) -> dict[str, Any]:
    """Make the therapist `ref` names the practice's default clinician: the one commands act
    for when neither --therapist nor SANCTUARY_THERAPIST names one."""
    therapist = show_therapist(db, ref)
    if not therapist["is_active"]:
        raise UserError(
            f"{therapist['name']} is inactive; reactivate them first "
            "(`sanctuary therapists edit REF --active`)"
        )
    return db.one("therapists.set_default", therapist_id=therapist["therapist_id"])


def resolve_therapist(db: Database, ref: str | None) -> Any:
    """The id of the therapist `ref` names (id, prefix, email, name), or the acting one."""
    if ref is None:
        return clinician.acting_id(db)
    words = [pattern[1:-1] for pattern in name_patterns(ref)]
    rows = db.all(
        "therapists.find",
        id_prefix=id_prefix_pattern(ref.strip()),
        ref=ref.strip(),
        name_pattern="%" + "%".join(words) + "%" if words else "-",
    )
    if not rows:
        raise UserError(f"No therapist matches {ref!r}")
    if len(rows) > 1:
        raise UserError(ambiguous_message("therapists", ref, [str(r["id"])[:8] for r in rows]))
    return rows[0]["id"]


def with_license_alert(row: dict[str, Any], db: Database) -> dict[str, Any]:
    """The row with license_alert; days are counted in the practice zone."""
    days_left = row.get("license_days_left")
    if days_left is None and row.get("license_expiry") is not None:
        days_left = (row["license_expiry"] - practice_today(db.settings.tz)).days
    return {**row, "license_alert": license_alert(days_left)}
