"""What a psycopg error means for the person running the command: one line and an exit code.

The line is the database's rule (its primary message), never the values of the failing row,
which may be PHI.
"""

from __future__ import annotations

import psycopg
from psycopg import errors

from sanctuary_cli.errors import DatabaseUnavailable
from sanctuary_cli.store.config import mask_url

# SQLSTATE class 40: the server rolled the whole transaction back (psycopg's classes for these
# do not share a base below OperationalError).
CONFLICT_ERRORS = (
    errors.TransactionRollback,
    errors.SerializationFailure,
    errors.DeadlockDetected,
)
UNREACHABLE = DatabaseUnavailable.exit_code
NO_SCHEMA = "The database has no Sanctuary schema yet; run `sanctuary db init`"
SCHEMA_ERRORS = (errors.UndefinedTable, errors.UndefinedFunction, errors.UndefinedColumn)


# Raised by functions of ours with a message meant for the person (migration 0120).
USER_ERROR_STATE = "SN001"


def classify_error(exc: BaseException) -> tuple[str, int] | None:
    """The message and exit code of a database error; None for an error psycopg did not raise."""
    if not type(exc).__module__.startswith("psycopg"):
        return None
    diag = getattr(exc, "diag", None)
    primary = (diag.message_primary if diag else None) or str(exc)
    if getattr(exc, "sqlstate", None) == USER_ERROR_STATE:  # the database's own "choose one"
        return primary, 1
    if isinstance(exc, CONFLICT_ERRORS):  # subclasses of OperationalError, but not connection loss
        return (
            "Another change to the same records happened at the same moment; nothing was "
            "saved. Run the command again",
            1,
        )
    if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
        return f"Database connection failed: {mask_url(primary)}", UNREACHABLE
    if isinstance(exc, errors.UndefinedTable) and '"schema_migrations"' in primary:
        # The schema check failed; in pipeline mode its error may surface at any later call,
        # not only where store/database.py waits for it.
        return NO_SCHEMA, UNREACHABLE
    if isinstance(exc, SCHEMA_ERRORS):
        return (
            f"The database schema is out of date ({primary}); run `sanctuary db migrate`",
            UNREACHABLE,
        )
    if isinstance(exc, errors.ExclusionViolation):
        return "That time clashes with another appointment of the therapist", 1
    if isinstance(exc, errors.InsufficientPrivilege):
        return f"Not allowed: {primary}", 1
    # Constraint and data errors: the primary message names the rule, never the row's values.
    return f"Rejected by the database: {primary}", 1
