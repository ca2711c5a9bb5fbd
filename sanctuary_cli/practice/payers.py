"""Payers: the insurers the practice bills, with the ids and preferences claims need
(docs/claims.md, "Setting up"). Names are unique without regard to case; a patient's policy
names its payer (practice/coverage.py)."""

from __future__ import annotations

from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice.refs import ambiguous_message, id_prefix_pattern, name_patterns
from sanctuary_cli.rules import parsers
from sanctuary_cli.rules.claim_model import FILING_CODES, TELEHEALTH_MODIFIERS
from sanctuary_cli.rules.x12_segments import reserved_in
from sanctuary_cli.store.db import Database

MODIFIER_CHOICES = (*TELEHEALTH_MODIFIERS, "none")


def list_payers(db: Database) -> list[dict[str, Any]]:
    """Every payer, by name, with the number of live policies naming it."""
    return db.all("payers.list")


def add_payer(
    db: Database,
    name: str,
    payer_id: str | None,
    *,
    filing_code: str | None = None,
    telehealth_modifier: str | None = None,
) -> dict[str, Any]:
    """A new payer; returns its row. --payer-id is required."""
    values = payer_values(name, payer_id, filing_code, telehealth_modifier)
    if values["name"] is None:
        raise UserError("Give the payer's name")
    if values["payer_id"] is None:
        raise UserError("Give --payer-id: the id your clearinghouse lists for this payer")
    require_unique_name(db, values["name"], None)
    return db.one("payers.insert", **values)


def edit_payer(
    db: Database,
    ref: str,
    *,
    name: str | None = None,
    payer_id: str | None = None,
    filing_code: str | None = None,
    telehealth_modifier: str | None = None,
) -> dict[str, Any]:
    """Change the given fields of one payer; returns its row."""
    values = payer_values(name, payer_id, filing_code, telehealth_modifier)
    if all(v in (None, False) for v in values.values()):
        raise UserError("Nothing to change: give at least one option (see --help)")
    payer = resolve_payer(db, ref)
    if values["name"] is not None:
        require_unique_name(db, values["name"], payer["id"])
    return db.one("payers.update", id=payer["id"], **values)


def payer_values(
    name: str | None, payer_id: str | None, filing_code: str | None, modifier: str | None
) -> dict[str, Any]:
    """The typed values of the payer options (None: not given)."""
    name = parsers.clean_text(name)
    if name is not None and name.lower() == "none":
        raise UserError('A payer cannot be called "none" (it removes a policy)')
    code = parsers.clean_text(payer_id)
    if code is not None and (len(code) < 2 or len(code) > 80 or reserved_in(code)):
        raise UserError(f"Invalid --payer-id {code[:20]!r}: 2 to 80 characters, none of * : ^ ~")
    filing = parsers.parse_choice(filing_code, tuple(FILING_CODES), what="--filing-code")
    chosen = parsers.parse_choice(modifier, MODIFIER_CHOICES, what="--telehealth-modifier")
    return {
        "name": name,
        "payer_id": code,
        "filing_code": filing,
        "telehealth_modifier": None if chosen == "none" else chosen,
        "no_modifier": chosen == "none",
    }


def require_unique_name(db: Database, name: str, payer_id: Any) -> None:
    if db.all("payers.name_taken", name=name, id=payer_id):
        raise UserError(f"There is already a payer named {name!r}")


def resolve_payer(db: Database, ref: str) -> dict[str, Any]:
    """The one payer `ref` names: its name (any case), an id prefix, or part of the name."""
    ref = " ".join((ref or "").split())
    if not ref:
        raise UserError("Give a payer: its name or the start of its id")
    words = [pattern[1:-1] for pattern in name_patterns(ref)]
    rows = db.all(
        "payers.find",
        ref=ref,
        id_prefix=id_prefix_pattern(ref),
        name_pattern="%" + "%".join(words) + "%",
    )
    exact = [row for row in rows if row["exact"]]
    found = exact or rows
    if not found:
        raise UserError(f"No payer matches {ref!r}; add it with `sanctuary payers add`")
    if len(found) > 1:
        raise UserError(ambiguous_message("payers", ref, [row["name"] for row in found]))
    return found[0]
