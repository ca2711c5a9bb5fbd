"""When `db backup` last succeeded, per database, so `sanctuary today` can say how old it is.

The record is backups.json in the data dir (store/db_records.py): {"<database key>": {"at": "ISO
time", "file": "/path/of/the/backup"}}. It is kept outside the database on purpose: a row
written by the backup would not be in the dump it describes, and the backup role is not the
everyday one.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sanctuary_cli.store.db_records import read_record, records_file, write_record

BACKUP_RECORD_FILE = "backups.json"


def backup_record_file(settings: Any) -> Path:
    return records_file(settings, BACKUP_RECORD_FILE)


def record_backup(settings: Any, file: Path, at: datetime | None = None) -> bool:
    """Note that a backup of this database was just written to FILE; False if it could not be.

    A failure here never fails the backup, which is already safely written: the worst outcome
    is that `sanctuary today` says no recent backup is known, which errs on the safe side.
    """
    moment = (at or datetime.now(UTC)).isoformat(timespec="seconds")
    where = str(Path(file).expanduser().absolute())
    return write_record(settings, BACKUP_RECORD_FILE, {"at": moment, "file": where})


def last_backup(settings: Any) -> dict[str, Any] | None:
    """{"at": aware datetime, "file": str} of this database's last backup, or None."""
    entry = read_record(settings, BACKUP_RECORD_FILE)
    if entry is None:
        return None
    try:
        at = datetime.fromisoformat(str(entry["at"]))
    except (KeyError, ValueError):
        return None
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return {"at": at, "file": str(entry.get("file") or "")}
