"""Connection policy: TLS for non-local hosts, bounded retry with backoff, exit code 3."""

from __future__ import annotations

import time

import pytest
from remote_helpers import free_port

from sanctuary_cli.errors import UserError
from sanctuary_cli.store.config import load_settings
from sanctuary_cli.store.db import is_local_host, require_secure_transport, retry_delays


def test_a_remote_url_without_tls_is_refused(cli):
    result = cli("--database-url", "postgresql://ann:pw@db.example.com/practice", "db", "status")

    assert result.exit_code == 1
    assert "Refusing a connection to db.example.com with sslmode=prefer" in result.stderr
    assert "--allow-insecure" in result.stderr
    assert ":pw@" not in result.stderr


@pytest.mark.parametrize("sslmode", ["disable", "allow", "prefer"])
def test_weak_sslmodes_are_refused_for_remote_hosts(sslmode):
    settings = load_settings(database_url=f"postgresql://db.example.com/x?sslmode={sslmode}")

    with pytest.raises(UserError, match=f"sslmode={sslmode}"):
        require_secure_transport(settings.database_url, settings)


@pytest.mark.parametrize("sslmode", ["require", "verify-ca", "verify-full"])
def test_tls_sslmodes_pass_the_policy(sslmode):
    settings = load_settings(database_url=f"postgresql://db.example.com/x?sslmode={sslmode}")

    require_secure_transport(settings.database_url, settings)


def test_pgsslmode_in_the_environment_counts(monkeypatch):
    monkeypatch.setenv("PGSSLMODE", "verify-full")
    settings = load_settings(database_url="postgresql://db.example.com/x")

    require_secure_transport(settings.database_url, settings)


def test_one_remote_host_among_several_needs_tls():
    url = "postgresql://localhost,db.example.com/x"
    settings = load_settings(database_url=url)

    with pytest.raises(UserError, match="db.example.com"):
        require_secure_transport(url, settings)


def test_allow_insecure_lets_the_connection_be_tried(cli):
    result = cli(
        "--allow-insecure",
        "--database-url",
        "postgresql://ann@nonexistent-host.invalid/practice",
        "db",
        "status",
    )

    assert result.exit_code == 3
    assert "Refusing" not in result.stderr
    assert "nonexistent-host.invalid" in result.stderr


def test_allow_insecure_can_come_from_the_environment(cli):
    result = cli(
        "--database-url",
        "postgresql://ann@nonexistent-host.invalid/practice",
        "db",
        "status",
        env={"SANCTUARY_ALLOW_INSECURE": "true"},
    )

    assert result.exit_code == 3
    assert "Refusing" not in result.stderr


@pytest.mark.parametrize(
    "host, local",
    [
        ("", True),
        ("localhost", True),
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("[::1]", True),
        ("/var/run/postgresql", True),
        ("@abstract", True),
        ("10.0.0.5", False),
        ("db.example.com", False),
        ("ep-cool-name-pooler.eu-central-1.aws.neon.tech", False),
    ],
)
def test_which_hosts_are_local(host, local):
    assert is_local_host(host) is local


def test_backoff_doubles_and_is_capped():
    delays = retry_delays()

    assert [next(delays) for _ in range(7)] == [0.25, 0.5, 1.0, 2.0, 4.0, 4.0, 4.0]


def test_nothing_listening_gives_exit_3_after_a_bounded_retry(run_cli):
    port = free_port()
    url = f"postgresql://ann:topsecret@127.0.0.1:{port}/practice"

    started = time.monotonic()
    done = run_cli(
        "appointments",
        "upcoming",
        env={"SANCTUARY_DATABASE_URL": url, "SANCTUARY_CONNECT_RETRY_SECONDS": "2"},
    )
    elapsed = time.monotonic() - started

    assert done.returncode == 3
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert f"127.0.0.1:{port}" in lines[0] and "Connection refused" in lines[0]
    assert "gave up after" in lines[0]
    assert "topsecret" not in done.stderr
    assert 1.5 <= elapsed < 15


def test_a_connect_timeout_is_always_set(empty_db):
    params = empty_db.conn.info.get_parameters()
    dsn = empty_db.conn.info.dsn

    assert "connect_timeout=" in dsn or "connect_timeout" in params


def test_db_shell_follows_the_same_tls_rule(cli):
    result = cli("--database-url", "postgresql://ann@db.example.com/practice", "db", "shell")

    assert result.exit_code == 1
    assert "Refusing a connection to db.example.com" in result.stderr
