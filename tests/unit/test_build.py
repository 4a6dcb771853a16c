"""The pipeline: check the equipment, decide, schedule, assemble."""

from __future__ import annotations

import planner
from planner import Rulebook
from planner.build import build_plan
from tests.conftest import make_profile


def test_build_plan_is_the_package_entry_point() -> None:
    assert planner.build_plan is build_plan


def test_build_plan_loads_the_default_rulebook(rulebook: Rulebook) -> None:
    profile = make_profile()
    assert build_plan(profile).to_json() == build_plan(profile, rulebook).to_json()


def test_the_same_profile_gives_the_same_plan(rulebook: Rulebook) -> None:
    profile = make_profile(age=80, falls_12m=2, fractures=[{"site": "hip", "weeks_since": 8}])
    assert build_plan(profile, rulebook).to_json() == build_plan(profile, rulebook).to_json()
