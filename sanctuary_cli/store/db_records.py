"""Small records the CLI keeps about a database in the data dir, outside the database itself.

Each is a JSON file (0600) with one entry per database, keyed like the audit anchors
(store/anchors.database_key: the embedded data dir, or host, port and database name, never a
password): backups.json (store/backup_record.py) and audit-checked.json
(store/chain_check.py). Writing one never fails the command that writes it; an unreadable or
foreign file counts as no record, which every reader treats as the cautious case.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.store.anchors import database_key
from sanctuary_cli.store.files import atomic_write


def records_file(settings: Any, name: str) -> Path:
    return Path(settings.data_dir).expanduser() / name


def read_records(path: Path) -> dict[str, Any]:
    """Every database's record in PATH; {} when it cannot be read or is not such a file."""
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return records if isinstance(records, dict) else {}


def read_record(settings: Any, name: str) -> dict[str, Any] | None:
    """This database's entry in the data dir's file NAME, or None."""
    entry = read_records(records_file(settings, name)).get(database_key(settings))
    return entry if isinstance(entry, dict) else None


def write_record(settings: Any, name: str, entry: dict[str, Any]) -> bool:
    """Set this database's entry in the data dir's file NAME; False if it could not be."""
    path = records_file(settings, name)
    with contextlib.suppress(OSError, UserError):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        records = read_records(path)
        records[database_key(settings)] = entry
        atomic_write(path, json.dumps(records, indent=2, sort_keys=True) + "\n")
        return True
    return False
