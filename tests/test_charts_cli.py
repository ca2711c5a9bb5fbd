"""Charts beside the rows (docs/clinical-notes.md, "Charts"; docs/SPEC.md section 9): `mood
trend`, `measures trend` and `measures outcomes` draw in the terminal only when stdout is one,
write a PNG or SVG with --plot (bands shaded, dates along the bottom, one point per
administration), and never change the CSV or JSON they print."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from datetime import datetime

import pytest
from matplotlib import dates as mdates
from PIL import Image, ImageFilter
from terminal_helpers import run_on_terminal
from test_outcomes_cli import ok, score

from sanctuary_cli.cli import plots

SVG = "{http://www.w3.org/2000/svg}"
TOTALS = [18, 16, 10, 8]


@pytest.fixture
def drawn(monkeypatch):
    """The matplotlib figures the command draws, as it draws them."""
    figures = []
    real = plots.score_figure

    def keep(*args, **kwargs):
        figures.append(real(*args, **kwargs))
        return figures[-1]

    monkeypatch.setattr(plots, "score_figure", keep)
    return figures


def administrations(cli, patient="Amelia", instrument="phq9"):
    """(administered_at, total) of one instrument, oldest first (the list is newest first)."""
    listed = cli("measures", "list", patient, "--instrument", instrument, "--json")
    rows = json.loads(ok(listed).stdout)
    return [(datetime.fromisoformat(r["administered_at"]), r["total"]) for r in rows][::-1]


def markers_in_png(path, colour=(0x1F, 0x4E, 0x79)) -> int:
    """The filled markers of the data line in a PNG: the pixels of the line's colour, eroded so
    that the 2-pixel line between the markers goes and each marker leaves one blob, counted."""
    with Image.open(path) as image:
        assert image.format == "PNG"
        rgb = image.convert("RGB")
    mask = Image.new("L", rgb.size)
    mask.putdata(
        [255 if sum(abs(c - k) for c, k in zip(px, colour, strict=True)) < 60 else 0
         for px in rgb.get_flattened_data()]
    )  # fmt: skip
    cores = mask.filter(ImageFilter.MinFilter(5))
    width, height = cores.size
    pixels = cores.load()
    seen, blobs = set(), 0
    for x in range(width):
        for y in range(height):
            if pixels[x, y] and (x, y) not in seen:
                blobs += 1
                stack = [(x, y)]
                while stack:
                    cx, cy = stack.pop()
                    if (cx, cy) in seen or not (0 <= cx < width and 0 <= cy < height):
                        continue
                    if not pixels[cx, cy]:
                        continue
                    seen.add((cx, cy))
                    stack += [(cx + 1, cy), (cx - 1, cy), (cx, cy + 1), (cx, cy - 1)]
    return blobs


def markers_in_svg(path) -> int:
    """The markers of the data line in a matplotlib SVG: the `<use>` elements of the line drawn
    on the axes themselves (tick marks are lines inside the axis groups)."""
    root = ET.parse(path).getroot()
    axes = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "axes_1")
    (line,) = [g for g in axes.findall(f"{SVG}g") if g.get("id", "").startswith("line2d")]
    return len(line.findall(f".//{SVG}use"))


def test_measures_trend_plot_writes_a_png_with_one_point_per_administration(
    cli, demo_db, tmp_path, drawn
):
    score(cli, "Amelia", "phq9", *TOTALS)
    plain = ok(cli("measures", "trend", "Amelia", "--csv")).stdout
    path = tmp_path / "trend.png"
    done = ok(cli("measures", "trend", "Amelia", "--csv", "--plot", str(path)))
    assert done.stdout == plain  # the chart is beside the data, never instead of it
    assert done.stderr == f"Chart written to {path}\n"
    assert markers_in_png(path) == len(TOTALS)  # read back from the image itself
    with Image.open(path) as image:
        assert image.size == (800, 450)

    (figure,) = drawn
    axes = figure.axes[0]
    (line,) = axes.lines
    tz = demo_db.settings.tz
    given = administrations(cli)
    assert list(line.get_ydata()) == [total for _, total in given] == TOTALS
    # At the practice's wall time; CSV and JSON give times to the second.
    moments = [x.replace(microsecond=0) for x in line.get_xdata()]
    assert moments == [when.astimezone(tz).replace(tzinfo=None) for when, _ in given]
    assert isinstance(axes.xaxis.get_major_formatter(), mdates.ConciseDateFormatter)  # dates
    assert len(axes.patches) == 5  # the PHQ-9 bands, shaded

    svg = tmp_path / "trend.svg"
    ok(cli("measures", "trend", "Amelia", "--plot", str(svg)))
    assert markers_in_svg(svg) == len(TOTALS)
    labels = {"minimal", "mild", "moderate", "moderately severe", "severe"}
    assert labels <= set(ET.parse(svg).getroot().itertext())


def test_a_plot_draws_one_measure_and_only_png_or_svg(cli, demo_db, tmp_path):
    out = tmp_path / "charts"
    out.mkdir()
    score(cli, "Amelia", "phq9", 18, 8)
    score(cli, "Amelia", "gad7", 15, 12)
    both = cli("measures", "trend", "Amelia", "--plot", str(out / "t.png"))
    assert both.exit_code == 1 and "add --instrument phq9 or --instrument gad7" in both.stderr
    gad = out / "gad.svg"
    ok(cli("measures", "trend", "Amelia", "--instrument", "gad7", "--plot", str(gad)))
    assert markers_in_svg(gad) == 2
    wrong = cli("measures", "trend", "Amelia", "--plot", str(out / "t.pdf"))
    assert wrong.exit_code == 1 and "written as .png or .svg" in wrong.stderr
    nothing = cli("measures", "trend", "Chloe", "--plot", str(out / "c.png"))
    assert nothing.exit_code == 1 and "Nothing to plot" in nothing.stderr
    assert sorted(p.name for p in out.iterdir()) == ["gad.svg"]


def test_mood_trend_and_outcomes_plots_keep_their_data(cli, demo_db, tmp_path):
    data = ok(cli("mood", "trend", "Amelia", "--json")).stdout
    mood = tmp_path / "mood.svg"
    plotted = ok(cli("mood", "trend", "Amelia", "--json", "--plot", str(mood)))
    assert plotted.stdout == data
    ratings = json.loads(ok(cli("mood", "list", "Amelia", "--json")).stdout)
    assert markers_in_svg(mood) == len(ratings)  # the demo's few ratings, under --last 30
    assert "minimal" not in "".join(ET.parse(mood).getroot().itertext())  # no bands

    score(cli, "Amelia", "phq9", 18, 8)
    score(cli, "Benjamin", "phq9", 10, 16)
    score(cli, "Amelia", "gad7", 15, 12)
    rows = ok(cli("measures", "outcomes", "--csv")).stdout
    png = tmp_path / "outcomes.png"
    refused = cli("measures", "outcomes", "--csv", "--plot", str(png))
    assert refused.exit_code == 1 and "add --measure phq9 or --measure gad7" in refused.stderr
    done = ok(cli("measures", "outcomes", "--measure", "phq9", "--csv", "--plot", str(png)))
    assert (
        done.stdout == "\n".join(line for line in rows.splitlines() if "GAD-7" not in line) + "\n"
    )
    with Image.open(png) as image:
        assert image.format == "PNG" and image.size[0] == 800


def test_without_a_terminal_nothing_is_drawn_and_on_one_the_chart_follows(
    cli, demo_db, demo_db_url
):
    score(cli, "Amelia", "phq9", *TOTALS)
    score(cli, "Benjamin", "phq9", 10, 16)
    piped = ok(cli("measures", "trend", "Amelia"))
    assert "totals over time" not in piped.stdout and "●" not in piped.stdout
    assert "baseline to" not in ok(cli("measures", "outcomes")).stdout
    assert "over time" not in ok(cli("mood", "trend", "Amelia")).stdout

    env = {**os.environ, "COLUMNS": "100", "LINES": "40"}
    code, screen = run_on_terminal(["measures", "trend", "Amelia"], [], env)
    assert code == 0, screen
    assert "PHQ-9 totals over time" in screen and screen.count("●") == len(TOTALS)
    assert "moderate 10" in screen  # where a band starts
    code, screen = run_on_terminal(["measures", "trend", "Amelia", "--csv"], [], env)
    assert code == 0 and "totals over time" not in screen and "●" not in screen
    code, screen = run_on_terminal(["measures", "outcomes"], [], env)
    assert code == 0 and "PHQ-9: ○ baseline to ● latest" in screen
    assert "Benjamin Carter worse" in screen and "Amelia Chen better" in screen
    code, screen = run_on_terminal(["mood", "trend", "Amelia"], [], env)
    assert code == 0 and "Mood ratings over time" in screen
