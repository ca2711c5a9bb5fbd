"""Time `patients import` against a bare psycopg COPY of the same file (the floor).

    python bench/import_bench.py                          # 1,000, 5,000 and 20,000 rows
    python bench/import_bench.py --rows 5000 --rows 50000 --runs 5 --database-url URL
    python bench/import_bench.py csv 5000 patients.csv    # only write the file
    python bench/import_bench.py floor URL patients.csv   # the floor, once

Without a URL the harness (re)creates the database `sanctuary_import_bench` on the embedded
server; either way it migrates the database first. For each size it writes a CSV of that many
distinct patients (the columns `patients export` writes, names with accents, emails, phones,
birth dates, insurers), then times, in turn, as separate processes:

  * the floor: import psycopg, connect, create a scratch table of text columns, COPY the file
    into it in one transaction, drop it;
  * `sanctuary patients import FILE`, each run as a new clinician (made beforehand, outside the
    timing), so every run passes the duplicate guard and stores every row, audit entries
    included.

Runs are interleaved (floor, import, floor, ...) after one warm-up of each; the median, min and
max are printed in seconds with the ratio of the medians, and `audit verify` is run at the end.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATABASE = "sanctuary_import_bench"
TIMEZONE = "America/New_York"
COLUMNS = (
    "first_name",
    "last_name",
    "preferred_name",
    "pronouns",
    "email",
    "phone",
    "address",
    "emergency_contact_name",
    "emergency_contact_phone",
    "emergency_contact_relationship",
    "insurance_provider",
    "insurance_member_id",
    "insurance_group_number",
    "date_of_birth",
    "coverage_percent",
    "fee_exempt",
    "diagnosis_codes",
    "status",
    "intake_date",
)
FIRST = ("Amelia", "José", "Zoë", "Benjamin", "Nora", "Chidi", "Ingrid", "Mateo", "Aiko", "Liam")
LAST = ("Okafor", "Díaz", "Ångström", "Carter", "Nguyen", "Kowalski", "O'Brien", "Haddad")
INSURERS = ("Aetna", "Blue Cross Blue Shield", "Cigna", "UnitedHealthcare", "")


def write_csv(rows: int, path: Path, seed: int = 18) -> None:
    """rows distinct patients: no two share an email, nor both names and a birth date."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(COLUMNS)
        for i in range(rows):
            first, last = rng.choice(FIRST), f"{rng.choice(LAST)}-{i}"
            insurer = rng.choice(INSURERS)
            born = date(1950, 1, 1) + timedelta(days=rng.randrange(20000))
            out.writerow(
                (
                    first,
                    last,
                    first[:3] if i % 7 == 0 else "",
                    rng.choice(("she/her", "he/him", "they/them", "")),
                    f"patient{i}@import.example",
                    f"+1 212 555 {i % 10000:04d}",
                    f"{i} Main Street, Springfield",
                    f"{rng.choice(FIRST)} {last}",
                    f"+1 212 555 {(i * 7) % 10000:04d}",
                    "spouse",
                    insurer,
                    f"M{i:08d}" if insurer else "",
                    "G100" if insurer else "",
                    born.isoformat(),
                    "80" if insurer else "0",
                    "no",
                    "F41.1" if i % 3 else "",
                    "Active",
                    "2026-01-15",
                )
            )


def floor(url: str, path: Path) -> None:
    """The bare COPY: what loading the file costs PostgreSQL and psycopg, and nothing else."""
    import psycopg
    from psycopg import sql

    table = sql.Identifier(f"import_floor_{os.getpid()}")
    with psycopg.connect(url) as conn:
        with conn.transaction():
            text_columns = (sql.SQL("{} text").format(sql.Identifier(c)) for c in COLUMNS)
            conn.execute(
                sql.SQL("create table {} ({})").format(table, sql.SQL(", ").join(text_columns))
            )
            with conn.cursor().copy(
                sql.SQL("copy {} from stdin (format csv, header true)").format(table)
            ) as copy:
                copy.write(path.read_bytes())
        conn.execute(sql.SQL("drop table {}").format(table))
        conn.commit()


def create_database() -> str:
    import psycopg
    from psycopg import sql

    from sanctuary_cli.store import embedded
    from sanctuary_cli.store.config import load_settings

    server = embedded.ensure_server(load_settings().data_dir)
    embedded.bootstrap(server)
    with psycopg.connect(server.conninfo(embedded.SUPERUSER, "postgres"), autocommit=True) as conn:
        name = sql.Identifier(DATABASE)
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(name))
        conn.execute(
            sql.SQL("create database {} owner {} encoding 'UTF8' template template0").format(
                name, sql.Identifier(embedded.OWNER_ROLE)
            )
        )
    return server.conninfo(embedded.OWNER_ROLE, DATABASE)


def migrate_database(url: str) -> None:
    from sanctuary_cli.store.config import load_settings
    from sanctuary_cli.store.db import connect
    from sanctuary_cli.store.migrate import migrate

    db = connect(load_settings(database_url=url, timezone=TIMEZONE), check_schema=False)
    try:
        migrate(db)
    finally:
        db.close()


def new_clinicians(url: str, count: int) -> list[str]:
    """count new therapists (emails), so each import starts from an empty caseload."""
    import psycopg

    emails = []
    with psycopg.connect(url) as conn:
        for _ in range(count):
            n = conn.execute("select count(*) from therapists").fetchone()[0]
            email = f"import{n}.{os.getpid()}@bench.example"
            conn.execute(
                "insert into therapists (first_name, last_name, email) values (%s, %s, %s)",
                ("Import", f"Bench {n}", email),
            )
            emails.append(email)
    return emails


def sanctuary_command() -> list[str]:
    script = Path(sys.executable).with_name("sanctuary")
    return [str(script)] if script.exists() else [sys.executable, "-m", "sanctuary_cli"]


def env_for(url: str, therapist: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SANCTUARY_", "PG"))}
    env.update(SANCTUARY_DATABASE_URL=url, SANCTUARY_TIMEZONE=TIMEZONE, NO_COLOR="1")
    if therapist:
        env["SANCTUARY_THERAPIST"] = therapist
    return env


def timed(argv: list[str], env: dict[str, str], cwd: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.strip()}")
    return seconds


def bench_size(url: str, rows: int, runs: int, workdir: str) -> tuple[list[float], list[float]]:
    path = Path(workdir) / f"patients_{rows}.csv"
    write_csv(rows, path)
    clinicians = new_clinicians(url, runs + 1)
    floor_argv = [sys.executable, str(Path(__file__).resolve()), "floor", url, str(path)]
    import_argv = [*sanctuary_command(), "patients", "import", str(path)]
    floors, imports = [], []
    for i, clinician in enumerate(clinicians):  # the first pair is the warm-up
        f = timed(floor_argv, env_for(url), workdir)
        t = timed(import_argv, env_for(url, clinician), workdir)
        if i:
            floors.append(f)
            imports.append(t)
    return floors, imports


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["csv"]:
        write_csv(int(argv[1]), Path(argv[2]))
        return 0
    if argv[:1] == ["floor"]:
        floor(argv[1], Path(argv[2]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help=f"default: {DATABASE} on the embedded server")
    parser.add_argument("--rows", type=int, action="append", help="rows per file (repeatable)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each size")
    args = parser.parse_args(argv)
    url = args.database_url or create_database()
    migrate_database(url)
    workdir = tempfile.mkdtemp(prefix="sanctuary-import-bench-")
    print("| rows | COPY floor s | import s | import/floor |")
    print("|---:|---:|---:|---:|")
    for rows in args.rows or [1000, 5000, 20000]:
        floors, imports = bench_size(url, rows, args.runs, workdir)
        ratio = statistics.median(imports) / statistics.median(floors)
        print(f"| {rows:,} | {spread(floors)} | {spread(imports)} | {ratio:.1f} |", flush=True)
    verify = subprocess.run(
        [*sanctuary_command(), "audit", "verify"],
        env=env_for(url),
        cwd=workdir,
        capture_output=True,
        text=True,
    )
    print(f"audit verify: exit {verify.returncode}: {(verify.stdout + verify.stderr).strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
