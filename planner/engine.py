"""Profile + rulebook -> decisions: every rule whose condition holds, merged, with provenance.

The merge follows the digest's combination principle (guidance.md section 10): the union of all
exclusions, the lowest of all caps, the highest minimum for each requirement, and the union of
warnings and supervision. Every decision keeps the ids of the rules behind it, so a plan can say
why each exercise is in it or left out. Pure: no I/O, no randomness.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from planner.profile.facts import profile_facts
from planner.profile.model import Profile
from planner.rulebook import Rulebook
from planner.rulebook.conditions import holds
from planner.rulebook.describe import describe
from planner.rulebook.effects import (
    Cap,
    Exclude,
    Require,
    Requirement,
    StopProgramme,
    Supervision,
    SuppressWarnings,
    SuspendRequirements,
    Warn,
)
from planner.rulebook.exercises import Exercise
from planner.rulebook.matches import ExerciseMatch
from planner.rulebook.rules import Rule
from planner.vocabulary import LevelTag, level_rank


@dataclass(frozen=True)
class Exclusion:
    """Why one exercise is left out: each rule behind it, with its reason."""

    slug: str
    reasons: tuple[tuple[str, str], ...]  # (rule id, reason)

    @property
    def rules(self) -> list[str]:
        return sorted({rule for rule, _ in self.reasons})


@dataclass(frozen=True)
class ActiveRequirement:
    rule: str
    requirement: Requirement


@dataclass(frozen=True)
class LiftedRequirement:
    rule: str
    requirement: Requirement
    by: tuple[str, ...]


@dataclass(frozen=True)
class Conditional:
    """A warning or supervision that applies only if the plan holds a matching exercise."""

    rule: str
    match: ExerciseMatch
    code: str | None  # None: supervision


@dataclass
class Decisions:
    """Everything the fired rules decided, each with the rules behind it."""

    fired: list[Rule] = field(default_factory=list)
    because: dict[str, list[str]] = field(default_factory=dict)  # rule id -> condition in words
    exclusions: dict[str, Exclusion] = field(default_factory=dict)
    caps: dict[LevelTag, tuple[str, list[str]]] = field(default_factory=dict)
    requirements: list[ActiveRequirement] = field(default_factory=list)
    lifted: list[LiftedRequirement] = field(default_factory=list)
    warnings: dict[str, list[str]] = field(default_factory=dict)
    suppressed: dict[str, list[str]] = field(default_factory=dict)
    supervision: list[str] = field(default_factory=list)
    conditionals: list[Conditional] = field(default_factory=list)
    stop: list[str] = field(default_factory=list)
    never_do: dict[str, list[str]] = field(default_factory=dict)  # patient text -> rules
    facts: dict[str, Any] = field(default_factory=dict)


def decide(profile: Profile, rulebook: Rulebook) -> Decisions:
    """Fire every rule whose condition holds and merge their effects."""
    facts = profile_facts(profile)
    out = Decisions(facts=facts)
    excluded: dict[str, list[tuple[str, str]]] = defaultdict(list)
    requirements: list[tuple[str, Require]] = []
    suspenders: list[str] = []
    warnings: dict[str, list[str]] = defaultdict(list)
    suppress: dict[str, list[str]] = defaultdict(list)

    for rule in rulebook.rules:
        if not holds(rule.when, profile, facts):
            continue
        effects = [e for e in rule.then if holds(e.when, profile, facts)]
        if not effects:
            continue
        # A rule whose only applicable effects wait on the plan's content fires only if they do.
        out.because[rule.id] = describe(rule.when, profile, facts)
        if any(getattr(e, "if_planned", None) is None for e in effects):
            out.fired.append(rule)
        for effect in effects:
            if isinstance(effect, Exclude):
                reason = effect.reason or f"excludes {effect.exclude.text()}"
                for slug in rulebook.selected(effect.exclude):
                    excluded[slug].append((rule.id, reason))
                if effect.never_do:
                    out.never_do.setdefault(effect.never_do, []).append(rule.id)
            elif isinstance(effect, Cap):
                for tag, level in effect.cap.items():
                    _merge_cap(out.caps, tag, level, rule.id)
                    reason = f"{tag.replace('_', ' ')} above {level}"
                    for slug in _above(rulebook, tag, level):
                        excluded[slug].append((rule.id, reason))
                if effect.never_do:
                    out.never_do.setdefault(effect.never_do, []).append(rule.id)
            elif isinstance(effect, Require):
                requirements.append((rule.id, effect))
            elif isinstance(effect, Warn):
                if effect.if_planned is None:
                    warnings[effect.warn].append(rule.id)
                else:
                    out.conditionals.append(Conditional(rule.id, effect.if_planned, effect.warn))
            elif isinstance(effect, SuppressWarnings):
                for code in effect.suppress_warnings:
                    suppress[code].append(rule.id)
            elif isinstance(effect, Supervision):
                if effect.if_planned is None:
                    out.supervision.append(rule.id)
                else:
                    out.conditionals.append(Conditional(rule.id, effect.if_planned, None))
            elif isinstance(effect, SuspendRequirements):
                suspenders.append(rule.id)
            elif isinstance(effect, StopProgramme):
                out.stop.append(rule.id)

    # Warnings of every plan (R-REV-18); a stopped programme has no sessions, log or review date.
    for review_rule in (r for r in rulebook.review_rules if r.scope == "plan" and not out.stop):
        if holds(review_rule.when, profile, facts):
            for warn in (e for e in review_rule.then if isinstance(e, Warn)):
                if holds(warn.when, profile, facts):
                    warnings[warn.warn].append(review_rule.id)

    out.exclusions = {
        slug: Exclusion(slug, tuple(dict.fromkeys(reasons)))
        for slug, reasons in sorted(excluded.items())
    }

    fired_ids = {rule.id for rule in out.fired}
    for rule_id, effect in requirements:
        waivers = [r for r in effect.waived_by if r in fired_ids]
        waivers += [r for r in suspenders if r != rule_id and r not in waivers]
        if waivers:
            out.lifted.append(LiftedRequirement(rule_id, effect.require, tuple(waivers)))
        else:
            out.requirements.append(ActiveRequirement(rule_id, effect.require))

    order = list(rulebook.warnings)
    out.suppressed = {code: rules for code, rules in suppress.items() if code in warnings}
    out.warnings = {
        code: rules
        for code, rules in sorted(warnings.items(), key=lambda item: order.index(item[0]))
        if code not in suppress
    }
    return out


def _merge_cap(
    caps: dict[LevelTag, tuple[str, list[str]]], tag: LevelTag, level: str, rule_id: str
) -> None:
    """Keep the lowest cap; rules that set the same lowest level share it."""
    current = caps.get(tag)
    if current is None or level_rank(tag, level) < level_rank(tag, current[0]):
        caps[tag] = (level, [rule_id])
    elif level == current[0]:
        current[1].append(rule_id)


@cache
def _levels(rulebook: Rulebook, tag: LevelTag) -> dict[str, int]:
    return {slug: level_rank(tag, ex.tags.level(tag)) for slug, ex in rulebook.exercises.items()}


def _above(rulebook: Rulebook, tag: LevelTag, level: str) -> list[str]:
    """Slugs whose level on ``tag`` is above ``level``."""
    limit = level_rank(tag, level)
    return [slug for slug, rank in _levels(rulebook, tag).items() if rank > limit]


def permitted(exercise: Exercise, decisions: Decisions) -> bool:
    """Whether no fired rule excludes the exercise."""
    return exercise.slug not in decisions.exclusions
