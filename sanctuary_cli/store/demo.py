"""Load the demo practice (sql/demo.sql) in one transaction."""

from __future__ import annotations

from sanctuary_cli.store.db import Database
from sanctuary_cli.store.paths import sql_dir


def load_demo(db: Database) -> None:
    """Idempotent: fixed ids and ON CONFLICT DO NOTHING make a second run harmless."""
    script = (sql_dir() / "demo.sql").read_text(encoding="utf-8")
    with db.transaction() as cur:
        # Two `db init --demo` racing: the second waits, then finds every row present.
        cur.execute("select pg_advisory_xact_lock(hashtext('sanctuary demo'))")
        cur.execute(script)
