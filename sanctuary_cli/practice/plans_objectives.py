"""The treatment plan objectives a progress rating rates (`progress add --objective`) or a note
worked on (`notes add --plan-objective`): named by their number on the patient's current plan
(1, 2...), by id or id prefix (any signed version), or by words of their description. The
database checks again that each is on a signed plan of the same patient (migration 0102)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice.refs import ambiguous_message, id_prefix_pattern
from sanctuary_cli.rules.text import short_id
from sanctuary_cli.store.db import Database, named_query


def resolve_objectives(
    db: Database, patient: dict[str, Any], refs: Sequence[str]
) -> list[dict[str, Any]]:
    """The objectives REFS name, each once, in the order given: objective_id, position,
    description and the version of the plan it is on."""
    if not refs:
        return []
    current = db.all("plans.current_objectives", patient_id=patient["id"])
    found: dict[Any, dict[str, Any]] = {}
    for ref in refs:
        row = _one_objective(db, patient, current, " ".join(str(ref).split()))
        found.setdefault(row["objective_id"], row)
    return list(found.values())


def link_note(cur: Any, note_id: Any, objectives: Sequence[dict[str, Any]]) -> None:
    """Record, in the caller's transaction, that the note worked on these objectives."""
    for objective in objectives:
        cur.execute(
            named_query("plans.link_note"),
            {"note_id": note_id, "objective_id": objective["objective_id"]},
        )


def _one_objective(
    db: Database, patient: dict[str, Any], current: list[dict[str, Any]], text: str
) -> dict[str, Any]:
    name = patient["full_name"]
    if not text:
        raise UserError("Give an objective: its number on the plan, its id or words of it")
    if text.isdigit():
        if not current:
            raise UserError(_no_plan(name))
        for row in current:
            if row["position"] == int(text):
                return row
        raise UserError(f"The current plan of {name} has objectives 1-{len(current)}, not {text}")
    pattern = id_prefix_pattern(text)
    if pattern != "-":
        rows = db.all("plans.signed_objectives_matching", patient_id=patient["id"], pattern=pattern)
        if len(rows) > 1:
            shown = [short_id(r["objective_id"], 12) for r in rows]
            raise UserError(ambiguous_message("objectives", text, shown))
        if rows:
            return rows[0]
    words = text.casefold().split()
    matches = [r for r in current if all(w in r["description"].casefold() for w in words)]
    if len(matches) == 1:
        return matches[0]
    if not current:
        raise UserError(_no_plan(name))
    if matches:
        shown = [f"{r['position']}. {r['description'][:30]}" for r in matches]
        raise UserError(ambiguous_message("objectives", text, shown))
    raise UserError(
        f"No objective of the current plan of {name} matches {text[:40]!r}: give its number "
        f"(1-{len(current)}), see `sanctuary plans show`"
    )


def _no_plan(name: str) -> str:
    return (
        f"{name} has no signed treatment plan: objectives are rated on a signed plan "
        "(`sanctuary plans sign`)"
    )
