"""The root command: global options, the command groups, and errors turned into exit codes."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from sanctuary_cli import __version__
from sanctuary_cli.cli.context import AppContext
from sanctuary_cli.errors import SanctuaryError, Stopped


class SanctuaryGroup(TyperGroup):
    """Runs a command and turns the errors it raises into one stderr line and an exit code."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyGroups(self.commands)

    def format_commands(self, ctx: typer.Context, formatter: Any) -> None:
        """The root's list of groups, from each group's help, without building its commands.

        Building every group's commands (inspecting ~60 signatures) was a third of --help.
        """
        limit = formatter.width - 6 - max(len(name) for name in GROUPS)
        rows = [(name, group_short_help(name, limit)) for name in GROUPS]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, TyperException, SystemExit):
            raise  # usage errors keep click's message and exit code 2
        except (Exception, KeyboardInterrupt) as exc:
            if isinstance(ctx.obj, AppContext) and ctx.obj.debug:
                raise
            from sanctuary_cli.cli.messages import say

            message, code = describe_error(exc)
            say(f"Error: {message}")
            raise typer.Exit(code) from None


def describe_error(exc: BaseException) -> tuple[str, int]:
    """One line and an exit code for any error; never the PHI in a failing row."""
    if isinstance(exc, SanctuaryError):
        return one_line(str(exc)), exc.exit_code
    if isinstance(exc, Stopped):
        return f"Stopped by {exc.name}; nothing half-done was kept", exc.exit_code
    if isinstance(exc, KeyboardInterrupt):
        return "Interrupted; nothing half-done was kept", 130
    if type(exc).__module__.startswith("psycopg"):  # the store knows what each one means
        from sanctuary_cli.store.pg_errors import classify_error

        described = classify_error(exc)
        if described is not None:
            return one_line(described[0]), described[1]
    if isinstance(exc, OSError):
        return one_line(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")), 1
    return one_line(f"Unexpected {type(exc).__name__}: {exc} (run with --debug)"), 1


def one_line(text: str) -> str:
    return " ".join(text.split())


app = typer.Typer(
    cls=SanctuaryGroup,
    name="sanctuary",
    help="Practice management for psychotherapists: caseload, calendar, notes, billing, "
    "reports.\n\nExample: sanctuary appointments upcoming --days 7",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help and usage errors: rich help formatting imports rich.markdown and markdown_it
    # (about 75 ms), which made `sanctuary --help` 2.4x `python -c "import typer"`. The root's
    # mode applies to every group and command.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from sanctuary_cli.cli.messages import result

        result(f"sanctuary {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url",
            help="libpq URL of the database (default: SANCTUARY_DATABASE_URL, else embedded).",
            show_default=False,
        ),
    ] = None,
    therapist: Annotated[
        str | None,
        typer.Option("--therapist", help="Email or id of the clinician to act for."),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
    allow_insecure: Annotated[
        bool,
        typer.Option(
            "--allow-insecure",
            help="Allow a connection without TLS to a non-local database host.",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Practice management for psychotherapists."""
    ctx.obj = AppContext(
        database_url=database_url, therapist=therapist, debug=debug, allow_insecure=allow_insecure
    )
    ctx.call_on_close(ctx.obj.close)


# The command groups: name -> module holding its Typer `app`, in the order --help lists them.
# A group's module is imported only when that group runs (or for --help): importing all of
# them on every command cost about 25 ms. A new group is one line here.
GROUPS = {
    "today": "sanctuary_cli.cli.today",  # a command: its app's callback runs with no sub-command
    "db": "sanctuary_cli.cli.db",
    "appointments": "sanctuary_cli.cli.appointments",
    "therapists": "sanctuary_cli.cli.therapists",
    "patients": "sanctuary_cli.cli.patients",
    "billing": "sanctuary_cli.cli.billing",
    "claims": "sanctuary_cli.cli.claims",
    "payers": "sanctuary_cli.cli.payers",
    "practice": "sanctuary_cli.cli.practice",
    "report": "sanctuary_cli.cli.report",
    "notes": "sanctuary_cli.cli.notes",
    "tags": "sanctuary_cli.cli.tags",
    "mood": "sanctuary_cli.cli.mood",
    "progress": "sanctuary_cli.cli.progress",
    "measures": "sanctuary_cli.cli.measures",
    "plans": "sanctuary_cli.cli.plans",
    "audit": "sanctuary_cli.cli.audit",
    "reminders": "sanctuary_cli.cli.reminders",
    "calendar": "sanctuary_cli.cli.calendar",
}


class LazyGroups(dict):
    """The root's sub-commands: each group is built from its module on first access."""

    def __init__(self, loaded: dict[str, Any]):
        super().__init__(loaded)

    def _load(self, name: str) -> None:
        if name in GROUPS and not super().__contains__(name):
            super().__setitem__(name, load_group(name))

    def _load_all(self) -> None:
        for name in GROUPS:
            self._load(name)

    def get(self, name: str, default: Any = None) -> Any:
        self._load(name)
        return super().get(name, default)

    def __getitem__(self, name: str) -> Any:
        self._load(name)
        return super().__getitem__(name)

    def __contains__(self, name: object) -> bool:
        return name in GROUPS or super().__contains__(name)

    def __iter__(self):
        self._load_all()
        return super().__iter__()

    def __len__(self) -> int:
        self._load_all()
        return super().__len__()

    def keys(self):
        self._load_all()
        return super().keys()

    def values(self):
        self._load_all()
        return super().values()

    def items(self):
        self._load_all()
        return super().items()


def group_short_help(name: str, limit: int) -> str:
    """A group's one-line help as click shortens it, without importing the group's module."""
    from typer._click.utils import make_default_short_help

    from sanctuary_cli.cli.groups import GROUP_HELP

    return make_default_short_help(GROUP_HELP[name], limit).strip()


def load_group(name: str) -> Any:
    """The click group of one command group, built as `app.add_typer(module.app)` would."""
    from importlib import import_module

    from typer.main import TyperInfo, get_group_from_info

    return get_group_from_info(
        TyperInfo(import_module(GROUPS[name]).app, name=name),
        pretty_exceptions_short=app.pretty_exceptions_short,
        suggest_commands=app.suggest_commands,
        rich_markup_mode=app.rich_markup_mode,
    )


def main() -> None:
    """Console-script entry point."""
    stop_on_signals()
    app()


def stop_on_signals() -> None:
    """SIGTERM and SIGHUP raise Stopped where the program is (as Ctrl-C raises
    KeyboardInterrupt), instead of ending it before any cleanup could run."""
    import signal

    def stop(signum: int, frame: Any) -> None:
        raise Stopped(signum, signal.Signals(signum).name)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)
