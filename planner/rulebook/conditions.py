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
from planner.profile.facts import FACTS, is_healing, window_under
from planner.profile.model import Fracture, Profile, site_word, time_ago
from planner.rulebook.exercises import Exercise
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
    return bool(
        {
            "lt": actual < expected,
            "le": actual <= expected,
            "gt": actual > expected,
            "ge": actual >= expected,
        }[op]
    )


def describe(condition: Condition | None, profile: Profile, facts: dict[str, Any]) -> list[str]:
    """The parts of a holding condition that made it hold, in plain clinical words.

    Each line names a finding and the patient's own value, the way a clinician would write it:
    "Wrist fracture under 6 weeks (3 weeks ago, in a cast)", "Falls risk high: the wrist
    fracture 5 weeks ago was caused by a fall", "Back pain 6/10 (5 or more)". Shared by
    ``osteoplan explain`` and the clinician's copy of the handout.
    """
    if condition is None:
        return ["Applies to everyone"]
    if isinstance(condition, All):
        lines = [line for c in condition.all for line in describe(c, profile, facts)]
        return list(dict.fromkeys(lines))
    if isinstance(condition, AnyOf):
        for c in condition.any:
            if holds(c, profile, facts):
                return describe(c, profile, facts)
        return []
    if isinstance(condition, Not):
        return _absent(condition.not_, profile, facts)
    if isinstance(condition, FractureTest):
        return [
            _fracture_finding(condition.fracture, f, profile)
            for f in profile.fractures
            if condition.fracture.holds(profile, f)
        ]
    if isinstance(condition, EveryFracture):
        spec = condition.every_fracture
        chosen = [f for f in profile.fractures if spec.of.holds(profile, f)]
        sites = {f.site for f in chosen}
        merged = spec.of.model_copy(update=spec.are.model_dump(exclude_none=True))
        phrase = _match_phrase(merged, chosen[0].site if len(sites) == 1 else None)
        if len(chosen) > 1:
            phrase = f"Every {phrase[0].lower()}{phrase[1:]}"
        details = "; ".join(_fracture_details(spec.are, f, profile, len(sites) > 1) for f in chosen)
        return [f"{phrase} ({details})"]
    return [_fact_finding(condition, facts, profile)]


def _absent(condition: Condition, profile: Profile, facts: dict[str, Any]) -> list[str]:
    """Why a negated condition holds: the patient's own findings that keep it from holding."""
    if isinstance(condition, Not):
        return describe(condition.not_, profile, facts)
    if isinstance(condition, All):
        failing = [c for c in condition.all if not holds(c, profile, facts)]
        return [line for c in failing for line in _absent(c, profile, facts)]
    if isinstance(condition, AnyOf):
        return [line for c in condition.any for line in _absent(c, profile, facts)]
    if isinstance(condition, FractureTest):
        return [f"No {_match_phrase(condition.fracture, None).lower()}"]
    if isinstance(condition, EveryFracture):
        spec = condition.every_fracture
        chosen = [f for f in profile.fractures if spec.of.holds(profile, f)]
        if not chosen:
            return [f"No {_fracture_noun(spec.of, None).lower()}"]
        return [
            _fracture_finding(spec.of, f, profile) for f in chosen if not spec.are.holds(profile, f)
        ]
    return [_fact_finding(condition, facts, profile, negated=True)]


# --- fractures in words -----------------------------------------------------------------------

_TREATMENT_WORDS = {
    "conservative": "treated without surgery",
    "cast": "treated in a cast",
    "fixation": "fixed surgically",
    "arthroplasty": "joint replacement",
    "augmentation": "treated with vertebral augmentation",
}


def cast_words(site: str) -> str:
    """What keeps a fracture still, for its site: "in a cast or splint", "in a sling"."""
    return {"wrist": "in a cast or splint", "humerus": "in a sling"}.get(
        site, "in a cast, splint or sling"
    )


def _fracture_noun(match: FractureMatch, site: str | None) -> str:
    """ "Wrist fracture", "Hip replacement", "Hip fracture operation" or "Fracture"."""
    where = (
        site_word(site)
        if site
        else (site_word(match.site[0]) if match.site and len(match.site) == 1 else "")
    )
    treatments = set(match.treatment or ())
    if treatments == {"arthroplasty"}:
        noun = f"{where} replacement" if where else "joint replacement"
    elif treatments and treatments <= {"fixation", "arthroplasty"}:
        noun = f"{where} fracture operation" if where else "fracture operation"
    else:
        noun = f"{where} fracture" if where else "fracture"
    return noun[0].upper() + noun[1:]


def _qualifiers(match: FractureMatch) -> list[str]:
    """What a fracture match asks for, beyond the site, in words ("under 6 weeks", ...)."""
    out = []
    treatments = set(match.treatment or ())
    if treatments and not treatments <= {"fixation", "arthroplasty"}:
        out.append(" or ".join(_TREATMENT_WORDS[t] for t in match.treatment or ()))
    if match.approach:
        out.append(
            " or ".join(
                "approach not recorded" if a == "unknown" else f"{a} approach"
                for a in match.approach
            )
        )
    if match.cause:
        out.append(
            "caused by "
            + " or ".join(
                {
                    "fall": "a fall",
                    "lifting": "lifting",
                    "spontaneous": "nothing in particular",
                }.get(c, c)
                for c in match.cause
            )
        )
    low, high, most = match.weeks_at_least, match.weeks_under, match.weeks_at_most
    if low is not None and high is not None:
        out.append(f"{low:g} to {high:g} weeks")
    elif high is not None:
        out.append(f"under {high:g} weeks")
    elif low is not None:
        out.append(f"at least {low:g} weeks")
    if most is not None:
        out.append("in the last 12 months" if most == 52 else f"within {most:g} weeks")
    if match.in_cast is not None:
        out.append("in a cast, splint or sling" if match.in_cast else "out of its cast or sling")
    if match.in_cast and match.site and len(match.site) == 1:
        out[-1] = cast_words(match.site[0])
    if match.healing is not None:
        out.append("still healing" if match.healing else "healed")
    if match.cleared is not None:
        out.append("cleared" if match.cleared else "not yet cleared")
    return out


def _match_phrase(match: FractureMatch, site: str | None) -> str:
    words = _qualifiers(match)
    noun = _fracture_noun(match, site)
    if not words:
        return noun
    first, rest = words[0], words[1:]
    # a time window reads straight after the noun; anything else after a comma
    joined = (
        f"{noun} {first}"
        if first[0].isdigit() or first.startswith(("under", "at least", "in ", "within"))
        else f"{noun}, {first}"
    )
    return ", ".join([joined, *rest])


def _fracture_details(
    match: FractureMatch, fracture: Fracture, profile: Profile, with_site: bool = False
) -> str:
    """The fracture's own facts that the match does not already say: "3 weeks ago, in a cast"."""
    out = [time_ago(profile.weeks_since(fracture))]
    if with_site:
        out[0] = f"{site_word(fracture.site)} fracture {out[0]}"
    if fracture.count > 1:
        out.append(f"{fracture.count} vertebrae")
    if fracture.in_cast and match.in_cast is None:
        out.append(cast_words(fracture.site))
    if fracture.cleared and match.cleared is None:
        out.append("cleared")
    return ", ".join(out)


def _fracture_finding(match: FractureMatch, fracture: Fracture, profile: Profile) -> str:
    return f"{_match_phrase(match, fracture.site)} ({_fracture_details(match, fracture, profile)})"


# --- facts in words ---------------------------------------------------------------------------

ABILITY_WORDS = {
    "frail": "Frail",
    "limited": "Limited mobility",
    "independent": "Independent mobility",
    "fit": "Fit and active",
}
RED_FLAG_WORDS = {
    "new_back_pain": "new back pain",
    "chest_symptoms": "chest symptoms",
    "suspected_clot": "a suspected clot",
    "cast_problem": "a problem with the cast",
    "wound_problem": "a problem with the wound",
    "leg_neuro_symptoms": "new leg numbness or weakness",
    "other": "another red flag",
}
_BOOL_WORDS = {
    "injurious_fall_12m": (
        "An injurious fall in the last 12 months",
        "No injurious fall in the last 12 months",
    ),
    "long_lie_12m": (
        "A long lie (on the floor for an hour or more) after a fall",
        "No long lie after a fall",
    ),
    "syncope_suspected": ("Suspected syncope", "No suspected syncope"),
    "unsteady": ("Feels unsteady", "Does not feel unsteady"),
    "fear_of_falling": ("Worried about falling", "Not worried about falling"),
    "kyphosis": ("Hyperkyphosis", "No hyperkyphosis"),
    "supervision_available": (
        "A physiotherapist or instructor can supervise",
        "No supervision available",
    ),
    "osteoporosis_by_density": ("Osteoporosis on bone density", "No osteoporosis on bone density"),
}
_THRESHOLD_WORDS = {"ge": "{} or more", "gt": "more than {}", "le": "{} or less", "lt": "under {}"}


def red_flag_words(flags: Any) -> str:
    """Red flags as a list in words, e.g. "new back pain and a problem with the wound"."""
    words = [RED_FLAG_WORDS.get(f, str(f).replace("_", " ")) for f in sorted(flags)]
    return " and ".join([", ".join(words[:-1]), words[-1]]) if len(words) > 1 else "".join(words)


def _count(n: int, one: str, many: str) -> str:
    return f"{'No' if n == 0 else n} {one if n == 1 else many}"


def _fact_finding(
    test: FactTest, facts: dict[str, Any], profile: Profile, *, negated: bool = False
) -> str:
    """One fact test as the patient's finding, with the threshold where one was crossed."""
    fact, actual = test.fact, facts[test.fact]
    if FACTS[fact].kind == "bool":
        yes, no = _BOOL_WORDS.get(fact, (fact.replace("_", " ").capitalize(), ""))
        if fact == "any_red_flag":
            return (
                f"Red flag reported: {red_flag_words(profile.red_flags)}"
                if actual
                else "No red flags"
            )
        if fact == "healing_fracture":
            if not actual:
                return "No fracture still healing"
            healing = [f for f in profile.fractures if is_healing(profile, f)]
            return (
                "A fracture still healing ("
                + "; ".join(
                    f"{site_word(f.site)} fracture {time_ago(profile.weeks_since(f))}"
                    + (f", {cast_words(f.site)}" if f.in_cast else "")
                    for f in healing
                )
                + ")"
            )
        if fact == "osteoporosis_by_density" and actual and profile.t_score is not None:
            return f"{yes} (T-score {profile.t_score:g})"
        return yes if actual else (no or f"Not: {yes.lower()}")
    if fact == "red_flags":
        any_of = test.contains_any
        wanted = any_of if test.op == "contains_any" and any_of is not None else [test.contains]
        flagged = sorted(set(actual) & set(wanted)) if not negated else sorted(actual)
        return f"Red flag reported: {red_flag_words(flagged)}" if flagged else "No red flags"
    if fact == "fall_risk":
        grade, reasons = profile.effective_fall_risk()
        return f"Falls risk {grade}" + (f": {'; '.join(reasons)}" if reasons else "")
    if fact == "ability":
        return ABILITY_WORDS.get(actual, str(actual))
    words = {
        "age": lambda v: f"Age {v}",
        "sex": lambda v: f"Sex: {v}" if v else "Sex not recorded",
        "bone_status": lambda v: (
            "Bone density not known" if v == "unknown" else f"Bone density: {v}"
        ),
        "t_score": lambda v: "No T-score recorded" if v is None else f"T-score {v:g}",
        "falls_12m": lambda v: _count(
            v, "fall in the last 12 months", "falls in the last 12 months"
        ),
        "tug_s": lambda v: (
            "Timed Up and Go not measured" if v is None else f"Timed Up and Go {v:g} s"
        ),
        "back_pain": lambda v: f"Back pain {v}/10",
        "fracture_count": lambda v: _count(v, "fragility fracture", "fragility fractures"),
        "vertebral_fracture_count": lambda v: _count(
            v, "vertebral fracture", "vertebral fractures"
        ),
    }
    say = words.get(fact)
    shown = say(actual) if say else f"{fact.replace('_', ' ').capitalize()}: {actual}"
    threshold = _THRESHOLD_WORDS.get(test.op)
    value = test._value(test.op)
    if threshold and actual and not negated and actual != value:
        if fact == "age" and test.op == "ge":
            return f"{shown} ({value} or over)"
        return f"{shown} ({threshold.format(value)})"
    return shown


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
    slug_not_in: list[str] | None = Field(None, description="every entry except these")
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
            and (self.slug_not_in is None or exercise.slug not in self.slug_not_in)
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
        own = list(self.slug or []) + list(self.slug_not_in or [])
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
        if self.slug_not_in:
            parts.append(f"except {', '.join(self.slug_not_in)}")
        if self.ability_lacks:
            parts.append(f"not suited to ability {'/'.join(self.ability_lacks)}")
        if self.do_not_prescribe:
            parts.append("do-not-prescribe entries")
        if self.any_of:
            parts.append("(" + " or ".join(sub.text() for sub in self.any_of) + ")")
        return ", ".join(parts)


ExerciseMatch.model_rebuild()
