"""A review visit -> the next block's plan, with what changed and why (guidance section 12).

1. R-REV-1: the profile re-assessed on the visit date (:mod:`.reassess`).
2. The review rules per exercise of the last plan (:mod:`.outcomes`), the most cautious winning.
3. Each exercise's step on its ladder (:mod:`.ladder`), never onto an entry the rules exclude.
4. The next block scheduled from them (:class:`~planner.schedule.tailoring.Continuation`):
   section 10 on the visit date decides, the kept exercises start on their new rungs, and
   anything the rules now exclude leaves the plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from planner.build import build_plan
from planner.engine import decide
from planner.plan import (
    Plan,
    PlanWarning,
    Programme,
    ReviewChange,
    ReviewRecord,
    SupervisionNeed,
    UnmetRequirement,
)
from planner.profile.cutoffs import past_cutoffs
from planner.profile.model import Profile
from planner.review.ladder import Step, Support, achieved_rung, next_step
from planner.review.log import PainSite, PatientLog
from planner.review.log_summary import (
    Adherence,
    LoggedFall,
    adherence,
    falls,
    longest_break,
    pain_bands,
    pain_sites,
    planned_days,
)
from planner.review.outcomes import ExerciseFacts, ReviewDecisions, decide_review
from planner.review.reassess import all_falls, reassess
from planner.review.visit import Visit
from planner.rulebook import Rulebook
from planner.schedule.pool import Pool
from planner.schedule.tailoring import Continuation
from planner.schedule.weeks import DEFAULT_WEEKS
from planner.vocabulary import Component

AT_THE_TOP = "At the top of its ladder; no harder entry is allowed on the visit date"
NO_SUPPORT = "At the top of its ladder; hand support not recorded, so no change of support or entry"
#: Weeks after which the balance-minute ramp stays at its top (guidance 12.0 item 1).
RAMP_WEEKS = 8
BLOCK_WEEKS = 12


@dataclass(frozen=True)
class Review:
    """The next block's plan, the profile on the visit date and the decisions behind it."""

    plan: Plan
    profile: Profile
    decisions: ReviewDecisions


def review(
    previous: Plan, visit: Visit, rulebook: Rulebook, log: PatientLog | None = None
) -> Review:
    """The next block after ``previous``, from the visit (and the patient's log)."""
    if visit.visit_date <= previous.profile.assessed_on:
        raise ValueError("the visit is not after the last plan's assessment")
    logged = falls(log)
    profile, notes = reassess(previous, visit, logged, rulebook.household)
    planned = planned_days(previous)
    before = visit.visit_date
    shares = adherence(log, planned, before)
    if visit.sessions is not None and log is None:
        shares = {c: Adherence(s.done, s.planned) for c, s in visit.sessions.items()}
    bands = pain_bands(log, planned, before) or {}
    sites = pain_sites(log, planned, before)
    fallen = all_falls(visit, logged)
    since = [f for f in fallen if f.date > previous.profile.assessed_on]
    gap = longest_break(log, before)
    break_days = gap.days if gap is not None else (visit.longest_break_days or 0)
    programme_week = previous.programme.week + (visit.visit_date - previous.start_date).days // 7
    visit_facts: dict[str, Any] = {
        "in_person": visit.kind == "in_person",
        "falls_since_visit": len(since),
        "fall_needs_supervision": any(f.during or f.injurious or f.long_lie for f in since)
        or profile.falls_12m >= 2
        and bool(since),
        "new_fracture": bool(visit.new_fractures),
        "red_flag_now": bool(visit.red_flags),
        "red_flag_assessed": visit.red_flag_assessed,
        "break_days": break_days,
        "programme_week": max(1, programme_week),
        "retest_past_cutoff": bool(past_cutoffs(visit.retests, profile.age, profile.sex)),
        "clearance_recorded": bool(visit.clearances),
    }
    last = {ex.slug: ex for ex in previous.exercises()}
    facts = [
        _exercise_facts(slug, ex.component, visit, bands, sites, shares, since)
        for slug, ex in last.items()
    ]
    decisions = decide_review(profile, visit_facts, facts, rulebook)
    permitted = {ex.slug for ex in Pool.of(profile, decide(profile, rulebook), rulebook).exercises}
    steps: dict[str, Step] = {}
    stuck: dict[str, str] = {}  # a progress that changes nothing, and why
    for fact in facts:
        outcome = decisions.outcomes[fact.slug]
        achieved = achieved_rung(fact.achieved, previous.programme.rungs.get(fact.slug, (0, 1, 2)))
        entry = rulebook.exercises[fact.slug]
        found = visit.exercises.get(fact.slug)
        held = entry.component == "balance" and entry.position == "standing_support"
        seen = found.support if found else None
        step = next_step(
            entry,
            achieved,
            outcome.outcome,
            restart=outcome.restart,
            regress=outcome.regress,
            allowed=lambda s: s in permitted,
            held=held,
            seen=seen,
        )
        if step.slug is None and entry.component == "mobility":
            step = Step(fact.slug, (0, 0, 0))  # section 10 requires it: its bottom rung stays
        steps[fact.slug] = step
        if outcome.outcome == "progress" and step == Step(fact.slug, (achieved,) * 3):
            stuck[fact.slug] = NO_SUPPORT if held and seen is None else AT_THE_TOP
    week = max(1, programme_week)
    ramp_from = None if decisions.restart else previous.programme.ramp_from
    ladder = {slug: s for slug, s in steps.items() if not decisions.outcomes[slug].section_10}
    continuation = Continuation(
        carried=tuple(s.slug for s in ladder.values() if s.slug is not None),
        rungs={s.slug: s.rungs for s in ladder.values() if s.slug is not None},
        left=frozenset(slug for slug, s in steps.items() if s.slug != slug),
        closed=frozenset(decisions.closed),
        ramp_top=ramp_from is not None and week - ramp_from > RAMP_WEEKS,
        programme=Programme(block=previous.programme.block + 1, week=week, ramp_from=ramp_from),
    )
    plan = build_plan(profile, rulebook, weeks=DEFAULT_WEEKS, continuation=continuation)
    record = ReviewRecord(
        visit_date=visit.visit_date,
        kind=visit.kind,
        previous_block=previous.programme.block,
        rules_fired=decisions.fired,
        changes=_changes(plan, steps, decisions, visit, stuck),
        notes=notes,
    )
    return Review(
        plan=_with_review(plan, record, decisions, rulebook), profile=profile, decisions=decisions
    )


def _exercise_facts(
    slug: str,
    component: Component,
    visit: Visit,
    bands: Mapping[str, str],
    sites: Mapping[str, set[PainSite]],
    shares: Mapping[Component, Adherence],
    since: list[LoggedFall],
) -> ExerciseFacts:
    found = visit.exercises.get(slug)
    return ExerciseFacts(
        slug=slug,
        component=component,
        achieved=found.achieved if found else "foundation",
        top_of_range=found.top_of_range if found else False,
        pain_band=(found.pain if found and found.pain else None) or bands.get(slug, "expected"),
        fell_during=any(f.during == slug for f in since),
        joint_pain="joint" in sites.get(slug, set()),
        fracture_site_pain="fracture_site" in sites.get(slug, set()),
        adherence=shares.get(component, Adherence(None, 0)),
    )


def _changes(
    plan: Plan,
    steps: dict[str, Step],
    decisions: ReviewDecisions,
    visit: Visit,
    stuck: Mapping[str, str],
) -> list[ReviewChange]:
    """For each exercise, progress, hold, step back, new or dropped, with rules and facts; a
    progress that changes no dose, support or entry is a hold, with the reason first."""
    seen = {slug: f.support for slug, f in visit.exercises.items()}
    now = {ex.slug for ex in plan.exercises()}
    excluded = {e.slug: e.rules for e in plan.excluded}
    out: list[ReviewChange] = []
    for slug, step in steps.items():
        decision = decisions.outcomes[slug]
        replacement = step.slug if step.slug != slug else None
        if step.slug is None or (step.slug not in now and slug not in now):
            rules = excluded.get(step.slug or slug, []) or decision.rules
            why = (
                "excluded on the visit date"
                if step.slug in excluded or slug in excluded
                else (
                    "no easier entry to step down to"
                    if step.slug is None
                    else "not needed this block"
                )
            )
            out.append(
                ReviewChange(
                    slug=slug,
                    change="dropped",
                    replacement=replacement,
                    rules=rules,
                    because=[why, *decision.because],
                )
            )
            continue
        support = [_support_words(step, seen.get(slug))] if step.support else []
        out.append(
            ReviewChange(
                slug=slug,
                change="hold" if slug in stuck else decision.outcome,
                replacement=replacement,
                rules=decision.rules or ["R-REV-17"],
                because=([stuck[slug]] if slug in stuck else [])
                + (
                    decision.because
                    or ["no rule's conditions for progress are all recorded as met"]
                )
                + support,
                support=step.support,
            )
        )
    kept = {s.slug for s in steps.values() if s.slug}
    for slug in sorted(now - kept - set(steps)):
        ex = next(e for e in plan.exercises() if e.slug == slug)
        out.append(
            ReviewChange(
                slug=slug,
                change="new",
                rules=ex.why,
                because=["chosen by the rules on the visit date"],
            )
        )
    return out


def _support_words(step: Step, seen: Support | None) -> str:
    """A change of hand support in a clinician's words (R-REV-11)."""
    words = {"two_hands": "two hands", "one_hand": "one hand", "fingertips": "fingertips"}
    now = words[step.support] if step.support else ""
    return f"Hand support for this block: {now} (seen with {words[seen] if seen else 'no record'})"


def _with_review(
    plan: Plan,
    record: ReviewRecord,
    decisions: ReviewDecisions,
    rulebook: Rulebook,
) -> Plan:
    """The plan with its review record and the review rules' warnings added."""

    have = {w.code for w in plan.warnings}
    extra = [
        PlanWarning(code=code, text=rulebook.warnings[code].text, rules=sorted(rules))
        for code, rules in decisions.warnings.items()
        if code not in have and code in rulebook.warnings
    ]
    merged = [
        w.model_copy(update={"rules": sorted({*w.rules, *decisions.warnings.get(w.code, [])})})
        for w in plan.warnings
    ] + extra
    supervision = plan.supervision
    unmet = list(plan.unmet)
    if decisions.supervision:
        rules = sorted({*supervision.rules, *decisions.supervision})
        supervision = SupervisionNeed(required=True, rules=rules)
        if not plan.profile.supervision_available:
            unmet += [
                UnmetRequirement(
                    rule=rule,
                    label="supervised sessions after the fall",
                    required="supervised sessions",
                    found="no supervision available",
                    reason="the profile says no physiotherapist or instructor can supervise; "
                    "arrange supervision (a helper at home is not supervision)",
                )
                for rule in decisions.supervision
            ]
    return plan.model_copy(
        update={"review": record, "warnings": merged, "supervision": supervision, "unmet": unmet}
    )
