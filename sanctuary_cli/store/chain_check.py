"""Where `sanctuary today` (or an intact `audit verify`) last found the audit chain intact, so
the next morning walks only the entries written since (docs/security.md, "Audit log").

audit-checked.json in the data dir (store/db_records.py): {"<database key>": {"seq": N,
"hash": "...", "full_at": "ISO time of the last walk from the first entry"}}. It is a cache of
verification work, not a witness: an entry that no longer matches it, a missing or unreadable
file, or a last full walk older than FULL_WALK_EVERY all mean a walk from the first entry.
Anchors (store/anchors.py, `audit anchor`) remain the copies of the head meant to be kept
where the database cannot reach them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sanctuary_cli.store.db_records import read_record, write_record

CHAIN_CHECK_FILE = "audit-checked.json"
# How long an incremental check may go on before every hash is recomputed again: the walk
# from a checked entry catches removals, re-hashing and cuts, but not an entry before it whose
# content was changed and its hash left as it was.
FULL_WALK_EVERY = timedelta(days=7)


@dataclass(frozen=True)
class ChainCheck:
    seq: int
    hash: str
    full_at: datetime

    def walk_from_start_due(self, now: datetime) -> bool:
        return now - self.full_at >= FULL_WALK_EVERY


def last_chain_check(settings: Any) -> ChainCheck | None:
    """This database's record, or None when there is none or it is not one (a walk from the
    first entry follows)."""
    entry = read_record(settings, CHAIN_CHECK_FILE)
    if entry is None:
        return None
    try:
        check = ChainCheck(
            int(entry["seq"]), str(entry["hash"]), datetime.fromisoformat(str(entry["full_at"]))
        )
    except (TypeError, KeyError, ValueError):
        return None
    return check if check.full_at.tzinfo is not None else None


def record_chain_check(settings: Any, seq: int, hash: str, full_at: datetime) -> bool:
    entry = {"seq": seq, "hash": hash, "full_at": full_at.astimezone(UTC).isoformat()}
    return write_record(settings, CHAIN_CHECK_FILE, entry)
