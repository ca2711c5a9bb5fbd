"""Tags: the labels on notes, with how many notes carry each (kept by a trigger)."""

from __future__ import annotations

from typing import Any

from sanctuary_cli.store.db import Database


def list_tags(db: Database) -> list[dict[str, Any]]:
    """Every tag, most used first: name, category, usage_count."""
    return db.all("tags.list")


def known_tags(db: Database) -> list[str]:
    """The names of the tags in use, offered as choices by the note form."""
    return [row["name"] for row in list_tags(db)]
