"""What adjustments name, checked before any rule is consulted: exercises the library knows,
a daily budget within the ability's, a preset the clinic defines."""

from __future__ import annotations

from collections.abc import Mapping

from planner.errors import Problem, ProfileError, suggest
from planner.profile.adjust import Adjustments
from planner.profile.model import Profile
from planner.rulebook import Rulebook
from planner.schedule.days import DAY_BUDGET


def with_preset(profile: Profile, presets: Mapping[str, Adjustments] | None) -> Profile:
    """The profile with its clinic preset's adjustments laid under its own."""
    if profile.preset is None:
        return profile
    known = presets or {}
    preset = known.get(profile.preset)
    if preset is None:
        where = (
            "the clinic file (--clinic)" if presets is not None else "a clinic file: give --clinic"
        )
        raise ProfileError(
            problems=[
                Problem(
                    f"no preset of this name in {where}",
                    field="preset",
                    suggestion=suggest(profile.preset, known),
                )
            ]
        )
    return profile.model_copy(update={"adjust": profile.adjust.merged_over(preset)})


def check_names(profile: Profile, rulebook: Rulebook) -> None:
    """Every exercise named is in the library; the daily budget is within the ability's; no
    exercise is both put in and left out."""
    adjust = profile.adjust
    problems: list[Problem] = []
    known = rulebook.exercises
    named: list[tuple[str, str]] = []
    for kind in ("drop", "add", "hold"):
        for i, entry in enumerate(getattr(adjust, kind)):
            named.append((f"adjust.{kind}[{i}].exercise", entry.exercise))
    for i, swap in enumerate(adjust.swap):
        named += [
            (f"adjust.swap[{i}].exercise", swap.exercise),
            (f"adjust.swap[{i}].for", swap.for_),
        ]
    for field, slug in named:
        if slug not in known:
            problems.append(
                Problem(
                    "no such exercise (the list: osteoplan exercises)",
                    field=field,
                    suggestion=suggest(slug, known) or _using(slug, rulebook),
                )
            )
    most = DAY_BUDGET[profile.ability]
    if adjust.minutes_per_day is not None and adjust.minutes_per_day > most:
        problems.append(
            Problem(
                f"is above {most} minutes, the most for ability '{profile.ability}'",
                field="adjust.minutes_per_day",
            )
        )
    put_in = {a.exercise for a in adjust.add} | {s.for_ for s in adjust.swap}
    left_out = {d.exercise for d in adjust.drop} | {s.exercise for s in adjust.swap}
    for slug in sorted(put_in & left_out & set(known)):
        problems.append(Problem(f"'{slug}' is both put in and left out; keep one", field="adjust"))
    if problems:
        raise ProfileError(problems=problems, summary="The adjustments are not valid:")


def _using(equipment: str, rulebook: Rulebook) -> str | None:
    """The one exercise that needs ``equipment`` (``exercise_bike`` -> stationary cycling)."""
    users = [s for s, ex in rulebook.exercises.items() if equipment in ex.equipment_names()]
    return users[0] if len(users) == 1 else None
