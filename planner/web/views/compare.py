"""Two prescriptions side by side: what changed in the profile, and in the plan (exercises
added and removed, doses changed, rules and warnings), each change with its reasons from the
later plan's explanation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from planner.plan import Plan, PlannedExercise
from planner.render.notices import printed_warnings
from planner.render.plain import Plain
from planner.render.wording import format_dose, long_date
from planner.rulebook import Rulebook
from planner.vocabulary import PHASES

#: Fields holding what a person typed: shown as typed.
PATIENT_TEXT = frozenset({"id", "name", "note"})
PHASE_WEEKS = {"foundation": "Weeks 1 to 4", "build": "Weeks 5 to 8", "progress": "Weeks 9 on"}


@dataclass(frozen=True)
class Side:
    """One prescription being compared: its number, its profile data and its plan."""

    number: int
    profile: dict[str, Any]
    plan: Plan


def compare_view(old: Side, new: Side, book: Rulebook, labels: dict[str, str]) -> dict[str, Any]:
    """What changed from ``old`` to ``new``; ``labels`` names the profile's fields."""
    plain = Plain(book)
    before, after = _exercises(old.plan), _exercises(new.plan)
    names = {
        slug: next(iter(phases.values())).name
        for found in (before, after)
        for slug, phases in found.items()
    }
    chosen = {n.slug: [plain(r) for r in n.reasons] for n in new.plan.explanation.chosen}
    excluded = {
        e.slug: [f"{r.rule}: {plain(r.reason)}" for r in e.reasons] for e in new.plan.excluded
    }
    left_out = {n.slug: plain(n.reason) for n in new.plan.explanation.left_out}
    old_rules = {r.id: r for r in old.plan.rules_fired}
    new_rules = {r.id: r for r in new.plan.rules_fired}
    because = new.plan.explanation.because
    old_warnings = {w["code"]: w["title"] for w in printed_warnings(old.plan, book)}
    new_warnings = {w["code"]: w["title"] for w in printed_warnings(new.plan, book)}
    return {
        "profile": profile_changes(old.profile, new.profile, labels, plain),
        "added": [
            {"name": names[s], "reasons": chosen.get(s, [])} for s in after if s not in before
        ],
        "removed": [
            {
                "name": names[s],
                "reasons": excluded.get(s) or [left_out.get(s, "no longer chosen")],
            }
            for s in before
            if s not in after
        ],
        "doses": [
            {"name": names[s], "steps": steps, "reasons": chosen.get(s, [])}
            for s in after
            if s in before and (steps := _dose_steps(before[s], after[s]))
        ],
        "rules_added": [
            (r.id, plain(r.title), [plain(b) for b in because.get(r.id, [])])
            for r in new.plan.rules_fired
            if r.id not in old_rules
        ],
        "rules_removed": [
            (r.id, plain(r.title)) for r in old.plan.rules_fired if r.id not in new_rules
        ],
        "warnings_added": [t for c, t in new_warnings.items() if c not in old_warnings],
        "warnings_removed": [t for c, t in old_warnings.items() if c not in new_warnings],
        "facts": [
            (label, a, b)
            for label, a, b in (
                ("Falls risk", old.plan.fall_risk, new.plan.fall_risk),
                ("Starts", long_date(old.plan.start_date), long_date(new.plan.start_date)),
                ("Review by", long_date(old.plan.review_date), long_date(new.plan.review_date)),
                ("Weeks", str(len(old.plan.weeks)), str(len(new.plan.weeks))),
                (
                    "Supervision needed",
                    _yes(old.plan.supervision.required),
                    _yes(new.plan.supervision.required),
                ),
            )
            if a != b
        ],
        "unmet_added": [u.label for u in new.plan.unmet if u.rule not in _rules(old.plan)],
        "unmet_removed": [u.label for u in old.plan.unmet if u.rule not in _rules(new.plan)],
    }


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _rules(plan: Plan) -> set[str]:
    return {u.rule for u in plan.unmet}


def _exercises(plan: Plan) -> dict[str, dict[str, PlannedExercise]]:
    """Each exercise of the plan, by slug, as the first week of each phase gives it."""
    out: dict[str, dict[str, PlannedExercise]] = {}
    seen: set[str] = set()
    for week in plan.weeks:
        if week.phase in seen:
            continue
        seen.add(week.phase)
        for day in week.days:
            for session in day.sessions:
                for ex in session.exercises:
                    out.setdefault(ex.slug, {}).setdefault(week.phase, ex)
    return out


def _dose_steps(
    old: dict[str, PlannedExercise], new: dict[str, PlannedExercise]
) -> list[tuple[str, str, str]]:
    """Each phase whose dose changed: (its weeks, the dose before, the dose after)."""
    steps = []
    for phase in PHASES:
        a, b = old.get(phase), new.get(phase)
        before, after = _dose(a), _dose(b)
        if before != after:
            steps.append((PHASE_WEEKS.get(phase, phase), before, after))
    return steps


def _dose(ex: PlannedExercise | None) -> str:
    if ex is None:
        return "not in these weeks"
    return f"{format_dose(ex.dose)} (about {ex.minutes} min)"


def profile_changes(
    old: dict[str, Any],
    new: dict[str, Any],
    labels: dict[str, str],
    word: Callable[[str], str] = str,
) -> list[tuple[str, str, str]]:
    """Every profile value that differs: (what, before, after), in the later profile's order;
    ``word`` puts a vocabulary's names into words (``resistance_band`` -> a resistance band)."""
    a, b = _flat(old, labels, word), _flat(new, labels, word)
    keys = list(dict.fromkeys([*b, *a]))
    return [(k, a.get(k, "not given"), b.get(k, "not given")) for k in keys if a.get(k) != b.get(k)]


def _flat(
    data: dict[str, Any], labels: dict[str, str], word: Callable[[str], str], prefix: str = ""
) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in data.items():
        label = labels.get(key, key.replace("_", " "))
        name = f"{prefix}{label[:1].lower() if prefix else label[:1]}{label[1:]}"
        if key == "fractures" and isinstance(value, list):
            for i, fracture in enumerate(value, start=1):
                if isinstance(fracture, dict):
                    out.update(_flat(fracture, labels, word, f"Fracture {i}, "))
        elif isinstance(value, dict):
            out.update(_flat(value, labels, word, f"{name}, "))
        elif value is not None and value != [] and value != ():
            out[name] = _words(value, str if key in PATIENT_TEXT else word)
    return out


def _words(value: Any, word: Callable[[str], str]) -> str:
    if isinstance(value, bool):
        return _yes(value)
    if isinstance(value, list | tuple):
        return "; ".join(_words(v, word) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return word(str(value))
