"""Reading YAML and JSON input with line numbers, and turning validation errors into problems.

Every file a user writes (profiles, rule files, the exercise library) is read here. The text is
composed once into PyYAML nodes, which keep each key's line, and built into plain data from those
same nodes, so a pydantic error location (``rules[2].when.fact``) maps back to ``file:line``.
Duplicate keys are an error: PyYAML would silently keep the last one, which in a safety rule could
drop a condition.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from planner.errors import Problem, suggest

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


def parse_yaml_text(text: str, path: Path | str) -> SourceDoc:
    """Parse YAML (JSON is YAML too) into data plus a key-path-to-line map.

    Raises:
        ValueError: carrying a :class:`Problem` as its first argument, for unreadable input.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines: dict[Loc, int] = {}
        data = None if node is None else _build(node, (), lines, loader)
    except _DuplicateKeyError as exc:
        raise ValueError(
            Problem(
                f"key '{exc.key}' appears twice (first on line {exc.first_line}); "
                "keep one, since a repeated key silently replaces the first",
                path=path,
                line=exc.line,
            )
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or str(exc)
        raise ValueError(Problem(f"not valid YAML or JSON: {what}", path=path, line=line)) from None
    except yaml.YAMLError as exc:
        raise ValueError(Problem(f"not valid YAML or JSON: {exc}", path=path)) from None
    finally:
        loader.dispose()
    return SourceDoc(path=path, data=data, lines=lines)


def read_source(path: Path) -> SourceDoc:
    """Read one YAML or JSON file; problems name the file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ValueError(Problem("file not found", path=path)) from None
    except IsADirectoryError:
        raise ValueError(Problem("is a folder, expected a YAML or JSON file", path=path)) from None
    except UnicodeDecodeError:
        raise ValueError(
            Problem("is not a UTF-8 text file; save it as UTF-8 YAML or JSON", path=path)
        ) from None
    if path.suffix.lower() == ".json":
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(
                Problem(f"not valid JSON: {exc.msg}", path=path, line=exc.lineno)
            ) from None
    return parse_yaml_text(text, path)


def loc_text(loc: Loc) -> str:
    """A key path written the way users read it: ``rules[2].then[0].exclude``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


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

    ``prefix`` is the key path of the validated object inside ``doc``. ``model`` lets an unknown
    key be matched against the field names of the model it was found in.
    """
    problems = []
    for err in error.errors(include_url=False):
        raw_loc = tuple(err["loc"])
        loc = _strip_union_tags(raw_loc)
        full = (*prefix, *loc)
        kind = err["type"]
        hint = None
        if kind == "extra_forbidden":
            message = "unknown field"
            known = _field_names_at(model, raw_loc[:-1]) if model is not None else []
            hint = suggest(str(loc[-1]), known) if loc else None
            if known and not hint:
                message += f"; expected one of: {', '.join(sorted(known))}"
        elif kind == "missing":
            message = "is required"
        elif kind in ("effect", "condition") and isinstance(err.get("input"), dict):
            message = err["msg"]
            options = err["msg"].split("one of: ", 1)[-1].split(", ")
            unknown = [str(k) for k in err["input"] if k not in options and k not in _MODIFIERS]
            hint = suggest(unknown[0], options) if unknown else None
        else:
            message = _clean_message(err["msg"])
            ctx = err.get("ctx") or {}
            if "expected" in ctx and isinstance(err.get("input"), str):
                options = [
                    o.strip(" '") for o in str(ctx["expected"]).replace(" or ", ",").split(",")
                ]
                hint = suggest(err["input"], [o for o in options if o])
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


#: Keys that may stand beside an effect's or condition's own key.
_MODIFIERS = {"when", "never_do", "reason", "waived_by", "if_planned"}


def _strip_union_tags(loc: Loc) -> Loc:
    """Drop the tag names pydantic inserts for tagged unions (osteoplan's start with ``~``)."""
    return tuple(p for p in loc if not (isinstance(p, str) and p.startswith("~")))


def _clean_message(msg: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix) :]
    return msg[:1].lower() + msg[1:] if msg else msg


def _field_names_at(model: type[BaseModel] | None, loc: Loc) -> list[str]:
    """Field names of the (nested) model found at ``loc`` inside ``model``, best effort.

    ``loc`` is pydantic's raw location, so a ``~tag`` part picks the member of a tagged union.
    """
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if isinstance(part, str) and part.startswith("~"):
            current = _tagged_member(current, part)
            continue
        current = _inner_model(current)
        fields = getattr(current, "model_fields", None)
        if not fields:
            return []
        by_alias = {info.alias or name: info for name, info in fields.items()}
        if part not in by_alias:
            return []
        current = by_alias[part].annotation
    current = _inner_model(current)
    fields = getattr(current, "model_fields", None)
    if not fields:
        return []
    return [info.alias or name for name, info in fields.items()]


def _tagged_member(annotation: Any, tag: str) -> Any:
    """The member of a tagged union (``Annotated[M, Tag(tag)]``) inside ``annotation``."""
    for meta in getattr(annotation, "__metadata__", ()):
        if getattr(meta, "tag", None) == tag:
            return annotation.__origin__
    for arg in getattr(annotation, "__args__", ()):
        found = _tagged_member(arg, tag)
        if found is not None:
            return found
    return None


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
