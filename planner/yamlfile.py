"""Reading YAML and JSON input with line numbers, and turning validation errors into problems.

Every file a user writes (profiles, rule files, the exercise library) is read here. The text is
composed once into PyYAML nodes, which keep each key's line, and built into plain data from those
same nodes, so a pydantic error location (``rules[2].when.fact``) maps back to ``file:line``.
Duplicate keys are an error: PyYAML would silently keep the last one, which in a safety rule could
drop a condition. Did-you-mean hints come from the models themselves (field names, ``Literal``
choices, the tags of a tagged union) or from a validator's :func:`hinted_error`, never from
message text.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from planner.errors import Problem, SourceError, suggest

Loc = tuple[str | int, ...]
#: libyaml's parser where installed (about ten times faster), PyYAML's own otherwise.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class SourceDoc:
    """Data read from one file, with the line of every key path in it."""

    path: Path | str
    data: Any
    lines: Mapping[Loc, int]

    def line_of(self, loc: Iterable[str | int]) -> int | None:
        """The line of ``loc``, or of its nearest enclosing key that has one."""
        parts = tuple(loc)
        while parts:
            if parts in self.lines:
                return self.lines[parts]
            parts = parts[:-1]
        return self.lines.get((), None)


class _DuplicateKeyError(Exception):
    def __init__(self, key: str, line: int, first_line: int) -> None:
        super().__init__(key)
        self.key, self.line, self.first_line = key, line, first_line


def _build(node: yaml.Node, loc: Loc, lines: dict[Loc, int], constructor: Any) -> Any:
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        first: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = constructor.construct_object(key_node, deep=True)
            if key == "<<":
                raise yaml.YAMLError("YAML merge keys ('<<') are not supported")
            if key in first:
                raise _DuplicateKeyError(str(key), key_node.start_mark.line + 1, first[key])
            first[key] = key_node.start_mark.line + 1
            out[key] = _build(value_node, (*loc, key), lines, constructor)
            lines[(*loc, key)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*loc, i), lines, constructor) for i, item in enumerate(node.value)]
    return constructor.construct_object(node, deep=True)


def parse_yaml_text(
    text: str, path: Path | str, error: type[SourceError] = SourceError
) -> SourceDoc:
    """Parse YAML (JSON is YAML too) into data plus a key-path-to-line map.

    Raises:
        SourceError: (or the ``error`` subclass given) for text that is not YAML or JSON.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines: dict[Loc, int] = {}
        data = None if node is None else _build(node, (), lines, loader)
    except _DuplicateKeyError as exc:
        raise error.single(
            f"key '{exc.key}' appears twice (first on line {exc.first_line}); "
            "keep one, since a repeated key silently replaces the first",
            path=path,
            line=exc.line,
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or str(exc)
        raise error.single(f"not valid YAML or JSON: {what}", path=path, line=line) from None
    except yaml.YAMLError as exc:
        raise error.single(f"not valid YAML or JSON: {exc}", path=path) from None
    finally:
        loader.dispose()
    return SourceDoc(path=path, data=data, lines=lines)


def read_source(path: Path, error: type[SourceError] = SourceError) -> SourceDoc:
    """Read one YAML or JSON file; problems name the file.

    Raises:
        SourceError: (or the ``error`` subclass given) for a file that cannot be read or parsed.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise error.single("file not found", path=path) from None
    except IsADirectoryError:
        raise error.single("is a folder, expected a YAML or JSON file", path=path) from None
    except UnicodeDecodeError:
        raise error.single(
            "is not a UTF-8 text file; save it as UTF-8 YAML or JSON", path=path
        ) from None
    if path.suffix.lower() == ".json":
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            raise error.single(f"not valid JSON: {exc.msg}", path=path, line=exc.lineno) from None
    return parse_yaml_text(text, path, error)


def loc_text(loc: Loc) -> str:
    """A key path written the way users read it: ``rules[2].then[0].exclude``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def hinted_error(message: str, suggestion: str | None) -> PydanticCustomError:
    """A validator's error carrying a did-you-mean hint apart from its message.

    ``raise hinted_error(f"unknown fact '{fact}'", suggest(fact, FACTS))`` inside a pydantic
    validator becomes a :class:`Problem` whose ``suggestion`` is the hint.
    """
    return PydanticCustomError(
        "hinted", "{message}", {"message": message, "suggestion": suggestion}
    )


def validation_problems(
    error: ValidationError,
    doc: SourceDoc | None,
    *,
    model: type[BaseModel] | None = None,
    prefix: Loc = (),
    row: int | None = None,
    path: Path | str | None = None,
) -> list[Problem]:
    """Turn a pydantic ``ValidationError`` into located problems with did-you-mean hints.

    ``prefix`` is the key path of the validated object inside ``doc``. ``model`` is the model
    validated: the hints for an unknown key, a value outside a ``Literal`` and a mapping that is
    no member of a tagged union come from its fields.
    """
    problems = []
    for err in error.errors(include_url=False):
        raw_loc = tuple(err["loc"])
        loc = _strip_union_tags(raw_loc)
        full = (*prefix, *loc)
        message, hint = _message_and_hint(err, raw_loc, model)
        problems.append(
            Problem(
                message,
                path=path if path is not None else (doc.path if doc else None),
                line=doc.line_of(full) if doc else None,
                field=loc_text(full) or None,
                row=row,
                suggestion=hint,
            )
        )
    return problems


def _message_and_hint(
    err: Any, raw_loc: Loc, model: type[BaseModel] | None
) -> tuple[str, str | None]:
    """One pydantic error's message for a user, and the valid name nearest to what was given."""
    kind, given = err["type"], err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        known = _field_names(_annotation_at(model, raw_loc[:-1]))
        hint = suggest(str(raw_loc[-1]), known) if raw_loc else None
        if known and not hint:
            return f"unknown field; expected one of: {', '.join(sorted(known))}", None
        return "unknown field", hint
    if kind == "missing":
        return "is required", None
    message = _clean_message(err["msg"])
    if "suggestion" in ctx:
        return message, ctx["suggestion"]
    annotation = _annotation_at(model, raw_loc)
    if isinstance(given, str) and kind in ("literal_error", "enum"):
        return message, suggest(given, _choices(annotation))
    tags = _union_tags(annotation)
    if isinstance(given, dict) and tags:
        keys = set(tags) | {f for _, m in _union_members(annotation) for f in _field_names(m)}
        unknown = [str(k) for k in given if str(k) not in keys]
        return message, suggest(unknown[0], tags) if unknown else None
    return message, None


def _strip_union_tags(loc: Loc) -> Loc:
    """Drop the tag names pydantic inserts for tagged unions (osteoplan's start with ``~``)."""
    return tuple(p for p in loc if not (isinstance(p, str) and p.startswith("~")))


def _clean_message(msg: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix) :]
    return msg[:1].lower() + msg[1:] if msg else msg


# --- reading the models: what is valid at an error's location ----------------------------------


def _annotation_at(model: type[BaseModel] | None, loc: Loc) -> Any:
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


def _field_names(annotation: Any) -> list[str]:
    """The field names (aliases where given) of the model inside ``annotation``."""
    fields = getattr(_inner_model(annotation), "model_fields", None) or {}
    return [info.alias or name for name, info in fields.items()]


def _choices(annotation: Any) -> list[str]:
    """Every value of the ``Literal`` types and enums inside ``annotation``."""
    if annotation is None or isinstance(annotation, str):
        return []
    if get_origin(annotation) is Literal:
        return [str(value) for value in get_args(annotation)]
    if isinstance(annotation, type):
        if issubclass(annotation, enum.Enum):
            return [str(member.value) for member in annotation]
        return []
    return [value for arg in get_args(annotation) for value in _choices(arg)]


def _union_members(annotation: Any) -> list[tuple[str, Any]]:
    """The ``(tag, member)`` pairs of the tagged union inside ``annotation``, if any."""
    found = []
    for meta in getattr(annotation, "__metadata__", ()):
        tag = getattr(meta, "tag", None)
        if isinstance(tag, str):
            found.append((tag, annotation.__origin__))
    for arg in getattr(annotation, "__args__", ()):
        found += _union_members(arg)
    return found


def _union_tags(annotation: Any) -> list[str]:
    """The member names of the tagged union inside ``annotation`` (``~cap`` -> ``cap``)."""
    return [tag.lstrip("~") for tag, _ in _union_members(annotation)]


def _tagged_member(annotation: Any, tag: str) -> Any:
    """The member of a tagged union (``Annotated[M, Tag(tag)]``) inside ``annotation``."""
    return next((member for name, member in _union_members(annotation) if name == tag), None)


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
