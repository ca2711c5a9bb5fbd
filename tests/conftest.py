"""Real PostgreSQL for every test: one server per session, one database per test.

The server is the embedded one (started in a temporary data dir), or the server named by
SANCTUARY_TEST_DATABASE_URL, whose role needs CREATEDB and CREATEROLE. A migrated template
database (and one with the demo practice, per practice day) is built once; each test gets a
fresh clone.
Under pytest-xdist (the default, see pyproject.toml) "session" means one worker: each worker
has its own embedded server and templates. One server shared by all workers would save about
a second of set-up per worker, not worth tests seeing each other's databases and roles
(tests/test_backup.py counts scratch databases across the cluster).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
import pytest
from no_skip import pytest_make_collect_report, pytest_runtest_makereport  # noqa: F401
from psycopg import sql
from typer.testing import CliRunner

from sanctuary_cli.cli.app import app
from sanctuary_cli.rules.dates import practice_today
from sanctuary_cli.store import embedded
from sanctuary_cli.store.config import load_settings
from sanctuary_cli.store.db import Database, connect
from sanctuary_cli.store.demo import load_demo
from sanctuary_cli.store.migrate import migrate

# A helper module that is also a plugin (its `mail` fixture) and imported by its tests: its
# asserts are rewritten when first imported, not skipped with a warning.
pytest.register_assert_rewrite("reminder_helpers")

TEST_TIMEZONE = "America/New_York"
# COLUMNS sets the width of a table off a terminal (cli/output.py); pytest-xdist workers get
# COLUMNS=80 from their launcher, which would narrow every table a test reads.
_ENV_PREFIXES = ("SANCTUARY_", "DATABASE_URL", "PG", "NO_COLOR", "COLUMNS", "LINES")


# Workers for `-n auto` (pyproject.toml): the tests spend much of their time waiting on
# PostgreSQL and on CLI subprocesses, so twice the CPUs beats one per CPU (measured on 2 CPUs:
# of 2-6 workers, 4 was fastest, about half the serial time). Each worker starts its own server
# and builds its own templates, so the count is capped before that set-up would dominate.
MAX_AUTO_WORKERS = 8


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(2 * (cpus or 1), MAX_AUTO_WORKERS)


class PgCluster:
    """Where test databases are made: an admin connection and URLs for the app's role."""

    def __init__(self, admin_params: dict[str, str], app_params: dict[str, str]):
        self.admin_params = admin_params
        self.app_params = app_params

    def admin(self, dbname: str | None = None) -> psycopg.Connection:
        params = dict(self.admin_params)
        if dbname:
            params["dbname"] = dbname
        return psycopg.connect(**params, autocommit=True)

    def url(self, dbname: str, **overrides: str) -> str:
        return psycopg.conninfo.make_conninfo(**{**self.app_params, "dbname": dbname, **overrides})

    def create_database(self, name: str, template: str | None = None) -> None:
        with self.admin() as conn:
            query = sql.SQL("create database {} owner {}").format(
                sql.Identifier(name), sql.Identifier(self.app_params["user"])
            )
            if template:
                query += sql.SQL(" template {}").format(sql.Identifier(template))
            conn.execute(query)

    def drop_database(self, name: str) -> None:
        with self.admin() as conn:
            conn.execute(
                sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name))
            )


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    url = os.environ.get("SANCTUARY_TEST_DATABASE_URL")
    if url:
        params = psycopg.conninfo.conninfo_to_dict(url)
        yield PgCluster(params, params)
        return
    # Outside pytest's numbered temp dirs, which another pytest session may prune meanwhile.
    data_dir = Path(tempfile.mkdtemp(prefix="sanctuary-test-pg-"))
    server = embedded.ensure_server(data_dir)
    embedded.bootstrap(server)
    admin = psycopg.conninfo.conninfo_to_dict(server.conninfo(embedded.SUPERUSER, "postgres"))
    app_params = psycopg.conninfo.conninfo_to_dict(server.conninfo())
    try:
        yield PgCluster(admin, app_params)
    finally:
        embedded.stop_server(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)


def _settings_for(url: str):
    return load_settings(database_url=url, timezone=TEST_TIMEZONE)


class Templates:
    """A migrated empty template, and a demo template per practice day: the demo practice is
    dated from the day it is loaded (appointments today and tomorrow, balances overdue since),
    so a run that crosses midnight in TEST_TIMEZONE gets a demo of the new day, not of the one
    before, for the tests that start after midnight."""

    def __init__(self, pg_cluster: PgCluster):
        self.cluster = pg_cluster
        self.suffix = uuid.uuid4().hex[:8]
        self.names = [f"sanctuary_tpl_{self.suffix}"]
        pg_cluster.create_database(self.names[0])
        db = connect(_settings_for(pg_cluster.url(self.names[0])), check_schema=False)
        migrate(db)
        db.close()
        self.demos: dict[date, str] = {}

    def __getitem__(self, kind: str) -> str:
        if kind == "empty":
            return self.names[0]
        day = practice_today(ZoneInfo(TEST_TIMEZONE))
        if day not in self.demos:
            name = f"sanctuary_tpl_demo_{self.suffix}_{day:%Y%m%d}"
            self.cluster.create_database(name, template=self.names[0])
            self.names.append(name)
            db = connect(_settings_for(self.cluster.url(name)))
            load_demo(db)
            db.close()
            self.demos[day] = name
        return self.demos[day]


@pytest.fixture(scope="session")
def template_databases(pg_cluster: PgCluster) -> Iterator[Templates]:
    """The templates every test database is cloned from, built once per session (per day)."""
    templates = Templates(pg_cluster)
    try:
        yield templates
    finally:
        for name in templates.names:
            pg_cluster.drop_database(name)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No setting leaks in from the developer's shell, .env or config.toml."""
    for key in list(os.environ):
        if key.startswith(_ENV_PREFIXES):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("SANCTUARY_DATA_DIR", str(tmp_path / "sanctuary-data"))
    monkeypatch.setenv("SANCTUARY_TIMEZONE", TEST_TIMEZONE)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def _fresh_database(pg_cluster, template_databases, kind, monkeypatch) -> Iterator[str]:
    name = f"sanctuary_t_{uuid.uuid4().hex[:12]}"
    pg_cluster.create_database(name, template=template_databases[kind])
    url = pg_cluster.url(name)
    monkeypatch.setenv("SANCTUARY_DATABASE_URL", url)
    try:
        yield url
    finally:
        pg_cluster.drop_database(name)


@pytest.fixture
def empty_db_url(pg_cluster, template_databases, monkeypatch) -> Iterator[str]:
    """A fresh migrated database with no practice data; SANCTUARY_DATABASE_URL points at it."""
    yield from _fresh_database(pg_cluster, template_databases, "empty", monkeypatch)


@pytest.fixture
def demo_db_url(pg_cluster, template_databases, monkeypatch) -> Iterator[str]:
    """A fresh database holding the demo practice; SANCTUARY_DATABASE_URL points at it."""
    yield from _fresh_database(pg_cluster, template_databases, "demo", monkeypatch)


@pytest.fixture
def demo_db(demo_db_url: str) -> Iterator[Database]:
    db = connect(_settings_for(demo_db_url))
    yield db
    db.close()


@pytest.fixture
def empty_db(empty_db_url: str) -> Iterator[Database]:
    db = connect(_settings_for(empty_db_url))
    yield db
    db.close()


@pytest.fixture
def cli():
    """Run the CLI in-process through Typer's CliRunner; stdout and stderr kept apart."""
    runner = CliRunner()

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None):
        return runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)

    return run


@pytest.fixture
def run_cli():
    """Run `python -m sanctuary_cli` as a real subprocess, with no stdin and no terminal."""

    def run(*args: str, env: dict[str, str] | None = None, timeout: float = 60):
        return subprocess.run(
            [sys.executable, "-m", "sanctuary_cli", *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env={**os.environ, **(env or {})},
            timeout=timeout,
        )

    return run
