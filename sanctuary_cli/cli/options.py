"""Options shared by the command groups: the listing bundle and declared record fields.

`@listing_options(...)` gives a command `--format/-f`, `--csv`, `--json` and, when asked,
`--all-therapists` and `--output/-o`, and hands the command one `Listing` that knows how to show
rows that way (in the spirit of sqlite-utils' `@output_options`). `@field_options(FIELDS)` turns
a declared list of record fields (practice/fields.py) into one option each and hands the
command the typed values by column. Both rewrite the command's signature, which is what Typer
reads; docs/architecture.md shows a command using them.
"""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import Annotated, Any

import typer

from sanctuary_cli.cli.context import app_context


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


FormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", help="Output format.", case_sensitive=False),
]
CsvOption = Annotated[bool, typer.Option("--csv", help="Shortcut for --format csv.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Shortcut for --format json.")]
OutputOption = Annotated[
    str | None,
    typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
]


def output_format(fmt: Format | str, csv: bool, json: bool) -> str:
    """The chosen format; --csv and --json win over --format."""
    if csv and json:
        raise typer.BadParameter("choose one of --csv and --json")
    if csv:
        return "csv"
    if json:
        return "json"
    return Format(fmt).value


class Listing:
    """What the listing options asked for, and the one way rows are then shown."""

    def __init__(
        self,
        ctx: typer.Context,
        fmt: str,
        *,
        all_therapists: bool = False,
        output: str | None = None,
    ):
        self.ctx = ctx
        self.format = fmt
        self.all_therapists = all_therapists
        self.output = output

    @property
    def is_export(self) -> bool:
        """CSV, JSON and Markdown are copies that leave the screen: the audit log says EXPORT."""
        return self.format != "table"

    def show(
        self,
        rows: Sequence[Mapping[str, Any]],
        columns: Sequence[str],
        *,
        title: str | None = None,
        empty: str = "Nothing to show.",
        footer: str | None = None,
    ) -> None:
        """Render to stdout, or replace --output atomically (then say so on a terminal).

        A footer line follows a table or Markdown; CSV and JSON stay rows only, without it.
        """
        import io

        from sanctuary_cli.cli.messages import say
        from sanctuary_cli.cli.output import render

        tz = app_context(self.ctx).settings.tz
        buffer = io.StringIO() if self.output is not None else sys.stdout
        render(rows, columns, self.format, title=title, tz=tz, out=buffer, empty_message=empty)
        if footer and self.format in ("table", "markdown"):
            buffer.write(("\n" if self.format == "markdown" else "") + footer + "\n")
        if self.output is None:
            return
        from sanctuary_cli.store.files import atomic_write

        path = atomic_write(self.output, buffer.getvalue())
        if sys.stderr.isatty():
            say(f"Wrote {path}")


def listing_options(
    *, all_therapists: str | None = None, output: bool = False, default: str = "table"
) -> Callable:
    """Add the listing bundle to a command that takes `ctx` and `listing: Listing`.

    all_therapists is the help text of `--all-therapists` (None: the command has no such
    option); output adds `--output/-o`; default is the format without options.
    """
    extra = [
        _keyword("fmt", FormatOption, Format(default)),
        _keyword("csv", CsvOption, False),
        _keyword("json", JsonOption, False),
    ]
    if all_therapists is not None:
        option = typer.Option("--all-therapists", help=all_therapists)
        extra.append(_keyword("all_therapists", Annotated[bool, option], False))
    if output:
        extra.append(_keyword("output", OutputOption, None))

    def decorate(command: Callable) -> Callable:
        @functools.wraps(command)
        def run(*args: Any, **kwargs: Any) -> Any:
            fmt = output_format(kwargs.pop("fmt"), kwargs.pop("csv"), kwargs.pop("json"))
            kwargs["listing"] = Listing(
                kwargs["ctx"],
                fmt,
                all_therapists=kwargs.pop("all_therapists", False),
                output=kwargs.pop("output", None),
            )
            return command(*args, **kwargs)

        return _with_parameters(run, command, drop="listing", add=extra)

    return decorate


class Written:
    """How a write command reports the record it wrote: one human line by default, or the row
    itself with --format json|csv (docs/SPEC.md section 7), for scripts."""

    def __init__(self, ctx: typer.Context, fmt: str | None):
        self.ctx = ctx
        self.format = fmt

    def show(self, row: Mapping[str, Any], columns: Sequence[str], line: str) -> None:
        from sanctuary_cli.cli.messages import result

        if self.format is None:
            result(line)
            return
        Listing(self.ctx, self.format).show([row], columns)


WriteFormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="Print the written record as csv or json (default: one line).",
        case_sensitive=False,
        show_default=False,
    ),
]


def written_options() -> Callable:
    """Add --format/-f, --csv and --json to a write command that takes `ctx` and
    `written: Written`; without them the command prints its one human line."""
    extra = [
        _keyword("fmt", WriteFormatOption, None),
        _keyword("csv", CsvOption, False),
        _keyword("json", JsonOption, False),
    ]

    def decorate(command: Callable) -> Callable:
        @functools.wraps(command)
        def run(*args: Any, **kwargs: Any) -> Any:
            fmt, csv, json = kwargs.pop("fmt"), kwargs.pop("csv"), kwargs.pop("json")
            chosen = output_format(fmt, csv, json) if (fmt or csv or json) else None
            kwargs["written"] = Written(kwargs["ctx"], chosen)
            return command(*args, **kwargs)

        return _with_parameters(run, command, drop="written", add=extra)

    return decorate


def field_options(fields: Sequence[Any], *, mode: str) -> Callable:
    """One option per declared field offered in `mode` ("add" or "edit"); the command takes
    `values: dict[str, Any]` keyed by column, holding what was given (None: not given)."""
    chosen = [f for f in fields if mode in f.modes]
    extra = [_keyword(f.column, _field_annotation(f), None) for f in chosen]

    def decorate(command: Callable) -> Callable:
        @functools.wraps(command)
        def run(*args: Any, **kwargs: Any) -> Any:
            kwargs["values"] = {f.column: kwargs.pop(f.column) for f in chosen}
            return command(*args, **kwargs)

        return _with_parameters(run, command, drop="values", add=extra)

    return decorate


def _field_annotation(field: Any) -> Any:
    if field.kind == "flag":
        negative = field.negative or f"--not-{field.option.removeprefix('--')}"
        decls = f"{field.option}/{negative}"
        return Annotated[bool | None, typer.Option(decls, help=field.help, show_default=False)]
    if field.kind == "many":
        return Annotated[list[str] | None, typer.Option(field.option, help=field.help)]
    return Annotated[str | None, typer.Option(field.option, help=field.help, show_default=False)]


def _keyword(name: str, annotation: Any, default: Any) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default
    )


def _with_parameters(
    wrapper: Callable, command: Callable, *, drop: str, add: list[inspect.Parameter]
) -> Callable:
    """Give the wrapper the command's parameters (annotations evaluated), less `drop`, plus
    `add`: Typer builds the command's options from this signature."""
    signature = inspect.signature(command, eval_str=True)
    kept = [p for p in signature.parameters.values() if p.name != drop]
    keyword_kind = inspect.Parameter.KEYWORD_ONLY
    kept = [p.replace(kind=keyword_kind) for p in kept]
    wrapper.__signature__ = signature.replace(parameters=[*kept, *add])
    wrapper.__annotations__ = {p.name: p.annotation for p in [*kept, *add]}
    wrapper.__annotations__["return"] = signature.return_annotation
    return wrapper
