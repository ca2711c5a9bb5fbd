"""The practice's billing profile: who bills (name, tax id, street address, NPI) and the
clearinghouse ids claim files carry (docs/claims.md, "Setting up"). One row, the practice
table of migration 0082, extended by 0090."""

from __future__ import annotations

from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice.fields import Field, parse_fields
from sanctuary_cli.rules import parsers
from sanctuary_cli.rules.claims import Receiver, Submitter
from sanctuary_cli.rules.x12_segments import reserved_in
from sanctuary_cli.store.db import Database


def _x12_id(what: str) -> Any:
    def parse(value: Any, tz: Any) -> str | None:
        text = parsers.clean_text(value)
        if text is not None and (len(text) > 15 or reserved_in(text)):
            raise UserError(f"Invalid {what} {text[:20]!r}: at most 15 characters, no * : ^ ~")
        return text

    return parse


def _tax_id_type(value: Any, tz: Any) -> str | None:
    chosen = parsers.parse_choice(value, ("ein", "ssn"), what="--tax-id-type")
    return chosen.upper() if chosen else None


FIELDS: tuple[Field, ...] = (
    Field("name", "--name", "Practice name as payers know it."),
    Field(
        "tax_id",
        "--tax-id",
        "EIN or SSN, 9 digits (12-3456789).",
        lambda v, tz: parsers.parse_digits(v, 9, what="--tax-id", example="12-3456789"),
    ),
    Field("tax_id_type", "--tax-id-type", "ein or ssn.", _tax_id_type),
    Field("address", "--address", "Street address (no PO box on claims)."),
    Field("city", "--city", "City."),
    Field("state", "--state", "Two-letter state.", lambda v, tz: parsers.parse_state(v)),
    Field(
        "zip",
        "--zip",
        "ZIP+4 (claims need all 9 digits).",
        lambda v, tz: parsers.parse_zip(v, what="--zip"),
    ),
    Field(
        "phone",
        "--phone",
        "Billing phone, 10 digits.",
        lambda v, tz: parsers.parse_digits(v, 10, what="--phone", example="212 555 0100"),
    ),
    Field(
        "npi",
        "--npi",
        "The practice's own (type 2) NPI; leave unset for a solo clinician.",
        lambda v, tz: parsers.parse_npi(v),
    ),
    Field(
        "taxonomy",
        "--taxonomy",
        "The practice's NUCC taxonomy (with --npi).",
        lambda v, tz: parsers.parse_taxonomy(v, what="--taxonomy"),
    ),
    Field("submitter_id", "--submitter-id", "Your id at the clearinghouse.", _x12_id("id")),
    Field("submitter_name", "--submitter-name", "Submitter name (the practice, usually)."),
    Field("submitter_contact", "--submitter-contact", "Person the clearinghouse may call."),
    Field("receiver_id", "--receiver-id", "The clearinghouse's id.", _x12_id("id")),
    Field("receiver_name", "--receiver-name", "The clearinghouse's name."),
)


def show_profile(db: Database) -> dict[str, Any]:
    """The billing profile, with what is still missing before claims can be sent."""
    row = db.one("practice.profile")
    return {**row, "missing": ", ".join(missing_items(row)) or "nothing"}


def edit_profile(db: Database, given: dict[str, Any]) -> dict[str, Any]:
    """Change the given fields; returns the profile after."""
    values = parse_fields(FIELDS, given, db.settings.tz)
    if all(value is None for value in values.values()):
        raise UserError("Nothing to change: give at least one option (see --help)")
    db.one("practice.update_profile", **values)
    return show_profile(db)


def missing_items(row: dict[str, Any]) -> list[str]:
    """The profile fields every claim file needs and that are not set (NPI and taxonomy are
    optional: without them each clinician bills in their own name)."""
    needed = [f for f in FIELDS if f.column not in ("npi", "taxonomy")]
    missing = [f.option for f in needed if not row.get(f.column)]
    if row.get("npi") and not row.get("taxonomy"):
        missing.append("--taxonomy (with --npi)")
    return missing


def envelope(row: dict[str, Any]) -> tuple[Submitter, Receiver]:
    """Who sends and who receives a claim file, from the profile row."""
    submitter = Submitter(
        id=row.get("submitter_id") or "",
        name=row.get("submitter_name") or "",
        contact_name=row.get("submitter_contact") or "",
        phone=row.get("phone"),
    )
    return submitter, Receiver(row.get("receiver_id") or "", row.get("receiver_name") or "")
