"""sql/schema.sql: the schema as the migrations leave it, for reading and for review diffs.

    python tests/schema_snapshot.py --write      # regenerate sql/schema.sql
    python tests/schema_snapshot.py              # print the current dump instead

With no --database-url it starts a throwaway embedded server, migrates a new database there,
dumps it with the embedded server's pg_dump and stops the server. tests/test_schema_snapshot.py
dumps its own freshly migrated database the same way and compares. The dump is normalised so
that it depends on the migrations only: no SET lines, no version banners, no `\\restrict` keys
(random in pg_dump 18), no owners, and the owner role named `sanctuary_owner` in grants
whatever it is called on the server used.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg

from sanctuary_cli.store import embedded

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "sql" / "schema.sql"
REGENERATE = "python tests/schema_snapshot.py --write"
OWNER = "sanctuary_owner"
HEADER = f"""\
-- GENERATED FILE, DO NOT EDIT: the schema as sql/migrations/ leave it, for reading and for
-- review diffs. A change to the schema is a new migration; then regenerate this file with
--     {REGENERATE}
-- It is `pg_dump --schema-only --no-owner` (the embedded PostgreSQL {{major}}) of a freshly
-- migrated database, normalised; tests/test_schema_snapshot.py fails when it is out of date.
-- Not for loading: `sanctuary db migrate` builds the schema.
"""


def dump_schema(conninfo: str) -> str:
    """The normalised schema-only dump of the database at `conninfo`."""
    with psycopg.connect(conninfo) as conn:
        owner, major = conn.execute(
            "select quote_ident(pg_get_userbyid(datdba)), current_setting('server_version_num')"
            " from pg_database where datname = current_database()"
        ).fetchone()
    done = subprocess.run(
        [str(embedded.bin_path("pg_dump")), "--schema-only", "--no-owner", "--dbname", conninfo],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"pg_dump failed: {done.stderr.strip()}")
    return normalise(done.stdout, owner=owner, major=int(major) // 10000)


def normalise(dump: str, *, owner: str, major: int) -> str:
    """The dump without what varies between servers and runs; blank lines squeezed."""
    lines = []
    for line in dump.splitlines():
        if re.match(r"(\\restrict|\\unrestrict|SET |SELECT pg_catalog\.set_config\()", line):
            continue
        if re.match(r"-- (PostgreSQL database dump|Dumped (from|by) )", line):
            continue
        if line.startswith(("GRANT ", "REVOKE ")) and owner != OWNER:
            line = re.sub(rf"(?<= ){re.escape(owner)}(?=[;,])", OWNER, line)
        lines.append(re.sub(r"; Owner: .*$", "", line) if line.startswith("-- Name: ") else line)
    text = "\n".join(lines)
    # pg_dump's three-line banner above each object becomes its middle line.
    text = re.sub(r"^--\n(-- Name: [^\n]*)\n--$", r"\1", text, flags=re.M)
    text = re.sub(r"^--\n(--\n)*", "", text, flags=re.M)
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
    return HEADER.format(major=major) + "\n" + text + "\n"


def migrated_database_dump() -> str:
    """Dump a database freshly migrated on a throwaway embedded server."""
    from sanctuary_cli.store.config import load_settings
    from sanctuary_cli.store.db import connect
    from sanctuary_cli.store.migrate import migrate

    data_dir = Path(tempfile.mkdtemp(prefix="sanctuary-schema-"))
    try:
        server = embedded.ensure_server(data_dir)
        embedded.bootstrap(server)
        settings = load_settings(database_url=server.conninfo(), timezone="UTC")
        db = connect(settings, check_schema=False)
        migrate(db)
        db.close()
        return dump_schema(server.conninfo())
    finally:
        embedded.stop_server(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write {SNAPSHOT.name}")
    parser.add_argument("--database-url", help="dump this migrated database instead")
    args = parser.parse_args(argv)
    text = dump_schema(args.database_url) if args.database_url else migrated_database_dump()
    if args.write:
        SNAPSHOT.write_text(text, encoding="utf-8")
        print(f"wrote {SNAPSHOT.relative_to(ROOT)}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
