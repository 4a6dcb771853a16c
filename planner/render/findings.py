"""The patient's profile as the clinician's copy prints it: one finding a row, and each
fracture as a sentence a clinician would write; never a fact name or a code."""

from __future__ import annotations

from typing import Any

from planner.plan import Plan, PlanFracture
from planner.profile.words import site_word, time_ago
from planner.rulebook import Rulebook
from planner.rulebook.describe import ABILITY_WORDS, cast_words, red_flag_words

_ABILITY_TEXT = {k: v[0].lower() + v[1:] for k, v in ABILITY_WORDS.items()}
_CAUSE_WORDS = {
    "fall": "caused by a fall",
    "lifting": "caused by lifting",
    "spontaneous": "no clear cause",
    "other": "other cause",
    "unknown": "cause not known",
}
_TREATMENT_TEXT = {
    "conservative": "treated without surgery",
    "cast": "treated in a cast",
    "fixation": "fixed surgically",
    "arthroplasty": "joint replacement",
    "augmentation": "vertebral augmentation",
}


def _yes(value: Any) -> str:
    return "yes" if value else "no"


def profile_rows(plan: Plan, book: Rulebook) -> list[tuple[str, str]]:
    """The profile as entered, one finding a row, in words."""
    p = plan.profile
    bone = {"unknown": "not known"}.get(p.bone_status, p.bone_status)
    if p.t_score is not None:
        bone = f"{bone}, T-score {p.t_score:g}"
    falls = p.falls_12m
    fall_details = [
        text
        for found, text in (
            (p.injurious_fall_12m, "an injurious fall"),
            (p.long_lie_12m, "a long lie (on the floor for an hour or more)"),
        )
        if found
    ]
    screening = [
        text
        for found, text in (
            (p.unsteady, "feels unsteady"),
            (p.fear_of_falling, "worried about falling"),
            (p.syncope_suspected, "suspected syncope"),
        )
        if found
    ]
    basics = book.equipment.household
    extra = [e for e in p.equipment if e not in basics]
    lacking = [e for e in basics if e not in p.equipment]
    equipment = (
        "household basics"
        + (f" except {_labels(book, lacking)}" if lacking else "")
        + (f"; and {_labels(book, extra)}" if extra else "")
    )
    rows = [
        ("Age and sex", f"{p.age}, {p.sex or 'sex not given'}"),
        ("Ability", _ABILITY_TEXT.get(p.ability, p.ability)),
        ("Bone density", bone),
        ("Earlier fractures not listed", str(p.prior_fractures)),
        (
            "Falls in the last 12 months",
            ("none" if falls == 0 else str(falls))
            + (f", with {' and '.join(fall_details)}" if fall_details else ""),
        ),
        ("Falls screening", "; ".join(screening) or "nothing reported"),
        (
            "Timed Up and Go",
            "not measured" if p.tug_s is None else f"{p.tug_s:g} s",
        ),
        *_retest_rows(plan),
        ("Clinician's falls-risk grade", p.fall_risk or "not given"),
        (
            "Back pain",
            "not given" if p.back_pain is None else f"{p.back_pain}/10",
        ),
        ("Hyperkyphosis", _yes(p.kyphosis)),
        ("Red flags", red_flag_words(p.red_flags) or "none"),
        ("Supervision available", _yes(p.supervision_available)),
        (
            "Equipment",
            equipment,
        ),
    ]
    if p.note:
        rows.append(("Note printed in the booklet", p.note))
    return rows


def _retest_rows(plan: Plan) -> list[tuple[str, str]]:
    """The chair stand, 4-stage balance and single-leg stance results, when any is recorded."""
    p = plan.profile
    found = []
    if p.chair_stands is not None:
        found.append(f"30-second chair stand: {p.chair_stands} stands")
    if p.balance_stage is not None:
        held = f"stage {p.balance_stage}" if p.balance_stage else "no stage"
        found.append(f"4-stage balance test: {held} held 10 s")
    if p.one_leg_s is not None:
        found.append(f"single-leg stance: {p.one_leg_s:g} s")
    return [("Chair stand and balance tests", "; ".join(found))] if found else []


def fracture_line(f: PlanFracture) -> str:
    """One fracture of the plan's profile as a sentence a clinician would write."""
    when = time_ago(f.weeks_since)
    treated = _TREATMENT_TEXT.get(f.treatment, f.treatment)
    if f.approach:
        approach = "approach not recorded" if f.approach == "unknown" else f"{f.approach} approach"
        treated += f" ({approach})"
    parts = [_CAUSE_WORDS.get(f.cause, f.cause), treated]
    if f.count > 1:
        parts.append(f"{f.count} vertebrae")
    if f.in_cast:
        parts.append(cast_words(f.site))
    parts.append("cleared" if f.cleared else "not yet cleared")
    noun = site_word(f.site).capitalize()
    return f"{noun} fracture {when}: {'; '.join(parts)}"


def _labels(book: Rulebook, names: list[str]) -> str:
    """Equipment names in the handout's words, joined with ';'."""
    return "; ".join(book.equipment.labels.get(e, e.replace("_", " ")) for e in names)
