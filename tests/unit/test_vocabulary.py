"""The closed vocabularies: ordered scales listed lowest first (index = rank), the phases in
programme order, and level_rank on each level tag."""

from __future__ import annotations

import pytest

from planner.schedule.weeks import DEFAULT_WEEKS, phases
from planner.vocabulary import (
    ABILITIES,
    COMPONENT_LABELS,
    COMPONENTS,
    FALL_RISKS,
    LEVEL_TAGS,
    PHASES,
    WEEKDAYS,
    level_rank,
)


def test_phases_run_in_programme_order() -> None:
    assert PHASES == ("foundation", "build", "progress")
    # the scheduler reaches them in this order over a full programme
    assert phases(DEFAULT_WEEKS) == PHASES


def test_ordered_profile_scales_run_lowest_first() -> None:
    assert ABILITIES == ("frail", "limited", "independent", "fit")
    assert FALL_RISKS == ("low", "intermediate", "high")


@pytest.mark.parametrize(
    ("tag", "levels"),
    [
        ("impact", ("none", "low", "moderate", "high")),
        ("aerobic_intensity", ("none", "light", "moderate", "vigorous")),
        ("balance_challenge", ("none", "low", "moderate", "high")),
    ],
)
def test_level_rank_counts_up_from_none(tag: str, levels: tuple[str, ...]) -> None:
    assert [level_rank(tag, level) for level in levels] == [0, 1, 2, 3]


def test_every_level_tag_has_a_scale_starting_at_none() -> None:
    assert set(LEVEL_TAGS) == {"impact", "aerobic_intensity", "balance_challenge"}
    assert all(scale[0] == "none" for scale in LEVEL_TAGS.values())


def test_a_level_outside_the_tags_scale_is_refused() -> None:
    with pytest.raises(ValueError):
        level_rank("aerobic_intensity", "high")  # an impact word, not an aerobic one
    with pytest.raises(KeyError):
        level_rank("speed", "low")


def test_every_component_has_a_label_for_the_handout() -> None:
    assert set(COMPONENT_LABELS) == set(COMPONENTS)
    assert len(set(COMPONENT_LABELS.values())) == len(COMPONENTS)


def test_the_week_starts_on_monday() -> None:
    assert WEEKDAYS[0] == "Monday" and WEEKDAYS[-1] == "Sunday" and len(set(WEEKDAYS)) == 7
