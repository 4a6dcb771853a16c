"""The building block of rule file models: a strict, frozen YAML mapping, told apart by its key."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class Node(BaseModel):
    """A mapping in a rule file: unknown keys are errors and the parsed value never changes."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def tag_by_key(value: Any, keys: dict[str, str]) -> str | None:
    """The union tag of a YAML mapping recognised by exactly one of ``keys``."""
    if isinstance(value, dict):
        tags = [tag for key, tag in keys.items() if key in value]
        return tags[0] if len(tags) == 1 else None
    if isinstance(value, BaseModel):
        return next(
            (
                t
                for k, t in keys.items()
                if k in type(value).model_fields
                or any(f.alias == k for f in type(value).model_fields.values())
            ),
            None,
        )
    return None
