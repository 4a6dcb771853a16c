"""Options shared by commands: a profile from a file and/or flags, the plan's length, a rulebook.

The profile flags are made from :data:`planner.profile.fields.SCHEMA`, so each profile field
has its flag (with its choices and its help) without being listed here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from planner.errors import ProfileError, UserError
from planner.profile.adjust import Adjustments
from planner.profile.fields import SCHEMA, FieldSpec, ProfileSchema
from planner.profile.model import EquipmentNames, Profile, load_profile, profile_from_data

if TYPE_CHECKING:
    from planner.rulebook import Rulebook

F = Callable[..., Any]
#: Said of the first fracture flag: the flags describe a single fracture.
ONE_FRACTURE = "one fracture; replaces the file's list"
_TYPES: dict[str, Any] = {"int": int, "float": float}
_METAVARS = {"date": "YYYY-MM-DD", "list": "A,B"}


def field_option(spec: FieldSpec, *, note: str = "") -> Callable[[F], F]:
    """The flag of one profile field: its type, choices and help from the schema."""
    if spec.flag is None:
        raise ValueError(f"profile field '{spec.name}' has no flag")
    help_text = spec.help
    if spec.kind == "list":
        help_text += " (comma-separated)" if spec.comma_separated else " (repeatable)"
    if note:
        help_text += f" ({note})"
    if spec.kind == "bool":
        return click.option(spec.declaration, spec.dest, default=None, help=help_text)
    if spec.comma_separated and spec.choices:
        help_text += f"; from {', '.join(spec.choices)}"
    kind: Any = (
        click.Choice(spec.choices)
        if spec.choices and not spec.comma_separated
        else _TYPES.get(spec.kind, str)
    )
    return click.option(
        spec.flag,
        spec.dest,
        type=kind,
        multiple=spec.kind == "list" and not spec.comma_separated,
        metavar=_METAVARS.get(spec.kind) if not spec.choices else None,
        help=help_text,
    )


def profile_options(func: F, schema: ProfileSchema = SCHEMA) -> F:
    """Add PROFILE, a flag per profile field (one fracture's fields too) and ``--rules``."""
    options: list[Callable[[F], F]] = [
        click.argument("profile", required=False, type=click.Path(path_type=Path))
    ]
    first_fracture = next((f for f in schema.flags if f.fracture), None)
    for spec in schema.flags:
        options.append(field_option(spec, note=ONE_FRACTURE if spec is first_fracture else ""))
    options.append(rules_option)
    for option in reversed(options):
        func = option(func)
    return func


rules_option = click.option(
    "--rules",
    "rules_path",
    type=click.Path(path_type=Path),
    help="a rulebook folder (default: the built-in rules)",
)

weeks_option = click.option(
    "--weeks",
    "n_weeks",
    type=click.IntRange(1, 52),
    default=12,
    show_default=True,
    help="length of the plan in weeks",
)


def flag_data(values: dict[str, Any], schema: ProfileSchema = SCHEMA) -> dict[str, Any]:
    """Profile data from the flags given (``None`` and empty repeats are not given)."""
    data: dict[str, Any] = {}
    fracture: dict[str, Any] = {}
    adjust: dict[str, Any] = {}
    for spec in schema.flags:
        value = values.get(spec.dest)
        if spec.comma_separated and isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        elif isinstance(value, tuple):
            value = list(value) or None
        if value is not None:
            (fracture if spec.fracture else adjust if spec.adjust else data)[spec.name] = value
    if fracture:
        data["fractures"] = [fracture]
    if adjust:
        data["adjust"] = adjust
    return data


def resolve_profile(
    profile_path: Path | None,
    values: dict[str, Any],
    schema: ProfileSchema = SCHEMA,
    *,
    book: Rulebook | None = None,
) -> Profile:
    """A profile from a file, from flags, or a file with flags laid over it.

    Problems with a flag's value name the flag (``--age``), not a field of the file; with
    ``book``, equipment names are checked against its vocabulary, each at its line.
    """
    flags = flag_data(values, schema)
    equipment = EquipmentNames(book.household, book.vocabulary) if book is not None else None
    if profile_path is None and not flags:
        raise UserError.single(
            "give a profile file (see 'osteoplan profile-template') or flags such as "
            "--age 74 --ability limited"
        )
    try:
        if profile_path is not None:
            profile = load_profile(profile_path, flags, equipment=equipment)
        else:
            profile = profile_from_data(flags, equipment=equipment)
        if book is not None:
            from planner.tailor.names import check_names

            check_names(profile, book)
        return profile
    except ProfileError as exc:
        for problem in exc.problems:
            if _from_flags(problem.field, flags):
                problem.field = schema.flag_for(problem.field)
                problem.path = problem.line = None
            elif problem.path is None and profile_path is not None:
                problem.path = profile_path
        raise


def _from_flags(field: str | None, flags: dict[str, Any]) -> bool:
    """Whether the field path of a problem (``fractures[0].site``) holds a flag's value."""
    head = (field or "").partition(".")[0].split("[", 1)[0]
    return head in flags


def load_book(path: Path | None) -> Rulebook:
    """The rulebook at ``path`` (default: the built-in one)."""
    from planner.rulebook import load_rulebook

    return load_rulebook(path)


clinic_option = click.option(
    "--clinic",
    "clinic_path",
    type=click.Path(path_type=Path),
    help="a clinic file (YAML); a profile's 'preset' names one of its presets",
)


def load_presets(path: Path | None) -> dict[str, Adjustments] | None:
    """The presets of the clinic file at ``path``; None without one."""
    if path is None:
        return None
    from planner.render.clinic import load_clinic

    return dict(load_clinic(path).presets)
