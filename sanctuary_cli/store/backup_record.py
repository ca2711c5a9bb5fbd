"""When `db backup` last succeeded, per database, so `sanctuary today` can say how old it is.

The record is backups.json in the data dir (0600), one entry per database keyed like the audit
anchors (store/anchors.database_key: the embedded data dir, or host, port and database name,
never a password): {"<key>": {"at": "ISO time", "file": "/path/of/the/backup"}}. It is kept
outside the database on purpose: a row written by the backup would not be in the dump it
describes, and the backup role is not the everyday one.
"""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.store.anchors import database_key
from sanctuary_cli.store.files import atomic_write

BACKUP_RECORD_FILE = "backups.json"


def backup_record_file(settings: Any) -> Path:
    return Path(settings.data_dir).expanduser() / BACKUP_RECORD_FILE


def read_records(path: Path) -> dict[str, Any]:
    """Every database's record; an unreadable or foreign file counts as no record at all."""
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return records if isinstance(records, dict) else {}


def record_backup(settings: Any, file: Path, at: datetime | None = None) -> bool:
    """Note that a backup of this database was just written to FILE; False if it could not be.

    A failure here never fails the backup, which is already safely written: the worst outcome
    is that `sanctuary today` says no recent backup is known, which errs on the safe side.
    """
    path = backup_record_file(settings)
    moment = (at or datetime.now(UTC)).isoformat(timespec="seconds")
    with contextlib.suppress(OSError, UserError):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        records = read_records(path)
        where = str(Path(file).expanduser().absolute())
        records[database_key(settings)] = {"at": moment, "file": where}
        atomic_write(path, json.dumps(records, indent=2, sort_keys=True) + "\n")
        return True
    return False


def last_backup(settings: Any) -> dict[str, Any] | None:
    """{"at": aware datetime, "file": str} of this database's last backup, or None."""
    entry = read_records(backup_record_file(settings)).get(database_key(settings))
    if not isinstance(entry, dict):
        return None
    try:
        at = datetime.fromisoformat(str(entry["at"]))
    except (KeyError, ValueError):
        return None
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return {"at": at, "file": str(entry.get("file") or "")}
