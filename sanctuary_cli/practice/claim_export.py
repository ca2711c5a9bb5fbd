"""`claims export`: ready claims as one 837P interchange (rules/x12_837p.py), and the claims
submitted in the same transaction.

The order is the point (docs/claims.md, "If export is interrupted"): the file is written to a
private temp file beside the target and synced to disk inside the transaction that marks the
claims submitted and stores the interchange in claim_batches; the transaction commits; only
then is the temp file renamed onto the target. So a file of claims still ready cannot exist
under the target name (the rename comes after the commit, and a failed commit removes the
temp file), and if the process dies between the commit and the rename, the claims are
submitted and their file is in the database: `claims export --batch N -o FILE` writes it
again, byte for byte, with the same control numbers (a clearinghouse refuses an interchange
number twice, so sending it twice cannot bill twice).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice import claim_build as build
from sanctuary_cli.practice import claim_drafts, clinician
from sanctuary_cli.practice.audit import record_reads
from sanctuary_cli.practice.claims import resolve_claim
from sanctuary_cli.practice.practice_profile import envelope
from sanctuary_cli.rules.claims import validate_envelope
from sanctuary_cli.rules.x12_837p import transaction_set_numbers, write_837p
from sanctuary_cli.store.db import Database, named_query
from sanctuary_cli.store.files import atomic_output, atomic_write, writable_target


@dataclass
class Exported:
    path: Path
    interchange: int
    claims: list[str]  # control numbers, in file order
    test: bool = False
    again: bool = False


def export_claims(
    db: Database,
    output: str,
    refs: list[str] | None = None,
    *,
    all_therapists: bool = False,
    test: bool = False,
) -> Exported:
    """Write every ready claim (or those `refs` name) to `output` as one 837P interchange and
    mark them submitted. With `test`, ISA15 is T and the claims stay ready."""
    therapist_id = clinician.scope(db, all_therapists)
    if refs:
        chosen = [resolve_claim(db, ref) for ref in refs]
        not_ready = [f"{c['control_number']} ({c['status']})" for c in chosen
                     if c["status"] != "ready"]  # fmt: skip
        if not_ready:
            raise UserError(f"Only ready claims are exported; not: {', '.join(not_ready)}")
        ids = list(dict.fromkeys(c["id"] for c in chosen))
    else:
        ids = [row["id"] for row in db.all("claims.ready", therapist_id=therapist_id)]
    if not ids:
        raise UserError("No claim is ready to export (claims create makes them)")
    target = writable_target(output)
    with atomic_output(target) as (handle, path), db.transaction() as cur:
        claims, charges, clinicians = locked_claims(cur, ids)
        text, interchange, numbers = interchange_for(cur, db, claims, test)
        if not test:
            # Filed under a clinician only when every claim is theirs: a clinician's login reads
            # the whole file, other patients and all (migration 0094 holds the database to it).
            owner = clinicians.pop() if len(clinicians) == 1 else None
            record_batch(cur, claims, numbers, text, interchange, path, owner)
        handle.write(text.encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())  # on disk before the commit: only the rename is left
    record_reads(db, "financial_records", charges, action="EXPORT")
    return Exported(path, interchange["interchange"], [c.control_number for c in claims], test)


def locked_claims(cur: Any, ids: list[Any]) -> tuple[list[Any], list[tuple[Any, Any]], set[Any]]:
    """The claims as their 837P carries them (stored lines and codes, today's parties), their
    charges with their patients, and the clinicians whose claims they are."""
    cur.execute(named_query("claims.lock_for_export"), {"claim_ids": ids})
    rows = cur.fetchall()
    if len(rows) != len(ids):
        raise UserError("A claim changed while exporting (another export?); run it again")
    cur.execute(named_query("practice.profile"))
    profile = cur.fetchone()
    claims, problems, charges = [], [], []
    for row in rows:
        who = build.party(cur, row["patient_id"], row["therapist_id"], row["responsibility"])
        cur.execute(named_query("claims.lines"), {"claim_id": row["claim_id"]})
        lines = cur.fetchall()
        charges += [(line["financial_record_id"], row["patient_id"]) for line in lines]
        others: tuple = ()
        if row["responsibility"] == "S":
            found = [{"id": line["financial_record_id"], "service_date": line["service_date"],
                      "cpt_code": line["cpt_code"]} for line in lines]  # fmt: skip
            others, more = claim_drafts.prior_coverage(
                cur, row["patient_id"], row["therapist_id"], found
            )
            problems += [f"claim {row['control_number']}: {p}" for p in more]
        problems += [
            f"claim {row['control_number']}: {p}"
            for p in build.party_problems(who, row["responsibility"], row["payer_id"])
        ]
        claims.append(
            build.build_claim(
                who,
                profile,
                diagnoses=tuple(row["diagnoses"]),
                lines=build.stored_lines(lines),
                responsibility=row["responsibility"],
                control_number=row["control_number"],
                frequency=row["frequency"],
                payer_claim_number=row["payer_claim_number"],
                other_coverage=others,
            )  # fmt: skip
        )
    submitter, receiver = envelope(profile)
    problems += [f"practice profile: {p}" for p in validate_envelope(submitter, receiver)]
    if problems:
        raise UserError("Nothing exported: " + "; ".join(problems))
    return claims, charges, {row["therapist_id"] for row in rows}


def interchange_for(
    cur: Any, db: Database, claims: list[Any], test: bool
) -> tuple[str, dict[str, Any], dict[str, str]]:
    """The 837P text with fresh, increasing control numbers from the database's sequences."""
    cur.execute(named_query("claims.lock_numbers"))
    cur.execute(named_query("claims.next_numbers"))
    numbers = cur.fetchone()
    cur.execute(named_query("claims.next_sets"), {"sets": len(claims)})
    sets = [row["number"] for row in cur.fetchall()]
    if sets != list(range(sets[0], sets[0] + len(sets))):
        raise UserError("Transaction set numbers were not consecutive; run the export again")
    cur.execute(named_query("practice.profile"))
    submitter, receiver = envelope(cur.fetchone())
    text = write_837p(
        claims, submitter=submitter, receiver=receiver,
        interchange_control_number=numbers["interchange"], group_control_number=numbers["grp"],
        first_transaction_set_number=sets[0], now=datetime.now(db.settings.tz),
        usage="T" if test else "P",
    )  # fmt: skip
    return text, numbers, transaction_set_numbers(claims, sets[0])


def record_batch(
    cur: Any,
    claims: list[Any],
    sets: dict[str, str],
    text: str,
    numbers: dict[str, Any],
    path: Path,
    owner: Any,
) -> None:
    """The file in claim_batches (filed under `owner`, None for the practice), each claim
    submitted in it, with a history entry."""
    cur.execute(
        named_query("claims.insert_batch"),
        {**numbers, "therapist_id": owner, "file_name": path.name, "usage": "P",
         "claim_count": len(claims), "interchange_text": text},
    )  # fmt: skip
    batch_id = cur.fetchone()["id"]
    cur.execute(named_query("claims.claim_ids_by_number"), {"numbers": list(sets)})
    for row in cur.fetchall():
        number = sets[row["control_number"]]
        cur.execute(
            named_query("claims.mark_submitted"),
            {"claim_id": row["id"], "batch_id": batch_id, "transaction_set_number": number},
        )
        claim_drafts.add_event(
            cur, row["id"], "exported", "submitted",
            f"in {path.name}, transaction set {number}", f"ISA {numbers['interchange']}",
        )  # fmt: skip


def write_again(db: Database, output: str, interchange: int) -> Exported:
    """Write an interchange exported earlier, exactly as it was (its claims stay as they are)."""
    row = db.one("claims.batch", interchange=interchange)
    if row is None:
        raise UserError(f"No claim file with interchange number {interchange} was exported")
    path = atomic_write(output, row["interchange"])
    charges = [(c["financial_record_id"], c["patient_id"]) for c in row["charges"]]
    record_reads(db, "financial_records", charges, action="EXPORT")
    return Exported(path, row["interchange_control_number"], [], again=True)
