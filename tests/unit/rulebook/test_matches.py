"""Exercise matches: each field selects on its own, lists mean any of, and all given must hold."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from planner.rulebook.exercises import Exercise
from planner.rulebook.matches import ExerciseMatch
from planner.vocabulary import BOOL_TAGS


def exercise(
    slug: str = "sit_to_stand", tags: dict[str, Any] | None = None, **fields: Any
) -> Exercise:
    """A valid prescribable entry: a seated resistance exercise with every tag off, then overrides."""
    data: dict[str, Any] = {
        "slug": slug,
        "name": slug.replace("_", " ").capitalize(),
        "component": "resistance",
        "region": ["lower_limb", "hip"],
        "position": "seated",
        "equipment": ["firm_chair"],
        "ability": ["limited", "independent"],
        "tags": {
            **dict.fromkeys(BOOL_TAGS, False),
            "impact": "none",
            "aerobic_intensity": "none",
            "balance_challenge": "low",
            **(tags or {}),
        },
        "dose": {"text": "10", "start": {"reps": 10}, "target": {"reps": 12}},
        "sources": ["S"],
        "instructions": ["Sit tall.", "Stand up."],
        "support": "a firm chair",
        "safety_cue": "Stop if it hurts.",
    }
    data.update(fields)
    return Exercise.model_validate(data)


def match(**fields: Any) -> ExerciseMatch:
    return ExerciseMatch.model_validate(fields)


ENTRY = exercise()


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"slug": ["sit_to_stand", "wall_push"]}, True),
        ({"slug": ["wall_push"]}, False),
        ({"slug_not_in": ["wall_push"]}, True),
        ({"slug_not_in": ["sit_to_stand"]}, False),
        ({"component": ["resistance", "balance"]}, True),
        ({"component": ["aerobic"]}, False),
        ({"position": ["seated"]}, True),
        ({"position": ["standing_free", "walking"]}, False),
        ({"position_not_in": ["standing_free"]}, True),
        ({"position_not_in": ["seated", "supine"]}, False),
        ({"region": ["spine", "hip"]}, True),  # any listed region the entry works
        ({"region": ["wrist"]}, False),
        ({"impact": ["none", "low"]}, True),
        ({"impact": ["moderate", "high"]}, False),
        ({"aerobic_intensity": ["none"]}, True),
        ({"aerobic_intensity": ["moderate", "vigorous"]}, False),
        ({"balance_challenge": ["low"]}, True),
        ({"balance_challenge": ["none"]}, False),
        ({"ability_lacks": ["frail"]}, True),  # the entry does not suit frail
        ({"ability_lacks": ["limited", "independent"]}, False),
        ({"ability_lacks": ["independent", "fit"]}, True),  # lacks any one of them
        ({"do_not_prescribe": False}, True),
        ({"do_not_prescribe": True}, False),
    ],
)
def test_each_field_on_its_own(fields: dict[str, Any], expected: bool) -> None:
    assert match(**fields).matches(ENTRY) is expected


def test_tag_holds_when_any_listed_flag_is_true() -> None:
    flexing = exercise(tags={"hip_flex_gt90": True})
    assert match(tag=["hip_flex_gt90"]).matches(flexing)
    assert match(tag=["floor_transfer", "hip_flex_gt90"]).matches(flexing)
    assert not match(tag=["floor_transfer"]).matches(flexing)
    assert not match(tag=["hip_flex_gt90"]).matches(ENTRY)


def test_do_not_prescribe_entries() -> None:
    banned = exercise("sit_up_crunch", ability=[], do_not_prescribe=True)
    assert match(do_not_prescribe=True).matches(banned)
    assert not match(do_not_prescribe=False).matches(banned)


def test_every_given_field_must_hold() -> None:
    assert match(component=["resistance"], position=["seated"]).matches(ENTRY)
    assert not match(component=["resistance"], position=["standing_free"]).matches(ENTRY)
    assert not match(slug=["sit_to_stand"], slug_not_in=["sit_to_stand"]).matches(ENTRY)


def test_any_of_holds_when_one_of_its_predicates_does() -> None:
    walk = exercise("brisk_walk", component="aerobic", position="walking")
    either = match(any_of=[{"slug": ["sit_to_stand"]}, {"component": ["aerobic"]}])
    assert either.matches(ENTRY)
    assert either.matches(walk)
    assert not either.matches(exercise("wall_push", component="posture"))
    # beside other fields, any_of is one more condition that must hold
    seated = match(
        position=["seated"], any_of=[{"slug": ["brisk_walk"]}, {"component": ["aerobic"]}]
    )
    assert not seated.matches(walk)
    assert not seated.matches(ENTRY)


def test_slug_not_in_is_every_entry_except_those() -> None:
    others = match(component=["resistance"], slug_not_in=["sit_to_stand", "wall_push"])
    assert not others.matches(ENTRY)
    assert not others.matches(exercise("wall_push"))
    assert others.matches(exercise("bridge"))


def test_slugs_names_every_slug_for_the_loader_to_check() -> None:
    nested = match(
        slug=["a"],
        slug_not_in=["b"],
        any_of=[{"slug": ["c"]}, {"any_of": [{"slug_not_in": ["d"]}]}],
    )
    assert nested.slugs() == ["a", "b", "c", "d"]
    assert match(component=["balance"]).slugs() == []


def test_text_reads_the_predicate_in_words() -> None:
    assert match(tag=["hand_load", "floor_transfer"]).text() == "tagged hand_load or floor_transfer"
    assert (
        match(component=["aerobic"], impact=["moderate", "high"], slug_not_in=["tai_chi"]).text()
        == "aerobic exercises, impact moderate/high, except tai_chi"
    )
    assert (
        match(any_of=[{"slug": ["a"]}, {"position": ["standing_free"]}]).text()
        == "(a or in position standing_free)"
    )


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"slug": "sit_to_stand"},
        {"tag": ["hip_flexion"]},
        {"slugs": ["a"]},
        {"impact": ["huge"]},
    ],
)
def test_a_malformed_match_is_refused(fields: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        match(**fields)


def test_an_empty_match_says_what_it_needs() -> None:
    with pytest.raises(ValidationError, match="an exercise match needs at least one field"):
        match()
