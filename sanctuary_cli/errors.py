"""The few exception types the CLI turns into exit codes (docs/SPEC.md section 4)."""


class SanctuaryError(Exception):
    """An error the user can act on; the message is printed as one line."""

    exit_code = 1


class UserError(SanctuaryError):
    """Bad input, not found, ambiguous reference or conflict (exit 1)."""


class DatabaseUnavailable(SanctuaryError):
    """The database cannot be reached or is not migrated (exit 3)."""

    exit_code = 3


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP (a closed terminal), raised where the program was, like Ctrl-C, so
    that every cleanup runs: temp files go, transactions roll back, drafts are kept."""

    def __init__(self, signum: int, name: str):
        super().__init__(name)
        self.exit_code = 128 + signum
        self.name = name
