"""Remote databases: TLS with full verification and channel binding, SCRAM, and PgBouncer.

These run the real CLI (subprocesses) against the Debian PostgreSQL server and PgBouncer started
by the fixtures below; see tests/remote_helpers.py. They are skipped, with the reason, only where
those Debian packages are not installed (`.ci/run` installs them).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
import pytest
from remote_helpers import (
    APP_PASSWORD,
    DebianServer,
    PgBouncer,
    make_ca,
    make_certificates,
    missing_packages,
    missing_pgbouncer,
    service_dir,
)

# The used-by commands that must work behind a transaction-mode pooler.
USED_BY_COMMANDS = [
    ["appointments", "upcoming", "--days", "30", "--csv"],
    ["patients", "search", "amelia chn", "--csv"],
    ["billing", "overdue", "--csv"],
    ["report", "daily", "--csv"],
]

# The first CSV columns of each (the report of a day may have no rows, so rows are not asked).
EXPECTED_HEADER = {
    "appointments": "appointment_id,starts_at",
    "patients": "patient_id,",
    "billing": "patient_name,service_date,due_date,days_overdue,aging_bucket,balance",
    "report": "starts_at,",
}


def _skip_unless_installed() -> None:
    reason = missing_packages()
    if reason:
        pytest.skip(f"remote PostgreSQL tests need Debian packages: {reason}")


@pytest.fixture(scope="module")
def tls_server() -> Iterator[DebianServer]:
    """The Debian PostgreSQL server: TLS only on 127.0.0.1, SCRAM, run as a non-root user."""
    _skip_unless_installed()
    root = service_dir("sanctuary-tls-")
    server = DebianServer(root, make_certificates(root)).init()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def pgbouncer(tls_server: DebianServer) -> Iterator[PgBouncer]:
    """PgBouncer in transaction mode (4 server connections per pool), TLS to both sides."""
    reason = missing_pgbouncer()
    if reason:
        pytest.skip(f"PgBouncer tests need Debian packages: {reason}")
    bouncer = PgBouncer(tls_server, tls_server.root, pool_size=4).start()
    try:
        yield bouncer
    finally:
        bouncer.stop()


@pytest.fixture
def remote_dbname(tls_server: DebianServer) -> Iterator[str]:
    name = f"sanctuary_r_{uuid.uuid4().hex[:10]}"
    tls_server.create_database(name)
    try:
        yield name
    finally:
        tls_server.drop_database(name)


def sanctuary(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    """The CLI as a real process, with no terminal; the password never on its command line."""
    return subprocess.run(
        [sys.executable, "-m", "sanctuary_cli", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=timeout,
    )


def with_password(url: str, **extra: str) -> dict[str, str]:
    return {"SANCTUARY_DATABASE_URL": url, "PGPASSWORD": APP_PASSWORD, **extra}


def init_demo(env: dict[str, str]) -> None:
    done = sanctuary("db", "init", "--demo", env=env)
    assert done.returncode == 0, done.stderr


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_tls_verify_full_with_channel_binding_runs_the_cli(tls_server, remote_dbname):
    url = tls_server.url(remote_dbname)
    assert "sslmode=verify-full" in url and "channel_binding=require" in url
    env = with_password(url)
    init_demo(env)

    done = sanctuary("appointments", "upcoming", "--days", "30", "--csv", env=env)

    assert done.returncode == 0, done.stderr
    names = {row["patient_name"] for row in csv_rows(done.stdout)}
    assert names == {"Amelia Chen", "Benjamin Carter", "Chloe Davis"}
    with tls_server.admin(remote_dbname) as conn:
        method = conn.execute(
            "select rolpassword like 'SCRAM-SHA-256$%%' from pg_authid where rolname = %s",
            ("sanctuary_app",),
        ).fetchone()[0]
    assert method, "the application role's password is stored as a SCRAM verifier"


def test_the_server_refuses_connections_without_tls(tls_server, remote_dbname):
    url = tls_server.url(remote_dbname, sslmode="disable", channel_binding="disable")

    done = sanctuary("db", "status", env=with_password(url, SANCTUARY_CONNECT_RETRY_SECONDS="0"))

    assert done.returncode == 3
    assert "no encryption" in done.stderr
    assert APP_PASSWORD not in done.stderr


def test_a_certificate_from_another_authority_is_rejected(tls_server, remote_dbname):
    other_root = Path(service_dir("sanctuary-ca-"))
    try:
        other_ca, _ = make_ca(other_root, "other-ca")
        url = tls_server.url(remote_dbname, sslrootcert=str(other_ca))

        done = sanctuary("db", "status", env=with_password(url))
    finally:
        shutil.rmtree(other_root, ignore_errors=True)

    assert done.returncode == 3
    assert "certificate verify failed" in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("Error: Cannot connect")
    assert "Traceback" not in done.stderr


def test_password_comes_from_pgpass_not_the_command_line(tls_server, remote_dbname, tmp_path):
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{tls_server.port}:*:sanctuary_app:{APP_PASSWORD}\n")
    pgpass.chmod(0o600)
    env = {"SANCTUARY_DATABASE_URL": tls_server.url(remote_dbname), "PGPASSFILE": str(pgpass)}

    done = sanctuary("db", "init", env=env)

    assert done.returncode == 0, done.stderr


def test_a_missing_password_says_where_to_put_it(tls_server, remote_dbname, tmp_path):
    env = {
        "SANCTUARY_DATABASE_URL": tls_server.url(remote_dbname),
        "PGPASSFILE": str(tmp_path / "none"),
    }

    done = sanctuary("db", "status", env=env)

    assert done.returncode == 3
    assert "no password supplied" in done.stderr
    assert "PGPASSWORD" in done.stderr and "~/.pgpass" in done.stderr


def test_a_server_that_starts_a_moment_later_is_waited_for(tmp_path):
    _skip_unless_installed()
    root = service_dir("sanctuary-late-")
    server = DebianServer(root, make_certificates(root)).init()
    try:
        server.create_database("late")
        env = with_password(server.url("late"), SANCTUARY_CONNECT_RETRY_SECONDS="30")
        init_demo(env)
        server.stop()

        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "sanctuary_cli", *USED_BY_COMMANDS[0]],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **env},
        )
        time.sleep(1.5)
        assert proc.poll() is None, "the CLI gave up while the server was down"
        server.start()
        out, err = proc.communicate(timeout=60)
        elapsed = time.monotonic() - started
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)

    assert proc.returncode == 0, err
    assert len(csv_rows(out)) == 3
    assert elapsed < 30


@pytest.fixture(scope="module")
def pooled_demo(tls_server: DebianServer, pgbouncer: PgBouncer) -> Iterator[dict[str, str]]:
    """A demo practice set up through the pooler (migrations too: advisory xact lock)."""
    name = f"sanctuary_pool_{uuid.uuid4().hex[:10]}"
    tls_server.create_database(name)
    env = with_password(pgbouncer.url(name))
    try:
        init_demo(env)
        yield env
    finally:
        tls_server.drop_database(name)


@pytest.mark.parametrize("command", USED_BY_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_used_by_commands_run_through_pgbouncer_in_transaction_mode(pooled_demo, command):
    # More clients than the pool's 4 server connections, so server connections are shared.
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: sanctuary(*command, env=pooled_demo), range(8)))

    for done in results:
        assert done.returncode == 0, done.stderr
        assert "prepared statement" not in done.stderr
    assert len({done.stdout for done in results}) == 1
    assert results[0].stdout.startswith(EXPECTED_HEADER[command[0]])


def test_no_session_state_is_left_on_pooled_server_connections(pgbouncer, remote_dbname):
    env = with_password(pgbouncer.url(remote_dbname), SANCTUARY_TIMEZONE="Asia/Kathmandu")
    init_demo(env)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: sanctuary(*USED_BY_COMMANDS[0], env=env), range(8)))
    assert all(done.returncode == 0 for done in results), results[0].stderr
    for row in csv_rows(results[0].stdout):
        starts = datetime.fromisoformat(row["starts_at"])
        assert starts.utcoffset() == ZoneInfo("Asia/Kathmandu").utcoffset(starts)

    # Hold every server connection of the pool at once and look at its settings.
    url = pgbouncer.url(remote_dbname)
    conns = [psycopg.connect(url, password=APP_PASSWORD, prepare_threshold=None) for _ in range(4)]
    try:
        zones = set()
        for conn in conns:
            conn.execute("select 1")  # opens a transaction: this client now owns a server conn
            zones.add(conn.execute("show TimeZone").fetchone()[0])
        assert "Asia/Kathmandu" not in zones
    finally:
        for conn in conns:
            conn.close()


def test_backup_verify_and_restore_of_the_remote_database(tls_server, remote_dbname, tmp_path):
    env = with_password(tls_server.url(remote_dbname))
    init_demo(env)
    # Backups run as a role past row-level security: here the server's superuser, on its socket.
    env["SANCTUARY_BACKUP_DATABASE_URL"] = (
        f"host={tls_server.socket_dir} port={tls_server.port} user=postgres dbname={remote_dbname}"
    )
    dump = tmp_path / "remote.dump"
    # Sealed to an age key here (the embedded tests use a passphrase), opened with its identity.
    import pyrage

    identity = pyrage.x25519.Identity.generate()
    key_file = tmp_path / "key.txt"
    key_file.write_text(f"# test key\n{identity}\n")

    backup = sanctuary(
        "db", "backup", str(dump), "--verify", "--recipient", str(identity.to_public()), env=env
    )
    restore = sanctuary("db", "restore", str(dump), "--force", "--identity", str(key_file), env=env)
    upcoming = sanctuary(*USED_BY_COMMANDS[0], env=env)

    assert backup.returncode == 0, backup.stderr
    assert "every table match" in backup.stderr and "audit chain intact" in backup.stderr
    assert restore.returncode == 0, restore.stderr
    assert len(csv_rows(upcoming.stdout)) == 3


def test_on_a_terminal_a_missing_password_is_asked_for(tls_server, remote_dbname, tmp_path):
    import pty
    import select

    env = with_password(tls_server.url(remote_dbname))
    init_demo(env)
    env = {
        **os.environ,
        "SANCTUARY_DATABASE_URL": tls_server.url(remote_dbname),
        "PGPASSFILE": str(tmp_path / "none"),
        "TERM": "dumb",
    }
    env.pop("PGPASSWORD", None)
    env.pop("NO_COLOR", None)
    pid, fd = pty.fork()
    if pid == 0:  # the child: the CLI on a terminal, no password anywhere
        os.execve(sys.executable, [sys.executable, "-m", "sanctuary_cli", "db", "status"], env)
    output = b""
    answered = False
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
        if not answered and b"Password for the database" in output:
            os.write(fd, APP_PASSWORD.encode() + b"\n")
            answered = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)

    assert answered, output.decode(errors="replace")
    assert os.waitstatus_to_exitcode(status) == 0, output.decode(errors="replace")
    assert APP_PASSWORD.encode() not in output  # not echoed
    assert b"0050_name_hygiene" in output
