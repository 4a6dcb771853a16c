"""Comparing two prescriptions: what changed in the profile and in the plan, with the reasons
from the later plan's explanation."""

from __future__ import annotations

from typing import Any

from planner.plan import Plan
from planner.rulebook import Rulebook
from planner.web.planning import Planner
from planner.web.views.compare import Side, compare_view, profile_changes

BEFORE: dict[str, Any] = {
    "id": "C1",
    "age": 74,
    "ability": "limited",
    "assessed_on": "2026-11-21",
    "fractures": [{"site": "vertebral", "weeks_since": 3, "cause": "fall"}],
}
AFTER = {
    **BEFORE,
    "ability": "independent",
    "fractures": [{"site": "vertebral", "weeks_since": 30, "cause": "fall"}],
    "equipment": ["resistance_band"],
}


def _side(planner: Planner, number: int, data: dict[str, Any]) -> Side:
    profile = planner.profile(data)
    return Side(number, profile.model_dump(mode="json"), planner.plan(profile))


def test_exercises_rules_and_facts_that_changed_with_their_reasons(rulebook: Rulebook) -> None:
    planner = Planner(rulebook)
    changes = compare_view(
        _side(planner, 1, BEFORE), _side(planner, 2, AFTER), rulebook, {"ability": "Ability"}
    )
    added = {e["name"]: e["reasons"] for e in changes["added"]}
    assert "Wall push-up" in added and any("R-GEN-6" in r for r in added["Wall push-up"])
    removed = {e["name"]: e["reasons"] for e in changes["removed"]}
    assert removed and all(reasons for reasons in removed.values())
    assert ("R-VF-2", "Acute vertebral fracture (under 6 weeks, or back pain 5/10 or more)") in (
        changes["rules_removed"]
    )
    assert ("Supervision needed", "yes", "no") in changes["facts"]
    assert ("Ability", "limited", "independent") in changes["profile"]


def test_dose_changes_are_listed_by_phase(rulebook: Rulebook) -> None:
    planner = Planner(rulebook)
    old = _side(planner, 1, BEFORE)
    data = old.plan.model_dump(by_alias=True)
    slug = old.plan.exercises()[0].slug
    for week in data["weeks"]:  # a held dose: the first exercise keeps its first sets all along
        for day in week["days"]:
            for session in day["sessions"]:
                for ex in session["exercises"]:
                    if ex["slug"] == slug:
                        ex["dose"]["sets"] = (ex["dose"]["sets"] or 1) + 5
    held = Plan.model_validate({**data, "explanation": old.plan.explanation})
    changes = compare_view(old, Side(2, old.profile, held), rulebook, {})
    (dose,) = changes["doses"]
    assert dose["name"] == old.plan.exercises()[0].name and dose["reasons"]
    weeks, before, after = dose["steps"][0]
    assert weeks == "Weeks 1 to 4" and before != after


def test_the_same_prescription_twice_changes_nothing(rulebook: Rulebook) -> None:
    planner = Planner(rulebook)
    side = _side(planner, 1, BEFORE)
    changes = compare_view(side, side, rulebook, {})
    assert not any(changes[k] for k in ("profile", "added", "removed", "doses", "facts"))


def test_profile_changes_name_fractures_and_lists() -> None:
    old = {"fractures": [{"site": "hip", "cleared": False}], "red_flags": []}
    new = {"fractures": [{"site": "hip", "cleared": True}], "red_flags": ["other"]}
    found = profile_changes(old, new, {"cleared": "Cleared", "red_flags": "Red flags"})
    assert ("Fracture 1, cleared", "no", "yes") in found
    assert ("Red flags", "not given", "other") in found
