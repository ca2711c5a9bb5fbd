"""The few exception types the CLI turns into exit codes (SPEC.md section 4)."""


class SanctuaryError(Exception):
    """An error the user can act on; the message is printed as one line."""

    exit_code = 1


class UserError(SanctuaryError):
    """Bad input, not found, ambiguous reference or conflict (exit 1)."""


class DatabaseUnavailable(SanctuaryError):
    """The database cannot be reached or is not migrated (exit 3)."""

    exit_code = 3
