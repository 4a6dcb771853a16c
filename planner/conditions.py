"""Typed conditions over a profile, and predicates over exercises, as written in rule files.

A rule's ``when`` is a tree of :data:`Condition` nodes, each a YAML mapping recognised by its key::

    all: [...]    any: [...]    not: {...}
    fact: fall_risk         ge: intermediate         (eq ne lt le gt ge in contains contains_any)
    fracture: {site: [hip], treatment: [arthroplasty], weeks_under: 12}       (some fracture)
    every_fracture: {of: {site: [wrist]}, are: {cleared: true, weeks_at_least: 12}}

:class:`ExerciseMatch` selects exercises for exclusions, requirements and warnings. Both are
validated when the rulebook loads; evaluation here is pure and cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

from planner.errors import suggest
from planner.facts import FACTS, is_healing, window_under
from planner.library import Exercise
from planner.profile import Fracture, Profile
from planner.vocabulary import (
    LEVEL_TAGS,
    Ability,
    AerobicLevel,
    Approach,
    BoolTag,
    Cause,
    Component,
    ImpactLevel,
    Position,
    Region,
    Site,
    Treatment,
)


class _Node(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- conditions over a profile ------------------------------------------------------------------

Op = Literal["eq", "ne", "lt", "le", "gt", "ge", "in", "contains", "contains_any"]
_OPS: tuple[Op, ...] = ("eq", "ne", "lt", "le", "gt", "ge", "in", "contains", "contains_any")
_OP_WORDS = {
    "eq": "is",
    "ne": "is not",
    "lt": "<",
    "le": "<=",
    "gt": ">",
    "ge": ">=",
    "in": "is one of",
    "contains": "includes",
    "contains_any": "includes any of",
}
_KIND_OPS = {
    "bool": {"eq", "ne"},
    "number": {"eq", "ne", "lt", "le", "gt", "ge", "in"},
    "ordered": {"eq", "ne", "lt", "le", "gt", "ge", "in"},
    "choice": {"eq", "ne", "in"},
    "set": {"contains", "contains_any"},
}


class FactTest(_Node):
    """Compare one fact with a value: ``{fact: age, ge: 65}``."""

    fact: str
    eq: Any = None
    ne: Any = None
    lt: Any = None
    le: Any = None
    gt: Any = None
    ge: Any = None
    in_: list[Any] | None = Field(None, alias="in")
    contains: Any = None
    contains_any: list[Any] | None = None

    @field_validator("fact")
    @classmethod
    def _known_fact(cls, fact: str) -> str:
        if fact not in FACTS:
            hint = suggest(fact, FACTS)
            raise ValueError(
                f"unknown fact '{fact}'" + (f" (did you mean '{hint}'?)" if hint else "")
            )
        return fact

    @model_validator(mode="after")
    def _check(self) -> FactTest:
        spec = FACTS[self.fact]
        given = [op for op in _OPS if self._value(op) is not None]
        if len(given) != 1:
            raise ValueError(
                f"fact '{self.fact}' needs exactly one comparison of: "
                + ", ".join(sorted(_KIND_OPS[spec.kind]))
            )
        op = given[0]
        if op not in _KIND_OPS[spec.kind]:
            raise ValueError(
                f"'{op}' does not apply to {spec.kind} fact '{self.fact}'; use one of: "
                + ", ".join(sorted(_KIND_OPS[spec.kind]))
            )
        values = self._value(op)
        for value in values if isinstance(values, list) else [values]:
            _check_fact_value(self.fact, value)
        return self

    @property
    def op(self) -> Op:
        return next(op for op in _OPS if self._value(op) is not None)

    def _value(self, op: str) -> Any:
        return self.in_ if op == "in" else getattr(self, op)


def _check_fact_value(fact: str, value: Any) -> None:
    spec = FACTS[fact]
    ok = {
        "bool": isinstance(value, bool),
        "number": isinstance(value, int | float) and not isinstance(value, bool),
        "ordered": value in spec.choices,
        "choice": value in spec.choices,
        "set": value in spec.choices,
    }[spec.kind]
    if not ok:
        expected = ", ".join(spec.choices) if spec.choices else f"a {spec.kind}"
        hint = suggest(str(value), spec.choices) if spec.choices else None
        raise ValueError(
            f"fact '{fact}' cannot be {value!r}; expected {expected}"
            + (f" (did you mean '{hint}'?)" if hint else "")
        )


class FractureMatch(_Node):
    """What a fracture must be like; every given field must hold."""

    site: list[Site] | None = None
    treatment: list[Treatment] | None = None
    approach: list[Approach] | None = None
    cause: list[Cause] | None = None
    cleared: bool | None = None
    in_cast: bool | None = None
    healing: bool | None = None
    weeks_under: float | None = Field(
        None, gt=0, description="window '< N weeks', still holding at N weeks unless cleared"
    )
    weeks_at_least: float | None = Field(None, ge=0)
    weeks_at_most: float | None = Field(None, gt=0)

    def holds(self, profile: Profile, fracture: Fracture) -> bool:
        weeks = profile.weeks_since(fracture)
        checks: list[Callable[[], bool]] = [
            lambda: self.site is None or fracture.site in self.site,
            lambda: self.treatment is None or fracture.treatment in self.treatment,
            lambda: self.approach is None or fracture.effective_approach in self.approach,
            lambda: self.cause is None or fracture.cause in self.cause,
            lambda: self.cleared is None or fracture.cleared == self.cleared,
            lambda: self.in_cast is None or fracture.in_cast == self.in_cast,
            lambda: self.healing is None or is_healing(profile, fracture) == self.healing,
            lambda: (
                self.weeks_under is None or window_under(weeks, self.weeks_under, fracture.cleared)
            ),
            lambda: self.weeks_at_least is None or weeks >= self.weeks_at_least,
            lambda: self.weeks_at_most is None or weeks <= self.weeks_at_most,
        ]
        return all(check() for check in checks)

    def boundaries(self) -> list[float]:
        """Week counts at which this match can change for a fracture, for review dates."""
        return [w for w in (self.weeks_under, self.weeks_at_least, self.weeks_at_most) if w]


class FractureTest(_Node):
    """Some listed fracture matches: ``{fracture: {site: [wrist], weeks_under: 6}}``."""

    fracture: FractureMatch


class EveryFracture(_Node):
    """At least one fracture matches ``of``, and every one that does also matches ``are``."""

    class Spec(_Node):
        of: FractureMatch
        are: FractureMatch

    every_fracture: Spec


class All(_Node):
    all: list[Condition] = Field(min_length=1)


class AnyOf(_Node):
    any: list[Condition] = Field(min_length=1)


class Not(_Node):
    not_: Condition = Field(alias="not")


_CONDITION_KEYS = {
    "all": "~all",
    "any": "~any",
    "not": "~not",
    "fact": "~fact",
    "fracture": "~fracture",
    "every_fracture": "~every_fracture",
}


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


def _condition_tag(value: Any) -> str | None:
    return tag_by_key(value, _CONDITION_KEYS)


Condition = Annotated[
    Union[  # noqa: UP007 (pydantic needs the Union form for tagged members)
        Annotated[All, Tag("~all")],
        Annotated[AnyOf, Tag("~any")],
        Annotated[Not, Tag("~not")],
        Annotated[FactTest, Tag("~fact")],
        Annotated[FractureTest, Tag("~fracture")],
        Annotated[EveryFracture, Tag("~every_fracture")],
    ],
    Discriminator(
        _condition_tag,
        custom_error_type="condition",
        custom_error_message=(
            "a condition is a mapping with exactly one of: all, any, not, fact, fracture, "
            "every_fracture"
        ),
    ),
]
All.model_rebuild()
AnyOf.model_rebuild()
Not.model_rebuild()


def holds(condition: Condition | None, profile: Profile, facts: dict[str, Any]) -> bool:
    """Whether ``condition`` holds for this profile (``None`` means always)."""
    if condition is None:
        return True
    if isinstance(condition, All):
        return all(holds(c, profile, facts) for c in condition.all)
    if isinstance(condition, AnyOf):
        return any(holds(c, profile, facts) for c in condition.any)
    if isinstance(condition, Not):
        return not holds(condition.not_, profile, facts)
    if isinstance(condition, FractureTest):
        return any(condition.fracture.holds(profile, f) for f in profile.fractures)
    if isinstance(condition, EveryFracture):
        spec = condition.every_fracture
        chosen = [f for f in profile.fractures if spec.of.holds(profile, f)]
        return bool(chosen) and all(spec.are.holds(profile, f) for f in chosen)
    return _fact_holds(condition, facts[condition.fact])


def _fact_holds(test: FactTest, actual: Any) -> bool:
    op, expected = test.op, test._value(test.op)
    spec = FACTS[test.fact]
    if spec.kind == "set":
        return expected in actual if op == "contains" else bool(actual & set(expected))
    if actual is None:
        return False
    if op == "eq":
        return bool(actual == expected)
    if op == "ne":
        return bool(actual != expected)
    if op == "in":
        return actual in expected
    if spec.kind == "ordered":
        actual, expected = spec.choices.index(actual), spec.choices.index(expected)
    return {
        "lt": actual < expected,
        "le": actual <= expected,
        "gt": actual > expected,
        "ge": actual >= expected,
    }[op]


def describe(condition: Condition | None, profile: Profile, facts: dict[str, Any]) -> list[str]:
    """The parts of a holding condition that made it hold, in plain clinical words."""
    if condition is None:
        return ["applies to everyone"]
    if isinstance(condition, All):
        return [line for c in condition.all for line in describe(c, profile, facts)]
    if isinstance(condition, AnyOf):
        for c in condition.any:
            if holds(c, profile, facts):
                return describe(c, profile, facts)
        return []
    if isinstance(condition, Not):
        return [f"not ({'; '.join(_text(condition.not_))})"]
    if isinstance(condition, FractureTest | EveryFracture):
        match = (
            condition.fracture
            if isinstance(condition, FractureTest)
            else condition.every_fracture.of
        )
        found = [
            f"{f.site} fracture ({f.treatment}, {profile.weeks_since(f):g} weeks)"
            for f in profile.fractures
            if match.holds(profile, f)
        ]
        return [f"{'; '.join(_text(condition))}: {', '.join(found)}"]
    actual = facts[condition.fact]
    if condition.op == "eq":
        return _text(condition)
    if isinstance(actual, frozenset):
        actual = ", ".join(sorted(actual))
    return [f"{'; '.join(_text(condition))} (it is {actual})"]


def _text(condition: Condition) -> list[str]:
    """A condition written out, for explanations."""
    if isinstance(condition, FactTest):
        value = condition._value(condition.op)
        shown = ", ".join(map(str, value)) if isinstance(value, list) else value
        if isinstance(value, bool):
            shown = "true" if value else "false"
        return [f"{condition.fact} {_OP_WORDS[condition.op]} {shown}"]
    if isinstance(condition, FractureTest):
        return [f"a fracture with {_match_text(condition.fracture)}"]
    if isinstance(condition, EveryFracture):
        spec = condition.every_fracture
        return [f"every fracture with {_match_text(spec.of)} has {_match_text(spec.are)}"]
    if isinstance(condition, Not):
        return [f"not ({'; '.join(_text(condition.not_))})"]
    parts = condition.all if isinstance(condition, All) else condition.any
    joiner = " and " if isinstance(condition, All) else " or "
    return [joiner.join("; ".join(_text(c)) for c in parts)]


def _match_text(match: _Node) -> str:
    fields = match.model_dump(exclude_none=True)
    return ", ".join(
        f"{k}={'/'.join(map(str, v)) if isinstance(v, list) else v}" for k, v in fields.items()
    )


def fracture_matches(condition: Condition | None) -> list[FractureMatch]:
    """Every fracture match inside a condition, for finding window boundaries."""
    if condition is None or isinstance(condition, FactTest):
        return []
    if isinstance(condition, FractureTest):
        return [condition.fracture]
    if isinstance(condition, EveryFracture):
        return [condition.every_fracture.of, condition.every_fracture.are]
    if isinstance(condition, Not):
        return fracture_matches(condition.not_)
    parts = condition.all if isinstance(condition, All) else condition.any
    return [m for c in parts for m in fracture_matches(c)]


# --- predicates over exercises ---------------------------------------------------------------


class ExerciseMatch(_Node):
    """Which exercises an effect is about; every given field must hold (lists mean any of).

    ``tag`` holds when any of the listed boolean safety tags is true. ``any_of`` holds when any of
    its predicates holds, so ``{any_of: [{slug: [a]}, {component: [aerobic]}]}`` reads "a, or any
    aerobic exercise".
    """

    slug: list[str] | None = None
    component: list[Component] | None = None
    position: list[Position] | None = None
    position_not_in: list[Position] | None = None
    region: list[Region] | None = None
    tag: list[BoolTag] | None = None
    impact: list[ImpactLevel] | None = None
    aerobic_intensity: list[AerobicLevel] | None = None
    balance_challenge: list[ImpactLevel] | None = None
    ability_lacks: list[Ability] | None = Field(
        None, description="entries whose ability list lacks any of these levels"
    )
    do_not_prescribe: bool | None = None
    any_of: list[ExerciseMatch] | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> ExerciseMatch:
        if not self.model_dump(exclude_none=True):
            raise ValueError(
                "an exercise match needs at least one field (slug, tag, component, ...)"
            )
        return self

    def matches(self, exercise: Exercise) -> bool:
        """Whether ``exercise`` satisfies every given field."""
        tags = exercise.tags
        return (
            (self.slug is None or exercise.slug in self.slug)
            and (self.component is None or exercise.component in self.component)
            and (self.position is None or exercise.position in self.position)
            and (self.position_not_in is None or exercise.position not in self.position_not_in)
            and (self.region is None or any(r in self.region for r in exercise.region))
            and (self.tag is None or any(tags.flag(t) for t in self.tag))
            and (self.impact is None or tags.impact in self.impact)
            and (self.aerobic_intensity is None or tags.aerobic_intensity in self.aerobic_intensity)
            and (self.balance_challenge is None or tags.balance_challenge in self.balance_challenge)
            and (
                self.ability_lacks is None
                or any(a not in exercise.ability for a in self.ability_lacks)
            )
            and (
                self.do_not_prescribe is None or exercise.do_not_prescribe == self.do_not_prescribe
            )
            and (self.any_of is None or any(sub.matches(exercise) for sub in self.any_of))
        )

    def slugs(self) -> list[str]:
        """Every slug this predicate names, for checking them against the library."""
        own = list(self.slug or [])
        return own + [s for sub in self.any_of or [] for s in sub.slugs()]

    def text(self) -> str:
        """The predicate in words, e.g. "tagged hand_load or floor_transfer"."""
        parts = []
        if self.slug:
            parts.append(" or ".join(self.slug))
        if self.component:
            parts.append(f"{'/'.join(self.component)} exercises")
        if self.position:
            parts.append(f"in position {'/'.join(self.position)}")
        if self.position_not_in:
            parts.append(f"in positions other than {', '.join(self.position_not_in)}")
        if self.region:
            parts.append(f"working {'/'.join(self.region)}")
        if self.tag:
            parts.append(f"tagged {' or '.join(self.tag)}")
        for level in LEVEL_TAGS:
            values = getattr(self, level)
            if values:
                parts.append(f"{level} {'/'.join(values)}")
        if self.ability_lacks:
            parts.append(f"not suited to ability {'/'.join(self.ability_lacks)}")
        if self.do_not_prescribe:
            parts.append("do-not-prescribe entries")
        if self.any_of:
            parts.append("(" + " or ".join(sub.text() for sub in self.any_of) + ")")
        return ", ".join(parts)


ExerciseMatch.model_rebuild()
