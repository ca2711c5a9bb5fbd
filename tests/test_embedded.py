"""The embedded default, as a new user meets it: real processes, a fresh data dir."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys

import pytest

from sanctuary_cli.store import embedded


@pytest.fixture
def data_dir(tmp_path):
    path = tmp_path / "data"
    yield path
    if embedded.running_server(path):
        embedded.stop_server(path)


def sanctuary(data_dir, *args):
    """Start `python -m sanctuary_cli` with no URL, so the embedded server is used."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("SANCTUARY_DATABASE_URL", "DATABASE_URL")
    }
    env["SANCTUARY_DATA_DIR"] = str(data_dir)
    return subprocess.Popen(
        [sys.executable, "-m", "sanctuary_cli", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def finish(proc):
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out, err


def test_two_inits_racing_on_a_fresh_data_dir_both_succeed(data_dir):
    procs = [sanctuary(data_dir, "db", "init", "--demo") for _ in range(2)]
    results = [finish(p) for p in procs]
    assert [r[0] for r in results] == [0, 0], [r[2] for r in results]

    code, out, err = finish(sanctuary(data_dir, "appointments", "upcoming", "--csv"))
    assert code == 0, err
    names = [row["patient_name"] for row in csv.DictReader(io.StringIO(out))]
    assert names == ["Amelia Chen", "Benjamin Carter", "Chloe Davis"]


def test_commands_start_the_stopped_server_and_race_safely(data_dir):
    assert finish(sanctuary(data_dir, "db", "init", "--demo"))[0] == 0
    assert finish(sanctuary(data_dir, "db", "stop"))[0] == 0
    assert embedded.running_server(data_dir) is None
    procs = [sanctuary(data_dir, "appointments", "upcoming", "--json") for _ in range(2)]
    results = [finish(p) for p in procs]
    assert [r[0] for r in results] == [0, 0], [r[2] for r in results]
    assert embedded.running_server(data_dir) is not None


def test_before_init_commands_say_how_to_set_up(data_dir):
    code, out, err = finish(sanctuary(data_dir, "appointments", "upcoming"))
    assert code == 3
    assert "sanctuary db init" in err
    assert "Traceback" not in err


def test_everyday_connection_is_not_a_superuser(data_dir):
    assert finish(sanctuary(data_dir, "db", "init"))[0] == 0
    code, out, err = finish(sanctuary(data_dir, "db", "url"))
    assert code == 0
    assert f"postgresql://{embedded.OWNER_ROLE}@/" in out
    import psycopg

    server = embedded.running_server(data_dir)
    with psycopg.connect(server.conninfo()) as conn:
        assert conn.execute(
            "select rolsuper from pg_roles where rolname = current_user"
        ).fetchone() == (False,)
