"""Connections, transactions and the named queries of sql/queries/*.sql."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

import psycopg

from sanctuary_cli.errors import DatabaseUnavailable, UserError
from sanctuary_cli.store import embedded
from sanctuary_cli.store.config import mask_url
from sanctuary_cli.store.database import ACTING, Database, schema_check_of  # noqa: F401 (re-exported)
from sanctuary_cli.store.paths import sql_dir
from sanctuary_cli.store.pg_errors import CONFLICT_ERRORS

if TYPE_CHECKING:  # importing the model would import pydantic-settings on every command
    from sanctuary_cli.store.config import Settings

T = TypeVar("T")

CONNECT_TIMEOUT_SECONDS = 10
# Only establishing a connection is retried, never a statement: a write whose commit outcome
# is unknown must not be sent twice. Backoff doubles from the first delay up to the cap, for at
# most settings.connect_retry_seconds in all.
FIRST_RETRY_DELAY = 0.25
MAX_RETRY_DELAY = 4.0
_RETRYABLE = (
    "starting up",
    "not yet accepting connections",
    "Connection refused",
    "No such file or directory",
    "timeout",
    "server closed the connection unexpectedly",
)
_STRONG_SSLMODES = ("require", "verify-ca", "verify-full")


def retry_on_conflict(work: Callable[[], T], attempts: int = 3) -> T:
    """Run a whole transaction again when the server rolled it back for a deadlock or a
    serialization failure: nothing of it was committed, so running it again is safe.

    Two overlapping bookings inserted at the same moment deadlock inside the exclusion
    constraint check; the retry then sees the winner's row and reports the clash.
    """
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except CONFLICT_ERRORS:
            if attempt == attempts:
                raise
            time.sleep(0.05 * attempt)
    raise AssertionError("unreachable")


PasswordPrompt = Callable[[str], "str | None"]


def connect(
    settings: Settings, *, check_schema: bool = True, ask_password: PasswordPrompt | None = None
) -> Database:
    """Open the configured database (starting the embedded one if no URL is set).

    ask_password(where) is called once when the server wants a password that none of the
    usual places gave; the command layer passes its terminal prompt, everything else nothing.
    """
    conn = _connect_with_retry(settings, ask_password)
    db = Database(conn, settings)
    db.start(schema_check_of(len(migration_files())) if check_schema else None)
    return db


def _connect_with_retry(
    settings: Settings, ask_password: PasswordPrompt | None
) -> psycopg.Connection:
    conninfo, where = describe_target(settings)
    require_secure_transport(conninfo, settings)
    extra: dict[str, Any] = {}
    if "connect_timeout" not in psycopg.conninfo.conninfo_to_dict(conninfo):
        extra["connect_timeout"] = CONNECT_TIMEOUT_SECONDS
    deadline = time.monotonic() + settings.connect_retry_seconds
    for attempt, delay in enumerate(retry_delays(), start=1):
        try:
            return psycopg.Connection.connect(
                conninfo,
                autocommit=True,
                prepare_threshold=None,  # transaction-mode poolers cannot keep prepared statements
                application_name="sanctuary",
                **extra,
            )
        except psycopg.OperationalError as exc:
            cause = connection_failure_cause(exc)
            if not settings.database_url and "does not exist" in cause:
                raise DatabaseUnavailable(
                    "The embedded database is not set up yet; run `sanctuary db init`"
                ) from None
            if "no password supplied" in cause and "password" not in extra:
                password = ask_password(where) if ask_password else None
                if password is not None:
                    extra["password"] = password
                    continue
                cause += (
                    " (give the password in PGPASSWORD, ~/.pgpass, or the URL in"
                    " SANCTUARY_DATABASE_URL / .env)"
                )
            retryable = any(word in cause for word in _RETRYABLE)
            if not retryable or time.monotonic() + delay > deadline:
                tried = f" (gave up after {attempt} attempts)" if attempt > 1 else ""
                raise DatabaseUnavailable(
                    f"Cannot connect to the database at {where}: {cause}{tried}"
                ) from None
            time.sleep(delay)
    raise AssertionError("unreachable")


def retry_delays() -> Iterator[float]:
    """Capped exponential backoff between connection attempts (endless; the caller stops)."""
    delay = FIRST_RETRY_DELAY
    while True:
        yield delay
        delay = min(delay * 2, MAX_RETRY_DELAY)


def require_secure_transport(conninfo: str, settings: Settings) -> None:
    """Refuse to send PHI in clear text to a host that is not this machine.

    A non-local host needs sslmode=require or stronger (in the URL or PGSSLMODE), unless
    --allow-insecure / SANCTUARY_ALLOW_INSECURE says the network is trusted.
    """
    import os

    if settings.allow_insecure:
        return
    params = psycopg.conninfo.conninfo_to_dict(conninfo)
    hosts = str(params.get("hostaddr") or params.get("host") or os.environ.get("PGHOST", ""))
    remote = [h for h in hosts.split(",") if not is_local_host(h.strip())]
    if not remote:
        return
    sslmode = str(params.get("sslmode") or os.environ.get("PGSSLMODE") or "prefer")
    if sslmode in _STRONG_SSLMODES:
        return
    raise UserError(
        f"Refusing a connection to {remote[0]} with sslmode={sslmode}: add sslmode=require "
        "(better verify-full) to the URL, or pass --allow-insecure on a trusted network"
    )


def is_local_host(host: str) -> bool:
    """A unix socket or a loopback address/name: traffic that never leaves the machine."""
    import ipaddress

    if host in ("", "localhost") or host.startswith(("/", "@")):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def describe_target(settings: Settings) -> tuple[str, str]:
    """The conninfo to use and a password-free description of where it points."""
    if settings.database_url:
        url = settings.database_url
        try:
            params = psycopg.conninfo.conninfo_to_dict(url)
        except psycopg.ProgrammingError:
            raise DatabaseUnavailable(f"Invalid database URL: {mask_url(url)}") from None
        host = params.get("host") or params.get("hostaddr") or "localhost"
        port = params.get("port")
        return url, f"{host}:{port}" if port else str(host)
    server = embedded.ensure_server(settings.data_dir)
    return server.conninfo(), f"the embedded server in {embedded.pgdata_dir(settings.data_dir)}"


def connection_failure_cause(exc: Exception) -> str:
    """The last, most specific line of a libpq connection error, password-free."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = lines[0] if lines else type(exc).__name__
    text = re.sub(r"^connection failed:\s*", "", text)
    text = re.sub(r"^connection to server (at|on) .*? failed:\s*", "", text)
    return mask_url(text) or type(exc).__name__


def migration_files() -> list[str]:
    return sorted(p.name for p in (sql_dir() / "migrations").glob("[0-9][0-9][0-9][0-9]_*.sql"))


@cache
def _query_file(group: str) -> dict[str, str]:
    text = (sql_dir() / "queries" / f"{group}.sql").read_text(encoding="utf-8")
    queries: dict[str, str] = {}
    for block in re.split(r"(?m)^-- name:\s*", text)[1:]:
        name, _, body = block.partition("\n")
        queries[name.strip()] = body.strip().rstrip(";")
    return queries


def named_query(name: str) -> str:
    """The SQL of `group.query_name` from sql/queries/<group>.sql."""
    group, _, query = name.partition(".")
    try:
        return _query_file(group)[query]
    except (KeyError, FileNotFoundError):
        raise KeyError(f"no query named {name!r} in sql/queries/{group}.sql") from None
