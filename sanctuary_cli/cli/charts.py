"""Charts beside a command's rows (docs/SPEC.md section 9; drawn by cli/plots.py): in the
terminal after the table when stdout is a terminal, never in a pipe nor instead of CSV or JSON;
and written to `--plot FILE` (.png or .svg), which is a copy leaving the screen (an EXPORT in
the audit log)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

PlotOption = Annotated[
    Path | None,
    typer.Option("--plot", dir_okay=False, help="Also draw the chart into this .png or .svg file."),
]


def on_terminal(listing: Any) -> bool:
    """Whether a chart follows the rows: a table on a terminal (not one written to --output)."""
    return listing.format == "table" and listing.output is None and sys.stdout.isatty()


def check_plot(path: Path | None) -> None:
    """Refuse a file that is not .png or .svg before anything is read or shown."""
    if path is not None:
        from sanctuary_cli.cli.plots import plot_format

        plot_format(path)


def show_chart(text: str) -> None:
    """A terminal chart, on stdout after the rows it draws."""
    from sanctuary_cli.cli.messages import result

    result("\n" + text.rstrip("\n"))


def write_chart(path: Path, series: Any, kind: str, **options: Any) -> None:
    """Write the chart to `path` and say so on stderr."""
    from sanctuary_cli.cli.messages import say
    from sanctuary_cli.cli.plots import write_plot

    say(f"Chart written to {write_plot(path, series, kind, **options)}")


def initials(name: str, ref: Any) -> str:
    """A patient as a chart that may travel names them: initials and the start of the id."""
    letters = "".join(word[0] for word in name.split() if word[:1].isalpha()).upper()
    return f"{letters or '?'} {str(ref)[:4]}"
