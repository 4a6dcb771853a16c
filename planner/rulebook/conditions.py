"""Typed conditions over a profile, as written in rule files, and whether they hold.

A rule's ``when`` is a tree of :data:`Condition` nodes, each a YAML mapping recognised by its key::

    all: [...]    any: [...]    not: {...}
    fact: fall_risk         ge: intermediate         (eq ne lt le gt ge in contains contains_any)
    fracture: {site: [hip], treatment: [arthroplasty], weeks_under: 12}       (some fracture)
    every_fracture: {of: {site: [wrist]}, are: {cleared: true, weeks_at_least: 12}}

Conditions are validated when the rulebook loads; evaluation here is pure and cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal, Union

from pydantic import Discriminator, Field, Tag, field_validator, model_validator

from planner.errors import suggest
from planner.profile.facts import FACTS, FactSpec, is_healing, window_under
from planner.profile.model import Fracture, Profile
from planner.review.facts import REVIEW_FACTS
from planner.rulebook.nodes import Node, tag_by_key
from planner.vocabulary import Approach, Cause, Site, Treatment
from planner.yamlfile import hinted_error

Op = Literal["eq", "ne", "lt", "le", "gt", "ge", "in", "contains", "contains_any"]
_OPS: tuple[Op, ...] = ("eq", "ne", "lt", "le", "gt", "ge", "in", "contains", "contains_any")
_KIND_OPS = {
    "bool": {"eq", "ne"},
    "number": {"eq", "ne", "lt", "le", "gt", "ge", "in"},
    "ordered": {"eq", "ne", "lt", "le", "gt", "ge", "in"},
    "choice": {"eq", "ne", "in"},
    "set": {"contains", "contains_any"},
}


class FactTest(Node):
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
        if fact not in FACTS and fact not in REVIEW_FACTS:
            raise hinted_error(f"unknown fact '{fact}'", suggest(fact, [*FACTS, *REVIEW_FACTS]))
        return fact

    @model_validator(mode="after")
    def _check(self) -> FactTest:
        spec = fact_spec(self.fact)
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
        """The one comparison given."""
        return next(op for op in _OPS if self._value(op) is not None)

    @property
    def value(self) -> Any:
        """The value the fact is compared with."""
        return self._value(self.op)

    def _value(self, op: str) -> Any:
        return self.in_ if op == "in" else getattr(self, op)


def fact_spec(fact: str) -> FactSpec:
    """The spec of a profile fact or, in review rules, a review fact."""
    return FACTS[fact] if fact in FACTS else REVIEW_FACTS[fact]


def _check_fact_value(fact: str, value: Any) -> None:
    spec = fact_spec(fact)
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
        raise hinted_error(f"fact '{fact}' cannot be {value!r}; expected {expected}", hint)


class FractureMatch(Node):
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


class FractureTest(Node):
    """Some listed fracture matches: ``{fracture: {site: [wrist], weeks_under: 6}}``."""

    fracture: FractureMatch


class EveryFracture(Node):
    """At least one fracture matches ``of``, and every one that does also matches ``are``."""

    class Spec(Node):
        of: FractureMatch
        are: FractureMatch

    every_fracture: Spec


class All(Node):
    """Every listed condition holds."""

    all: list[Condition] = Field(min_length=1)


class AnyOf(Node):
    """At least one listed condition holds."""

    any: list[Condition] = Field(min_length=1)


class Not(Node):
    """The condition does not hold."""

    not_: Condition = Field(alias="not")


_CONDITION_KEYS = {
    "all": "~all",
    "any": "~any",
    "not": "~not",
    "fact": "~fact",
    "fracture": "~fracture",
    "every_fracture": "~every_fracture",
}


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
    op, expected = test.op, test.value
    spec = fact_spec(test.fact)
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
    return bool(
        {
            "lt": actual < expected,
            "le": actual <= expected,
            "gt": actual > expected,
            "ge": actual >= expected,
        }[op]
    )


def facts_tested(condition: Condition | None) -> list[str]:
    """Every fact a condition names."""
    if condition is None or isinstance(condition, FractureTest | EveryFracture):
        return []
    if isinstance(condition, FactTest):
        return [condition.fact]
    if isinstance(condition, Not):
        return facts_tested(condition.not_)
    parts = condition.all if isinstance(condition, All) else condition.any
    return [f for c in parts for f in facts_tested(c)]


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
