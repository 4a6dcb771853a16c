"""Decisions -> weekly plan: choose exercises that satisfy every decision and lay them over days.

The steps, each deterministic:

1. The pool: library entries no fired rule excludes and whose equipment the patient has.
2. Requirements, most specific first: each is met by one exercise (one already chosen if it can
   be), added to its component's session, and that component is scheduled on at least the
   required number of days. Resistance fits on at most 3 days, never adjacent (Sunday-Monday
   included).
3. Filling: each scheduled session is topped up to a sensible size with permitted exercises that
   count toward the same requirements, preferring ones that work a body region not yet covered.
4. Days: resistance on fixed non-adjacent days; every other component on evenly spread days,
   rotated so that no day's minutes exceed the patient's daily budget; fill-in exercises are
   dropped if a day would still be too long.
5. Weeks: the same week repeated with doses rising by phase (foundation, build, progress);
   restrictions never lift with time, and the plan carries a review date at the first window
   boundary of a restriction inside its horizon.

Nothing here ever adds an excluded exercise: a requirement that cannot be met is reported, not
forced.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from planner.engine import ActiveRequirement, Conditional, Decisions, decide
from planner.errors import Problem, ProfileError, suggest
from planner.plan import (
    ChoiceNote,
    Day,
    ExcludedExercise,
    Explanation,
    FiredRule,
    LeftOut,
    Plan,
    PlannedDose,
    PlannedExercise,
    PlanWarning,
    RulesetRef,
    Session,
    SupervisionNeed,
    UnmetRequirement,
    Week,
)
from planner.profile.model import Profile
from planner.rulebook.conditions import ExerciseMatch, fracture_matches
from planner.rulebook.exercises import Exercise
from planner.rulebook.load import Rulebook, load_rulebook
from planner.vocabulary import COMPONENTS, WEEKDAYS, Component, Phase, level_rank

DEFAULT_WEEKS = 12
MAX_RESISTANCE_DAYS = 3
#: Daily minutes a person can reasonably give, by ability (project default).
DAY_BUDGET = {"frail": 45, "limited": 60, "independent": 75, "fit": 90}
#: Exercises in one session of a component, by ability (project default).
SESSION_SIZE: dict[Component, dict[str, int]] = {
    "resistance": {"frail": 3, "limited": 4, "independent": 5, "fit": 5},
    "balance": {"frail": 2, "limited": 3, "independent": 3, "fit": 3},
    "posture": {"frail": 2, "limited": 3, "independent": 3, "fit": 3},
    "impact": {"frail": 1, "limited": 2, "independent": 2, "fit": 2},
    "aerobic": {"frail": 1, "limited": 1, "independent": 1, "fit": 1},
    "mobility": {"frail": 1, "limited": 1, "independent": 1, "fit": 1},
}
#: Resistance days (0 = the plan's first weekday), none adjacent even from Sunday to Monday.
RESISTANCE_DAYS = {1: (0,), 2: (0, 3), 3: (0, 2, 4)}


def phase_of(week: int) -> Phase:
    """Weeks 1-4 lay the foundation, 5-8 build, 9 onward progress."""
    return "foundation" if week <= 4 else "build" if week <= 8 else "progress"


def build_plan(
    profile: Profile, rulebook: Rulebook | None = None, *, weeks: int = DEFAULT_WEEKS
) -> Plan:
    """The weekly plan for one profile: decisions from the rules, then the schedule."""
    book = rulebook if rulebook is not None else load_rulebook()
    check_equipment(profile, book)
    return schedule(profile, decide(profile, book), book, weeks=weeks)


def check_equipment(profile: Profile, rulebook: Rulebook) -> None:
    """Every equipment name in the profile is in the rulebook's vocabulary."""
    problems = [
        Problem(
            f"unknown equipment '{name}'",
            field=f"equipment[{i}]",
            suggestion=suggest(name, rulebook.vocabulary),
        )
        for i, name in enumerate(profile.equipment or ())
        if name not in rulebook.vocabulary
    ]
    if problems:
        raise ProfileError(
            problems=problems,
            summary="Equipment must come from the list shown by 'osteoplan exercises --equipment':",
        )


@dataclass
class _Layout:
    """The week being built: one ordered exercise list and a day count per component."""

    sets: dict[Component, list[Exercise]] = field(default_factory=dict)
    days: dict[Component, int] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)  # slugs that alone meet some requirement
    unmet: list[UnmetRequirement] = field(default_factory=list)
    assigned: dict[Component, list[ActiveRequirement]] = field(default_factory=dict)

    def copy(self) -> _Layout:
        """A copy whose lists and sets can change without touching this one."""
        return _Layout(
            sets={c: list(m) for c, m in self.sets.items()},
            days=dict(self.days),
            required=set(self.required),
            unmet=list(self.unmet),
            assigned={c: list(r) for c, r in self.assigned.items()},
        )

    def chosen(self) -> list[Exercise]:
        return [ex for c in COMPONENTS for ex in self.sets.get(c, [])]

    def add(self, exercise: Exercise, days: int) -> None:
        c = exercise.component
        members = self.sets.setdefault(c, [])
        if all(m.slug != exercise.slug for m in members):
            members.append(exercise)
        self.days[c] = max(self.days.get(c, 0), min(days, _max_days(c)))


def _max_days(component: Component) -> int:
    return MAX_RESISTANCE_DAYS if component == "resistance" else 7


def schedule(
    profile: Profile, decisions: Decisions, rulebook: Rulebook, *, weeks: int = DEFAULT_WEEKS
) -> Plan:
    """Lay the decisions out as a plan of ``weeks`` weeks."""
    available = (
        frozenset(profile.equipment) if profile.equipment is not None else rulebook.household
    )
    pool = [
        ex
        for ex in rulebook.exercises.values()
        if ex.slug not in decisions.exclusions and ex.equipment_for(available) is not None
    ]
    layout = _Layout()
    budget = DAY_BUDGET[profile.ability]
    if not decisions.stop:
        _meet_requirements(layout, decisions, pool, rulebook, available)
        _fill_sessions(layout, pool, profile)
        phases = tuple(dict.fromkeys(phase_of(n) for n in range(1, weeks + 1)))
        for component, need in _minutes_needs(decisions).items():
            layout = _meet_minutes(layout, component, need, pool, budget, phases)
    day_components = _place_days(layout, budget)
    if not decisions.stop:
        layout.unmet += _unmet_supervision(profile, decisions)
    library_order = {slug: i for i, slug in enumerate(rulebook.exercises)}
    for members in layout.sets.values():
        members.sort(key=lambda ex: library_order[ex.slug])

    start = profile.assessed_on + dt.timedelta(days=(7 - profile.assessed_on.weekday()) % 7)
    planned = {ex.slug for ex in layout.chosen()}
    by_slug = {ex.slug: ex for ex in layout.chosen()}
    triggered = [
        cond
        for cond in decisions.conditionals
        if any(cond.match.matches(by_slug[slug]) for slug in planned)
    ]
    counts = _counts_toward(layout)
    why = {slug: sorted({req.rule for req in reqs}) for slug, reqs in counts.items()}
    plan_weeks = (
        [] if decisions.stop else _weeks(weeks, start, layout, day_components, why, available)
    )
    return _assemble(
        profile,
        decisions,
        rulebook,
        layout,
        plan_weeks,
        start,
        weeks,
        triggered,
        counts,
        pool,
        available,
        budget,
    )


# --- step 2: requirements --------------------------------------------------------------------


def _meet_requirements(
    layout: _Layout,
    decisions: Decisions,
    pool: list[Exercise],
    rulebook: Rulebook,
    available: frozenset[str],
) -> None:
    def candidates(req: ActiveRequirement) -> tuple[list[Exercise], ExerciseMatch]:
        match = req.requirement.match
        found = [ex for ex in pool if match.matches(ex)]
        if not found and req.requirement.or_else is not None:
            match = req.requirement.or_else
            found = [ex for ex in pool if match.matches(ex)]
        return found, match

    rule_order = [r.id for r in rulebook.rules]
    found_for = {id(r): candidates(r) for r in decisions.requirements}
    ordered = sorted(
        decisions.requirements,
        key=lambda r: (len(found_for[id(r)][0]), -r.requirement.days, rule_order.index(r.rule)),
    )
    for req in ordered:
        found, match = found_for[id(req)]
        need = req.requirement.days
        if not found:
            layout.unmet.append(
                UnmetRequirement(
                    rule=req.rule,
                    label=req.requirement.label,
                    required=f"on {need} {_days_word(need)} a week",
                    found="no permitted exercise",
                    reason=_why_unavailable(req.requirement.match, decisions, rulebook, available),
                )
            )
            continue
        chosen = [ex for ex in layout.chosen() if match.matches(ex)]
        reachable = [ex for ex in chosen if _max_days(ex.component) >= need]
        pick = (reachable or chosen or _ranked(found, need))[0]
        if not reachable and chosen:
            better = [ex for ex in _ranked(found, need) if _max_days(ex.component) >= need]
            pick = better[0] if better else chosen[0]
        layout.add(pick, need)
        layout.assigned.setdefault(pick.component, []).append(req)
        if len(found) == 1 or req.requirement.match.slug:
            layout.required.add(pick.slug)
        if _max_days(pick.component) < need:
            layout.unmet.append(
                UnmetRequirement(
                    rule=req.rule,
                    label=req.requirement.label,
                    required=f"on {need} {_days_word(need)} a week",
                    found=f"on {_max_days(pick.component)} days",
                    reason=f"{pick.component} fits on at most {_max_days(pick.component)} "
                    "non-adjacent days a week",
                )
            )


def _ranked(found: list[Exercise], need: int) -> list[Exercise]:
    """Candidates best first: able to reach the days needed, most intense walking, library order."""
    order = {ex.slug: i for i, ex in enumerate(found)}

    def key(ex: Exercise) -> tuple[int, int, int]:
        aerobic = level_rank("aerobic_intensity", ex.tags.aerobic_intensity)
        return (
            0 if _max_days(ex.component) >= need else 1,
            -aerobic if ex.component == "aerobic" else 0,
            order[ex.slug],
        )

    return sorted(found, key=key)


def _why_unavailable(
    match: ExerciseMatch, decisions: Decisions, rulebook: Rulebook, available: frozenset[str]
) -> str:
    """Why no permitted exercise can meet a requirement, exercise by exercise."""
    reasons = []
    for ex in rulebook.exercises.values():
        if not match.matches(ex):
            continue
        if ex.slug in decisions.exclusions:
            rules = ", ".join(decisions.exclusions[ex.slug].rules)
            reasons.append(f"{ex.slug} is excluded by {rules}")
        else:
            reasons.append(f"{ex.slug} needs {', '.join(ex.missing_equipment(available))}")
    if not reasons:
        return f"the library has no exercise matching {match.text()}"
    return "; ".join(reasons)


def _days_word(n: int) -> str:
    return "day" if n == 1 else "days"


# --- step 2b: minutes a week (guidance 10.0 item 11) ---------------------------------------


def _minutes_needs(decisions: Decisions) -> dict[Component, list[ActiveRequirement]]:
    """The active minutes requirements, grouped by the one component each matches."""
    needs: dict[Component, list[ActiveRequirement]] = {}
    for req in decisions.requirements:
        if req.requirement.minutes is not None and req.requirement.match.component:
            needs.setdefault(req.requirement.match.component[0], []).append(req)
    return needs


def _stated(members: Iterable[Exercise], req: ActiveRequirement, phase: Phase) -> float:
    """Minutes a session of ``members`` states toward ``req`` at a phase."""
    return sum(ex.dose.stated_minutes(phase) for ex in members if req.requirement.match.matches(ex))


def _minutes_met(
    members: list[Exercise], days: int, reqs: list[ActiveRequirement], phases: tuple[Phase, ...]
) -> bool:
    """Whether ``days`` sessions of ``members`` a week meet every requirement in every phase."""
    for req in reqs:
        minutes, spread = req.requirement.minutes, req.requirement.spread
        assert minutes is not None
        weekly = [days * _stated(members, req, phase) for phase in phases]
        if any(w < minutes.at(phase) for w, phase in zip(weekly, phases, strict=True)):
            return False
        if spread is not None and days < spread.days and max(weekly) > spread.above_minutes:
            return False
    return True


def _meet_minutes(
    layout: _Layout,
    component: Component,
    reqs: list[ActiveRequirement],
    pool: list[Exercise],
    budget: int,
    phases: tuple[Phase, ...],
) -> _Layout:
    """The layout whose ``component`` sessions state the minutes ``reqs`` ask for.

    Tries the fewest days first (at least what the day requirements and the spread need) and,
    for each, the fewest exercises in the session (the chosen ones first, then the permitted ones
    that are not variants of them, then the variants), keeping every day within ``budget``. What
    cannot be met is reported as unmet; nothing is padded.
    """
    base = list(layout.sets.get(component, []))
    fresh = [
        ex
        for ex in pool
        if ex.component == component
        and ex not in base
        and any(r.requirement.match.matches(ex) for r in reqs)
    ]
    new = [ex for ex in fresh if not any(_variants(ex, m) for m in base)]
    order = base + new + [ex for ex in fresh if ex not in new]
    first_day = max([layout.days.get(component, 0)] + [r.requirement.days for r in reqs])

    def session_for(days: int) -> list[Exercise] | None:
        for size in range(len(base), len(order) + 1):
            if _minutes_met(order[:size], days, reqs, phases):
                return order[:size]
        return None

    def trial(members: list[Exercise], days: int) -> tuple[_Layout, int]:
        out = layout.copy()
        out.sets[component] = list(members)
        out.days[component] = days
        out.required |= {ex.slug for ex in members}
        out.assigned.setdefault(component, [])
        out.assigned[component] += [r for r in reqs if r not in out.assigned[component]]
        return out, _peak(out, _place_days(out, budget))

    over_budget = False
    for days in range(first_day, 8):
        members = session_for(days)
        if members is None:
            continue
        out, peak = trial(members, days)
        if peak <= budget:
            return out
        over_budget = True
    # Short of the dose: the most of it that fits the daily budget, fewest days and exercises
    # first; the shortfall is reported.
    least = max(1, sum(1 for ex in base if ex.slug in layout.required))
    best: tuple[float, int, int] | None = None
    for days in range(first_day, 8):
        for size in range(least, len(order) + 1):
            if trial(order[:size], days)[1] > budget:
                break
            share = min(
                days * _stated(order[:size], r, p) / r.requirement.minutes.at(p)
                for r in reqs
                for p in phases
                if r.requirement.minutes is not None
            )
            if best is None or share > best[0]:
                best = (share, days, size)
    days, size = (best[1], best[2]) if best is not None else (first_day, least)
    members = order[:size]
    out, _ = trial(members, days)
    out.unmet += _minutes_shortfall(
        members, days, reqs, phases, over_budget=over_budget, budget=budget
    )
    return out


def _peak(layout: _Layout, days: list[list[Component]]) -> int:
    """The longest day's minutes in the last phase."""
    return max(sum(_session_minutes(layout.sets[c], "progress") for c in comps) for comps in days)


def _minutes_shortfall(
    members: list[Exercise],
    days: int,
    reqs: list[ActiveRequirement],
    phases: tuple[Phase, ...],
    *,
    over_budget: bool,
    budget: int,
) -> list[UnmetRequirement]:
    """An unmet record for each minutes requirement the final sessions fall short of."""
    out = []
    for req in reqs:
        minutes = req.requirement.minutes
        assert minutes is not None
        if _minutes_met(members, days, [req], phases):
            continue
        weekly = {phase: days * _stated(members, req, phase) for phase in phases}
        names = ", ".join(ex.name.lower() for ex in members if req.requirement.match.matches(ex))
        reason = (
            f"the daily time budget of {budget} minutes leaves no room for more"
            if over_budget
            else f"the permitted exercises ({names}) state no more time, even on {days} days"
        )
        out.append(
            UnmetRequirement(
                rule=req.rule,
                label=req.requirement.label,
                required=_per_phase({phase: minutes.at(phase) for phase in phases}),
                found=_per_phase(weekly) + f", on {days} days",
                reason=reason,
            )
        )
    return out


PHASE_WEEKS: dict[Phase, str] = {
    "foundation": "in weeks 1-4",
    "build": "in weeks 5-8",
    "progress": "from week 9",
}


def _per_phase(values: dict[Phase, float]) -> str:
    """E.g. "60 minutes a week in weeks 1-4, 90 in weeks 5-8, 120 from week 9"."""
    parts = [f"{round(v, 1):g} {PHASE_WEEKS[phase]}" for phase, v in values.items()]
    parts[0] = parts[0].replace(" ", " minutes a week ", 1)
    return ", ".join(parts)


def _unmet_supervision(profile: Profile, decisions: Decisions) -> list[UnmetRequirement]:
    """Supervision a rule asks for that the profile says is not available (10.0 item 11)."""
    if profile.supervision_available or not decisions.supervision:
        return []
    return [
        UnmetRequirement(
            rule=rule,
            label="the first sessions supervised by a physiotherapist or trained instructor",
            required="supervised sessions",
            found="no supervision available",
            reason="the profile says no physiotherapist or instructor can supervise; "
            "arrange supervision (a helper at home is not supervision)",
        )
        for rule in sorted(set(decisions.supervision))
    ]


# --- step 3: filling sessions ----------------------------------------------------------------


def _fill_sessions(layout: _Layout, pool: list[Exercise], profile: Profile) -> None:
    for component, reqs in layout.assigned.items():
        size = SESSION_SIZE[component][profile.ability]
        members = layout.sets[component]
        taken = {m.slug for m in members}
        candidates = [
            ex
            for ex in pool
            if ex.component == component
            and ex.slug not in taken
            and any(r.requirement.match.matches(ex) for r in reqs)
        ]
        while len(members) < size:
            # One variant of each movement: skip easier or harder versions of a chosen one.
            fresh = [ex for ex in candidates if not any(_variants(ex, m) for m in members)]
            if not fresh:
                break
            covered = {region for ex in members for region in ex.region}
            best = next((ex for ex in fresh if set(ex.region) - covered), None)
            if best is None:
                break
            members.append(best)
            candidates = [ex for ex in candidates if ex.slug != best.slug]


def _variants(a: Exercise, b: Exercise) -> bool:
    """Whether one exercise is the library's progression or regression of the other."""
    return a.slug in b.progression + b.regression or b.slug in a.progression + a.regression


# --- step 4: days ----------------------------------------------------------------------------


def _session_minutes(exercises: Iterable[Exercise], phase: Phase) -> int:
    return sum(ex.dose.minutes_at(phase) for ex in exercises)


def _place_days(layout: _Layout, budget: int) -> list[list[Component]]:
    """Which components fall on each of the 7 days, keeping days within the budget."""
    while True:
        days = _spread(layout)
        peak = max(
            sum(_session_minutes(layout.sets[c], "progress") for c in comps) for comps in days
        )
        if peak <= budget or not _drop_fill_in(layout):
            return days


def _spread(layout: _Layout) -> list[list[Component]]:
    """Each component on evenly spaced days, rotated so the longest day is as short as can be.

    Resistance keeps its fixed non-adjacent days. Every other component takes one rotation of
    its evenly spaced pattern; the rotations chosen together make the longest day shortest, then
    the days most even (least sum of squares), then the earliest rotations: a small search,
    pruned as soon as a partial week is already worse than the best found.
    """
    order = sorted(
        (c for c in layout.days if layout.sets.get(c)),
        key=lambda c: (c != "resistance", -_session_minutes(layout.sets[c], "progress"), c),
    )
    minutes = {c: _session_minutes(layout.sets[c], "progress") for c in order}
    choices = {c: _rotations(c, layout.days[c]) for c in order}
    best: tuple[int, int, list[tuple[int, ...]]] | None = None

    def search(i: int, load: list[int], picked: list[tuple[int, ...]]) -> None:
        nonlocal best
        key = (max(load), sum(x * x for x in load))
        if best is not None and key >= best[:2]:
            return  # adding days only raises both figures
        if i == len(order):
            best = (key[0], key[1], list(picked))
            return
        for ds in choices[order[i]]:
            after = [x + minutes[order[i]] if d in ds else x for d, x in enumerate(load)]
            search(i + 1, after, [*picked, ds])

    search(0, [0] * 7, [])
    assert best is not None
    days: list[list[Component]] = [[] for _ in range(7)]
    for component, ds in zip(order, best[2], strict=True):
        for d in ds:
            days[d].append(component)
    return [sorted(comps, key=COMPONENTS.index) for comps in days]


def _rotations(component: Component, n: int) -> list[tuple[int, ...]]:
    """The day sets a component may take: resistance its fixed days, others evenly spaced."""
    if component == "resistance":
        return [RESISTANCE_DAYS[n]]
    base = [i * 7 // n for i in range(n)]
    return sorted({tuple(sorted((d + r) % 7 for d in base)) for r in range(7)})


def _drop_fill_in(layout: _Layout) -> bool:
    """Remove the last fill-in exercise of the largest session; False if none is left."""
    for component in sorted(layout.sets, key=lambda c: -len(layout.sets[c])):
        members = layout.sets[component]
        for ex in reversed(members):
            if ex.slug not in layout.required and len(members) > 1:
                still_met = all(
                    any(r.requirement.match.matches(o) for o in members if o is not ex)
                    for r in layout.assigned.get(component, [])
                    if r.requirement.match.matches(ex)
                )
                if still_met:
                    layout.sets[component] = [m for m in members if m is not ex]
                    return True
    return False


# --- step 5: weeks and the plan --------------------------------------------------------------


def _counts_toward(layout: _Layout) -> dict[str, list[ActiveRequirement]]:
    """For each chosen exercise, the requirements it counts toward."""
    return {
        ex.slug: [
            req
            for reqs in layout.assigned.values()
            for req in reqs
            if req.requirement.match.matches(ex)
            or (req.requirement.or_else is not None and req.requirement.or_else.matches(ex))
        ]
        for ex in layout.chosen()
    }


def _weeks(
    n_weeks: int,
    start: dt.date,
    layout: _Layout,
    day_components: list[list[Component]],
    why: dict[str, list[str]],
    available: frozenset[str],
) -> list[Week]:
    """Every week of the plan; weeks of the same phase share their (immutable) days."""
    first = start.weekday()
    tags = {ex.slug: ex.tags.model_dump() for ex in layout.chosen()}
    days_by_phase: dict[Phase, list[Day]] = {}
    for phase in dict.fromkeys(phase_of(n) for n in range(1, n_weeks + 1)):
        sessions = {
            c: Session.model_construct(
                component=c,
                minutes=_session_minutes(members, phase),
                exercises=[
                    _planned(ex, phase, why[ex.slug], tags[ex.slug], available) for ex in members
                ],
            )
            for c, members in layout.sets.items()
            if members
        }
        days_by_phase[phase] = [
            Day.model_construct(
                day=i + 1,
                weekday=WEEKDAYS[(first + i) % 7],
                sessions=[sessions[c] for c in comps],
            )
            for i, comps in enumerate(day_components)
        ]
    return [
        Week.model_construct(week=n, phase=phase_of(n), days=days_by_phase[phase_of(n)])
        for n in range(1, n_weeks + 1)
    ]


def _planned(
    ex: Exercise, phase: Phase, why: list[str], tags: dict[str, object], available: frozenset[str]
) -> PlannedExercise:
    point = ex.dose.at(phase)
    return PlannedExercise.model_construct(
        slug=ex.slug,
        name=ex.name,
        component=ex.component,
        position=ex.position,
        region=list(ex.region),
        ability=list(ex.ability),
        equipment=ex.equipment_for(available) or [],
        tags=tags,
        dose=PlannedDose.model_construct(
            sets=point.sets,
            reps=point.reps,
            hold_s=point.hold_s,
            minutes=point.minutes,
            load=ex.dose.load_at(phase),
            continuous=ex.dose.continuous,
            frequency=ex.dose.frequency,
        ),
        minutes=ex.dose.minutes_at(phase),
        why=why,
    )


def review_date(profile: Profile, rulebook: Rulebook, start: dt.date, weeks: int) -> dt.date:
    """The first window boundary of any rule inside the plan's horizon, else the plan's end."""
    end = start + dt.timedelta(weeks=weeks)
    boundaries = []
    for rule in rulebook.rules:
        conditions = [rule.when] + [effect.when for effect in rule.then]
        for match in (m for c in conditions for m in fracture_matches(c)):
            for fracture in profile.fractures:
                if match.site is not None and fracture.site not in match.site:
                    continue
                base = profile.fracture_date(fracture)
                boundaries += [base + dt.timedelta(weeks=w) for w in match.boundaries()]
    inside = [d for d in boundaries if start < d < end]
    return min(inside) if inside else end


def _assemble(
    profile: Profile,
    decisions: Decisions,
    rulebook: Rulebook,
    layout: _Layout,
    weeks: list[Week],
    start: dt.date,
    n_weeks: int,
    triggered: list[Conditional],
    counts: dict[str, list[ActiveRequirement]],
    pool: list[Exercise],
    available: frozenset[str],
    budget: int,
) -> Plan:
    warnings = {code: list(rules) for code, rules in decisions.warnings.items()}
    supervision = list(decisions.supervision)
    for cond in triggered:
        if cond.code is None:
            supervision.append(cond.rule)
        elif cond.code not in decisions.suppressed:
            warnings.setdefault(cond.code, []).append(cond.rule)
    fired_ids = {r.id for r in decisions.fired} | {c.rule for c in triggered}
    fired = [r for r in rulebook.rules if r.id in fired_ids]
    code_order = list(rulebook.warnings)
    fall_risk, fall_reasons = profile.effective_fall_risk()
    chosen = {ex.slug for ex in layout.chosen()}

    explanation = Explanation(
        fall_risk_reasons=fall_reasons,
        because={r.id: decisions.because.get(r.id, []) for r in fired},
        rationale={r.id: r.rationale for r in fired},
        chosen=[
            ChoiceNote(
                slug=slug,
                reasons=list(dict.fromkeys(f"{r.requirement.label} ({r.rule})" for r in reqs)),
            )
            for slug, reqs in counts.items()
        ],
        left_out=_left_out(rulebook, decisions, chosen, pool, available),
        lifted=[
            f"{lift.rule}: {lift.requirement.label} (lifted by {', '.join(lift.by)})"
            for lift in decisions.lifted
        ],
        caps={tag: level for tag, (level, _) in decisions.caps.items()},
        suppressed=decisions.suppressed,
        never_do=[(text, sorted(set(rules))) for text, rules in decisions.never_do.items()],
        notes=profile.notes,
        day_budget_minutes=budget,
        exclusion_reasons={slug: list(ex.reasons) for slug, ex in decisions.exclusions.items()},
    )
    household = list(rulebook.equipment.household)
    normalised = profile.model_dump(mode="json")
    normalised["equipment"] = (
        list(profile.equipment) if profile.equipment is not None else household
    )
    for fx, data in zip(profile.fractures, normalised["fractures"], strict=True):
        data["approach"] = fx.effective_approach
        data["weeks_since"] = round(profile.weeks_since(fx), 2)
    return Plan(
        ruleset=RulesetRef(version=rulebook.info.version, sha256=rulebook.sha256),
        profile=normalised,
        fall_risk=fall_risk,
        start_date=start,
        review_date=None if decisions.stop else review_date(profile, rulebook, start, n_weeks),
        weeks=weeks,
        warnings=[
            PlanWarning(code=code, text=rulebook.warnings[code].text, rules=sorted(set(rules)))
            for code, rules in sorted(warnings.items(), key=lambda kv: code_order.index(kv[0]))
        ],
        excluded=[
            ExcludedExercise(
                slug=ex.slug,
                rules=ex.rules,
                reason="; ".join(dict.fromkeys(reason for _, reason in ex.reasons)),
            )
            for ex in decisions.exclusions.values()
        ],
        rules_fired=[FiredRule(id=r.id, title=r.title, sources=list(r.sources)) for r in fired],
        supervision=SupervisionNeed(required=bool(supervision), rules=sorted(set(supervision))),
        unmet=layout.unmet,
        explanation=explanation,
    )


def _left_out(
    rulebook: Rulebook,
    decisions: Decisions,
    chosen: set[str],
    pool: list[Exercise],
    available: frozenset[str],
) -> list[LeftOut]:
    in_pool = {ex.slug for ex in pool}
    out = []
    for ex in rulebook.exercises.values():
        if ex.slug in chosen or ex.slug in decisions.exclusions:
            continue
        if ex.slug not in in_pool:
            reason = f"needs {', '.join(ex.missing_equipment(available))}"
        else:
            reason = "permitted; not needed to meet this week's requirements"
        out.append(LeftOut(slug=ex.slug, reason=reason))
    return out
