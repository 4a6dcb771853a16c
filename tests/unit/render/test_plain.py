"""Text written for the rule engine made plain for a clinician: exercise slugs become their
names, equipment its labels, tags and vocabulary words, ``key=value`` loses its punctuation."""

from __future__ import annotations

import pytest

from planner import Rulebook
from planner.render.plain import Plain
from planner.vocabulary import BOOL_TAGS, LEVEL_TAGS


@pytest.fixture(scope="module")
def plain(rulebook: Rulebook) -> Plain:
    return Plain(rulebook)


def test_exercises_and_equipment_are_named_as_the_rulebook_names_them(
    plain: Plain, rulebook: Rulebook
) -> None:
    for slug, entry in rulebook.exercises.items():
        if "_" in slug:
            assert plain(f"{slug} is excluded") == f"{entry.name} is excluded"
    for name, label in rulebook.equipment.labels.items():
        if "_" in name:
            assert plain(f"needs {name}") == f"needs {label}"


def test_an_unmet_requirements_reason_reads_as_a_sentence(plain: Plain) -> None:
    said = "heel_drops_gentle needs counter_or_sturdy_support; star_jumps is excluded by R-GEN-5"
    assert plain(said) == (
        "Gentle heel drops needs a kitchen counter or other sturdy support; Star jumps is "
        "excluded by R-GEN-5"
    )


def test_the_longest_name_is_taken_whole(plain: Plain, rulebook: Rulebook) -> None:
    raised, sit = (rulebook.exercises[s].name for s in ("sit_to_stand_raised_seat", "sit_to_stand"))
    assert plain("sit_to_stand_raised_seat, not sit_to_stand") == f"{raised}, not {sit}"


@pytest.mark.parametrize(
    ("said", "words"),
    [
        ("spinal_flexion", "bending the spine forward"),
        ("hip_flex_gt90, hip_ir", "hip bending past a right angle, turning the hip inwards"),
        ("aerobic_intensity above light", "aerobic effort above light"),
        (
            "position standing_support, region lower_limb",
            "position standing with support, region legs",
        ),
        ("impact=low", "impact low"),
        ("(balance_challenge=moderate)", "(balance challenge moderate)"),
        ("approach=posterior/lateral", "approach posterior or lateral"),
        ("a brand_new_name", "a brand new name"),
    ],
)
def test_rule_language_in_words(plain: Plain, said: str, words: str) -> None:
    assert plain(said) == words


def test_no_tag_is_left_abbreviated(plain: Plain) -> None:
    for tag in (*BOOL_TAGS, *LEVEL_TAGS):
        words = plain(tag).split()
        assert "_" not in plain(tag) and not {"wb", "ir", "er", "gt90", "add"} & set(words), tag
    assert plain("wrist_wb") == "weight through the wrist"


@pytest.mark.parametrize(
    "text",
    [
        "R-GEN-5: not suited to limited mobility",
        "on 3 non-adjacent days a week",
        "Timed Up and Go 13.5 s (12 s or more)",
        "",
    ],
)
def test_plain_words_and_rule_ids_are_left_alone(plain: Plain, text: str) -> None:
    assert plain(text) == text
