"""Reading the pydantic models: what is valid at a validation error's location.

The did-you-mean hints of :func:`planner.yamlfile.validation_problems` come from here: the field
names of the model at a location, the choices of its ``Literal`` and enum types, and the members
of a tagged union.
"""

from __future__ import annotations

import enum
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

Loc = tuple[str | int, ...]


def annotation_at(model: type[BaseModel] | None, loc: Loc) -> Any:
    """The annotation at pydantic's raw ``loc`` inside ``model``, best effort (None if lost).

    A ``~tag`` part of ``loc`` picks the member of a tagged union; list indexes are skipped.
    """
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if part.startswith("~"):
            current = _tagged_member(current, part)
            continue
        fields = getattr(_inner_model(current), "model_fields", None)
        if not fields:
            return None
        by_alias = {info.alias or name: info for name, info in fields.items()}
        if part not in by_alias:
            return None
        current = by_alias[part].annotation
    return current


def field_names(annotation: Any) -> list[str]:
    """The field names (aliases where given) of the model inside ``annotation``."""
    fields = getattr(_inner_model(annotation), "model_fields", None) or {}
    return [info.alias or name for name, info in fields.items()]


def choices(annotation: Any) -> list[str]:
    """Every value of the ``Literal`` types and enums inside ``annotation``."""
    if annotation is None or isinstance(annotation, str):
        return []
    if get_origin(annotation) is Literal:
        return [str(value) for value in get_args(annotation)]
    if isinstance(annotation, type):
        if issubclass(annotation, enum.Enum):
            return [str(member.value) for member in annotation]
        return []
    return [value for arg in get_args(annotation) for value in choices(arg)]


def union_members(annotation: Any) -> list[tuple[str, Any]]:
    """The ``(tag, member)`` pairs of the tagged union inside ``annotation``, if any."""
    found = []
    for meta in getattr(annotation, "__metadata__", ()):
        tag = getattr(meta, "tag", None)
        if isinstance(tag, str):
            found.append((tag, annotation.__origin__))
    for arg in getattr(annotation, "__args__", ()):
        found += union_members(arg)
    return found


def union_tags(annotation: Any) -> list[str]:
    """The member names of the tagged union inside ``annotation`` (``~cap`` -> ``cap``)."""
    return [tag.lstrip("~") for tag, _ in union_members(annotation)]


def _tagged_member(annotation: Any, tag: str) -> Any:
    """The member of a tagged union (``Annotated[M, Tag(tag)]``) inside ``annotation``."""
    return next((member for name, member in union_members(annotation) if name == tag), None)


def _inner_model(annotation: Any) -> Any:
    """The pydantic model inside ``list[M]``, ``M | None`` or ``dict[str, M]``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if getattr(annotation, "__metadata__", None):
        return _inner_model(annotation.__origin__)
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
