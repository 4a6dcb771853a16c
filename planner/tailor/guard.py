"""Refusing adjustments the rules do not allow, before anything is scheduled.

An exercise put in (added, or swapped in) must be one no fired rule excludes (a cap, the
patient's ability and every safety exclusion are rules), whose equipment the patient has and
whose supervision they can get; a swap replaces an exercise of the plan with one of the same
kind. Each refusal names the exercise, the rule and its reason.
"""

from __future__ import annotations

from planner.engine import Decisions
from planner.errors import AdjustmentRefused, Refusal
from planner.profile.model import Profile
from planner.rulebook import Rulebook
from planner.schedule.scheduler import Schedule


def refusals(
    profile: Profile, decisions: Decisions, rulebook: Rulebook, base: Schedule
) -> list[Refusal]:
    """Every adjustment of ``profile`` the rules forbid, given the unadjusted ``base``."""
    adjust = profile.adjust
    out: list[Refusal] = []
    in_plan = {ex.slug for ex in base.chosen}
    entries = [("add", a.exercise) for a in adjust.add] + [("swap", s.for_) for s in adjust.swap]
    for kind, slug in entries:
        out += _not_allowed(kind, slug, profile, decisions, rulebook, base)
    for swap in adjust.swap:
        old, new = rulebook.exercises[swap.exercise], rulebook.exercises[swap.for_]
        if swap.exercise not in in_plan:
            out.append(
                Refusal(
                    "swap",
                    swap.exercise,
                    None,
                    "is not in this plan, so there is nothing to swap; add the other instead",
                )
            )
        elif old.component != new.component:
            out.append(
                Refusal(
                    "swap",
                    swap.for_,
                    None,
                    f"is a {new.component} exercise and {swap.exercise} a {old.component} one; "
                    "swap within one kind, or drop one and add the other",
                )
            )
    return out


def _not_allowed(
    kind: str,
    slug: str,
    profile: Profile,
    decisions: Decisions,
    rulebook: Rulebook,
    base: Schedule,
) -> list[Refusal]:
    """Why the rules keep ``slug`` out of this patient's plan; empty if they do not."""
    if decisions.stop:
        return [
            Refusal(kind, slug, rule, "the programme is stopped until the red flag is assessed")
            for rule in decisions.stop
        ]
    exclusion = decisions.exclusions.get(slug)
    if exclusion is not None:
        return [Refusal(kind, slug, rule, reason) for rule, reason in exclusion.reasons]
    exercise = rulebook.exercises[slug]
    missing = exercise.missing_equipment(base.pool.available)
    if missing:
        labels = rulebook.equipment.labels
        needed = ", ".join(
            " or ".join(labels.get(n, n) for n in item.split(" or ")) for item in missing
        )
        return [
            Refusal(
                kind,
                slug,
                None,
                f"needs {needed}, which the profile does not list (add it under equipment)",
            )
        ]
    if not profile.supervision_available:
        return [
            Refusal(
                kind, slug, cond.rule, "needs supervision, and the profile says none is available"
            )
            for cond in decisions.conditionals
            if cond.code is None and cond.match.matches(exercise)
        ]
    return []


def guard(profile: Profile, decisions: Decisions, rulebook: Rulebook, base: Schedule) -> None:
    """Raise :class:`AdjustmentRefused` if the rules forbid any adjustment."""
    found = refusals(profile, decisions, rulebook, base)
    if found:
        raise AdjustmentRefused(refusals=found)
