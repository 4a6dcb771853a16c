"""Decisions + schedule -> the plan: warnings, exclusions, rules fired and the explanation.

Warnings and supervision that wait on the plan's content (``if_planned``) are settled here, once
the chosen exercises are known; their rules then count as fired.
"""

from __future__ import annotations

from planner.engine import Conditional, Decisions
from planner.plan import (
    AppliedAdjustment,
    ChoiceNote,
    ExcludedExercise,
    ExclusionReason,
    Explanation,
    FiredRule,
    LeftOut,
    Plan,
    PlanFracture,
    PlanProfile,
    PlanWarning,
    Programme,
    RulesetRef,
    SupervisionNeed,
    UnmetRequirement,
)
from planner.profile.model import Profile
from planner.rulebook import Rulebook
from planner.rulebook.exercises import RungDose
from planner.rulebook.rules import Rule
from planner.schedule.scheduler import Schedule


def assemble(
    profile: Profile,
    decisions: Decisions,
    rulebook: Rulebook,
    schedule: Schedule,
    *,
    unmet: list[UnmetRequirement] | None = None,
    adjustments: list[AppliedAdjustment] | None = None,
    programme: Programme | None = None,
) -> Plan:
    """The plan-v1 plan, with its explanation, of a profile's decisions and schedule.

    ``unmet`` replaces the schedule's unmet list (adjusted plans mark those the clinician
    accepted); ``adjustments`` are the physiotherapist's, with their effects.
    """
    adjustments = adjustments or []
    triggered = [
        cond
        for cond in decisions.conditionals
        if any(cond.match.matches(ex) for ex in schedule.chosen)
    ]
    warnings = {code: list(rules) for code, rules in decisions.warnings.items()}
    supervision = list(decisions.supervision)
    for cond in triggered:
        if cond.code is None:
            supervision.append(cond.rule)
        elif cond.code not in decisions.suppressed:
            warnings.setdefault(cond.code, []).append(cond.rule)
    fired = _fired(rulebook, decisions, triggered)
    code_order = list(rulebook.warnings)
    fall_risk, fall_reasons = profile.effective_fall_risk()
    return Plan(
        ruleset=RulesetRef(version=rulebook.info.version, sha256=rulebook.sha256),
        profile=plan_profile(profile, rulebook),
        fall_risk=fall_risk,
        start_date=schedule.start,
        review_date=schedule.review,
        weeks=schedule.weeks,
        warnings=[
            PlanWarning(code=code, text=rulebook.warnings[code].text, rules=sorted(set(rules)))
            for code, rules in sorted(warnings.items(), key=lambda kv: code_order.index(kv[0]))
        ],
        excluded=[
            ExcludedExercise(
                slug=ex.slug,
                rules=ex.rules,
                reason="; ".join(dict.fromkeys(reason for _, reason in ex.reasons)),
                reasons=[ExclusionReason(rule=rule, reason=why) for rule, why in ex.reasons],
            )
            for ex in decisions.exclusions.values()
        ],
        rules_fired=[FiredRule(id=r.id, title=r.title, sources=list(r.sources)) for r in fired],
        supervision=SupervisionNeed(required=bool(supervision), rules=sorted(set(supervision))),
        unmet=schedule.unmet if unmet is None else unmet,
        adjustments=adjustments,
        programme=(programme or Programme()).model_copy(
            update={
                "ramp_from": _ramp_from(programme or Programme(), decisions),
                "rungs": {
                    ex.slug: ex.dose.rungs
                    for ex in schedule.chosen
                    if isinstance(ex.dose, RungDose) and ex.dose.rungs != (0, 1, 2)
                },
            }
        ),
        explanation=_explanation(
            profile, decisions, rulebook, schedule, fired, fall_reasons, adjustments
        ),
    )


def _ramp_from(programme: Programme, decisions: Decisions) -> int | None:
    """The programme week the balance-minute ramp began: kept, or this block's first week
    when a minutes requirement applies for the first time."""
    if programme.ramp_from is not None or not any(
        r.requirement.minutes is not None for r in decisions.requirements
    ):
        return programme.ramp_from
    return programme.week


def plan_profile(profile: Profile, rulebook: Rulebook) -> PlanProfile:
    """The profile as the plan carries it: the equipment at hand (the household basics less what
    the patient lacks, and the equipment listed, in the vocabulary's order), and each fracture's
    weeks since it (to 2 decimals) and effective approach."""
    fractures = tuple(
        PlanFracture(
            **fx.model_dump(exclude={"weeks_since", "approach"}),
            weeks_since=round(profile.weeks_since(fx), 2),
            approach=fx.effective_approach,
        )
        for fx in profile.fractures
    )
    at_hand = profile.equipment_at_hand(rulebook.household)
    known = [*rulebook.equipment.household, *rulebook.equipment.on_request]
    return PlanProfile(
        **profile.model_dump(exclude={"fractures", "equipment"}),
        fractures=fractures,
        equipment=tuple(
            [name for name in known if name in at_hand]
            + sorted(name for name in at_hand if name not in known)
        ),
    )


def _fired(rulebook: Rulebook, decisions: Decisions, triggered: list[Conditional]) -> list[Rule]:
    """The rules fired, in rulebook order, those fired by the plan's content included."""
    ids = {r.id for r in decisions.fired} | {c.rule for c in triggered}
    return [r for r in rulebook.rules if r.id in ids]


def _explanation(
    profile: Profile,
    decisions: Decisions,
    rulebook: Rulebook,
    schedule: Schedule,
    fired: list[Rule],
    fall_reasons: list[str],
    adjustments: list[AppliedAdjustment],
) -> Explanation:
    """Why each rule fired, why each exercise is in the plan or left out, what was assumed."""
    by_clinician: dict[str, str] = {}
    for item in adjustments:
        why = f": {item.reason}" if item.reason else ""
        if item.kind == "add" and item.exercise:
            by_clinician[item.exercise] = f"added by the clinician{why}"
        elif item.kind == "swap" and item.replacement:
            by_clinician[item.replacement] = f"swapped in for {item.exercise} by the clinician{why}"
        elif item.kind == "drop" and item.exercise:
            by_clinician[item.exercise] = f"dropped by the clinician{why}"
        elif item.kind == "swap" and item.exercise:
            by_clinician[item.exercise] = f"swapped out by the clinician{why}"
    return Explanation(
        fall_risk_reasons=fall_reasons,
        because={r.id: decisions.because.get(r.id, []) for r in fired},
        rationale={r.id: r.rationale for r in fired},
        chosen=[
            ChoiceNote(
                slug=slug,
                reasons=list(dict.fromkeys(f"{r.requirement.label} ({r.rule})" for r in reqs))
                + ([by_clinician[slug]] if slug in by_clinician else []),
            )
            for slug, reqs in schedule.counts.items()
        ],
        left_out=_left_out(rulebook, decisions, schedule, by_clinician),
        lifted=[
            f"{lift.rule}: {lift.requirement.label} (lifted by {', '.join(lift.by)})"
            for lift in decisions.lifted
        ],
        caps={tag: level for tag, (level, _) in decisions.caps.items()},
        suppressed=decisions.suppressed,
        never_do=[(text, sorted(set(rules))) for text, rules in decisions.never_do.items()],
        notes=profile.notes,
        day_budget_minutes=schedule.budget,
    )


def _left_out(
    rulebook: Rulebook, decisions: Decisions, schedule: Schedule, by_clinician: dict[str, str]
) -> list[LeftOut]:
    """Each exercise neither chosen nor excluded, and why: the clinician dropped it, no
    equipment, or not needed."""
    chosen = {ex.slug for ex in schedule.chosen}
    in_pool = {ex.slug for ex in schedule.pool.exercises}
    out = []
    for ex in rulebook.exercises.values():
        if ex.slug in chosen or ex.slug in decisions.exclusions:
            continue
        if ex.slug in by_clinician:
            reason = by_clinician[ex.slug]
        elif ex.slug not in in_pool:
            reason = f"needs {', '.join(ex.missing_equipment(schedule.pool.available))}"
        else:
            reason = "permitted; not needed to meet this week's requirements"
        out.append(LeftOut(slug=ex.slug, reason=reason))
    return out
