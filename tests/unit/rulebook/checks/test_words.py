"""The words against the position and the floor tag: a standing_support entry keeps a hand on
the support, and nothing without floor_transfer puts the patient on the floor."""

from __future__ import annotations

from typing import Any

import pytest

from planner.rulebook.checks.words import (
    check_equipment_labels,
    check_floor_words,
    check_support_words,
    floor_mentions,
)
from tests.unit.rulebook.checks.library import entry, library

SUPPORTED = {"position": "standing_support", "equipment": ["counter_or_sturdy_support"]}


def supported(*steps: str, **fields: Any) -> Any:
    data = {
        **SUPPORTED,
        "instructions": list(steps) or ["Stand beside a counter, holding on.", "Swap feet."],
        "support": "Stand beside a kitchen counter and hold it.",
        "safety_cue": "Hold on firmly at once if you sway.",
        **fields,
    }
    return entry(**data)


# --- a hand on the support -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "said", "meaning"),
    [
        ("Let go if you feel steady.", "Let go", "tells the patient to let go of the support"),
        ("Keep your hand just above the counter.", "just above the counter", "puts the hand above"),
        ("Hover a hand over the worktop.", "Hover", "puts the hand above"),
        ("Stand near a counter in a clear space.", "near a counter", "stands near the support"),
        ("Stand sideways, ready to hold the rail.", "ready to hold", "holds on only if needed"),
    ],
)
def test_support_words_find_a_hand_off_the_support(step: str, said: str, meaning: str) -> None:
    (found,) = check_support_words(supported("Stand at the counter.", step))
    assert found.field == "exercises[0].instructions[1]"
    assert found.message.startswith(f'says "{said}", which {meaning}')
    assert "position standing_support means a hand on the support throughout" in found.message


def test_support_words_are_read_in_the_support_and_the_cue_too() -> None:
    found = check_support_words(
        supported(
            support="Stand near a kitchen counter, ready to hold it.",
            safety_cue="Let go only if you feel steady.",
        )
    )
    assert [f.field for f in found] == [
        "exercises[0].support",
        "exercises[0].support",
        "exercises[0].safety_cue",
    ]


def test_support_words_pass_the_corrected_wording() -> None:
    one_leg = supported(
        "Stand beside a counter with one hand on it.",
        "Lift one foot off the floor.",
        "Hold for up to 30 seconds; as you improve, hold more lightly (one hand, then fingertips).",
        "Swap legs and repeat. Do not let go of the counter.",
        safety_cue="Keep at least your fingertips on the counter the whole time, and put your "
        "foot down as soon as you wobble.",
    )
    semi = supported(
        "Stand beside a counter, holding on.",
        "Place the heel of one foot beside the big toe of the other.",
        "Hold for 10 to 30 seconds; as you get steadier, hold more lightly. Let go only if "
        "your physiotherapist has said you may.",
        "Swap feet and repeat.",
        safety_cue="Keep hold of the counter unless your physiotherapist has said you may let "
        "go, and hold on firmly at once if you sway.",
    )
    assert check_support_words(one_leg) == check_support_words(semi) == []


def test_an_entry_standing_free_may_let_go() -> None:
    free = supported("Stand near a counter in a clear space.", "Let go.", position="standing_free")
    assert check_support_words(free) == []


# --- the floor -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Lie on your back on your bed (a firm mattress), knees bent, feet flat. Do not get down "
        "onto the floor for this.",
        "Step side to side, keeping one foot on the floor.",
        "Sit near the front of a firm chair with one leg straight out, heel on the floor.",
        "Let your heels drop to the floor with a light thump.",
        "A firm bed (an exercise mat on the bed is fine, not on the floor).",
        "Pick the weight up from a table or worktop, never from the floor.",
    ],
)
def test_floor_words_pass_a_bed_a_foot_and_a_negation(text: str) -> None:
    assert floor_mentions(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Lie on your back on a firm bed or mat.",
        "Kneel on the floor beside a chair.",
        "Do this only if you can get down to and up from the floor safely.",
        "Get down onto the floor.",
    ],
)
def test_floor_words_find_the_floor(text: str) -> None:
    assert len(floor_mentions(text)) == 1


def test_floor_words_find_a_mat_listed_and_the_floor_said() -> None:
    found = check_floor_words(
        entry(
            equipment=["mat"],
            instructions=["Lie on your back on a mat.", "Lift your hips."],
            support="Lie on the floor.",
        )
    )
    assert [f.field for f in found] == [
        "exercises[0].equipment",
        "exercises[0].instructions[0]",
        "exercises[0].support",
    ]
    assert found[0].message.startswith("lists mat (an exercise mat on the floor)")
    assert found[1].message.startswith('says "mat", which puts the patient on the floor')
    assert found[2].message.startswith('says "on the floor"')


def test_an_entry_with_floor_transfer_may_go_to_the_floor() -> None:
    floor = entry(
        tags={"floor_transfer": True},
        equipment=["mat"],
        instructions=["Get down onto the floor.", "Lie on the mat."],
    )
    assert check_floor_words(floor) == []


# --- equipment labels ------------------------------------------------------------------------

FLOOR_LABEL = {"firm_bed_or_mat": "a firm bed or an exercise mat", "firm_chair": "a firm chair"}


def test_a_label_that_sends_bed_entries_to_the_floor_is_found() -> None:
    bridge = entry(slug="glute_bridge", equipment=["firm_bed_or_mat"])
    bed = entry(slug="bed_bridge", equipment=[["firm_bed_or_mat", "firm_chair"]])
    (found,) = check_equipment_labels(library(bridge, bed, labels=FLOOR_LABEL))
    assert (str(found.file), found.line, found.slug) == ("equipment.yaml", 6, "firm_bed_or_mat")
    assert found.field == "labels.firm_bed_or_mat"
    assert found.message.startswith(
        'the label says "mat" (the floor) but is printed for entries without floor_transfer: '
        "bed_bridge, glute_bridge;"
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"equipment": ["firm_chair"]},  # no entry prints the label
        {"equipment": ["firm_bed_or_mat"], "tags": {"floor_transfer": True}},
        {"equipment": ["firm_bed_or_mat"], "do_not_prescribe": True, "ability": []},
    ],
)
def test_a_floor_label_printed_for_no_bed_entry_is_not_found(fields: dict[str, Any]) -> None:
    assert check_equipment_labels(library(entry(**fields), labels=FLOOR_LABEL)) == []


def test_labels_are_not_checked_without_an_equipment_file() -> None:
    assert check_equipment_labels(library(entry(equipment=["firm_bed_or_mat"]))) == []


def test_a_label_that_keeps_the_mat_on_the_bed_passes() -> None:
    labels = {
        "firm_bed_or_mat": "a firm bed (an exercise mat on the bed is fine, not on the floor)"
    }
    assert (
        check_equipment_labels(library(entry(equipment=["firm_bed_or_mat"]), labels=labels)) == []
    )
