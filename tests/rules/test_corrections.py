"""The exercise library after its binding review (guidance/library-corrections.md).

One test per safety-critical correction (rows 1-20): the entry no longer reaches the patients its
old tag, position or wording endangered, and the exclusion names the rule that now protects them;
where the correction is wording, the handout prints the corrected words. A few tests at the end
pin the dose corrections of guidance.md 10.0 item 11 (balance doses state time; hand and shoulder
movement several times a day) and the wording rows that make steps agree with the printed dose.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest

import planner
from planner import Rulebook
from planner.engine import decide

ASSESSED = "2026-11-21"
ABILITIES = ["frail", "limited", "independent", "fit"]

HIP = {"site": "hip", "treatment": "arthroplasty"}
POSTERIOR_5 = {**HIP, "weeks_since": 5, "approach": "posterior"}
ANTERIOR_14 = {**HIP, "weeks_since": 14, "approach": "anterior"}
LATERAL_14 = {**HIP, "weeks_since": 14, "approach": "lateral"}
HIP_BY_APPROACH = {
    "posterior": (POSTERIOR_5, "R-HIP-2"),
    "anterior": (ANTERIOR_14, "R-HIP-3"),
    "lateral": (LATERAL_14, "R-HIP-4"),
}
WRIST_IN_CAST_3 = {"site": "wrist", "weeks_since": 3, "in_cast": True}
HUMERUS_IN_SLING_2 = {"site": "humerus", "weeks_since": 2, "in_cast": True}
VERTEBRAL_3 = {"site": "vertebral", "weeks_since": 3}
TWO_VERTEBRAL_20 = {"site": "vertebral", "weeks_since": 20, "count": 2}
PELVIS_4 = {"site": "pelvis", "weeks_since": 4}

BED_ENTRIES = [
    "supine_crook_lying",
    "glute_bridge",
    "dead_bug",
    "thoracic_extension_towel",
    "clamshell",
    "prone_head_chest_lift",
    "prone_arm_leg_lift",
    "weighted_prone_back_extension",
]
ANKLE_WEIGHT_ENTRIES = [
    "otago_knee_extension",
    "otago_knee_flexion",
    "otago_hip_abduction",
    "standing_hip_extension",
]
ANKLE_WEIGHT_CUE = (
    "ask someone to put the ankle weight on and take it off for you; do not bend down to your ankle"
)


def profile(ability: str, *fractures: dict[str, Any], **fields: Any) -> planner.Profile:
    data: dict[str, Any] = {
        "age": 72,
        "ability": ability,
        "assessed_on": ASSESSED,
        "fractures": list(fractures),
    }
    data.update(fields)
    return planner.Profile.model_validate(data)


def every_item(book: Rulebook) -> list[str]:
    """A profile's equipment list holding every item, so equipment never hides an exclusion."""
    return sorted(book.vocabulary)


def planned(p: planner.Profile, book: Rulebook) -> set[str]:
    """Every slug in any week of the plan."""
    plan = planner.build_plan(p, book)
    return {
        ex.slug
        for week in plan.weeks
        for day in week.days
        for session in day.sessions
        for ex in session.exercises
    }


def assert_left_out(p: planner.Profile, book: Rulebook, slug: str, rule: str) -> None:
    """The exercise is excluded by ``rule`` and appears in no week of the plan."""
    exclusions = decide(p, book).exclusions
    assert slug in exclusions, f"{slug} is not excluded"
    assert rule in exclusions[slug].rules, exclusions[slug].rules
    assert slug not in planned(p, book)


def assert_allowed(p: planner.Profile, book: Rulebook, slug: str) -> None:
    """No rule excludes the exercise for this profile (so its handout text reaches them)."""
    exclusions = decide(p, book).exclusions
    assert slug not in exclusions, exclusions[slug].rules if slug in exclusions else None


def handout(p: planner.Profile, book: Rulebook) -> tuple[planner.Plan, str]:
    """A profile's plan and the text of its printed handout (HTML, entities decoded)."""
    plan = planner.build_plan(p, book)
    page = planner.render_html(plan, book, today=dt.date.fromisoformat(ASSESSED))
    return plan, re.sub(r"\s+", " ", html.unescape(page))


def equipment_of(plan: planner.Plan, slug: str) -> list[str]:
    """The equipment names the plan gives an exercise (the card prints their labels)."""
    found = [ex.equipment for ex in plan.exercises() if ex.slug == slug]
    assert found, f"{slug} is not in the plan"
    return found[0]


def printed(book: Rulebook, slug: str) -> dict[str, Any]:
    """What an exercise card prints for an entry: its steps, support, safety cue and the labels
    of its equipment."""
    entry = book.exercises[slug]
    names = [n for item in entry.equipment for n in ([item] if isinstance(item, str) else item)]
    return {
        "steps": list(entry.instructions),
        "support": entry.support,
        "safety": entry.safety_cue,
        "equipment": [book.equipment.labels[n] for n in names],
    }


def card_text(card: dict[str, Any]) -> str:
    return " ".join([*card["steps"], card["support"] or "", card["safety"] or ""])


# --- rows 1-20: safety-critical ------------------------------------------------------------


@pytest.mark.parametrize("ability", ["frail", "limited"])
def test_row_1_seated_reaching_is_kept_from_a_posterior_hip_at_5_weeks(
    rulebook: Rulebook, ability: str
) -> None:
    assert rulebook.exercises["seated_reaching_balance"].tags.hip_flex_gt90
    assert_left_out(profile(ability, POSTERIOR_5), rulebook, "seated_reaching_balance", "R-HIP-2")


def test_row_2_band_row_needs_a_band_fixed_at_chest_height(rulebook: Rulebook) -> None:
    entry = rulebook.exercises["seated_band_row"]
    assert "band_anchor" in entry.equipment_names()
    label = rulebook.equipment.labels["band_anchor"]
    assert label == "a door anchor or fixed point at chest height"
    household = sorted(rulebook.household)
    without_anchor = profile("frail", POSTERIOR_5, equipment=[*household, "resistance_band"])
    assert "seated_band_row" not in planned(without_anchor, rulebook)
    with_anchor = profile(
        "frail", POSTERIOR_5, equipment=[*household, "resistance_band", "band_anchor"]
    )
    plan, text = handout(with_anchor, rulebook)
    assert "band_anchor" in equipment_of(plan, "seated_band_row")
    assert "a door anchor or fixed point at chest height" in text
    assert "Sit tall facing a band that someone has fixed at chest height in front of you" in text
    assert "Never bend down to loop it round your feet." in text
    assert "loop a band round your feet" not in text


@pytest.mark.parametrize("ability", ABILITIES)
def test_row_3_raised_seat_sit_to_stand_prints_the_precaution_technique(
    rulebook: Rulebook, ability: str
) -> None:
    plan, text = handout(profile(ability, POSTERIOR_5), rulebook)
    # In every posterior-approach plan, fit people included (row 45).
    equipment = equipment_of(plan, "sit_to_stand_raised_seat")
    assert equipment == ["firm_chair_with_arms", "firm_cushion"]
    assert "a firm chair with arms" in text and "a firm cushion to raise the seat" in text
    assert "raised with a firm cushion so your hips are clearly higher than your knees" in text
    assert "If you have had a hip replacement, slide that foot a little forward." in text
    assert "Push down on the chair arms and stand up" in text
    assert "sit down slowly, with the operated leg a little forward" in text
    assert "stand up without bending far forward" not in text


def test_row_4_hip_hinge_has_a_depth_limit_and_no_bending_to_the_floor(
    rulebook: Rulebook,
) -> None:
    for ability in ["limited", "independent", "fit"]:
        assert_allowed(profile(ability, POSTERIOR_5), rulebook, "hip_hinge_dowel")
    steps = printed(rulebook, "hip_hinge_dowel")["steps"]
    assert steps[1].endswith("until it is about halfway to level; go no further.")
    assert "do not bend down to low things at all: use a long-handled grabber" in steps[3]


@pytest.mark.parametrize("ability", ["limited", "independent", "fit"])
def test_row_5_hip_hinge_with_a_stick_is_kept_from_a_humerus_in_a_sling(
    rulebook: Rulebook, ability: str
) -> None:
    p = profile(ability, HUMERUS_IN_SLING_2)
    assert_left_out(p, rulebook, "hip_hinge_dowel", "R-HUM-1")


@pytest.mark.parametrize("approach", ["posterior", "anterior", "lateral"])
@pytest.mark.parametrize("ability", ["independent", "fit"])
def test_row_6_tai_chi_is_kept_from_every_hip_replacement_not_cleared(
    rulebook: Rulebook, approach: str, ability: str
) -> None:
    fracture, rule = HIP_BY_APPROACH[approach]
    p = profile(ability, fracture, equipment=every_item(rulebook))
    assert_left_out(p, rulebook, "tai_chi", rule)


@pytest.mark.parametrize("ability", ["limited", "independent", "fit"])
def test_row_7_sideways_walking_is_kept_from_a_lateral_hip(
    rulebook: Rulebook, ability: str
) -> None:
    assert_left_out(profile(ability, LATERAL_14), rulebook, "sideways_walking", "R-HIP-4")


@pytest.mark.parametrize(
    ("fields", "rule"),
    [
        ({"falls_12m": 2}, "R-FALL-2"),
        ({"fractures": [TWO_VERTEBRAL_20]}, "R-VF-3"),
        ({"fractures": [PELVIS_4]}, "R-PEL-1"),
    ],
    ids=["two-falls", "two-vertebral", "pelvis-4-weeks"],
)
@pytest.mark.parametrize("ability", ["independent", "fit"])
def test_row_8_quick_stepping_counts_as_standing_free_balance(
    rulebook: Rulebook, fields: dict[str, Any], rule: str, ability: str
) -> None:
    assert rulebook.exercises["multidirectional_stepping"].position == "standing_free"
    p = planner.Profile.model_validate(
        {"age": 72, "ability": ability, "assessed_on": ASSESSED, **fields}
    )
    assert_left_out(p, rulebook, "multidirectional_stepping", rule)


@pytest.mark.parametrize(
    ("slug", "abilities"),
    [
        ("multidirectional_stepping", ["independent", "fit"]),  # row 9
        ("water_walking", ["limited", "independent", "fit"]),  # row 10
        ("low_impact_dance", ["independent", "fit"]),  # row 11
    ],
)
def test_rows_9_to_11_side_steps_are_kept_from_a_lateral_hip(
    rulebook: Rulebook, slug: str, abilities: list[str]
) -> None:
    assert rulebook.exercises[slug].tags.resisted_hip_abduction
    for ability in abilities:
        p = profile(ability, LATERAL_14, equipment=every_item(rulebook))
        assert_left_out(p, rulebook, slug, "R-HIP-4")


def test_row_12_one_leg_stand_keeps_a_hand_on_the_counter(rulebook: Rulebook) -> None:
    # Still open to a high-risk faller (supported balance): the handout wording is what protects.
    entry = rulebook.exercises["one_leg_stand"]
    assert entry.position == "standing_support"
    assert_allowed(profile("independent", falls_12m=2), rulebook, "one_leg_stand")
    text = printed(rulebook, "one_leg_stand")
    assert text["safety"] == (
        "Keep at least your fingertips on the counter the whole time, and put your foot down as "
        "soon as you wobble."
    )
    assert "hold more lightly (one hand, then fingertips)" in text["steps"][2]
    assert "just above" not in card_text(text)
    assert "less support" not in card_text(text)


@pytest.mark.parametrize("ability", ["limited", "independent", "fit"])
def test_row_13_doorway_stretch_is_kept_from_a_wrist_in_a_cast(
    rulebook: Rulebook, ability: str
) -> None:
    assert_left_out(profile(ability, WRIST_IN_CAST_3), rulebook, "chest_stretch_doorway", "R-WR-1")
    at_8_weeks = profile(ability, {"site": "wrist", "weeks_since": 8})
    assert_left_out(at_8_weeks, rulebook, "chest_stretch_doorway", "R-WR-2")


@pytest.mark.parametrize("ability", ["independent", "fit"])
def test_row_14_dead_bug_is_kept_from_a_humerus_in_a_sling(
    rulebook: Rulebook, ability: str
) -> None:
    assert_left_out(profile(ability, HUMERUS_IN_SLING_2), rulebook, "dead_bug", "R-HUM-1")


@pytest.mark.parametrize("ability", ["limited", "independent", "fit"])
def test_row_15_towel_stretch_rests_the_hands_instead_of_opening_the_arms(
    rulebook: Rulebook, ability: str
) -> None:
    # The arms-out step was changed rather than the tag, so arm-fracture patients keep the entry.
    assert not rulebook.exercises["thoracic_extension_towel"].tags.shoulder_load
    assert_allowed(profile(ability, HUMERUS_IN_SLING_2), rulebook, "thoracic_extension_towel")
    text = printed(rulebook, "thoracic_extension_towel")
    assert text["steps"][1] == "Rest your hands on your tummy or by your sides."
    assert "out to the sides" not in card_text(text)
    assert "palms up" not in card_text(text)


@pytest.mark.parametrize("ability", ["limited", "independent"])
def test_row_16_floor_rise_practice_is_kept_from_an_anterior_hip_not_cleared(
    rulebook: Rulebook, ability: str
) -> None:
    p = profile(ability, ANTERIOR_14, equipment=every_item(rulebook), supervision_available=True)
    assert_left_out(p, rulebook, "floor_rise_practice", "R-HIP-3")


def test_row_17_the_bed_label_says_not_on_the_floor(rulebook: Rulebook) -> None:
    assert rulebook.equipment.labels["firm_bed_or_mat"] == (
        "a firm bed (an exercise mat on the bed is fine, not on the floor)"
    )


@pytest.mark.parametrize("slug", BED_ENTRIES)
def test_row_17_lying_entries_say_bed_not_floor(rulebook: Rulebook, slug: str) -> None:
    text = printed(rulebook, slug)
    assert not rulebook.exercises[slug].tags.floor_transfer
    assert "your bed (a firm mattress)" in text["support"]
    assert "Do not get down onto the floor for this." in text["support"]
    lying_step = next(s for s in text["steps"] if s.startswith("Lie "))
    assert "your bed (a firm mattress)" in lying_step
    assert "not get down onto the floor" in lying_step
    assert "bed or mat" not in card_text(text)
    assert "firm surface" not in card_text(text)


@pytest.mark.parametrize("ability", ABILITIES)
def test_row_17_acute_vertebral_plans_print_bed_not_floor(rulebook: Rulebook, ability: str) -> None:
    plan, text = handout(profile(ability, VERTEBRAL_3), rulebook)
    assert "firm_bed_or_mat" in equipment_of(plan, "supine_crook_lying")  # R-VF-2 requires it
    assert "a firm bed (an exercise mat on the bed is fine, not on the floor)" in text
    assert "Lie on your back on your bed (a firm mattress)" in text
    assert "Do not get down onto the floor for this." in text
    assert "firm bed or mat" not in text and "a firm bed or an exercise mat" not in text


@pytest.mark.parametrize("ability", ABILITIES)
def test_row_18_crook_lying_rolls_with_a_pillow_after_a_hip_replacement(
    rulebook: Rulebook, ability: str
) -> None:
    assert_allowed(profile(ability, POSTERIOR_5), rulebook, "supine_crook_lying")
    text = printed(rulebook, "supine_crook_lying")
    assert text["safety"].endswith(
        "If you have had a hip replacement, keep a pillow between your knees as you roll."
    )
    assert "roll onto your side moving shoulders and hips together" in text["steps"][3]
    assert "with your uninjured arm if one is in a cast or sling" in text["steps"][3]


@pytest.mark.parametrize("ability", ["limited", "independent", "fit"])
def test_row_19_towel_stretch_rolls_with_a_pillow_after_a_hip_replacement(
    rulebook: Rulebook, ability: str
) -> None:
    assert_allowed(profile(ability, POSTERIOR_5), rulebook, "thoracic_extension_towel")
    safety = printed(rulebook, "thoracic_extension_towel")["safety"]
    assert "roll onto your side moving shoulders and hips together" in safety
    assert "keep a pillow between your knees as you roll" in safety


@pytest.mark.parametrize("slug", ANKLE_WEIGHT_ENTRIES)
def test_row_20_ankle_weights_are_put_on_by_someone_else(rulebook: Rulebook, slug: str) -> None:
    for fracture in (POSTERIOR_5, VERTEBRAL_3):
        reachable = [
            a
            for a in rulebook.exercises[slug].ability
            if slug not in decide(profile(a, fracture), rulebook).exclusions
        ]
        assert reachable, f"{slug} no longer reaches {fracture['site']} patients"
    text = printed(rulebook, slug)
    assert ANKLE_WEIGHT_CUE in text["safety"]
    steps = " ".join(text["steps"])
    assert "ankle weight strapped on." not in steps and "ankle weight on." not in steps


@pytest.mark.parametrize("ability", ["limited", "independent"])
def test_row_20_a_posterior_hip_plan_prints_the_ankle_weight_cue(
    rulebook: Rulebook, ability: str
) -> None:
    plan, text = handout(profile(ability, POSTERIOR_5), rulebook)
    shown = [ex.slug for ex in plan.exercises() if ex.slug in ANKLE_WEIGHT_ENTRIES]
    assert (ANKLE_WEIGHT_CUE in text) == bool(shown)
    assert "with an ankle weight strapped on." not in text
    assert "Stand holding a counter with an ankle weight on." not in text


# --- guidance 10.0 item 11 and the dose wording rows ----------------------------------------

PHASES = ("foundation", "build", "progress")
BALANCE_MINUTES = {
    "weight_shifts_supported": (3, 6),
    "semi_tandem_stance": (3, 6),
    "tandem_stance": (3, 6),
    "one_leg_stand": (2, 4),
    "tandem_walk": (3, 6),
    "backwards_walking": (3, 6),
    "sideways_walking": (3, 6),
    "walking_and_turning": (3, 6),
    "heel_walking": (2, 4),
    "toe_walking": (2, 4),
    "multidirectional_stepping": (3, 6),
    "seated_reaching_balance": (3, 6),
    "tai_chi": (10, 20),
}


def test_every_balance_entry_but_floor_rise_is_dosed_in_minutes(rulebook: Rulebook) -> None:
    balance = {
        slug
        for slug, ex in rulebook.exercises.items()
        if ex.component == "balance" and not ex.do_not_prescribe
    }
    assert balance - {"floor_rise_practice"} == set(BALANCE_MINUTES)


@pytest.mark.parametrize("slug", sorted(BALANCE_MINUTES))
def test_balance_doses_state_time_and_steps_follow_it(rulebook: Rulebook, slug: str) -> None:
    dose = rulebook.exercises[slug].dose
    assert (dose.start.minutes, dose.target.minutes) == BALANCE_MINUTES[slug]
    for phase in PHASES:
        point = dose.at(phase)
        assert point.minutes and not (point.sets or point.reps or point.hold_s), phase
    steps = " ".join(rulebook.exercises[slug].instructions)
    assert "minutes shown" in steps
    # No count of steps, turns, reaches or repetitions that the printed minutes would contradict.
    assert not re.search(r"\b\d+\s+(steps|turns|reaches|times|shifts)\b", steps), steps


def test_finger_and_wrist_movement_is_several_times_a_day_and_moves_the_elbow(
    rulebook: Rulebook,
) -> None:
    entry = rulebook.exercises["finger_and_wrist_rom"]
    assert entry.dose.frequency == "several times a day"
    steps = " ".join(entry.instructions).lower()
    assert "bend and straighten your elbow" in steps
    assert "thumb" in steps and "fist" in steps and "wrist" in steps


def test_pendulum_swings_are_a_continuous_bout_several_times_a_day(rulebook: Rulebook) -> None:
    dose = rulebook.exercises["pendulum_shoulder"].dose
    assert dose.continuous and dose.frequency == "several times a day"
    assert rulebook.exercises["stamping_march"].dose.continuous


@pytest.mark.parametrize(
    ("slug", "start", "target"), [("stair_climbing", 1, 5), ("farmer_carry", 3, 4)]
)
def test_row_49_flights_and_carries_are_counted(
    rulebook: Rulebook, slug: str, start: int, target: int
) -> None:
    dose = rulebook.exercises[slug].dose
    assert (dose.start.reps, dose.target.reps) == (start, target)
    assert "one time" in " ".join(rulebook.exercises[slug].instructions).lower()


@pytest.mark.parametrize(
    "slug",
    [
        "heel_drops_gentle",
        "heel_drops_vigorous",
        "low_jumps",
        "star_jumps",
        "otago_knee_extension",
        "otago_knee_flexion",
        "otago_hip_abduction",
    ],
)
def test_rows_46_47_sets_follow_the_plan(rulebook: Rulebook, slug: str) -> None:
    last = rulebook.exercises[slug].instructions[-1]
    assert "shown in your plan" in last
    assert "rest, and repeat" not in last and "do 10 more" not in last


def test_new_equipment_has_plain_labels(rulebook: Rulebook) -> None:
    labels = rulebook.equipment.labels
    assert {"firm_chair_with_arms", "firm_cushion"} <= set(rulebook.equipment.household)
    assert {"band_anchor", "class_or_video"} <= set(rulebook.equipment.on_request)
    assert labels["firm_chair_with_arms"] == "a firm chair with arms"
    assert labels["firm_cushion"] == "a firm cushion to raise the seat"
    assert labels["class_or_video"] == "a beginners' tai chi class or video"
    assert rulebook.exercises["tai_chi"].equipment == ["class_or_video"]
