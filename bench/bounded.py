"""Database time of the queries that must stay bounded for the practice and for deep histories.

    python bench/bounded.py                         # sanctuary_bench on the embedded server
    python bench/bounded.py --database sanctuary_bench_d10 --runs 9
    PYTHONPATH=/tmp/before python bench/bounded.py  # the named queries of another checkout

Each named query runs as EXPLAIN (ANALYZE, BUFFERS) on the owner connection, the way its command
sends it (the acting clinician as the command names it: `(select sanctuary_acting_therapist())`
in builds that have it, else the id the client looked up): `billing overdue` / `billing aging`
with --all-therapists while a clinician is in scope (what a clinician login, or billing staff
naming one, get: their charges or their patients'), the same without the flag, `patients
search` for the whole practice and for the clinician, and `notes search` for a word in one note
in eight (insomnia) and for two words found together in about one in a hundred. Printed: the
median execution time over the runs after one warm-up, the rows returned and the buffers read.
"""

from __future__ import annotations

import argparse
import inspect
import re
import statistics
import sys
from pathlib import Path

try:  # another checkout's queries when PYTHONPATH names it
    import sanctuary_cli
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import sanctuary_cli

import psycopg  # noqa: E402
from generate import BENCH_DATABASE, BENCH_TIMEZONE  # noqa: E402

THERAPIST = "therapist0@bench.example"
# What `notes search` sends besides the words (builds before 0126 ignore the extra keys).
NOTES = {"include_private": True, "pool": 500, "since": None, "until": None}


def cases(acting) -> list[tuple[str, str, dict, bool]]:
    """(label, query name, parameters, scoped): scoped = sanctuary.therapist names the clinician."""
    return [
        ("billing overdue --all-therapists (scoped)", "billing.overdue",
         {"therapist_id": None}, True),
        ("billing aging --all-therapists (scoped)", "billing.open_balances",
         {"therapist_id": None}, True),
        ("billing overdue", "billing.overdue", {"therapist_id": acting}, True),
        ("billing aging", "billing.open_balances", {"therapist_id": acting}, True),
        ("patients search --all-therapists", "patients.search",
         {"therapist_id": None, "text": "Nora Okafr", "limit": 20}, False),
        ("patients search", "patients.search",
         {"therapist_id": acting, "text": "Nora Okafr", "limit": 20}, True),
        ("notes search insomnia", "notes.search",
         {"therapist_id": acting, "text": "insomnia", **NOTES}, True),
        ("notes search father insomnia", "notes.search",
         {"therapist_id": acting, "text": "father insomnia", **NOTES}, True),
    ]  # fmt: skip


def literal(conn: psycopg.Connection, name: str, params: dict) -> str:
    from sanctuary_cli.store.db import named_query

    query, params = named_query(name), dict(params)
    try:
        from sanctuary_cli.store.acting import bind_acting

        query, params = bind_acting(query, params)
    except ImportError:
        pass
    return psycopg.ClientCursor(conn).mogrify(query, params)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=BENCH_DATABASE, help="on the embedded server")
    parser.add_argument("--database-url", help="instead of --database")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", help="cases whose label contains this")
    parser.add_argument("--plans", help="write each plan to this directory")
    args = parser.parse_args(argv)
    url = args.database_url or embedded_url(args.database)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("select set_config('TimeZone', %s, false)", (BENCH_TIMEZONE,))
        conn.execute("select set_config('sanctuary.acting_for', %s, false)", (THERAPIST,))
        me = conn.execute("select id from therapists where email = %s", (THERAPIST,)).fetchone()[0]
        try:
            from sanctuary_cli.store.acting import ACTING as acting
        except ImportError:
            acting = me
        checkout = Path(inspect.getfile(sanctuary_cli)).parent.parent
        print(f"-- queries of {checkout}, database {url}")
        print(f"{'query':<44} {'median ms':>9} {'min':>7} {'rows':>6}  buffers")
        for label, name, params, scoped in cases(acting):
            if args.only and args.only not in label:
                continue
            scope = THERAPIST if scoped else ""
            conn.execute("select set_config('sanctuary.therapist', %s, false)", (scope,))
            statement = "explain (analyze, buffers) " + literal(conn, name, params)
            times, plan = [], []
            for _ in range(args.runs + 1):
                plan = [row[0] for row in conn.execute(statement)]
                times.append(float(re.search(r"Execution Time: ([\d.]+)", plan[-1])[1]))
            rows = re.search(r"actual time=\S+ rows=([\d.]+)", plan[0])[1]
            buffers = re.search(r"Buffers: (shared [^\n]*)", "\n".join(plan))
            print(
                f"{label:<44} {statistics.median(times[1:]):9.2f} {min(times[1:]):7.2f}"
                f" {float(rows):6.0f}  {buffers[1] if buffers else ''}",
                flush=True,
            )
            if args.plans:
                out = Path(args.plans) / (re.sub(r"[^a-z0-9]+", "_", label.lower()) + ".txt")
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text(statement + "\n\n" + "\n".join(plan) + "\n", encoding="utf-8")
    return 0


def embedded_url(database: str) -> str:
    from sanctuary_cli.store import embedded
    from sanctuary_cli.store.config import load_settings

    server = embedded.ensure_server(load_settings().data_dir)
    return server.conninfo(embedded.OWNER_ROLE, database)


if __name__ == "__main__":
    raise SystemExit(main())
