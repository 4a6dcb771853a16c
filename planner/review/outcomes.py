"""The review rules applied: each exercise of the last plan progresses, holds or steps back.

Visit rules are tested once, exercise rules once per exercise, each on the profile's facts on
the visit date with the review facts beside them. Per exercise the most cautious outcome wins
(R-REV-17); an exercise no rule lets progress holds, since a missing fact means hold. Mobility
entries follow section 10 alone (R-REV-17): only the rules' warnings apply to them, except that
after a fall, a break of 14 days or more or pain in the step-back band their dose never rises
(the more restrictive rule wins): they hold, or step back where the pain rule says so.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from planner.profile.facts import profile_facts
from planner.profile.model import Profile
from planner.review.log_summary import Adherence
from planner.rulebook import Rulebook
from planner.rulebook.conditions import holds
from planner.rulebook.describe import describe
from planner.rulebook.effects import Supervision, Warn
from planner.rulebook.review_rules import (
    OUTCOMES,
    NoNewExercise,
    Outcome,
    OutcomeName,
    Regress,
    Restart,
)
from planner.vocabulary import Component

MOBILITY = "A mobility exercise: section 10 alone decides it and its dose"
#: The rules whose conditions keep any dose from rising (a fall since the last visit, a break
#: of 14 days or more, pain in the step-back band): a mobility entry holds or steps back.
GUARDS = frozenset({"R-REV-5", "R-REV-6", "R-REV-7"})


@dataclass(frozen=True)
class ExerciseFacts:
    """What the review knows of one exercise of the last plan."""

    slug: str
    component: Component
    achieved: str
    top_of_range: bool
    pain_band: str
    fell_during: bool
    joint_pain: bool
    fracture_site_pain: bool
    adherence: Adherence


@dataclass
class ExerciseOutcome:
    """The decision for one exercise: its outcome and the rules and facts behind it."""

    outcome: OutcomeName = "hold"
    rules: list[str] = field(default_factory=list)
    because: list[str] = field(default_factory=list)
    restart: bool = False
    regress: bool = False
    section_10: bool = False  # a mobility entry: no review outcome applies (R-REV-17)


@dataclass
class ReviewDecisions:
    """Everything the review rules decided."""

    outcomes: dict[str, ExerciseOutcome] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    supervision: list[str] = field(default_factory=list)
    closed: set[Component] = field(default_factory=set)
    fired: list[str] = field(default_factory=list)

    @property
    def restart(self) -> bool:
        return any(o.restart for o in self.outcomes.values())


def exercise_facts(ex: ExerciseFacts) -> dict[str, Any]:
    """The review facts of one exercise (guidance 12.0 items 3 to 6)."""
    share = ex.adherence.share
    return {
        "component": ex.component,
        "pain_band": ex.pain_band,
        "achieved": ex.achieved,
        "top_of_range": ex.top_of_range,
        "adherence": float(share) if share is not None else None,
        "adherence_below_two_thirds": ex.adherence.below(Fraction(2, 3)),
        "adherence_below_one_third": ex.adherence.below(Fraction(1, 3)),
        "fell_during": ex.fell_during,
        "joint_pain": ex.joint_pain,
        "fracture_site_pain": ex.fracture_site_pain,
    }


def decide_review(
    profile: Profile,
    visit_facts: dict[str, Any],
    exercises: list[ExerciseFacts],
    rulebook: Rulebook,
) -> ReviewDecisions:
    """Apply every review rule; per exercise the most cautious outcome wins."""
    base = profile_facts(profile) | visit_facts
    out = ReviewDecisions()
    fired: dict[str, None] = {}
    for rule in (r for r in rulebook.review_rules if r.scope == "visit"):
        if holds(rule.when, profile, base):
            fired[rule.id] = None
            _common(rule.id, [e for e in rule.then if holds(e.when, profile, base)], out)
    for ex in exercises:
        facts = base | exercise_facts(ex)
        decision = out.outcomes.setdefault(ex.slug, ExerciseOutcome())
        mobility = ex.component == "mobility"
        proposals: list[tuple[OutcomeName, str]] = []
        for rule in (r for r in rulebook.review_rules if r.scope == "exercise"):
            if not holds(rule.when, profile, facts):
                continue
            effects = [e for e in rule.then if holds(e.when, profile, facts)]
            if mobility:
                effects = _mobility_effects(rule.id, effects)
            if not effects:
                continue
            fired[rule.id] = None
            words = describe(rule.when, profile, facts) if rule.when is not None else []
            _common(rule.id, effects, out)
            for effect in effects:
                if isinstance(effect, Outcome):
                    proposals.append((effect.outcome, rule.id))
                    decision.because += [w for w in words if w not in decision.because]
                elif isinstance(effect, Restart):
                    decision.restart = True
                    decision.rules.append(rule.id)
                    decision.because += [w for w in words if w not in decision.because]
                elif isinstance(effect, Regress):
                    decision.regress = True
                    decision.rules.append(rule.id)
                elif isinstance(effect, NoNewExercise):
                    out.closed.add(ex.component)
        if decision.restart or decision.regress:  # a step down whatever else was proposed
            proposals.append(("step_back", ""))
        if mobility and not proposals:  # R-REV-17: section 10 alone decides it
            decision.section_10, decision.rules, decision.because = True, ["R-REV-17"], [MOBILITY]
        if proposals:
            worst = max((o for o, _ in proposals), key=OUTCOMES.index)
            decision.outcome = worst
            decision.rules += [r for o, r in proposals if o == worst and r]
        decision.rules = list(dict.fromkeys(decision.rules))
    out.fired = list(fired)
    return out


def _mobility_effects(rule_id: str, effects: list[Any]) -> list[Any]:
    """What a rule does to a mobility entry: its warnings and supervision; a guard also holds
    it, or steps it back when the rule steps back (never a restart or a regression entry)."""
    kept: list[Any] = [e for e in effects if isinstance(e, Warn | Supervision)]
    if rule_id in GUARDS:
        back = any(isinstance(e, Outcome) and e.outcome == "step_back" for e in effects)
        kept.append(Outcome(outcome="step_back" if back else "hold"))
    return kept


def _common(rule_id: str, effects: list[Any], out: ReviewDecisions) -> None:
    """Warnings and supervision, whichever scope the rule has."""
    for effect in effects:
        if isinstance(effect, Warn):
            if rule_id not in out.warnings[effect.warn]:
                out.warnings[effect.warn].append(rule_id)
        elif isinstance(effect, Supervision) and rule_id not in out.supervision:
            out.supervision.append(rule_id)
