"""What each adjustment did to the plan, and the requirements it leaves unmet.

The adjusted schedule is compared with the one the rules alone give. A requirement the
adjustments leave unmet (one the unadjusted plan met, or met better) refuses them, unless the
profile says ``accept_unmet`` with a reason; then the plan lists it with that reason.
"""

from __future__ import annotations

from planner.errors import AdjustmentRefused, Refusal
from planner.plan import AppliedAdjustment, UnmetRequirement
from planner.profile.adjust import WEEKDAY_NAMES
from planner.profile.model import Profile
from planner.rulebook import Rulebook
from planner.schedule.days import DAY_BUDGET
from planner.schedule.scheduler import Schedule
from planner.schedule.weeks import phase_of
from planner.vocabulary import PHASES, WEEKDAYS


def caused_unmet(base: Schedule, adjusted: Schedule) -> list[UnmetRequirement]:
    """Unmet requirements of the adjusted schedule that the unadjusted one does not have."""
    before = {(u.rule, u.label, u.found) for u in base.unmet}
    return [u for u in adjusted.unmet if (u.rule, u.label, u.found) not in before]


def settle_unmet(profile: Profile, base: Schedule, adjusted: Schedule) -> list[UnmetRequirement]:
    """The adjusted plan's unmet list, those the adjustments caused marked as accepted; or
    :class:`AdjustmentRefused` naming each, when the profile does not accept them."""
    caused = caused_unmet(base, adjusted)
    accepted = profile.adjust.accept_unmet
    if caused and accepted is None:
        raise AdjustmentRefused(
            refusals=[
                Refusal(
                    "adjustments",
                    None,
                    u.rule,
                    f"would leave '{u.label}' unmet (required {u.required}; found {u.found}); "
                    "change them, or accept it with accept_unmet and a reason",
                )
                for u in caused
            ]
        )
    keys = {(u.rule, u.label, u.found) for u in caused}
    return [
        u.model_copy(update={"accepted": accepted.reason})
        if accepted is not None and (u.rule, u.label, u.found) in keys
        else u
        for u in adjusted.unmet
    ]


def check_budget(profile: Profile, adjusted: Schedule) -> None:
    """Every day of the adjusted plan fits the daily time budget."""
    longest = max((day.minutes for week in adjusted.weeks for day in week.days), default=0)
    if longest > adjusted.budget:
        raise AdjustmentRefused(
            refusals=[
                Refusal(
                    "minutes_per_day" if profile.adjust.minutes_per_day else "add",
                    None,
                    None,
                    f"the longest day would take {longest} minutes, more than the daily budget "
                    f"of {adjusted.budget}; add fewer exercises or allow more time",
                )
            ]
        )


def check_holds(profile: Profile, adjusted: Schedule) -> None:
    """A dose can only be held for an exercise the plan holds."""
    chosen = {ex.slug for ex in adjusted.chosen}
    missing = [h.exercise for h in profile.adjust.hold if h.exercise not in chosen]
    if missing:
        raise AdjustmentRefused(
            refusals=[
                Refusal("hold", slug, None, "is not in this plan, so there is no dose to hold")
                for slug in missing
            ]
        )


def applied(
    profile: Profile, rulebook: Rulebook, base: Schedule, adjusted: Schedule
) -> list[AppliedAdjustment]:
    """Each adjustment with its reason and what it did, in a clinician's words."""
    adjust = profile.adjust
    names = {slug: ex.name for slug, ex in rulebook.exercises.items()}
    caused = caused_unmet(base, adjusted)
    unmet_rules = {u.rule for u in caused}
    unmet_keys = {(u.rule, u.label) for u in caused}
    before = {ex.slug for ex in base.chosen}
    claimed: set[str] = set()

    def met_by(schedule: Schedule, slug: str) -> list[str]:
        return sorted({req.rule for req in schedule.counts.get(slug, [])})

    def fates(gone: str) -> list[str]:
        """What became of each requirement ``gone`` counted toward in the unadjusted plan."""
        out: list[str] = []
        grouped: dict[tuple[str, str], list[str]] = {}
        for req in base.counts.get(gone, []):
            claimed.add(req.rule)
            label = req.requirement.label
            if (req.rule, label) in unmet_keys:
                out.append(f"leaves {req.rule} ({label}) unmet")
                continue
            others = [
                names[s]
                for s, reqs in adjusted.counts.items()
                if s != gone and req in reqs and s not in before_for(req)
            ] or [names[s] for s, reqs in adjusted.counts.items() if s != gone and req in reqs]
            if others:
                grouped.setdefault((req.rule, ", ".join(others[:2])), []).append(label)
        out += [
            f"met {rule} ({'; '.join(labels)}) with {who} instead"
            for (rule, who), labels in grouped.items()
        ]
        return out

    def before_for(req: object) -> set[str]:
        return {s for s, reqs in base.counts.items() if req in reqs}

    out: list[AppliedAdjustment] = []
    for drop in adjust.drop:
        rules = met_by(base, drop.exercise) if drop.exercise in before else []
        if drop.exercise not in before:
            effect = "was not in the plan; it stays out"
        else:
            effect = "; ".join(fates(drop.exercise)) or "left out"
        out.append(
            AppliedAdjustment(
                kind="drop", exercise=drop.exercise, reason=drop.reason, effect=effect, rules=rules
            )
        )
    for swap in adjust.swap:
        rules = met_by(base, swap.exercise)
        parts = [f"{names[swap.for_]} in its place"]
        parts += fates(swap.exercise)
        out.append(
            AppliedAdjustment(
                kind="swap",
                exercise=swap.exercise,
                replacement=swap.for_,
                reason=swap.reason,
                effect="; ".join(parts),
                rules=rules,
            )
        )
    for add in adjust.add:
        ex = rulebook.exercises[add.exercise]
        rules = met_by(adjusted, add.exercise)
        if add.exercise in before:
            effect = "was already in the plan"
        else:
            days = _days_of(adjusted, add.exercise)
            effect = (
                f"in the {ex.component} sessions on {days} day{'s' if days != 1 else ''} a week"
            )
            if rules:
                effect += f"; counts toward {', '.join(rules)}"
        out.append(
            AppliedAdjustment(
                kind="add", exercise=add.exercise, reason=add.reason, effect=effect, rules=rules
            )
        )
    for hold in adjust.hold:
        later = [
            w.week
            for w in adjusted.weeks
            if PHASES.index(phase_of(w.week)) > PHASES.index(hold.phase)
        ]
        effect = (
            f"kept at the {hold.phase} dose from week {later[0]} on"
            if later
            else f"the plan does not go past the {hold.phase} dose, so nothing changes"
        )
        out.append(
            AppliedAdjustment(
                kind="hold", exercise=hold.exercise, reason=hold.reason, effect=effect, rules=[]
            )
        )
    rest_rules = sorted(unmet_rules - claimed)
    if adjust.rest_days:
        day_names = ", ".join(WEEKDAYS[WEEKDAY_NAMES.index(d)] for d in adjust.rest_days)
        effect = f"no exercise on {day_names}"
        if rest_rules:
            effect += "; leaves " + ", ".join(rest_rules) + " unmet"
        out.append(AppliedAdjustment(kind="rest_days", effect=effect, rules=rest_rules))
    if adjust.minutes_per_day is not None:
        longest = (
            max((day.minutes for day in adjusted.weeks[-1].days), default=0)
            if adjusted.weeks
            else 0
        )
        most = DAY_BUDGET[profile.ability]
        effect = (
            f"a daily budget of {adjust.minutes_per_day} minutes (up to {most} for this "
            f"ability); the longest day is {longest} minutes"
        )
        if rest_rules and not adjust.rest_days:
            effect += "; leaves " + ", ".join(rest_rules) + " unmet"
        out.append(AppliedAdjustment(kind="minutes_per_day", effect=effect, rules=rest_rules))
    if (start := adjust.start_on) is not None:
        when = f"{start:%A} {start.day} {start:%B %Y}"
        out.append(
            AppliedAdjustment(kind="start_on", effect=f"the plan starts on {when}", rules=[])
        )
    return out


def _days_of(schedule: Schedule, slug: str) -> int:
    """On how many days of the first week the exercise is planned."""
    if not schedule.weeks:
        return 0
    return sum(
        1
        for day in schedule.weeks[0].days
        if any(ex.slug == slug for s in day.sessions for ex in s.exercises)
    )
