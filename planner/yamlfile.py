"""Reading YAML and JSON input with line numbers, and turning validation errors into problems.

Every file a user writes (profiles, rule files, the exercise library) is read here. The text is
composed once into PyYAML nodes, which keep each key's line, and built into plain data from those
same nodes, so a pydantic error location (``rules[2].when.fact``) maps back to ``file:line``.
Duplicate keys are an error: PyYAML would silently keep the last one, which in a safety rule could
drop a condition. Input is bounded, so a hostile file fails fast with a located error instead of
exhausting memory: at most :data:`MAX_BYTES` of text, :data:`MAX_DEPTH` levels of nesting,
:data:`MAX_VALUES` values once aliases are expanded and keys of at most :data:`MAX_KEY_CHARS`
characters; no real profile, clinic file or rule file comes near them. Did-you-mean hints come
from the models themselves (field names, ``Literal`` choices, the tags of a tagged union), from
a validator's :func:`hinted_error` or from a table of synonyms, never from message text.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from planner.errors import Problem, SourceError, suggest
from planner.modelinfo import annotation_at, choices, field_names, union_members, union_tags

Loc = tuple[str | int, ...]
#: libyaml's parser where installed (about ten times faster), PyYAML's own otherwise.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: The largest file read (the biggest rule file is under 50 KB, a profile under 3 KB).
MAX_BYTES = 1_000_000
#: The deepest nesting of mappings and lists (the rules go 10 deep, a profile 3).
MAX_DEPTH = 20
#: The most values (keys, items and scalars, aliases expanded) in one file (the rules: 3,500).
MAX_VALUES = 20_000
#: The longest key.
MAX_KEY_CHARS = 200
#: Python's limit on the digits of an integer read from text.
_MAX_DIGITS = 4300


class _JsonLoader(_Loader):  # type: ignore[misc]
    """The YAML loader reading numbers as JSON does: ``1e5`` and ``1.5e3`` are numbers."""


yaml.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?[eE][-+]?[0-9]+$"),
    list("-0123456789"),
    Loader=_JsonLoader,
)


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


class _InputError(Exception):
    """Something in the text that is refused, at a line (and a key path)."""

    def __init__(self, message: str, line: int | None, loc: Loc = ()) -> None:
        super().__init__(message)
        self.message, self.line, self.field = message, line, loc_text(loc) or None


_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[Tt ])")


def date_problem(year: int, month: int, day: int) -> str | None:
    """Why year-month-day is no date ("day 30 of February"), or None for a real date."""
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if year < 1:
        return "there is no year 0"
    try:
        dt.date(year, month, day)
    except ValueError:
        leap = " in a year that is not a leap year" if (month, day) == (2, 29) else ""
        return f"day {day} of {_MONTHS[month - 1]}{leap}"
    return None


def impossible_date(text: str) -> str:
    """The message for a date written YYYY-MM-DD that does not exist."""
    found = _YMD.match(text.strip())
    why = date_problem(*(int(g) for g in found.groups())) if found else None
    return f"not a real date ({why})" if why else "not a date; write it as YYYY-MM-DD"


_TOO_BIG = (
    f"has more than {MAX_VALUES:,} values (aliases counted in full); a real file has far fewer: "
    "check for aliases ('*name') that repeat large parts"
)
TOO_DEEP = (
    f"is nested more than {MAX_DEPTH} levels deep; a real file is not: check for an alias "
    "('*name') inside the part it names"
)


class _Builder:
    """Plain data from composed nodes, bounded in depth and size, with the line of every key."""

    def __init__(self, constructor: Any) -> None:
        self.constructor = constructor
        self.lines: dict[Loc, int] = {}
        self.values = 0

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        line = node.start_mark.line + 1
        self.values += 1
        if self.values > MAX_VALUES:
            raise _InputError(_TOO_BIG, line)
        if len(loc) > MAX_DEPTH:
            raise _InputError(TOO_DEEP, line)
        self.lines[loc] = line
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        return self._scalar(node, loc)

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        first: dict[Any, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag.endswith(":merge"):
                raise _InputError(
                    "YAML merge keys ('<<') are not supported; write the keys out in full", line
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise _InputError(
                    "a key must be a plain name, not a list or a mapping; check the indentation "
                    "and the brackets",
                    line,
                )
            if len(key_node.value) > MAX_KEY_CHARS:
                raise _InputError(
                    f"a key longer than {MAX_KEY_CHARS} characters; keys are field names", line
                )
            key = self._scalar(key_node, loc)
            if isinstance(key, bool):  # YAML 1.1 reads the names on, off, yes and no as yes/no
                key = key_node.value
            if key in first:
                raise _DuplicateKeyError(str(key), line, first[key])
            first[key] = line
            out[key] = self.build(value_node, (*loc, key))
            self.lines[(*loc, key)] = line
        return out

    def _scalar(self, node: yaml.Node, loc: Loc) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except ValueError:
            line = node.start_mark.line + 1
            if node.tag.endswith(":timestamp"):
                message = f"{impossible_date(str(node.value))}; dates are written YYYY-MM-DD"
            elif node.tag.endswith(":int"):
                message = f"a number of more than {_MAX_DIGITS:,} digits; check this value"
            else:
                message = "a value that cannot be read; check this value"
            raise _InputError(message, line, loc) from None


def parse_yaml_text(
    text: str, path: Path | str, error: type[SourceError] = SourceError
) -> SourceDoc:
    """Parse YAML (JSON is YAML too) into data plus a key-path-to-line map.

    Raises:
        SourceError: (or the ``error`` subclass given) for text that is not YAML or JSON.
    """
    if len(text) > MAX_BYTES:
        raise error.single(_too_long(len(text)), path=path) from None
    loader = (_JsonLoader if str(path).lower().endswith(".json") else _Loader)(text)
    builder = _Builder(loader)
    try:
        node = loader.get_single_node()
        data = None if node is None else builder.build(node, ())
    except _InputError as exc:
        raise error.single(exc.message, path=path, line=exc.line, field=exc.field) from None
    except RecursionError:
        raise error.single(TOO_DEEP, path=path) from None
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
        if "nesting depth" in what:
            raise error.single(TOO_DEEP, path=path, line=line) from None
        raise error.single(f"not valid YAML or JSON: {what}", path=path, line=line) from None
    except yaml.YAMLError as exc:
        raise error.single(f"not valid YAML or JSON: {exc}", path=path) from None
    finally:
        loader.dispose()
    return SourceDoc(path=path, data=data, lines=builder.lines)


def _too_long(size: int) -> str:
    return (
        f"is {size:,} bytes, more than the {MAX_BYTES:,} a profile, clinic or rule file may be; "
        "check that it is the right file"
    )


def read_bounded(
    path: Path, limit: int, kind: str, error: type[SourceError] = SourceError
) -> bytes:
    """At most ``limit + 1`` bytes of the file (more than ``limit``: the caller says it is too
    big); a missing file or a folder is a problem naming the file and the ``kind`` expected."""
    try:
        with path.open("rb") as file:
            return file.read(limit + 1)
    except FileNotFoundError:
        raise error.single("file not found", path=path) from None
    except IsADirectoryError:
        raise error.single(f"is a folder, expected {kind}", path=path) from None


def read_source(path: Path, error: type[SourceError] = SourceError) -> SourceDoc:
    """Read one YAML or JSON file; problems name the file.

    Raises:
        SourceError: (or the ``error`` subclass given) for a file that cannot be read or parsed.
    """
    raw = read_bounded(path, MAX_BYTES, "a YAML or JSON file", error)
    if len(raw) > MAX_BYTES:
        raise error.single(_too_long(path.stat().st_size), path=path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise error.single(
            "is not a UTF-8 text file; save it as UTF-8 YAML or JSON", path=path
        ) from None
    if path.suffix.lower() == ".json":
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            raise error.single(f"not valid JSON: {exc.msg}", path=path, line=exc.lineno) from None
        except RecursionError:
            raise error.single(TOO_DEEP, path=path) from None
        except ValueError:
            pass  # a number too long: reading it as YAML names its line
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


def located_error(message: str, at: Loc) -> PydanticCustomError:
    """A model validator's error about one of its fields, ``at`` that field's key path.

    ``raise located_error("is after assessed_on", ("fractures", 0, "date"))`` becomes a
    :class:`Problem` naming ``fractures[0].date`` and its line, not the whole model.
    """
    return PydanticCustomError("located", "{message}", {"message": message, "at": list(at)})


def validation_problems(
    error: ValidationError,
    doc: SourceDoc | None,
    *,
    model: type[BaseModel] | None = None,
    prefix: Loc = (),
    row: int | None = None,
    path: Path | str | None = None,
    synonyms: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Turn a pydantic ``ValidationError`` into located problems with did-you-mean hints.

    ``prefix`` is the key path of the validated object inside ``doc``. ``model`` is the model
    validated: the hints for an unknown key, a value outside a ``Literal`` and a mapping that is
    no member of a tagged union come from its fields. ``synonyms`` maps words people use to the
    valid names they mean (``frame`` -> ``walking_aid``), for hints spelling cannot find.
    """
    problems = []
    for err in error.errors(include_url=False):
        raw_loc = tuple(err["loc"])
        loc = _stripunion_tags(raw_loc)
        full = (*prefix, *loc, *((err.get("ctx") or {}).get("at") or ()))
        message, hint = _message_and_hint(err, raw_loc, model, synonyms or {})
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
    err: Any, raw_loc: Loc, model: type[BaseModel] | None, synonyms: Mapping[str, str]
) -> tuple[str, str | None]:
    """One pydantic error's message for a user, and the valid name nearest to what was given."""
    kind, given = err["type"], err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        known = field_names(annotation_at(model, raw_loc[:-1]))
        hint = suggest(str(raw_loc[-1]), known) if raw_loc else None
        if known and not hint:
            return f"unknown field; expected one of: {', '.join(sorted(known))}", None
        return "unknown field", hint
    if kind == "missing":
        return "is required", None
    message = _clean_message(err["msg"])
    if "suggestion" in ctx:
        return message, ctx["suggestion"]
    annotation = annotation_at(model, raw_loc)
    if isinstance(given, str) and kind in ("literal_error", "enum"):
        valid = choices(annotation)
        meant = synonyms.get(given.strip().lower().replace(" ", "_").replace("-", "_"))
        return message, meant if meant in valid else suggest(given, valid)
    tags = union_tags(annotation)
    if isinstance(given, dict) and tags:
        keys = set(tags) | {f for _, m in union_members(annotation) for f in field_names(m)}
        unknown = [str(k) for k in given if str(k) not in keys]
        return message, suggest(unknown[0], tags) if unknown else None
    return message, None


def _stripunion_tags(loc: Loc) -> Loc:
    """Drop the tag names pydantic inserts for tagged unions (osteoplan's start with ``~``)."""
    return tuple(p for p in loc if not (isinstance(p, str) and p.startswith("~")))


def _clean_message(msg: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix) :]
    return msg[:1].lower() + msg[1:] if msg else msg
