"""One schema for every way a profile arrives: CLI flags and batch CSV columns.

Both are read off the :class:`~planner.profile.model.Profile` and
:class:`~planner.profile.model.Fracture` models: the field names, the kind of each value (choices
from its ``Literal`` type) and the help from its ``Field`` description. A new profile field
therefore gets a flag, a CSV column and a place in the batch template at once. The few names
that differ from the field's (``--falls`` for ``falls_12m``) are listed here, as are the fields
that have no flag: a patient's name and note are never typed on a command line, where shell
history and process lists would keep them.
"""

from __future__ import annotations

import datetime as dt
import types
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from planner.profile.model import Profile

Kind = Literal["text", "int", "float", "bool", "date", "choice", "list"]

#: Fracture groups in a CSV row: ``fracture1_*`` to ``fracture3_*``.
MAX_FRACTURES = 3
#: Flags whose name is not the field's with ``-`` for ``_``.
FLAG_NAMES = {
    "falls_12m": "--falls",
    "injurious_fall_12m": "--injurious-fall",
    "long_lie_12m": "--long-lie",
    "syncope_suspected": "--syncope",
    "tug_s": "--tug",
    "red_flags": "--red-flag",
    "supervision_available": "--supervised",
    "date": "--fracture-date",
}
#: Patient text: read from files and CSV rows only.
NO_FLAG = frozenset({"name", "note"})
#: List fields given as one comma-separated flag (other lists repeat the flag).
COMMA_SEPARATED = frozenset({"equipment", "lacks", "rest_days"})
#: Columns moved after the others: the free-text note ends the patient's cells.
LAST_COLUMNS = ("note",)
#: The nested model whose fields are flags and columns of their own (``--drop``, ``drop``).
ADJUST = "adjust"
#: Adjustment fields with no flag or column: the patient's note is the profile's own ``note``.
ADJUST_HIDDEN = frozenset({"note"})
_SCALARS: dict[Any, Kind] = {bool: "bool", int: "int", float: "float", str: "text", dt.date: "date"}


@dataclass(frozen=True)
class FieldSpec:
    """One profile field (or one field of a fracture) as flags and columns see it."""

    name: str
    kind: Kind
    help: str
    choices: tuple[str, ...] = ()
    required: bool = False
    fracture: bool = False
    adjust: bool = False

    @property
    def flag(self) -> str | None:
        """``--age``; None for a field that is never a flag."""
        if self.name in NO_FLAG and not self.fracture and not self.adjust:
            return None
        return FLAG_NAMES.get(self.name, "--" + self.name.replace("_", "-"))

    @property
    def off_flag(self) -> str | None:
        """``--no-unsteady``: the explicit "no" of a yes/no field; None for other kinds."""
        if self.kind != "bool" or self.flag is None:
            return None
        return "--no-" + self.flag.removeprefix("--")

    @property
    def declaration(self) -> str:
        """The flag as click declares it: ``--unsteady/--no-unsteady`` for a yes/no field (True
        given the first, False given the second, None given neither), else :attr:`flag`."""
        if self.flag is None:
            raise ValueError(f"profile field '{self.name}' has no flag")
        return f"{self.flag}/{self.off_flag}" if self.off_flag else self.flag

    @property
    def dest(self) -> str:
        """The flag's parameter name, apart from every command's own options."""
        if self.adjust:
            return f"adjust_{self.name}"
        return f"fracture_{self.name}" if self.fracture else self.name

    @property
    def comma_separated(self) -> bool:
        """A list given as one flag, ``--equipment a,b``, rather than a repeated flag."""
        return self.kind == "list" and self.name in COMMA_SEPARATED

    def column(self, number: int = 1) -> str:
        """The CSV column: ``age``, or ``fracture<number>_site`` for a fracture's field."""
        return f"fracture{number}_{self.name}" if self.fracture else self.name


@dataclass(frozen=True)
class ProfileSchema:
    """The fields of a profile model: its own, and those of each fracture."""

    fields: tuple[FieldSpec, ...]
    fracture_fields: tuple[FieldSpec, ...]
    adjust_fields: tuple[FieldSpec, ...] = ()

    @cached_property
    def columns(self) -> tuple[str, ...]:
        """Every CSV column, in the batch template's order."""
        own = [f.name for f in self.fields if f.name not in LAST_COLUMNS]
        own += [name for name in LAST_COLUMNS if any(f.name == name for f in self.fields)]
        groups = [f.column(n) for n in range(1, MAX_FRACTURES + 1) for f in self.fracture_fields]
        return (*own, *groups, *(f.name for f in self.adjust_fields))

    @cached_property
    def required_columns(self) -> tuple[str, ...]:
        """Columns a batch cannot do without (the profile requires them)."""
        return tuple(f.name for f in self.fields if f.required)

    @cached_property
    def flags(self) -> tuple[FieldSpec, ...]:
        """Every field that has a flag: the profile's, then one fracture's."""
        return tuple(f for f in self.fields + self.fracture_fields + self.adjust_fields if f.flag)

    def field(self, name: str, *, fracture: bool = False, adjust: bool = False) -> FieldSpec | None:
        """The field called ``name`` (a fracture's with ``fracture``, an adjustment's with
        ``adjust``), if there is one."""
        fields = self.fracture_fields if fracture else self.adjust_fields if adjust else self.fields
        return next((f for f in fields if f.name == name), None)

    def adjust_field(self, name: str) -> FieldSpec | None:
        """The adjustment field called ``name`` (``drop``, ``rest_days``), if there is one."""
        return self.field(name, adjust=True)

    def flag_for(self, path: str | None) -> str | None:
        """The flag behind a field path of a profile made from flags (``fractures[0].site`` ->
        ``--site``, ``equipment[1]`` -> ``--equipment``), or ``path`` when there is none."""
        if not path:
            return path
        head, _, rest = path.partition(".")
        if head == "fractures[0]":
            spec = self.field(rest.split("[", 1)[0], fracture=True)
        elif head == ADJUST:
            spec = self.adjust_field(rest.split("[", 1)[0].split(".", 1)[0])
        else:
            spec = self.field(head.split("[", 1)[0])
        return (spec.flag if spec else None) or path


def profile_schema(model: type[BaseModel] = Profile) -> ProfileSchema:
    """The schema of ``model`` (a profile model: :class:`Profile` or a subclass of it)."""
    fields: list[FieldSpec] = []
    fracture: tuple[FieldSpec, ...] = ()
    adjust: tuple[FieldSpec, ...] = ()
    for name, info in model.model_fields.items():
        if name == ADJUST:
            inner_model = _bare(info.annotation)
            adjust = tuple(
                _spec(n, i, adjust=True)
                for n, i in inner_model.model_fields.items()
                if n not in ADJUST_HIDDEN
            )
            continue
        inner = _nested_model(info.annotation)
        if inner is not None:
            fracture = _specs(inner, fracture=True)
            continue
        fields.append(_spec(name, info, fracture=False))
    return ProfileSchema(tuple(fields), fracture, adjust)


def _specs(model: type[BaseModel], *, fracture: bool) -> tuple[FieldSpec, ...]:
    return tuple(_spec(name, info, fracture=fracture) for name, info in model.model_fields.items())


def _spec(name: str, info: Any, *, fracture: bool = False, adjust: bool = False) -> FieldSpec:
    kind, choices = _kind(name, info.annotation)
    return FieldSpec(
        name=name,
        kind=kind,
        help=info.description or name.replace("_", " "),
        choices=choices,
        required=info.is_required() and not adjust,
        fracture=fracture,
        adjust=adjust,
    )


def _kind(name: str, annotation: Any) -> tuple[Kind, tuple[str, ...]]:
    """The kind of a field's values and, for choices, the values allowed."""
    bare = _bare(annotation)
    if get_origin(bare) is Literal:
        return "choice", tuple(str(v) for v in get_args(bare))
    if bare in _SCALARS:
        return _SCALARS[bare], ()
    if isinstance(bare, type) and issubclass(bare, BaseModel):
        return "text", ()  # an entry written as one line (an adjustment's reason)
    if get_origin(bare) in (tuple, list):
        item = _bare(get_args(bare)[0])
        choices = tuple(str(v) for v in get_args(item)) if get_origin(item) is Literal else ()
        if choices or item is str or (isinstance(item, type) and issubclass(item, BaseModel)):
            return "list", choices
    raise TypeError(f"profile field '{name}': no flag or CSV column can hold {annotation!r}")


def _bare(annotation: Any) -> Any:
    """``annotation`` without ``None``, ``Annotated`` metadata or a one-member union."""
    if get_origin(annotation) in (Union, types.UnionType):
        members = [a for a in get_args(annotation) if a is not type(None)]
        if len(members) == 1:
            return _bare(members[0])
        return annotation
    metadata = getattr(annotation, "__metadata__", None)
    return _bare(annotation.__origin__) if metadata else annotation


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model of a list-of-models field such as ``fractures``, if it is one."""
    bare = _bare(annotation)
    if get_origin(bare) in (tuple, list):
        item = _bare(get_args(bare)[0])
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
    return None


#: The schema of :class:`Profile` itself.
SCHEMA = profile_schema()
