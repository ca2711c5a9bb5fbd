"""Charts (cli/plots.py): the terminal chart is text with the dates; PNG and SVG files open,
parse and hold one point per administration, written 0600 through store/files.atomic_write.
No database."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from sanctuary_cli.cli import plots
from sanctuary_cli.errors import UserError
from sanctuary_cli.rules.outcomes import outcome

NY = ZoneInfo("America/New_York")
UTC = ZoneInfo("UTC")
FIRST = datetime(2026, 1, 5, 15, 0, tzinfo=UTC)
PHQ9 = [(FIRST + timedelta(weeks=2 * i), total) for i, total in enumerate([18, 16, 15, 12, 9, 8])]
MOOD = [(date(2026, 3, 1) + timedelta(days=i), 1 + (i * 3) % 10) for i in range(20)]


def outcome_rows():
    later = FIRST + timedelta(days=60)
    pairs = {"A.B.": (18, 8), "C.D.": (15, 12), "E.F.": (9, 16)}
    return [(label, outcome("phq9", [(FIRST, a), (later, b)])) for label, (a, b) in pairs.items()]


def test_the_terminal_chart_is_text_with_the_dates():
    text = plots.terminal_chart(PHQ9, "phq9", tz=NY, width=100, height=20)
    assert isinstance(text, str) and "\x1b[" not in text  # no colour unless asked
    assert "PHQ-9 totals over time" in text
    assert "2026-01-05" in text and "2026-03-16" in text  # the first and the last day
    assert "severe 20" in text and "minimal 0" in text  # where the bands start
    assert max(len(line) for line in text.splitlines()) <= 100
    assert text.count("●") == len(PHQ9)  # a dot per administration


def test_the_terminal_chart_fits_the_terminal_width(monkeypatch):
    monkeypatch.setenv("COLUMNS", "72")
    monkeypatch.setenv("LINES", "30")
    text = plots.terminal_chart(MOOD, "mood")
    assert max(len(line) for line in text.splitlines()) <= 72
    assert "Mood ratings over time" in text and "2026-03-01" in text and "2026-03-20" in text


def test_a_single_score_still_draws():
    text = plots.terminal_chart(PHQ9[:1], "gad7", width=60, height=12)
    assert "2026-01-05" in text and text.count("●") == 1


def test_the_terminal_outcomes_chart_lists_patients_most_deteriorated_first():
    text = plots.terminal_outcomes(outcome_rows(), width=90)
    lines = text.splitlines()
    order = [next(i for i, line in enumerate(lines) if name in line) for name in ("E.F.", "C.D.")]
    assert order[0] < order[1]
    assert any("E.F. worse" in line for line in lines)
    assert any("A.B. better" in line for line in lines)
    assert not any("C.D. better" in line or "C.D. worse" in line for line in lines)


def test_the_points_are_one_per_administration_at_the_practice_wall_time():
    points = plots.chart_points(PHQ9, "phq9", NY)
    assert len(points) == len(PHQ9)
    assert points[0] == (datetime(2026, 1, 5, 10, 0), 18.0)  # 15:00 UTC is 10:00 in New York
    assert plots.chart_points(list(reversed(MOOD)), "mood")[0][0] == datetime(2026, 3, 1)


@pytest.mark.parametrize(
    ("series", "kind", "message"),
    [
        ([], "phq9", "Nothing to plot"),
        ([(FIRST, 28)], "phq9", "outside 0-27"),
        ([(FIRST, 0)], "mood", "outside 1-10"),
        ([(FIRST, 3)], "beck", "Unknown chart"),
    ],
)
def test_what_cannot_be_plotted_is_refused(series, kind, message):
    with pytest.raises(UserError, match=message):
        plots.terminal_chart(series, kind)


def test_the_figure_plots_one_point_per_administration_with_the_bands():
    figure = plots.score_figure(PHQ9, "phq9", tz=NY)
    axes = figure.axes[0]
    (line,) = axes.lines
    assert len(line.get_xydata()) == len(PHQ9)
    assert list(line.get_ydata()) == [total for _, total in PHQ9]
    assert line.get_marker() == "o"
    assert len(axes.patches) == 5  # minimal, mild, moderate, moderately severe, severe
    labels = {text.get_text() for text in axes.texts}
    assert labels == {"minimal", "mild", "moderate", "moderately severe", "severe"}
    assert axes.get_title() == "PHQ-9 totals over time"
    assert len(plots.score_figure(PHQ9, "gad7").axes[0].patches) == 4
    assert not plots.score_figure(MOOD, "mood").axes[0].patches


def test_a_png_is_written_owner_only_and_opens(tmp_path):
    path = tmp_path / "phq9.png"
    assert plots.write_plot(path, PHQ9, "phq9", tz=NY) == path
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (800, 450)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_an_svg_parses_as_xml_and_keeps_its_text(tmp_path):
    path = plots.write_plot(tmp_path / "mood.SVG", MOOD, "mood", title="Mood: A.B.")
    root = ET.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = "".join(root.itertext())
    assert "Mood: A.B." in texts  # the caller's title; text stays text
    assert b"<dc:date>" not in path.read_bytes()  # no creation date: same chart, same file


def test_the_outcomes_file_shows_each_patient_baseline_to_latest(tmp_path):
    rows = outcome_rows()
    figure = plots.outcomes_figure(rows)
    axes = figure.axes[0]
    assert [t.get_text() for t in axes.get_yticklabels()] == ["A.B.", "C.D.", "E.F."]  # bottom up
    segments = [line for line in axes.lines if len(line.get_xdata()) == 2 and line.get_ls() == "-"]
    assert [list(line.get_xdata()) for line in segments] == [[18, 8], [15, 12], [9, 16]]
    colours = [line.get_color() for line in segments]
    assert colours == ["#2e7d32", "#757575", "#c62828"]  # better, no reliable change, worse
    path = plots.write_plot(tmp_path / "outcomes.png", rows, "outcomes")
    with Image.open(path) as image:
        assert image.format == "PNG" and image.size[0] == 800 and image.size[1] >= 320


def test_an_outcomes_chart_shows_one_measure():
    gad = ("G.H.", outcome("gad7", [(FIRST, 15), (FIRST + timedelta(days=30), 9)]))
    with pytest.raises(UserError, match="one measure"):
        plots.outcomes_figure([*outcome_rows(), gad])
    with pytest.raises(UserError, match="No patient"):
        plots.terminal_outcomes([])


def test_only_png_and_svg_are_written_and_never_over_a_fifo(tmp_path):
    with pytest.raises(UserError, match=r"\.png or \.svg, not \.jpg"):
        plots.write_plot(tmp_path / "chart.jpg", PHQ9, "phq9")
    assert not (tmp_path / "chart.jpg").exists()
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    with pytest.raises(UserError, match="FIFO"):
        plots.write_plot(fifo, PHQ9, "phq9")


def test_no_title_names_a_patient_unless_given():
    assert plots.default_title("phq9") == "PHQ-9 totals over time"
    assert plots.default_title("mood") == "Mood ratings over time"
    figure = plots.score_figure(PHQ9, "gad7", title="GAD-7: Amelia")
    assert figure.axes[0].get_title() == "GAD-7: Amelia"


def test_importing_the_module_loads_neither_plotting_library():
    code = (
        "import sys, sanctuary_cli.cli.plots; "
        "print(sorted({'plotext', 'matplotlib'} & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
