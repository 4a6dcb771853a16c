"""The profile's adjust section: entries in full or as one line, and what is not allowed."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from planner.errors import ProfileError
from planner.profile.adjust import Adjustments, Drop, Hold, Swap
from planner.profile.model import profile_from_data
from tests.conftest import ASSESSED, make_profile


def test_one_line_entries_read_as_their_full_form() -> None:
    adjust = Adjustments.model_validate(
        {
            "drop": ["tai_chi: no class nearby"],
            "swap": ["brisk_walking=stationary_cycling: knee pain on hills"],
            "hold": ["sit_to_stand=foundation"],
            "rest_days": ["Sunday", "sat"],
        }
    )
    assert adjust.drop == (Drop(exercise="tai_chi", reason="no class nearby"),)
    assert adjust.swap == (
        Swap.model_validate(
            {
                "exercise": "brisk_walking",
                "for": "stationary_cycling",
                "reason": "knee pain on hills",
            }
        ),
    )
    assert adjust.hold == (Hold(exercise="sit_to_stand", phase="foundation"),)
    assert adjust.rest_days == ("sun", "sat")


def test_full_entries_and_a_reason_with_a_colon_keep_the_reason_whole() -> None:
    adjust = Adjustments.model_validate(
        {"add": [{"exercise": "chin_tuck", "reason": "posture: forward head"}]}
    )
    assert adjust.add[0].reason == "posture: forward head"
    assert Adjustments.model_validate({"drop": ["tai_chi: a: b"]}).drop[0].reason == "a: b"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rest_days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}, "leaves no day"),
        ({"drop": ["tai_chi", "tai_chi"]}, "names 'tai_chi' twice"),
        ({"swap": ["chin_tuck=chin_tuck"]}, "for itself"),
        ({"swap": ["chin_tuck"]}, "EXERCISE=FOR"),
        ({"hold": ["sit_to_stand=later"]}, "foundation"),
        ({"minutes_per_day": 2}, "greater than or equal to 5"),
        ({"accept_unmet": "ok"}, "at least 3"),
        ({"drop": [{"exercise": "tai_chi", "why": "x"}]}, "Extra inputs"),
    ],
)
def test_invalid_adjustments_are_refused_with_a_reason(
    data: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        Adjustments.model_validate(data)


def test_a_preset_is_laid_under_the_profiles_own_adjustments() -> None:
    preset = Adjustments.model_validate(
        {"drop": ["tai_chi: class full"], "rest_days": ["sun"], "minutes_per_day": 30}
    )
    own = Adjustments.model_validate({"drop": ["tai_chi: moved away"], "rest_days": ["sat"]})
    merged = own.merged_over(preset)
    assert merged.drop == (Drop(exercise="tai_chi", reason="moved away"),)
    assert merged.rest_days == ("sun", "sat")
    assert merged.minutes_per_day == 30


def test_start_date_must_be_on_or_after_the_assessment_and_not_far_after() -> None:
    with pytest.raises(ProfileError, match="adjust.start_on: is before assessed_on"):
        profile_from_data(
            {
                "age": 70,
                "ability": "limited",
                "assessed_on": ASSESSED,
                "adjust": {"start_on": ASSESSED - dt.timedelta(days=1)},
            }
        )
    with pytest.raises(ProfileError, match="more than 90 days"):
        profile_from_data(
            {
                "age": 70,
                "ability": "limited",
                "assessed_on": ASSESSED,
                "adjust": {"start_on": ASSESSED + dt.timedelta(days=91)},
            }
        )


def test_the_patients_note_is_given_once() -> None:
    assert make_profile(adjust={"note": "Walk on Saturdays."}).patient_note == "Walk on Saturdays."
    with pytest.raises(ProfileError, match="given twice"):
        profile_from_data({"age": 70, "ability": "limited", "note": "a", "adjust": {"note": "b"}})


def test_no_adjustments_is_empty() -> None:
    assert make_profile().adjust.empty
    assert not make_profile(adjust={"rest_days": ["sun"]}).adjust.empty
