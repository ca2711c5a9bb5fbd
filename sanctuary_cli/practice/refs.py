"""Resolve what a person types (id, id prefix, name fragment) to exactly one row.

A reference that matches several rows lists the candidates and is an error: it never guesses.
"""

from __future__ import annotations

import re
from typing import Any

from psycopg import sql

from sanctuary_cli.errors import UserError
from sanctuary_cli.store.db import Database, named_query

MIN_PREFIX = 4
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_HEX_PREFIX = re.compile(r"^[0-9a-f-]+$")


def resolve_patient(db: Database, ref: str, *, prefer_active: bool = True) -> dict[str, Any]:
    """The one patient that `ref` names: an id, an id prefix, or words of the name. Of several
    matches, the one Active patient is meant, unless prefer_active is False (a merge names
    exactly the records it joins)."""
    ref = " ".join(ref.split())
    if not ref:
        raise UserError("Give a patient: an id, the start of one, or part of the name")
    with db.transaction() as cur:
        cur.execute(
            named_query("refs.patients_matching"),
            {"id_prefix": id_prefix_pattern(ref), "name_patterns": name_patterns(ref)},
        )
        rows = cur.fetchall()
        exact = [row for row in rows if row["full_name"].lower() == ref.lower()]
        candidates = exact or rows
        if len(candidates) == 1:
            return candidates[0]
        # One Active patient among discharged ones (an old chart, a merged duplicate) is the
        # one meant (docs/SPEC.md section 7); an id or more of the name reaches the others.
        active = [row for row in candidates if row["status"] == "Active"]
        if prefer_active and len(active) == 1:
            return active[0]
        if not rows:
            cur.execute(named_query("refs.patients_similar"), {"ref": ref})
            close = [row["full_name"] for row in cur.fetchall()]
            hint = f" Did you mean {' or '.join(close)}?" if close else ""
            raise UserError(f"No patient matches {ref!r}.{hint}")
    raise UserError(
        ambiguous_message("patients", ref, [describe(r, "full_name") for r in candidates])
    )


def resolve_by_id(db: Database, table: str, ref: str, label: str) -> dict[str, Any]:
    """One row of `table` by id or id prefix (appointments, notes, charges...)."""
    ref = ref.strip().lower()
    pattern = id_prefix_pattern(ref)
    if pattern == "-":
        raise UserError(f"Give a {label} id (at least {MIN_PREFIX} characters of it)")
    query = sql.SQL("select * from {} where id::text like %(pattern)s order by id limit 10").format(
        sql.Identifier(table)
    )
    with db.transaction() as cur:
        cur.execute(query, {"pattern": pattern})
        rows = cur.fetchall()
    if len(rows) == 1:
        return rows[0]
    if not rows:
        raise UserError(f"No {label} with id {ref!r}")
    raise UserError(ambiguous_message(f"{label}s", ref, [str(r["id"])[:12] for r in rows]))


def id_prefix_pattern(ref: str) -> str:
    """A LIKE pattern for an id prefix, or one that matches nothing when ref is not one."""
    ref = ref.lower()
    if _UUID.match(ref):
        return ref
    if len(ref) >= MIN_PREFIX and _HEX_PREFIX.match(ref):
        return ref + "%"
    return "-"  # no id starts with a dash


def name_patterns(ref: str) -> list[str]:
    """ILIKE patterns, one per word, with LIKE wildcards in the input escaped."""
    words = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").split()
    return [f"%{word}%" for word in words]


def describe(row: dict[str, Any], name_key: str) -> str:
    """Name and short id, and the status of a patient no longer Active."""
    status = row.get("status")
    shown = f", {status}" if status and status != "Active" else ""
    return f"{row[name_key]} ({str(row['id'])[:8]}{shown})"


def ambiguous_message(what: str, ref: str, candidates: list[str]) -> str:
    shown = ", ".join(candidates[:5]) + (", ..." if len(candidates) > 5 else "")
    return f"{ref!r} matches {len(candidates)} {what}: {shown}. Use more of the name or an id."
