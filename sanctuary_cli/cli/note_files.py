"""Note files, the non-interactive way to write a note or an addendum: YAML, JSON or Markdown
with `## Section` headings and YAML front matter. Read here; their fields follow
rules/note_files.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.rules.note_files import markdown_note, normalize_note_file, split_front_matter


def load_note_file(path: Path, template: str = "soap") -> dict[str, Any]:
    """Note fields from a .yaml/.yml, .json or .md file (Markdown: `## Section` headings and
    optional YAML front matter for template, risk, mood and tags); `template` is assumed when
    the file names none."""
    text = read_text_file(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UserError(f"{path.name} is not valid JSON (line {exc.lineno})") from None
        return normalize_note_file(data, template)
    if suffix in (".yaml", ".yml"):
        return normalize_note_file(_yaml(text, path.name), template)
    if suffix in (".md", ".markdown", ".txt"):
        front, body = split_front_matter(text)
        data = _yaml(front, path.name) if front else {}
        if not isinstance(data, dict):
            raise UserError(f"The front matter of {path.name} must be `key: value` lines")
        data = {
            **data,
            "sections": {**(data.get("sections") or {}), **markdown_note(body)},
        }
        return normalize_note_file(data, template)
    raise UserError(f"Note files are .yaml, .json or .md, not {suffix or 'no extension'}")


def read_text_file(path: Path) -> str:
    """The UTF-8 text of a file a person named (a note, an addendum)."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UserError(f"{path.name} is not UTF-8 text") from None


def _yaml(text: str, name: str) -> Any:
    import yaml

    class NoteLoader(yaml.SafeLoader):
        """safe_load, except that an impossible date (2026-02-30) stays text, so the note's
        own rules refuse it in one line naming the field rather than YAML failing on it."""

    def timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
        try:
            return loader.construct_yaml_timestamp(node)
        except ValueError:
            return loader.construct_scalar(node)

    NoteLoader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
    try:
        return yaml.load(text, Loader=NoteLoader) or {}  # a SafeLoader: no arbitrary objects
    except yaml.YAMLError:
        raise UserError(f"{name} is not valid YAML") from None
