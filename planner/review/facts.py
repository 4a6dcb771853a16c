"""The facts a review rule may test, beside the profile's own (guidance 12.0 and 12.1).

Visit facts describe what happened since the last plan; exercise facts describe one exercise of
that plan and are tested once per exercise. Only review rules (``rules/review/``) may name them;
the rulebook loader refuses them anywhere else.
"""

from __future__ import annotations

from typing import get_args

from planner.profile.facts import FactSpec
from planner.vocabulary import Component

PAIN_BANDS = ("expected", "hold", "step_back")
ACHIEVED = ("none", "foundation", "build", "progress")

VISIT_FACTS: dict[str, FactSpec] = {
    "in_person": FactSpec("bool", "the visit is in person (not by phone)"),
    "falls_since_visit": FactSpec("number", "falls since the last plan's assessment"),
    "fall_needs_supervision": FactSpec(
        "bool",
        "a fall during a prescribed exercise, an injurious fall, a long lie, or a second fall "
        "in 12 months",
    ),
    "new_fracture": FactSpec("bool", "a fracture since the last visit"),
    "red_flag_now": FactSpec("bool", "a red flag at the visit"),
    "red_flag_assessed": FactSpec("bool", "a doctor has assessed the last visit's red flag"),
    "break_days": FactSpec("number", "the longest run of days with no session at all"),
    "programme_week": FactSpec("number", "the programme week the new block starts in"),
    "retest_past_cutoff": FactSpec("bool", "a re-test past its published cut-off (12.2)"),
    "clearance_recorded": FactSpec("bool", "a clearance or cast removal recorded at the visit"),
}
EXERCISE_FACTS: dict[str, FactSpec] = {
    "component": FactSpec("choice", "the exercise's component", get_args(Component)),
    "pain_band": FactSpec("ordered", "the exercise's pain band (12.0 item 6)", PAIN_BANDS),
    "achieved": FactSpec("ordered", "the last phase done with good form (12.0 item 3)", ACHIEVED),
    "top_of_range": FactSpec("bool", "the whole dose at its upper end (12.0 item 4)"),
    "adherence": FactSpec(
        "number", "sessions done / planned for the exercise's component (unknown: no value)"
    ),
    "adherence_below_two_thirds": FactSpec(
        "bool", "under 2 of 3 planned sessions of the component done, or not known (R-REV-9)"
    ),
    "adherence_below_one_third": FactSpec(
        "bool", "under 1 of 3 planned sessions of the component done, or not known (R-REV-9)"
    ),
    "fell_during": FactSpec("bool", "the patient fell during this exercise"),
    "joint_pain": FactSpec("bool", "joint pain brought on by this exercise"),
    "fracture_site_pain": FactSpec(
        "bool", "new or worse pain at a fracture site or a replaced hip during this exercise"
    ),
}
REVIEW_FACTS: dict[str, FactSpec] = VISIT_FACTS | EXERCISE_FACTS

#: Review facts in a clinician's words: yes/no findings, and values.
BOOL_WORDS: dict[str, tuple[str, str]] = {
    "in_person": ("Seen in person", "A phone review"),
    "fall_needs_supervision": (
        "A fall during exercise, an injurious fall, a long lie or a second fall in 12 months",
        "No fall that calls for supervised sessions",
    ),
    "new_fracture": ("A new fracture since the last visit", "No new fracture"),
    "red_flag_now": ("A red flag at the visit", "No red flag at the visit"),
    "red_flag_assessed": ("The red flag has been assessed by a doctor", "Red flag not assessed"),
    "retest_past_cutoff": ("A re-test past its cut-off", "Re-tests within their cut-offs"),
    "clearance_recorded": ("A clearance recorded at the visit", "No clearance recorded"),
    "top_of_range": ("Did the whole dose at its upper end", "Not yet at the top of the range"),
    "adherence_below_two_thirds": (
        "Fewer than 2 in 3 sessions done, or not known",
        "At least 2 in 3 sessions done",
    ),
    "adherence_below_one_third": (
        "Fewer than 1 in 3 sessions done, or not known",
        "At least 1 in 3 sessions done",
    ),
    "fell_during": ("Fell during this exercise", "Did not fall during it"),
    "joint_pain": ("Joint pain brought on by it", "No joint pain from it"),
    "fracture_site_pain": ("Pain at a fracture site during it", "No fracture-site pain from it"),
}
COMPONENT_WORDS = {
    "impact": "an impact",
    "aerobic": "a walking or aerobic",
    "resistance": "a strength",
    "posture": "a posture",
    "balance": "a balance",
    "mobility": "a mobility",
}


def value_words(fact: str, value: object) -> str | None:
    """A review fact's value in a clinician's words; None for a fact that is not a review's."""
    if fact == "component":
        return f"{COMPONENT_WORDS.get(str(value), str(value)).capitalize()} exercise"
    if fact == "pain_band":
        return {"expected": "Pain as expected", "hold": "Pain in the hold band (4-5/10)"}.get(
            str(value), "Pain in the step-back band"
        )
    if fact == "achieved":
        return "No dose done with good form" if value == "none" else f"Achieved the {value} dose"
    if fact == "falls_since_visit":
        return (
            "No fall since the last visit"
            if value == 0
            else f"{value} fall(s) since the last visit"
        )
    if fact == "break_days":
        return f"A break of {value} days without a session"
    if fact == "programme_week":
        return f"Programme week {value}"
    if fact == "adherence":
        return (
            "Adherence not known" if value is None else f"{float(str(value)):.0%} of sessions done"
        )
    return None
