"""Which columns of a table a terminal shows, and how wide each is (docs/SPEC.md section 7).

A narrow terminal loses columns before it breaks words: the least needed columns go first (a
priority per column, with defaults by column name), then text columns wrap at spaces, and no
header word, name, date or number is ever broken. The widths are measured here, once per cell,
and handed to rich as fixed widths, so rich does not measure the cells again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sanctuary_cli.cli.table_plain import cells as cell_len

# How long a column survives a narrow terminal: the lowest priority is dropped first, and the
# rightmost of equals first (a command lists its columns roughly by importance).
DETAIL = 0  # says again what another column says (ends_at beside the duration), or a flag
LONG_TEXT = 1  # free text that would take half the screen: location, email, tags
ID = 2  # names are references too (docs/SPEC.md section 3), so the short id can go
SECONDARY = 3
NORMAL = 4
ESSENTIAL = 5  # what a row is: the patient, its date, the balance; dropped only as a last resort

_BY_NAME = {
    DETAIL: {
        "ends_at",
        "preferred_name",
        "is_private",
        "addenda",
        "cpt_modifier",
        "addon_cpt_code",
        "addon_units",
        "is_active",
    },
    LONG_TEXT: {
        "location",
        "video_link",
        "email",
        "address",
        "tags",
        "description",
        "excerpt",
        "note",
        "notes",
        "reason",
        "changed_columns",
        "specializations",
        "answers",
        "insurance_provider",
        "icd10_codes",
        "elevated_by",
    },
    SECONDARY: {"therapist_name", "phone", "template", "actor"},
    ESSENTIAL: {
        "patient_name",
        "full_name",
        "name",
        "starts_at",
        "session_date",
        "service_date",
        "occurred_at",
        "recorded_at",
        "administered_at",
        "day",
        "week_start",
        "balance",
    },
}
DEFAULT_PRIORITY = {name: level for level, names in _BY_NAME.items() for name in names}
# Long text of low priority is kept wrapped only when it gets at least this many cells.
_COMFORTABLE_WIDTH = 20


def default_priority(column: str) -> int:
    if column in DEFAULT_PRIORITY:
        return DEFAULT_PRIORITY[column]
    if column == "id" or column.endswith("_id") or column == "seq":
        return ID
    return NORMAL


def never_wraps(column: str) -> bool:
    """Names and phone numbers are read whole: they are never broken across lines."""
    return column == "name" or column.endswith("_name") or column == "phone"


def header(column: str) -> str:
    """The stable snake_case name as a person reads it; it wraps only at its spaces."""
    return column.replace("_", " ")


@dataclass(frozen=True)
class Column:
    """A column shown: its index in the command's list and its width in cells."""

    index: int
    width: int


def fit_columns(
    columns: Sequence[str],
    cells: Sequence[Sequence[str]],
    wrappable: Sequence[bool],
    width: int,
    *,
    priority: Mapping[str, int] | None = None,
    overhead: tuple[int, int] = (3, 1),
) -> list[Column]:
    """The columns shown, in order, with their widths in cells (padding and borders excluded).

    cells holds each column's texts; wrappable says which may wrap at spaces; overhead is
    (cells per column, cells per table) that borders and padding take. Columns are dropped
    in priority order until nothing breaks mid-word and no column wraps while one of lower
    priority is still shown.
    """
    per_column, per_table = overhead
    levels = [(priority or {}).get(c, default_priority(c)) for c in columns]
    least, need, most = [], [], []
    for name, texts, wraps in zip(columns, cells, wrappable, strict=True):
        title = header(name)
        title_word = max((cell_len(w) for w in title.split()), default=1)
        longest = max((_longest_line(t) for t in texts), default=0)
        if wraps:
            words = max((cell_len(w) for t in texts for w in t.split()), default=1)
            least.append(max(words, title_word))
        else:
            least.append(max(longest, title_word))
        need.append(max(longest, title_word, 1))
        most.append(max(need[-1], cell_len(title)))
    # Lowest priority first; of equals, the rightmost first.
    drop_order = sorted(range(len(columns)), key=lambda i: (levels[i], -i))
    for dropped in range(len(columns)):
        gone = set(drop_order[:dropped])
        shown = [i for i in range(len(columns)) if i not in gone]
        room = width - per_column * len(shown) - per_table
        widths = _widths(shown, least, need, most, levels, room)
        if widths is not None and _readable(shown, widths, need, levels):
            return [Column(i, widths[i]) for i in shown]
    # Not even the most important column fits: rich folds it.
    return [Column(drop_order[-1], max(1, width - per_column - per_table))]


def _widths(
    shown: list[int],
    least: list[int],
    need: list[int],
    most: list[int],
    levels: list[int],
    room: int,
) -> dict[int, int] | None:
    """Every column its least; then, most important first, what its cells need; then headers
    on one line where room is left. None when even the least does not fit."""
    widths = {i: least[i] for i in shown}
    spare = room - sum(widths.values())
    if spare < 0:
        return None
    for i in sorted(shown, key=lambda i: -levels[i]):
        grow = min(spare, need[i] - widths[i])
        widths[i] += grow
        spare -= grow
    for i in sorted(shown, key=lambda i: most[i] - widths[i]):
        grow = most[i] - widths[i]
        if 0 < grow <= spare:
            widths[i] += grow
            spare -= grow
    return widths


def _readable(shown: list[int], widths: dict[int, int], need: list[int], levels: list[int]) -> bool:
    """No column wraps while one of lower priority is shown, and long text of low priority
    wraps only into a comfortable width (otherwise it is better left out)."""
    wrapped = [i for i in shown if widths[i] < need[i]]
    if not wrapped:
        return True
    highest = max(levels[i] for i in wrapped)
    if any(levels[i] < highest for i in shown):
        return False
    return all(
        widths[i] >= min(need[i], _COMFORTABLE_WIDTH) for i in wrapped if levels[i] <= LONG_TEXT
    )


def _longest_line(text: str) -> int:
    if "\n" not in text:
        return cell_len(text)
    return max((cell_len(line) for line in text.splitlines()), default=0)
