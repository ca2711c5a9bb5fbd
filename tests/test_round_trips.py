"""Round trips per command (bench/RESULTS.md, "Round trips"): a hosted server may be a continent
away, so each command's work travels as a pipeline (sanctuary_cli/store/database.py). Counted
at the wire by a relay (tests/round_trips.py) in front of the Debian PostgreSQL server the
remote tests start: at most 2 beyond connecting for every used-by command, 3 for the chart."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator

import pytest
from remote_helpers import DebianServer, make_certificates, service_dir
from round_trips import CountingRelay
from test_remote import _skip_unless_installed

# (command, most round trips allowed beyond connecting)
BUDGET = [
    (["appointments", "upcoming", "--days", "30", "--csv"], 2),
    (["patients", "search", "amelia chn", "--csv"], 2),
    (["billing", "overdue", "--csv"], 2),
    (["billing", "aging", "--csv"], 2),
    (["report", "daily", "--csv"], 2),
    (["notes", "search", "sleep", "--json"], 2),
    (["patients", "show", "Amelia"], 3),
]


@pytest.fixture(scope="module")
def relayed_practice() -> Iterator[tuple[CountingRelay, dict[str, str]]]:
    """The demo practice on the Debian server, reached through the counting relay."""
    _skip_unless_installed()
    root = service_dir("sanctuary-rt-")
    server = DebianServer(root, make_certificates(root)).init()
    name = f"sanctuary_rt_{uuid.uuid4().hex[:8]}"
    server.create_database(name)
    # The relay talks to the server's socket (trusted locally); clients reach the relay on
    # 127.0.0.1 without TLS, which the product allows for this machine.
    relay = CountingRelay(f"{server.socket_dir}/.s.PGSQL.{server.port}")
    url = f"host=127.0.0.1 port={relay.port} dbname={name} user=sanctuary_app sslmode=disable"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SANCTUARY_", "PG"))},
        "SANCTUARY_DATABASE_URL": url,
        "SANCTUARY_TIMEZONE": "America/New_York",
    }
    try:
        init = run(env, "db", "init", "--demo")
        assert init.returncode == 0, init.stderr
        yield relay, env
    finally:
        relay.close()
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sanctuary_cli", *args],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


@pytest.mark.parametrize(
    "command, budget", BUDGET, ids=lambda v: " ".join(v) if isinstance(v, list) else str(v)
)
def test_each_command_takes_few_round_trips(relayed_practice, command, budget):
    relay, env = relayed_practice
    relay.reset()
    done = run(env, *command)
    assert done.returncode == 0, done.stderr
    counts = relay.counts
    assert counts.connections == 1
    assert counts.round_trips <= budget, (command, counts.per_connection)
