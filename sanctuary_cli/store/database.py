"""The command's connection: every statement pipelined, a round trip only when rows are needed.

A hosted server is often a continent away (docs/remote.md), where each round trip costs tens of
milliseconds. The connection is in psycopg's pipeline mode for its whole life: a statement is
sent without waiting, and the client waits only when it reads rows or ends a transaction. So a
listing costs one round trip: the schema check, BEGIN, the transaction's settings, the query
and COMMIT travel together. Transactions are plain BEGIN/COMMIT statements here (psycopg's
transaction blocks wait for the server at each end), with savepoints when nested.

Queries may name the acting clinician as ACTING (store/acting.py): the server resolves it, so
no round trip is spent looking the clinician up first.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg import pq
from psycopg.rows import dict_row

from sanctuary_cli.errors import DatabaseUnavailable
from sanctuary_cli.store.acting import ACTING, Cursor, bind_acting  # noqa: F401 (re-exported)
from sanctuary_cli.store.pg_errors import NO_SCHEMA

if TYPE_CHECKING:
    from sanctuary_cli.store.config import ResolvedSettings as Settings


class Database:
    """One connection plus the practice settings every transaction needs."""

    def __init__(self, conn: psycopg.Connection, settings: Settings):
        self.conn = conn
        self.settings = settings
        # Set once a command asked for the whole practice (--all-therapists): its later
        # transactions read the practice, not only the clinician acted for.
        self.whole_practice = False
        self._depth = 0
        self._savepoints = itertools.count(1)
        self._pipeline: Any = None
        self._pipeline_block: Any = None
        self._schema_check: Callable[[], None] | None = None
        conn.cursor_factory = Cursor

    # --- the pipeline -----------------------------------------------------------------------

    def start(self, schema_check: Callable[[psycopg.Cursor], Callable[[], None]] | None) -> None:
        """Enter pipeline mode; queue the schema check, verified with the first rows read."""
        self._enter_pipeline()
        if schema_check is not None:
            self._schema_check = schema_check(self.conn.cursor())

    @contextmanager
    def unpipelined(self) -> Iterator[psycopg.Connection]:
        """The connection out of pipeline mode, for what pipelines cannot carry (COPY)."""
        if self._pipeline is None:
            yield self.conn
            return
        self.sync()
        self._pipeline_block.__exit__(None, None, None)
        self._pipeline = None
        try:
            yield self.conn
        finally:
            self._enter_pipeline()

    def _enter_pipeline(self) -> None:
        self._pipeline_block = self.conn.pipeline()
        self._pipeline = self._pipeline_block.__enter__()

    def sync(self) -> None:
        """Wait for everything sent so far; raises the first error among it."""
        if self._pipeline is not None:
            self._checked(self._pipeline.sync)

    def _checked(self, wait: Callable[[], Any]) -> Any:
        """Run `wait` (which reads from the server), then the deferred schema check."""
        try:
            result = wait()
        except psycopg.errors.UndefinedTable as exc:
            if self._schema_check is not None and "schema_migrations" in str(exc):
                self._schema_check = None
                self._rollback()
                raise DatabaseUnavailable(NO_SCHEMA) from None
            raise
        if self._schema_check is not None:
            check, self._schema_check = self._schema_check, None
            check()
        return result

    # --- transactions -----------------------------------------------------------------------

    @contextmanager
    def transaction(
        self, *, whole_practice: bool | None = None
    ) -> Iterator[psycopg.Cursor[dict[str, Any]]]:
        """A transaction with the practice time zone and the acting clinician set for it only
        (a savepoint inside another one). Its end waits for the server: once the block is left
        without an error, what it wrote is committed.

        set_config(..., true) is transaction-local, so nothing leaks to other clients of a
        transaction-mode pooler. sanctuary.therapist (--therapist / SANCTUARY_THERAPIST) is what
        the row-level security policies of migration 0040 honour for the owner role. For the
        whole practice (`whole_practice`, default self.whole_practice) it is left empty, so
        the owner sees every clinician's rows (a clinician login still sees only its own), and
        sanctuary.acting_for keeps naming the clinician for the audit trail (migration 0082).
        """
        if self._depth:
            with self.savepoint():
                yield self.conn.cursor(row_factory=dict_row)
            return
        cur = self._begin(whole_practice)
        self._depth += 1
        try:
            yield cur
        except BaseException:
            self._depth -= 1
            self._rollback()
            raise
        self._depth -= 1
        try:
            cur.execute("commit")
            self.sync()  # a statement's error not yet read surfaces here
        except BaseException:
            self._rollback()
            raise

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """A savepoint of the open transaction: an error inside undoes only this part."""
        name = f"sanctuary_sp{next(self._savepoints)}"
        self.conn.execute(f"savepoint {name}")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            with contextlib.suppress(psycopg.Error):
                self.sync()  # the failed statement's error is already raised
            self.conn.execute(f"rollback to savepoint {name}")
            self.sync()
            raise
        try:
            self.sync()  # a statement's error inside surfaces here, still inside the savepoint
        except BaseException:
            self._depth -= 1
            self.conn.execute(f"rollback to savepoint {name}")
            self.sync()
            raise
        self._depth -= 1
        self.conn.execute(f"release savepoint {name}")

    def _begin(self, whole_practice: bool | None) -> psycopg.Cursor[dict[str, Any]]:
        whole = self.whole_practice if whole_practice is None else whole_practice
        therapist = self.settings.therapist or ""
        cur = self.conn.cursor(row_factory=dict_row)
        cur.execute("begin")
        cur.execute(
            "select set_config('TimeZone', %s, true),"
            " set_config('sanctuary.therapist', %s, true),"
            " set_config('sanctuary.acting_for', %s, true)",
            (self.settings.timezone, "" if whole else therapist, therapist),
        )
        return cur

    def _rollback(self) -> None:
        """End a failed transaction. After an error the server skips what follows until the
        next sync, so first collect that (its errors are the one already raised), then roll
        back until the connection is idle again."""
        for _ in range(3):
            with contextlib.suppress(psycopg.Error):
                self.sync()
            status = self.conn.pgconn.transaction_status
            if status == pq.TransactionStatus.IDLE:
                return
            with contextlib.suppress(psycopg.Error):
                self.conn.execute("rollback")

    # --- one query --------------------------------------------------------------------------

    def all(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """Rows of one named query, in its own transaction (committed): one round trip."""
        return self._run(query, params, lambda cur: cur.fetchall())

    def one(self, query: str, **params: Any) -> dict[str, Any] | None:
        return self._run(query, params, lambda cur: cur.fetchone())

    def _run(self, query: str, params: dict[str, Any], fetch: Callable) -> Any:
        from sanctuary_cli.store.db import named_query

        if self._depth:  # inside the caller's transaction
            cur = self.conn.cursor(row_factory=dict_row)
            cur.execute(named_query(query), params)
            return self._checked(lambda: fetch(cur))
        self._begin(None)
        cur = self.conn.cursor(row_factory=dict_row)
        try:
            cur.execute(named_query(query), params)
            self.conn.execute("commit")
            self.sync()  # the rows and the commit's outcome arrive in one wait
            return self._checked(lambda: fetch(cur))
        except BaseException:
            self._rollback()
            raise

    def batch(self, queries: dict[str, tuple[str, dict[str, Any], bool]]) -> dict[str, Any]:
        """Named queries that do not depend on each other, in one transaction and one round
        trip: key -> (query, params, one row?) gives key -> its rows (or its row, or None)."""
        from sanctuary_cli.store.db import named_query

        if self._depth:
            raise RuntimeError("batch() runs its own transaction")
        self._begin(None)
        try:
            cursors = {}
            for key, (query, params, _) in queries.items():
                cursors[key] = self.conn.cursor(row_factory=dict_row)
                cursors[key].execute(named_query(query), params)
            self.conn.execute("commit")
            self.sync()
        except BaseException:
            self._rollback()
            raise
        return {
            key: cursors[key].fetchone() if one else cursors[key].fetchall()
            for key, (_, _, one) in queries.items()
        }

    def close(self) -> None:
        """Close without another round trip: whatever was sent and not waited for was reads
        (a write waits for its COMMIT). The pipeline block ends after the connection, so it
        cannot send a last sync."""
        block = self._pipeline_block if self._pipeline is not None else None
        self._pipeline = None
        self.conn.close()
        if block is not None:
            with contextlib.suppress(Exception):
                block.__exit__(None, None, None)


def schema_check_of(migrations: int) -> Callable[[psycopg.Cursor], Callable[[], None]]:
    """Queue `select count(*) from schema_migrations`; the returned check raises exit 3 when
    the database has no schema or is behind the MIGRATIONS files shipped."""

    def queue(cur: psycopg.Cursor) -> Callable[[], None]:
        cur.execute("select count(*) from schema_migrations")

        def check() -> None:
            try:
                applied = cur.fetchone()[0]
            except psycopg.Error:  # failed (no schema: handled by Database._checked)
                return
            pending = migrations - applied
            if pending > 0:
                raise DatabaseUnavailable(
                    f"The database schema is behind ({pending} migration(s) pending); "
                    "run `sanctuary db migrate`"
                )

        return check

    return queue
