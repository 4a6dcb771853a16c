"""The review rule format (guidance section 12): what a review visit decides, as data.

::

    review_rules:
      - id: R-REV-8
        title: Pain in the "hold" band
        scope: exercise                 # tested once per exercise of the last plan
        when: {fact: pain_band, eq: hold}
        then:
          - outcome: hold
        rationale: ...
        sources: [OTAGO, FIRSTSTEP]

A rule of ``scope: visit`` is tested once per visit; one of ``scope: plan`` is tested for every
plan, a first plan included, that has weeks (it may test only profile facts, and carries only
warnings and principles). Conditions name the profile's facts (judged
on the visit date) and the review facts of :mod:`planner.review.facts`. Effects: ``outcome``
(progress, hold or step back an exercise; the most cautious wins), ``restart`` (every component
one step below what was achieved, in the foundation phase, the balance ramp restarted),
``regress`` (the exercise's regression entry instead), ``no_new_exercise`` (no new exercise enters
the component), ``warn``, ``supervision``, and ``principle`` (a rule the review procedure itself
carries out, named so it is cited and cannot be left out of a rule set unnoticed).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union, get_args

from pydantic import Discriminator, Field, Tag

from planner.rulebook.conditions import Condition
from planner.rulebook.effects import Supervision, Warn, _Effect
from planner.rulebook.nodes import Node, tag_by_key
from planner.rulebook.rules import RuleId

OutcomeName = Literal["progress", "hold", "step_back"]
#: Most cautious last: the higher index wins (R-REV-17).
OUTCOMES: tuple[OutcomeName, ...] = ("progress", "hold", "step_back")
PrincipleName = Literal[
    "reassess_on_visit_date",
    "restrictions_lift_only_as_section_10_says",
    "newly_allowed_start_at_foundation",
    "retest_raises_falls_risk",
    "most_cautious_wins",
    "twelve_month_programme",
    "maintenance_from_week_25",
]
PRINCIPLES: tuple[str, ...] = get_args(PrincipleName)


class Outcome(_Effect):
    """Progress, hold or step back the exercise."""

    outcome: OutcomeName


class Restart(_Effect):
    """Every component restarts one step below its achieved rung, in the foundation phase."""

    restart: Literal[True]


class Regress(_Effect):
    """The exercise is replaced by its regression entry (or leaves the plan without one)."""

    regress: Literal[True]


class NoNewExercise(_Effect):
    """No new exercise enters the exercise's component, unless a section 10 rule requires one."""

    no_new_exercise: Literal[True]


class Principle(_Effect):
    """A step of the review procedure itself."""

    principle: PrincipleName


_KEYS = {
    "outcome": "~outcome",
    "restart": "~restart",
    "regress": "~regress",
    "no_new_exercise": "~no_new_exercise",
    "principle": "~principle",
    "warn": "~warn",
    "supervision": "~supervision",
}


def _tag(value: Any) -> str | None:
    return tag_by_key(value, _KEYS)


ReviewEffect = Annotated[
    Union[  # noqa: UP007 (pydantic needs the Union form for tagged members)
        Annotated[Outcome, Tag("~outcome")],
        Annotated[Restart, Tag("~restart")],
        Annotated[Regress, Tag("~regress")],
        Annotated[NoNewExercise, Tag("~no_new_exercise")],
        Annotated[Principle, Tag("~principle")],
        Annotated[Warn, Tag("~warn")],
        Annotated[Supervision, Tag("~supervision")],
    ],
    Discriminator(
        _tag,
        custom_error_type="effect",
        custom_error_message=(
            "a review effect is a mapping with exactly one of: outcome, restart, regress, "
            "no_new_exercise, principle, warn, supervision"
        ),
    ),
]


class ReviewRule(Node):
    """One review rule: when its condition holds (for the visit, or for an exercise), its
    effects apply."""

    id: RuleId
    title: str
    scope: Literal["visit", "exercise", "plan"]
    when: Condition | None = Field(None, description="omit for a rule of every review")
    then: list[ReviewEffect] = Field(min_length=1)
    rationale: str
    sources: list[str] = Field(min_length=1, description="keys of rules/sources.yaml")
    notes: str | None = None


class ReviewRuleFile(Node):
    """A review rule file: ``review_rules: [...]``."""

    review_rules: list[ReviewRule] = Field(min_length=1)
