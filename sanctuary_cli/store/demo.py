"""Load the demo practice (sql/demo.sql) in one transaction."""

from __future__ import annotations

from sanctuary_cli.store.db import Database
from sanctuary_cli.store.paths import sql_dir

DEMO_THERAPIST = "md5('sanctuary-demo-001')::uuid"


def load_demo(db: Database) -> bool:
    """Load the demo practice; False when it was already there, and nothing was loaded.

    Idempotent: fixed ids and ON CONFLICT DO NOTHING make a second run harmless. Its times are
    wall-clock times in the practice zone (the transaction's TimeZone), whatever the server's.
    It runs for the whole practice: a SANCTUARY_THERAPIST setting must not narrow the inserts
    of the demo's own clinician.
    """
    script = (sql_dir() / "demo.sql").read_text(encoding="utf-8")
    # Many statements: the simple query protocol, out of pipeline mode (store/database.py).
    with db.unpipelined(), db.transaction(whole_practice=True) as cur:
        # Two `db init --demo` racing: the second waits, then finds every row present.
        cur.execute("select pg_advisory_xact_lock(hashtext('sanctuary demo'))")
        cur.execute(f"select exists (select 1 from therapists where id = {DEMO_THERAPIST}) as here")
        if cur.fetchone()["here"]:
            return False
        cur.execute(script)
    return True
