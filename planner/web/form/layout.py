"""The assessment form's fields, read off the profile model (as the CLI's flags are): each
field's widget from its kind, its choices from its type, its help from the profile template.

Only the grouping is written here, the way a clinician takes a history: the person, the
fractures, falls screening, ability and equipment, red flags. A field the groups do not name
still appears, under "Other", so a new profile field is never missing from the form.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from planner.profile.fields import SCHEMA, FieldSpec, ProfileSchema
from planner.profile.model import Fracture, Profile
from planner.rulebook import Rulebook
from planner.rulebook.describe import ABILITY_WORDS, RED_FLAG_WORDS
from planner.web.form.helptext import field_help

Widget = Literal["text", "textarea", "number", "date", "checkbox", "select", "checkboxes"]
#: The groups of the form, in order, and the profile fields each holds.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "About the person",
        ("id", "name", "age", "sex", "assessed_on", "bone_status", "t_score", "prior_fractures"),
    ),
    ("Fractures", ("fractures",)),
    (
        "Falls screening",
        (
            "falls_12m",
            "injurious_fall_12m",
            "long_lie_12m",
            "syncope_suspected",
            "unsteady",
            "fear_of_falling",
            "tug_s",
            "chair_stands",
            "balance_stage",
            "one_leg_s",
            "fall_risk",
        ),
    ),
    (
        "Ability and equipment",
        ("ability", "back_pain", "kyphosis", "supervision_available", "equipment", "lacks"),
    ),
    ("Red flags", ("red_flags",)),
    ("For the patient", ("note",)),
)
OTHER_GROUP = "Other"
#: Fields the Adjust page edits, not the assessment: kept as they are when the form is saved.
ADJUST_FIELDS = frozenset({"adjust", "preset"})
#: Where the model's description makes a poor label.
LABELS = {
    "id": "Patient id",
    "name": "Name",
    "note": "A note for the patient",
    "fall_risk": "Clinician's falls-risk grade",
    "t_score": "T-score",
    "assessed_on": "Date of assessment",
    "site": "Site",
    "approach": "Surgical approach (hip replacement)",
}
#: Said once for each fracture: the model wants one of the two.
FRACTURE_HINT = "Give the weeks since the fracture or its date, not both."
#: Text fields written as a paragraph.
PARAGRAPHS = frozenset({"note"})
_WIDGETS: dict[str, Widget] = {
    "text": "text",
    "int": "number",
    "float": "number",
    "date": "date",
    "bool": "checkbox",
    "choice": "select",
    "list": "checkboxes",
}
#: The library's words for the choices of a field, where it has them.
_CHOICE_WORDS = {
    "ability": ABILITY_WORDS,
    "red_flags": {k: v[:1].upper() + v[1:] for k, v in RED_FLAG_WORDS.items()},
}


@dataclass(frozen=True)
class Option:
    """One choice of a select or a group of checkboxes."""

    value: str
    label: str


@dataclass(frozen=True)
class FormField:
    """One profile field as the form shows it."""

    spec: FieldSpec
    label: str
    help: str
    widget: Widget
    options: tuple[Option, ...] = ()
    #: The empty choice of a select ("Not given"), or None when a choice is always made.
    blank: str | None = None
    #: What a new form holds.
    default: str = ""

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def required(self) -> bool:
        return self.spec.required or self.name == "id"

    def input_name(self, index: int | None = None) -> str:
        """The form's name for it: ``age``, or ``fractures-0-site`` in fracture ``index``."""
        return self.name if index is None else f"fractures-{index}-{self.name}"

    def input_id(self, index: int | None = None) -> str:
        """The element id: ``f-age``, ``f-fractures-0-site``."""
        return "f-" + self.input_name(index)

    @property
    def decimal(self) -> bool:
        return self.spec.kind == "float"


@dataclass(frozen=True)
class Group:
    """A fieldset of the form."""

    title: str
    fields: tuple[FormField, ...]
    fractures: bool = False

    @property
    def anchor(self) -> str:
        return "g-" + self.title.lower().replace(" ", "-")


@dataclass(frozen=True)
class FormLayout:
    """Every group of the assessment form and the fields of one fracture."""

    groups: tuple[Group, ...]
    fracture_fields: tuple[FormField, ...]

    @property
    def fields(self) -> tuple[FormField, ...]:
        """The profile's own fields, in the form's order."""
        return tuple(f for g in self.groups for f in g.fields)


def form_layout(book: Rulebook, schema: ProfileSchema = SCHEMA) -> FormLayout:
    """The form for ``schema``'s fields, equipment offered from ``book``."""
    return _layout(book, schema)


@cache
def _layout(book: Rulebook, schema: ProfileSchema) -> FormLayout:
    own = {spec.name: spec for spec in schema.fields if spec.name not in ADJUST_FIELDS}
    placed = {name for _, names in GROUPS for name in names}
    groups = []
    for title, names in GROUPS:
        if names == ("fractures",):
            groups.append(Group(title, (), fractures=True))
            continue
        fields = tuple(_field(own[n], book) for n in names if n in own)
        if fields:
            groups.append(Group(title, fields))
    rest = tuple(_field(spec, book) for name, spec in own.items() if name not in placed)
    if rest:
        groups.append(Group(OTHER_GROUP, rest))
    fracture = tuple(_field(spec, book) for spec in schema.fracture_fields)
    return FormLayout(tuple(groups), fracture)


def _field(spec: FieldSpec, book: Rulebook) -> FormField:
    label = LABELS.get(spec.name) or spec.help[:1].upper() + spec.help[1:]
    widget = "textarea" if spec.name in PARAGRAPHS else _WIDGETS[spec.kind]
    words = _CHOICE_WORDS.get(spec.name, {})
    options = tuple(Option(c, words.get(c) or _words(c)) for c in spec.choices)
    if spec.kind == "list" and not spec.choices:
        options = _equipment_options(spec.name, book)
    default = _model_default(spec) if widget in ("select", "number") else ""
    blank: str | None = None
    if widget == "select" and not default:
        blank = "Choose one" if spec.required else "Not given"
    return FormField(
        spec=spec,
        label=label,
        help=field_help(spec.name, spec.choices, fracture=spec.fracture, label=label),
        widget=widget,
        options=options,
        blank=blank,
        default=default,
    )


def _model_default(spec: FieldSpec) -> str:
    """The default a field has in the model (``unknown``, ``conservative``, ``0``), if any."""
    model = Fracture if spec.fracture else Profile
    info = model.model_fields.get(spec.name)
    value = None if info is None or info.is_required() else info.get_default()
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    return str(value)


def _equipment_options(name: str, book: Rulebook) -> tuple[Option, ...]:
    """Equipment to tick: what may be had besides the basics, or the basics one may lack."""
    names = book.equipment.household if name == "lacks" else book.equipment.on_request
    return tuple(Option(n, _sentence(book.equipment.labels.get(n, _words(n)))) for n in names)


def _words(value: str) -> str:
    return _sentence(value.replace("_", " "))


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]
