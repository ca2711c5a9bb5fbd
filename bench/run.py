"""Time the used-by commands as whole processes against psql and a minimal psycopg script.

    python bench/run.py                        # the embedded sanctuary_bench database
    python bench/run.py --database-url URL --runs 9 --plans
    python bench/run.py --remote --delay-ms 25   # TLS PostgreSQL behind a delay (bench/remote.py)

For each command that exists in this build, the harness first runs it once in-process while
recording every statement it sends (psycopg's own ClientCursor.mogrify turns each into literal
SQL), keeps the data statements (not the per-transaction set_config, the schema check or the
current-therapist lookup), and then times, in turn, as separate processes:

  * the command itself (`sanctuary ...`, output to /dev/null),
  * the same SQL through `psql -X -A -t -c ...`,
  * bench/floor.py: import psycopg, connect, run the same SQL, print the rows (the floor).

The practice time zone and the acting therapist reach psql and the floor as PGTZ and
PGOPTIONS (-c sanctuary.therapist=...), which libpq sends at start-up, so all three read the
same rows under the same row-level security. `--plans` writes EXPLAIN (ANALYZE, BUFFERS) of each
data statement to bench/plans/. Runs are interleaved (A, psql, floor, A, ...) after one warm-up
of each; median, min and max are printed in milliseconds with the ratios to the floor.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generate import BENCH_DATABASE  # noqa: E402  (bench/ is on sys.path: python bench/run.py)
from generate import BENCH_TIMEZONE as TIMEZONE  # noqa: E402

THERAPIST = "therapist0@bench.example"
# Tables whose full scan would grow with the practice (reference tables are tiny).
LARGE_TABLES = (
    "patients",
    "appointments",
    "session_notes",
    "mood_entries",
    "progress_entries",
    "financial_records",
    "payments",
    "note_tags",
    "measure_administrations",
    "audit_log",
)


@dataclass
class Bench:
    name: str
    argv: list[str]
    statements: list[str] = field(default_factory=list)
    # --all-therapists: the command reads the practice with the therapist setting emptied, so
    # psql and the floor name the clinician only as the one acted for (the audit's actor).
    whole_practice: bool = False


BENCHES = [
    Bench("appointments upcoming", ["appointments", "upcoming"]),
    Bench("appointments upcoming --csv", ["appointments", "upcoming", "--csv"]),
    Bench("billing overdue --csv", ["billing", "overdue", "--csv"]),
    Bench("patients search", ["patients", "search", "Nora Okafr"]),
    Bench("patients search --csv", ["patients", "search", "Nora Okafr", "--csv"]),
    Bench("report daily --format csv", ["report", "daily", "--format", "csv"]),
    Bench("notes search", ["notes", "search", "insomnia"]),
    Bench("notes search --json", ["notes", "search", "insomnia", "--json"]),
    Bench(
        "billing overdue --all --csv",
        ["billing", "overdue", "--all-therapists", "--csv"],
        whole_practice=True,
    ),
    Bench(
        "billing aging --all --csv",
        ["billing", "aging", "--all-therapists", "--csv"],
        whole_practice=True,
    ),
    Bench(
        "patients search --all --csv",
        ["patients", "search", "Nora Okafr", "--all-therapists", "--csv"],
        whole_practice=True,
    ),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: sanctuary_bench on the embedded server")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each (at least 5)")
    parser.add_argument("--therapist", default=THERAPIST)
    parser.add_argument("--plans", action="store_true", help="write EXPLAIN ANALYZE plans")
    parser.add_argument("--only", help="run only benches whose name contains this")
    parser.add_argument("--show-sql", action="store_true", help="print the captured SQL")
    parser.add_argument("--sql-dir", help="keep each command's captured SQL here (NAME.sql)")
    parser.add_argument("--remote", action="store_true", help="TLS server behind a delay")
    parser.add_argument("--delay-ms", type=float, default=25.0, help="--remote: each way")
    parser.add_argument("--remote-scale", type=float, default=0.01, help="--remote: data size")
    args = parser.parse_args(argv)
    if args.runs < 5:
        parser.error("--runs must be at least 5")
    if args.remote:
        return run_remote(args)
    url = args.database_url or embedded_bench_url()
    workdir = tempfile.mkdtemp(prefix="sanctuary-bench-")  # no stray .env is read
    env = bench_env(url, args.therapist)
    sanctuary = sanctuary_command()
    rows = []
    for bench in BENCHES:
        if args.only and args.only not in bench.name:
            continue
        if not command_exists(sanctuary, bench.argv, env, workdir):
            print(f"-- {bench.name}: command not in this build, skipped", file=sys.stderr)
            continue
        bench.statements = capture_statements(bench.argv, env, workdir)
        if args.show_sql:
            print(f"-- {bench.name}", *bench.statements, sep="\n", file=sys.stderr)
        if args.plans:
            write_plans(url, bench, env)
        commands, bench_env_ = bench_commands(bench, url, env, sanctuary, args.sql_dir or workdir)
        times = time_interleaved(commands, bench_env_, workdir, args.runs)
        rows.append((bench.name, times))
        print_row(bench.name, times)
    startup = {
        "sanctuary --help": [*sanctuary, "--help"],
        "sanctuary --version": [*sanctuary, "--version"],
        "import typer": [sys.executable, "-c", "import typer"],
    }
    times = time_interleaved(startup, env, workdir, args.runs)
    print_startup(times)
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


def bench_commands(bench: Bench, url: str, env, sanctuary, sql_dir) -> tuple[dict, dict]:
    """The command, psql and the floor for one bench (same SQL, same rows), and their env."""
    sql_file = Path(sql_dir) / (slug(bench.name) + ".sql")
    sql_file.parent.mkdir(parents=True, exist_ok=True)
    sql_file.write_text("\n-- next\n".join(bench.statements), encoding="utf-8")
    psql = ["psql", "-X", "-q", "-A", "-t", url]
    for statement in bench.statements:
        psql += ["-c", statement]
    if bench.whole_practice:
        env = {**env, "PGOPTIONS": f"-c sanctuary.acting_for={env['SANCTUARY_THERAPIST']}"}
    commands = {
        "sanctuary": [*sanctuary, *bench.argv],
        "psql": psql,
        "floor": [sys.executable, str(HERE / "floor.py"), url, str(sql_file)],
    }
    return commands, env


def run_remote(args) -> int:
    """The used-by commands against a TLS server behind a delay (bench/remote.py)."""
    import hashlib
    import uuid

    import remote

    patient = str(uuid.UUID(hashlib.md5(b"p0").hexdigest()))  # therapist0's first patient
    workdir = tempfile.mkdtemp(prefix="sanctuary-bench-")
    sanctuary = sanctuary_command()
    with remote.remote_practice(args.remote_scale, args.delay_ms) as (url, extra, relay):
        env = {**bench_env(url, args.therapist), **extra}
        print(f"-- remote: TLS, {args.delay_ms:g} ms each way, scale {args.remote_scale:g}")
        for name, argv in remote.REMOTE_BENCHES:
            if args.only and args.only not in name:
                continue
            bench = Bench(name, [a.replace("{patient}", patient) for a in argv])
            bench.statements = capture_statements(bench.argv, env, workdir)
            commands, env_ = bench_commands(bench, url, env, sanctuary, workdir)
            result = remote.time_with_turns(commands, env_, workdir, args.runs, relay)
            remote.print_remote_row(name, result)
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


def embedded_bench_url() -> str:
    from sanctuary_cli.store import embedded
    from sanctuary_cli.store.config import load_settings

    server = embedded.ensure_server(load_settings().data_dir)
    return server.conninfo(embedded.OWNER_ROLE, BENCH_DATABASE)


def bench_env(url: str, therapist: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SANCTUARY_", "PG"))}
    env.pop("DATABASE_URL", None)
    env.update(
        SANCTUARY_DATABASE_URL=url,
        SANCTUARY_THERAPIST=therapist,
        SANCTUARY_TIMEZONE=TIMEZONE,
        PGTZ=TIMEZONE,
        PGOPTIONS=f"-c sanctuary.therapist={therapist}",
        NO_COLOR="1",
    )
    return env


def sanctuary_command() -> list[str]:
    script = Path(sys.executable).with_name("sanctuary")
    return [str(script)] if script.exists() else [sys.executable, "-m", "sanctuary_cli"]


def command_exists(sanctuary: list[str], argv: list[str], env, cwd) -> bool:
    done = subprocess.run(
        [*sanctuary, *argv[:2], "--help"], env=env, cwd=cwd, capture_output=True, text=True
    )
    return done.returncode == 0


def capture_statements(argv: list[str], env: dict[str, str], cwd: str) -> list[str]:
    """Run the command in-process and return the literal SQL of its data statements."""
    import psycopg
    from typer.testing import CliRunner

    from sanctuary_cli.cli.app import app

    seen: list[str] = []
    original = psycopg.Cursor.execute
    original_many = psycopg.Cursor.executemany

    def recording(self, query, params=None, **kwargs):
        literal = psycopg.ClientCursor(self.connection).mogrify(query, params)
        seen.append(literal)
        return original(self, query, params, **kwargs)

    def recording_many(self, query, params_seq, **kwargs):
        params_seq = list(params_seq)
        mogrify = psycopg.ClientCursor(self.connection).mogrify
        # Pipelined by psycopg: one round trip, so one multi-statement string for the floor.
        seen.append(";\n".join(mogrify(query, params) for params in params_seq))
        return original_many(self, query, params_seq, **kwargs)

    psycopg.Cursor.execute = recording
    psycopg.Cursor.executemany = recording_many
    old_cwd = os.getcwd()
    try:
        os.chdir(cwd)
        result = CliRunner().invoke(app, argv, env=env, catch_exceptions=False)
    finally:
        psycopg.Cursor.execute = original
        psycopg.Cursor.executemany = original_many
        os.chdir(old_cwd)
    if result.exit_code != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {result.stderr.strip()}")
    return [s for s in seen if not is_plumbing(s)]


def is_plumbing(statement: str) -> bool:
    """Session set-up the floor gets from PGTZ/PGOPTIONS, and the CLI's own bookkeeping."""
    from sanctuary_cli.store.db import named_query

    text = " ".join(statement.split()).lower()
    resolve = " ".join(named_query("therapists.resolve_current").split()).lower()
    resolve_head = resolve.split(" where ")[0]
    return (
        text in ("begin", "commit", "select sanctuary_acting_therapist()")
        or text.startswith(("savepoint ", "release savepoint "))
        or text.startswith("select set_config(")
        or "schema_migrations" in text
        or "pg_catalog.pg_tables" in text
        or text.startswith(resolve_head)
    )


def write_plans(url: str, bench: Bench, env: dict[str, str]) -> None:
    import psycopg

    plans = HERE / "plans"
    plans.mkdir(exist_ok=True)
    lines = [f"-- {bench.name}: sanctuary {' '.join(bench.argv)}", ""]
    with psycopg.connect(url, autocommit=True, options=env["PGOPTIONS"]) as conn:
        conn.execute("select set_config('TimeZone', %s, false)", (TIMEZONE,))
        for statement in bench.statements:
            # A pipelined batch (executemany) repeats one statement: its first stands for all.
            first, *others = statement.split(";\n")
            plan = conn.execute("explain (analyze, buffers) " + first).fetchall()
            lines += [first, "", *(row[0] for row in plan), ""]
            if others:
                lines += [f"-- and {len(others)} more like it, sent in the same round trip", ""]
    text = "\n".join(lines)
    (plans / (slug(bench.name) + ".txt")).write_text(text + "\n", encoding="utf-8")
    scans = sorted(set(re.findall(r"Seq Scan on (\w+)", text)) & set(LARGE_TABLES))
    verdict = f"SEQ SCAN on {', '.join(scans)}" if scans else "index scans only"
    timing = re.findall(r"Execution Time: ([\d.]+) ms", text)
    print(f"-- plan {bench.name}: {verdict}; execution {' + '.join(timing)} ms", file=sys.stderr)


def time_interleaved(
    commands: dict[str, list[str]], env: dict[str, str], cwd: str, runs: int
) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_no in range(runs + 1):  # round 0 warms caches and is not counted
        for name, cmd in commands.items():
            t0 = time.perf_counter()
            done = subprocess.run(
                cmd,
                env=env,
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            elapsed = time.perf_counter() - t0
            if done.returncode != 0:
                raise SystemExit(f"{name} failed ({done.returncode}): {done.stderr[-500:]!r}")
            if round_no:
                times[name].append(elapsed * 1000)
    return times


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):7.1f} ({min(values):.0f}-{max(values):.0f})"


def print_row(name: str, times: dict[str, list[float]]) -> None:
    floor = statistics.median(times["floor"])
    cli = statistics.median(times["sanctuary"])
    psql = statistics.median(times["psql"])
    if not getattr(print_row, "header", False):
        print(
            f"{'command':<30} {'sanctuary ms':>20} {'psql ms':>20} {'floor ms':>20}"
            f" {'cli/floor':>9} {'psql/floor':>10}"
        )
        print_row.header = True
    print(
        f"{name:<30} {summary(times['sanctuary']):>20} {summary(times['psql']):>20}"
        f" {summary(times['floor']):>20} {cli / floor:9.2f} {psql / floor:10.2f}",
        flush=True,
    )


def print_startup(times: dict[str, list[float]]) -> None:
    base = statistics.median(times["import typer"])
    print()
    print(f"{'start-up':<30} {'median ms (min-max)':>20} {'/ import typer':>15}")
    for name, values in times.items():
        print(f"{name:<30} {summary(values):>20} {statistics.median(values) / base:15.2f}")


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


if __name__ == "__main__":
    raise SystemExit(main())
