"""Audit anchors: copies of the audit chain's head kept outside the database (docs/security.md,
"Audit log"). Whoever can rewrite the database (a superuser, the owner altering its triggers) can
cut entries off the end of the log and make a matching head; an anchor taken earlier, kept in a
file, a cron mail or a printout, still names an entry that must be there with the same hash.

The default anchor file is audit-anchors.jsonl in the data dir, one JSON object a line:
{"database": ..., "seq": N, "hash": "...", "at": "ISO time"}. Reading also accepts the line
`report daily` prints ("... seq=N hash=H ..."), so an anchor pasted from a mail works.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sanctuary_cli.errors import UserError

ANCHOR_FILE = "audit-anchors.jsonl"
_LOOSE = re.compile(r"seq[=: ]+(?P<seq>\d+).*?hash[=: ]+(?P<hash>[0-9a-f]{64})")


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    at: str | None = None
    database: str | None = None

    def line(self) -> str:
        """The anchor as one line a person can keep: `seq=N hash=H at TIME`."""
        return f"seq={self.seq} hash={self.hash}" + (f" at {self.at}" if self.at else "")


def database_key(settings: Any) -> str:
    """Which database an anchor belongs to, without the password: the embedded server's data
    dir, or the URL's host, port and database name."""
    if not settings.database_url:
        return f"embedded:{Path(settings.data_dir).expanduser().resolve()}"
    import psycopg

    params = psycopg.conninfo.conninfo_to_dict(settings.database_url)
    host = params.get("host") or params.get("hostaddr") or "localhost"
    return f"postgresql://{host}:{params.get('port') or 5432}/{params.get('dbname') or ''}"


def default_anchor_file(settings: Any) -> Path:
    return Path(settings.data_dir).expanduser() / ANCHOR_FILE


def append_anchor(path: Path, anchor: Anchor) -> Path:
    """Add the anchor at the end of PATH (created 0600), never rewriting earlier ones."""
    path = Path(path).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and not stat.S_ISREG(os.stat(path).st_mode):
        raise UserError(f"Refusing to write to {path}: it is not a regular file")
    record = {"database": anchor.database, "seq": anchor.seq, "hash": anchor.hash, "at": anchor.at}
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return path


def read_anchors(path: Path, database: str | None) -> list[Anchor]:
    """The anchors of PATH that belong to DATABASE (lines naming no database count too)."""
    try:
        lines = Path(path).expanduser().read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise UserError(f"No anchor file at {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"Cannot read the anchor file {path}: {exc}") from None
    anchors = []
    for number, text in enumerate(lines, start=1):
        anchor = parse_anchor(text.strip(), path, number)
        if anchor is not None and anchor.database in (None, database):
            anchors.append(anchor)
    return anchors


def parse_anchor(text: str, path: Path, number: int) -> Anchor | None:
    if not text or text.startswith("#"):
        return None
    if text.startswith("{"):
        try:
            record = json.loads(text)
            return Anchor(
                int(record["seq"]), str(record["hash"]), record.get("at"), record.get("database")
            )
        except (ValueError, KeyError, TypeError):
            raise UserError(f"{path} line {number} is not an audit anchor") from None
    loose = _LOOSE.search(text)
    if loose is None:
        raise UserError(f"{path} line {number} is not an audit anchor (seq=N hash=H)")
    return Anchor(int(loose["seq"]), loose["hash"])


def anchor_now(head: dict[str, Any], database: str) -> Anchor:
    read_at = head["read_at"]
    at = read_at.isoformat(timespec="seconds") if isinstance(read_at, datetime) else str(read_at)
    return Anchor(int(head["last_seq"]), str(head["last_hash"]), at, database)
