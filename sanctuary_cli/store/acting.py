"""`ACTING` stands for "the clinician this command acts for" in a query's parameters: it is
replaced by the database's own answer, `sanctuary_acting_therapist()` (migration 0120), so a
listing needs no separate round trip to look the clinician up first (store/database.py). The
function applies the same rules as practice/clinician.py and raises the same messages.
"""

from __future__ import annotations

import re
from typing import Any

import psycopg


class _Acting:
    """The acting clinician, resolved by the server (see the module docstring)."""

    SQL = "(select sanctuary_acting_therapist())"

    def __repr__(self) -> str:
        return "ACTING"

    def __str__(self) -> str:
        raise TypeError("ACTING is resolved by the database; pass it as a query parameter")


ACTING = _Acting()


def bind_acting(query: Any, params: Any) -> tuple[Any, Any]:
    """The query with each %(name)s whose value is ACTING replaced by the server's function."""
    if not isinstance(params, dict) or not isinstance(query, str):
        return query, params
    acting = [key for key, value in params.items() if value is ACTING]
    if not acting:
        return query, params
    for key in acting:
        # "(%(k)s::uuid is null or col = %(k)s::uuid)" means "col is the clinician" here: the
        # function never returns null (it raises instead), and with the null test gone the
        # comparison is an index condition again (an initplan's value is not folded away the
        # way a bound parameter's is).
        param = rf"%\({re.escape(key)}\)s::uuid"
        query = re.sub(
            rf"\(\s*{param}\s+is\s+null\s+or\s+([\w.]+)\s*=\s*{param}\s*\)",
            rf"(\1 = {_Acting.SQL})",
            query,
        )
        query = re.sub(rf"%\({re.escape(key)}\)s", _Acting.SQL, query)
    return query, {k: v for k, v in params.items() if k not in acting}


class Cursor(psycopg.Cursor):
    """A cursor that understands ACTING parameters, and whose `description` waits for the
    statement's result in pipeline mode (psycopg's is None until the rows were read)."""

    @property
    def description(self) -> Any:
        self._fetch_pipeline()
        return super().description

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Cursor:
        bound, params = bind_acting(query, params)
        if bound is not query:
            # A query may never evaluate its (select ...) when it finds no rows: ask first, in
            # the same pipeline, so "choose a clinician" is said whether or not rows exist.
            self.connection.execute("select sanctuary_acting_therapist()")
        return super().execute(bound, params, **kwargs)

    def executemany(self, query: Any, params_seq: Any, **kwargs: Any) -> None:
        rows = list(params_seq)
        if rows:
            bound, _ = bind_acting(query, rows[0])
            if bound is not query:
                self.connection.execute("select sanctuary_acting_therapist()")
            query = bound
            rows = [bind_acting("", row)[1] for row in rows]
        super().executemany(query, rows, **kwargs)
