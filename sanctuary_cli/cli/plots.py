"""Charts where people would rather look (docs/SPEC.md section 9): PHQ-9 and GAD-7 totals and
1-10 mood ratings over time, and a caseload's outcomes (baseline to latest per patient).

In the terminal with plotext, returned as text for the caller to print through the output
helpers; to a PNG or SVG file with matplotlib (Agg), written by store/files.atomic_write
(0600, never over a device or FIFO). Both libraries are imported inside the functions, so
importing this module costs nothing. A title names no patient unless the caller gives one."""

from __future__ import annotations

import io
import shutil
from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sanctuary_cli.errors import UserError
from sanctuary_cli.rules.outcomes import REMISSION_BELOW, Outcome
from sanctuary_cli.rules.scoring import GAD7_BANDS, INSTRUMENT_NAMES, PHQ9_BANDS
from sanctuary_cli.store.files import atomic_write

Series = Sequence[tuple[date | datetime, int | float]]  # (when, total or rating)
Rows = Sequence[tuple[str, Outcome]]  # (label, outcome): the label is the caller's choice
Points = list[tuple[datetime, float]]
# kind: (lowest, highest, bands as (top, label)); mood has no bands and higher is better.
SCALES: dict[str, tuple[int, int, tuple[tuple[int, str], ...]]] = {
    "phq9": (0, 27, PHQ9_BANDS),
    "gad7": (0, 21, GAD7_BANDS),
    "mood": (1, 10, ()),
}
NAMES = {**INSTRUMENT_NAMES, "mood": "Mood rating"}
BAND_COLOURS = {"minimal": "#e3f2e1", "mild": "#fdf6d8", "moderate": "#fde3c4"}
BAND_COLOURS |= {"moderately severe": "#fbcfb8", "severe": "#f6b8b8"}
SHORT_LABELS = {"moderately severe": "mod. severe"}  # the terminal's left margin
VERDICTS = (("reliably better", "#2e7d32"), ("no reliable change", "#757575"))
VERDICTS += (("reliably worse", "#c62828"),)
FORMATS = {".png": "png", ".svg": "svg"}
DATE_FORM = "%Y-%m-%d"


def chart_points(series: Series, kind: str, tz: ZoneInfo | None = None) -> Points:
    """The points a chart draws: one per administration or rating, oldest first, at the wall
    time of `tz` (or of each value's own zone), naive; values checked against the scale."""
    low, high, _ = _scale(kind)
    points = []
    for when, value in series:
        moment = when if isinstance(when, datetime) else datetime.combine(when, time())
        if moment.tzinfo is not None:
            moment = (moment.astimezone(tz) if tz else moment).replace(tzinfo=None)
        if not low <= value <= high:
            raise UserError(f"A {NAMES[kind]} of {value} is outside {low}-{high}")
        points.append((moment, float(value)))
    if not points:
        raise UserError("Nothing to plot")
    return sorted(points, key=lambda point: point[0])


def default_title(kind: str) -> str:
    return f"{NAMES[kind]}s over time" if kind == "mood" else f"{NAMES[kind]} totals over time"


def terminal_chart(
    series: Series,
    kind: str,
    *,
    title: str | None = None,
    tz: ZoneInfo | None = None,
    width: int | None = None,
    height: int | None = None,
    color: bool = False,
) -> str:
    """A line chart of the series with a dot per point and dates along the bottom; PHQ-9 and
    GAD-7 have a dotted line where each severity band starts. As wide as the terminal."""
    points = chart_points(series, kind, tz)
    low, high, bands = _scale(kind)
    width, height = _terminal_size(width, height)
    figure = _plotext_figure()
    figure.date().activate(form=DATE_FORM)
    starts = [(bottom, SHORT_LABELS.get(name, name)) for bottom, _, name in _bands(bands, low)]
    for start, _ in starts[1:]:
        figure.line(start, style="dotted")
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    if len(points) > 1:
        figure.draw(figure.signal(xs, ys).lines())
    figure.draw(figure.signal(xs, ys, marker="●"))
    figure.ruler("y").lim(low, high)
    if starts:
        labels = [f"{name} {start}" for start, name in starts]
        figure.ruler("y").ticks([start for start, _ in starts], labels)
    else:
        figure.ruler("y").ticks(list(range(low, high + 1, 1 if height >= 16 else 3)))
    margin = max(len(f"{name} {start}") for start, name in starts) if starts else len(str(high))
    ticks = _date_ticks(xs, width - margin - 2)  # the canvas: less the labels and the frame
    figure.ruler("x").ticks(ticks, [t.strftime(DATE_FORM) for t in ticks])
    figure.title(title or default_title(kind))
    figure.plot_size(width, height)
    return figure.build().string(colorless=not color)


def terminal_outcomes(
    rows: Rows, *, title: str | None = None, width: int | None = None, color: bool = False
) -> str:
    """Each patient's baseline (○) and latest (●) on one measure, one row each, the most
    deteriorated at the top; a label ends in "better" or "worse" for a reliable change; the
    dotted line is the remission cut-off."""
    measure, ordered = _outcome_rows(rows)
    low, high, bands = _scale(measure)
    width, _ = _terminal_size(width, None)
    figure = _plotext_figure()
    figure.line(REMISSION_BELOW[measure], orientation="vertical", style="dotted")
    for y, (_, item) in enumerate(reversed(ordered), start=1):
        figure.draw(figure.signal([item.baseline, item.latest], [y, y]).lines())
        figure.draw(figure.signal([item.baseline], [y], marker="○"))
        figure.draw(figure.signal([item.latest], [y], marker="●"))
    words = {"reliably better": "better", "reliably worse": "worse"}
    labels = [f"{label} {words.get(_verdict(item), '')}".rstrip() for label, item in ordered]
    figure.ruler("x").lim(low, high)
    figure.ruler("x").ticks([bottom for bottom, _, _ in _bands(bands, low)] + [high])
    figure.ruler("y").lim(0.5, len(ordered) + 0.5)
    figure.ruler("y").ticks(list(range(1, len(ordered) + 1)), labels[::-1])
    figure.title(title or f"{NAMES[measure]}: ○ baseline to ● latest")
    figure.plot_size(width, min(2 * len(ordered) + 6, 60))
    return figure.build().string(colorless=not color)


def score_figure(
    series: Series, kind: str, *, title: str | None = None, tz: ZoneInfo | None = None
) -> Any:
    """A matplotlib Figure: the series as a line with one marker per point, dates along the
    bottom, and for PHQ-9 and GAD-7 the severity bands shaded and named on the right."""
    from matplotlib import dates as mdates

    points = chart_points(series, kind, tz)
    low, high, bands = _scale(kind)
    figure, axes = _matplotlib_figure((8, 4.5))
    for bottom, top, name in _bands(bands, low):
        axes.axhspan(bottom - 0.5, top + 0.5, color=BAND_COLOURS[name], linewidth=0, zorder=0)
        side = axes.get_yaxis_transform()  # x in axes fractions, y in scores
        axes.text(1.01, (bottom + top) / 2, name, transform=side, va="center", fontsize=8)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    axes.plot(xs, ys, marker="o", color="#1f4e79", linewidth=1.5, zorder=3)
    axes.set_ylim(low - 0.5, high + 0.5)
    starts = [bottom for bottom, _, _ in _bands(bands, low)]
    axes.set_yticks(starts + [high] if bands else list(range(low, high + 1)))
    if not bands:
        axes.grid(axis="y", color="#e0e0e0", linewidth=0.6)
    axes.set_ylabel("Rating" if kind == "mood" else "Total")
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    axes.set_title(title or default_title(kind))
    figure.tight_layout()
    return figure


def outcomes_figure(rows: Rows, *, title: str | None = None) -> Any:
    """One row per patient: baseline (hollow) to latest (filled), green for a reliable
    improvement, red for a reliable deterioration, grey otherwise; the most deteriorated at
    the top, the bands shaded and named along the top, the remission cut-off dashed."""
    from matplotlib.lines import Line2D

    measure, ordered = _outcome_rows(rows)
    low, high, bands = _scale(measure)
    figure, axes = _matplotlib_figure((8, max(3.2, 0.4 * len(ordered) + 2.2)))
    for bottom, top, name in _bands(bands, low):
        axes.axvspan(bottom - 0.5, top + 0.5, color=BAND_COLOURS[name], linewidth=0, zorder=0)
        side = axes.get_xaxis_transform()  # x in scores, y in axes fractions
        axes.text((bottom + top) / 2, 1.01, name, transform=side, ha="center", fontsize=7)
    colours = dict(VERDICTS)
    for y, (_, item) in enumerate(reversed(ordered)):
        colour = colours[_verdict(item)]
        axes.plot([item.baseline, item.latest], [y, y], color=colour, linewidth=2, zorder=2)
        axes.plot(item.baseline, y, "o", mfc="white", mec=colour, zorder=3)
        axes.plot(item.latest, y, "o", color=colour, zorder=3)
    axes.axvline(REMISSION_BELOW[measure] - 0.5, color="#424242", linestyle="--", linewidth=1)
    axes.set_yticks(range(len(ordered)), [label for label, _ in reversed(ordered)])
    axes.set_xlim(low - 0.5, high + 0.5)
    axes.set_ylim(-0.7, len(ordered) - 0.3)
    axes.set_xlabel(f"{NAMES[measure]} total (hollow: baseline, filled: latest)")
    handles = [Line2D([], [], color=c, marker="o", label=v) for v, c in VERDICTS]
    remission = f"remission: below {REMISSION_BELOW[measure]}"
    handles.append(Line2D([], [], color="#424242", linestyle="--", label=remission))
    axes.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.28), ncol=4)
    axes.set_title(title or f"{NAMES[measure]} outcomes, baseline to latest", pad=16)
    figure.tight_layout()
    return figure


def write_plot(
    path: str | Path,
    series: Series | Rows,
    kind: str,
    *,
    title: str | None = None,
    tz: ZoneInfo | None = None,
) -> Path:
    """Write a chart as PNG or SVG, by the file's suffix: kind phq9, gad7 or mood draws the
    series (score_figure); kind "outcomes" draws (label, Outcome) rows (outcomes_figure)."""
    fmt = plot_format(path)
    if kind == "outcomes":
        figure = outcomes_figure(series, title=title)  # type: ignore[arg-type]
    else:
        figure = score_figure(series, kind, title=title, tz=tz)  # type: ignore[arg-type]
    return atomic_write(path, figure_bytes(figure, fmt))


def plot_format(path: str | Path) -> str:
    """png or svg from the file name; anything else is a UserError (before any drawing)."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise UserError(f"A plot is written as .png or .svg, not {suffix or 'no extension'}")
    return FORMATS[suffix]


def figure_bytes(figure: Any, fmt: str) -> bytes:
    """PNG (100 dpi) or SVG bytes; SVG keeps text as text; no creation date is stamped in."""
    import matplotlib

    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "sanctuary"}):
        figure.savefig(buffer, format=fmt, dpi=100, metadata=metadata)
    return buffer.getvalue()


def _scale(kind: str) -> tuple[int, int, tuple[tuple[int, str], ...]]:
    if kind not in SCALES:
        raise UserError(f"Unknown chart {kind!r}: phq9, gad7, mood or outcomes")
    return SCALES[kind]


def _bands(bands: Sequence[tuple[int, str]], low: int) -> list[tuple[int, int, str]]:
    """(first score, last score, name) of each band: PHQ-9's first is (0, 4, "minimal")."""
    return [(bands[i - 1][0] + 1 if i else low, top, name) for i, (top, name) in enumerate(bands)]


def _outcome_rows(rows: Rows) -> tuple[str, list[tuple[str, Outcome]]]:
    if not rows:
        raise UserError("No patient has two scores to compare")
    measures = {item.measure for _, item in rows}
    if len(measures) != 1:
        raise UserError("An outcomes chart shows one measure: PHQ-9 or GAD-7")
    # The most deteriorated first (read first), then by change, then by label.
    return measures.pop(), sorted(rows, key=lambda row: (-row[1].change, row[0]))


def _verdict(item: Outcome) -> str:
    if item.reliable_improvement:
        return VERDICTS[0][0]
    return VERDICTS[2][0] if item.reliable_deterioration else VERDICTS[1][0]


def _date_ticks(xs: list[datetime], room: int) -> list[datetime]:
    """The days to label across `room` columns: the first, the last, and between them each
    day whose label (10 columns, centred, kept inside the edges) clears the one before."""
    days = sorted({datetime.combine(x.date(), time()) for x in xs})
    span = (days[-1] - days[0]).total_seconds() or 1.0

    def start(i: int) -> float:
        centre = (days[i] - days[0]).total_seconds() / span * room
        return min(max(centre - 5, 0), room - 10)

    chosen = [0]
    for i in range(1, len(days)):
        if start(i) - start(chosen[-1]) >= 11:
            chosen.append(i)
    last = len(days) - 1
    while len(chosen) > 1 and start(last) - start(chosen[-1]) < 11:
        chosen.pop()  # make room for the last day
    return [days[i] for i in dict.fromkeys([*chosen, last])]


def _terminal_size(width: int | None, height: int | None) -> tuple[int, int]:
    columns, lines = shutil.get_terminal_size((100, 30))
    return max(40, width or columns - 1), max(10, height or min(24, lines - 4))


def _plotext_figure() -> Any:
    import plotext

    plotext.terminal.limit(False, False)  # the caller's size, not the size plotext detects
    figure = plotext.figure
    figure.clear()  # plotext keeps one figure per process: start from a blank one
    return figure


def _matplotlib_figure(size: tuple[float, float]) -> tuple[Any, Any]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=size, dpi=100)
    FigureCanvasAgg(figure)  # the Agg canvas: no display, no pyplot state
    return figure, figure.add_subplot()
