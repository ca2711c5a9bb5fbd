"""Every reference in code, SQL and docs points at a file in the repository.

A clone is all a reader has, so a citation must lead somewhere inside it. What counts as a
reference, kept narrow so that ordinary text is not mistaken for one:

- a relative path whose first folder is one of the repository's (`docs/`, `sql/`, `tests/`,
  `bench/`, `sanctuary_cli/`, `.ci/`), one of the package's layers (`cli/`, `practice/`,
  `rules/`, `store/`, read inside sanctuary_cli/), or a folder beside the citing file
  (`plans/` in bench/), ending in a file name with a file extension: `docs/security.md`,
  `sql/queries/billing.sql`, `cli/options.py:12`, `tests/test_cli.py::test_version`. It must
  exist relative to the root, to sanctuary_cli/ or to the citing file's folder. Ending instead
  in `module.name` (`rules/dates.practice_today`), `module.py` must exist and hold `name`;
- a section of a document: `docs/x.md, "Heading"` needs a heading of that text in docs/x.md;
- a bare project document: an upper-case name ending in .md (`SPEC.md`, `DESIGN.md`,
  `RESULTS.md`), looked for in docs/, at the root and beside the citing file;
- a Markdown link target in a .md file (`[remote.md](remote.md)`), relative to that file;
- a dotted name starting `sanctuary_cli.` (`sanctuary_cli.store.embedded.bin_path`): its
  leading parts name a package and module, and the next part, if any, occurs in that module;
- `SPEC.md section N` (also `sections N and M`, across a line break): N is a numbered
  heading (`## N. ...`) of docs/SPEC.md;
- anything that starts with `../`: always an error, it leaves the repository.

Not references: URLs, absolute and home paths (`/var/reports/today.md`, `~/.config/...`),
globs and placeholders (`sql/queries/*.sql`, `sql/queries/<group>.sql`, `{group}.sql`), and
other bare names (`.env`, `config.toml` as a setting's file, `patients.csv` or `today.md` as
a command's argument): they name a setting or a user's file, not one of ours.

Applied migrations are frozen (checksummed), so a path they cite that has moved since is read
through MOVED_SINCE_MIGRATED; everywhere else the citation itself must be fixed. This file
is not scanned: its examples of bad references are deliberate.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sanctuary_cli"
SPEC = ROOT / "docs" / "SPEC.md"
SCANNED = [
    "sanctuary_cli/**/*.py", "sql/**/*.sql", "docs/*.md", "README.md", "tests/*.py",
    "bench/*.py", "bench/*.md", ".env.example", ".ci/run",
]  # fmt: skip
MOVED_SINCE_MIGRATED = {"sanctuary_cli/clinical.py": "sanctuary_cli/rules/scoring.py"}
# Folders that are not part of a clone (made by tools), so never the start of a reference.
NOT_IN_A_CLONE = {"__pycache__", "build", "dist", "venv"}
FILE_EXTENSIONS = {
    "md", "py", "sql", "txt", "toml", "csv", "json", "yaml", "yml", "sh", "cfg", "ini",
    "pdf", "ics", "png", "svg", "html", "example", "dump", "lock",
}  # fmt: skip

# Words: split at white space, quotes, brackets, commas, semicolons, pipes and `=`.
TOKEN = re.compile(r"[^\s`'\"()\[\],;|=]+")
PATTERN_CHARS = set("*?<>{}$%\\")
LINK = re.compile(r"\]\(([^)\s]+)\)")
MODULE = re.compile(r"(?<![\w.])sanctuary_cli(?:\.[A-Za-z_]\w*)+")
DOCUMENT = re.compile(r"[A-Z][A-Z0-9_-]*\.md")
HEADING_CITED = re.compile(r"\b(docs/[\w-]+\.md),\s+\"([^\"\n]+)\"")
SECTION = re.compile(r"SPEC\.md[\s#*,-]*sections?\s+(\d+(?:\s*(?:,|and|-|to)\s*\d+)*)")


def scanned_files() -> list[Path]:
    found = {p for pattern in SCANNED for p in ROOT.glob(pattern) if p.is_file()}
    return sorted(found - {Path(__file__).resolve()})


def short(path: Path) -> str:
    return str(path.relative_to(ROOT))


def spec_sections() -> set[int]:
    text = SPEC.read_text(encoding="utf-8") if SPEC.exists() else ""
    return {int(n) for n in re.findall(r"^## (\d+)\.", text, flags=re.M)}


def folders(*places: Path) -> set[str]:
    """Names of the folders a reference may start with: those in `places`, as in a clone."""
    names = set()
    for place in places:
        for child in place.iterdir():
            hidden = child.name.startswith(".") and child.name != ".ci"
            tool_made = child.name in NOT_IN_A_CLONE or child.name.endswith(".egg-info")
            if child.is_dir() and not hidden and not tool_made:
                names.add(child.name)
    return names


def problems_in(path: Path) -> list[str]:
    """`file:line: what is wrong` for every reference in `path` that leads nowhere."""
    text = path.read_text(encoding="utf-8")
    if path.parent == ROOT / "sql" / "migrations":
        for old, new in MOVED_SINCE_MIGRATED.items():
            text = text.replace(old, new)
    found = problems_in_text(text, path.parent, markdown=path.suffix == ".md")
    return [f"{short(path)}:{line}: {why}" for line, why in found]


def problems_in_text(text: str, here: Path, *, markdown: bool) -> list[tuple[int, str]]:
    """(line, what is wrong) for the text of a file in the folder `here`."""
    found: list[tuple[int, str]] = []
    known = folders(ROOT, PACKAGE, here)
    bases = (ROOT, PACKAGE, here)
    for match in TOKEN.finditer(text):
        found.append((match.start(), reference_problem(match.group(), known, bases)))
    for match in LINK.finditer(text) if markdown else ():
        found.append((match.start(1), _link_problem(match.group(1), here)))
    for match in MODULE.finditer(text):
        found.append((match.start(), _module_problem(match.group())))
    for match in HEADING_CITED.finditer(text):
        found.append((match.start(), _heading_problem(*match.groups())))
    sections = spec_sections()
    for match in SECTION.finditer(text):
        for number in re.findall(r"\d+", match.group(1)):
            if int(number) not in sections:
                found.append((match.start(), f"docs/SPEC.md has no section {number}"))
    found = sorted((at, why) for at, why in found if why)
    return [(text.count("\n", 0, at) + 1, why) for at, why in found]


def reference_problem(token: str, known: set[str], bases: tuple[Path, ...]) -> str | None:
    """Why one word leads nowhere; None when it is fine or is no reference at all.

    `known`: the folder names a path may start with; `bases`: where it may be found, the
    citing file's folder last.
    """
    token = token.split("::", 1)[0]
    token = re.sub(r":\d+(?::\d+)?$", "", token).rstrip(".:!?")
    if token.startswith("../") or "/../" in token:
        return f"{token} is outside the repository"
    if "://" in token or token.startswith(("/", "~")) or set(token) & PATTERN_CHARS:
        return None
    token = token.removeprefix("./")
    if "/" in token:
        return _path_problem(token, known, bases)
    if DOCUMENT.fullmatch(token):
        if any((base / token).exists() for base in (ROOT / "docs", ROOT, bases[-1])):
            return None
        return f"{token} is not in docs/, at the root or beside this file"
    return None


def _path_problem(token: str, known: set[str], bases: tuple[Path, ...]) -> str | None:
    folder, _, name = token.rpartition("/")
    stem, dot, suffix = name.rpartition(".")
    if folder.split("/", 1)[0] not in known or not dot or not stem:
        return None
    if suffix in FILE_EXTENSIONS:
        if any((base / token).exists() for base in bases):
            return None
        return f"{token} does not exist"
    module = f"{folder}/{stem}.py"
    for base in bases:
        if (base / module).is_file():
            source = (base / module).read_text(encoding="utf-8")
            if re.search(rf"\b{re.escape(suffix)}\b", source):
                return None
            return f"{token}: {module} has no {suffix}"
    return f"{token}: {module} does not exist"


def _link_problem(target: str, here: Path) -> str | None:
    if "://" in target or target.startswith(("#", "mailto:")):
        return None
    target = target.split("#", 1)[0]
    if target.startswith("../") or "/../" in target:
        return f"link {target} is outside the repository"
    if target and not (here / target).exists():
        return f"link {target} does not exist"
    return None


def _module_problem(dotted: str) -> str | None:
    place = PACKAGE
    parts = dotted.split(".")[1:]
    for i, part in enumerate(parts):
        if (place / part).is_dir():
            place = place / part
            continue
        module = place / f"{part}.py"
        if module.is_file():
            rest = parts[i + 1 : i + 2]
            source = module.read_text(encoding="utf-8")
            if rest and not re.search(rf"\b{re.escape(rest[0])}\b", source):
                return f"{dotted}: {short(module)} has no {rest[0]}"
            return None
        init = place / "__init__.py"
        if init.is_file() and re.search(rf"\b{re.escape(part)}\b", init.read_text("utf-8")):
            return None
        return f"{dotted}: no module {short(place)}/{part}.py"
    return None


def _heading_problem(document: str, heading: str) -> str | None:
    path = ROOT / document
    if not path.exists():
        return None  # the path itself is reported
    headings = re.findall(r"^#+\s+(.+?)\s*$", path.read_text(encoding="utf-8"), flags=re.M)
    return None if heading in headings else f'{document} has no heading "{heading}"'


@pytest.mark.parametrize("path", scanned_files(), ids=short)
def test_every_reference_leads_to_a_file_in_the_repository(path):
    problems = problems_in(path)
    assert not problems, "references that lead nowhere:\n" + "\n".join(problems)


def test_the_specification_is_in_the_repository_with_its_sections():
    assert spec_sections() >= set(range(1, 12)), "docs/SPEC.md should have sections 1-11"


def problem(word: str) -> str | None:
    """reference_problem for a word written in a file under tests/."""
    here = ROOT / "tests"
    return reference_problem(word, folders(ROOT, PACKAGE, here), (ROOT, PACKAGE, here))


@pytest.mark.parametrize(
    "word",
    [
        ".env", "config.toml", "~/.config/sanctuary/config.toml", "patients.csv", "today.md",
        "/var/reports/today.md", "reports/overdue.csv", "sql/queries/*.sql",
        "sql/migrations/NNNN_*.sql", "sql/queries/<group>.sql", "sql/queries/{group}.sql",
        "https://example.net/docs/x.md", "postgresql://user@db.example.net/db", "sql/",
        "docs/security.md", "cli/options.py:12", "tests/test_cli.py::test_version", "SPEC.md",
        "rules/dates.practice_today", "(docs/security.md).",
    ],
)  # fmt: skip
def test_ordinary_text_and_good_references_are_not_problems(word):
    assert problem(word) is None


@pytest.mark.parametrize(
    "word",
    [
        "../shared/SPEC.md", "DESIGN.md", "docs/nowhere.md", "cli/nowhere.py",
        "rules/dates.no_such_function", "rules/nowhere.function",
    ],
)  # fmt: skip
def test_references_that_lead_nowhere_are_problems(word):
    assert problem(word)


def test_a_spec_section_that_does_not_exist_is_a_problem():
    text = "# As docs/SPEC.md\n# sections 4 and 12 say.\n"
    assert problems_in_text(text, ROOT / "tests", markdown=False) == [
        (1, "docs/SPEC.md has no section 12")
    ]


def test_a_markdown_link_is_read_from_the_document_folder():
    text = "See [remote](remote.md) and [gone](gone.md#top).\n"
    assert problems_in_text(text, ROOT / "docs", markdown=True) == [
        (1, "link gone.md does not exist")
    ]


def test_a_cited_heading_must_exist_and_a_module_name_must_lead_to_a_module():
    text = 'See (docs/security.md, "Audit log") and (docs/security.md, "Nowhere").\n'
    text += "Call sanctuary_cli.store.embedded.bin_path, not sanctuary_cli.audit.record_read.\n"
    assert problems_in_text(text, ROOT / "tests", markdown=False) == [
        (1, 'docs/security.md has no heading "Nowhere"'),
        (2, "sanctuary_cli.audit.record_read: no module sanctuary_cli/audit.py"),
    ]
