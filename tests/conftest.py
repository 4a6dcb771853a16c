"""Shared fixtures: the default rulebook (loaded once) and a profile factory."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from planner import Profile, Rulebook, load_rulebook

ASSESSED = dt.date(2026, 11, 21)
REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"

pytest_plugins = ["tests.browser"]


@pytest.fixture(scope="session")
def rulebook() -> Rulebook:
    return load_rulebook()


def having_only(*names: str) -> dict[str, list[str]]:
    """Profile fields for a patient who has exactly these items of equipment (the household
    basics not named are listed as lacking)."""
    import yaml

    household = yaml.safe_load((REPO / "rules" / "equipment.yaml").read_text())["household"]
    return {
        "equipment": [n for n in names if n not in household],
        "lacks": [n for n in household if n not in names],
    }


def make_profile(**fields: Any) -> Profile:
    """A valid profile: age 70, independent, assessed on a fixed date, with overrides."""
    data: dict[str, Any] = {"age": 70, "ability": "independent", "assessed_on": ASSESSED}
    data.update(fields)
    return Profile.model_validate(data)
