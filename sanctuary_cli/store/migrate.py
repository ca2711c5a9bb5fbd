"""Apply sql/migrations/NNNN_*.sql in order, one transaction each, checksummed."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

import psycopg

from sanctuary_cli.errors import DatabaseUnavailable, UserError
from sanctuary_cli.store.db import Database
from sanctuary_cli.store.paths import sql_dir

# pg_advisory_xact_lock is released at commit, so it holds behind a transaction-mode pooler too.
LOCK_KEY = "select pg_advisory_xact_lock(hashtext('sanctuary schema migrations'))"

CREATE_TABLE = """
create table if not exists schema_migrations (
    version integer primary key,
    name text not null,
    checksum text not null,
    applied_at timestamptz not null default now()
)
"""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class MigrationState:
    version: int
    name: str
    state: str  # applied | pending | changed | unknown
    applied_at: datetime | None


def shipped_migrations() -> list[Migration]:
    """Every migration file, in order; duplicate numbers are a packaging error."""
    migrations: dict[int, Migration] = {}
    for path in sorted((sql_dir() / "migrations").glob("*.sql")):
        match = re.fullmatch(r"(\d{4})_([a-z0-9_]+)\.sql", path.name)
        if match is None:
            raise UserError(f"Migration file name {path.name!r} is not NNNN_name.sql")
        version = int(match.group(1))
        if version in migrations:
            raise UserError(f"Two migrations share the number {version:04d}")
        migrations[version] = Migration(version, path.stem, path.read_text(encoding="utf-8"))
    return [migrations[v] for v in sorted(migrations)]


def migration_status(db: Database) -> list[MigrationState]:
    """Applied, pending, changed (checksum differs) and unknown (not shipped) migrations."""
    applied = _applied(db)
    rows = []
    for m in shipped_migrations():
        row = applied.pop(m.version, None)
        if row is None:
            rows.append(MigrationState(m.version, m.name, "pending", None))
        else:
            state = "applied" if row["checksum"] == m.checksum else "changed"
            rows.append(MigrationState(m.version, m.name, state, row["applied_at"]))
    for version, row in sorted(applied.items()):
        rows.append(MigrationState(version, row["name"], "unknown", row["applied_at"]))
    return rows


def migrate(db: Database) -> list[Migration]:
    """Apply the pending migrations; returns those applied by this run.

    A migration file is many statements, which only the simple query protocol carries: the
    connection leaves pipeline mode for it (store/database.py).
    """
    with db.unpipelined():
        return _migrate(db)


def _migrate(db: Database) -> list[Migration]:
    done = []
    for m in shipped_migrations():
        try:
            with db.transaction() as cur:
                cur.execute(LOCK_KEY)
                cur.execute(CREATE_TABLE)
                cur.execute(
                    "select checksum from schema_migrations where version = %s", (m.version,)
                )
                row = cur.fetchone()
                if row is not None:
                    if row["checksum"] != m.checksum:
                        raise UserError(
                            f"Migration {m.name} was changed after it was applied "
                            "(checksum differs); restore the original file"
                        )
                    continue
                cur.execute(m.sql)
                cur.execute(
                    "insert into schema_migrations (version, name, checksum) values (%s, %s, %s)",
                    (m.version, m.name, m.checksum),
                )
        except psycopg.errors.InsufficientPrivilege as exc:
            raise DatabaseUnavailable(
                f"Migration {m.name} needs more privileges: {exc.diag.message_primary}"
            ) from None
        except psycopg.Error as exc:
            raise UserError(
                f"Migration {m.name} failed: {exc.diag.message_primary or exc}"
            ) from None
        done.append(m)
    return done


def _applied(db: Database) -> dict[int, dict]:
    with db.transaction() as cur:
        cur.execute("select to_regclass('schema_migrations') is not null as present")
        if not cur.fetchone()["present"]:
            return {}
        cur.execute("select version, name, checksum, applied_at from schema_migrations")
        return {row["version"]: row for row in cur.fetchall()}
