"""Profile validation, fracture ages and the falls-risk grade (guidance 4.8)."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.errors import ProfileError
from planner.profile.model import load_profile, profile_from_data
from tests.conftest import ASSESSED, make_profile


def test_weeks_since_from_a_date_counts_days_over_seven() -> None:
    profile = make_profile(fractures=[{"site": "humerus", "date": "2026-11-11"}])
    assert profile.weeks_since(profile.fractures[0]) == pytest.approx(10 / 7)


def test_a_fracture_needs_exactly_one_of_weeks_since_and_date() -> None:
    with pytest.raises(ProfileError) as err:
        profile_from_data(
            {
                "age": 70,
                "ability": "fit",
                "fractures": [{"site": "wrist", "weeks_since": 3, "date": "2026-11-01"}],
            }
        )
    assert "fractures[0]" in str(err.value)
    assert "exactly one of weeks_since or date" in str(err.value)


def test_unknown_field_gets_a_did_you_mean() -> None:
    with pytest.raises(ProfileError) as err:
        profile_from_data({"age": 70, "ability": "fit", "falls_12mo": 2})
    assert "falls_12mo: unknown field (did you mean 'falls_12m'?)" in str(err.value)


def test_impossible_age_names_the_field_and_the_range() -> None:
    with pytest.raises(ProfileError) as err:
        profile_from_data({"age": 300, "ability": "fit"})
    assert "age: input should be less than or equal to 120" in str(err.value)


def test_bad_enum_value_suggests_the_nearest() -> None:
    with pytest.raises(ProfileError) as err:
        profile_from_data(
            {"age": 70, "ability": "fit", "fractures": [{"site": "hipp", "weeks_since": 2}]}
        )
    assert "fractures[0].site" in str(err.value)
    assert "did you mean 'hip'?" in str(err.value)


def test_arthroplasty_without_approach_is_unknown_with_a_note() -> None:
    profile = make_profile(
        fractures=[{"site": "hip", "weeks_since": 3, "treatment": "arthroplasty"}]
    )
    assert profile.fractures[0].effective_approach == "unknown"
    assert profile.notes and "approach not given" in profile.notes[0]


def test_approach_without_arthroplasty_is_an_error() -> None:
    with pytest.raises(ProfileError, match="approach applies only to treatment: arthroplasty"):
        profile_from_data(
            {
                "age": 70,
                "ability": "fit",
                "fractures": [
                    {
                        "site": "hip",
                        "weeks_since": 3,
                        "treatment": "fixation",
                        "approach": "posterior",
                    }
                ],
            }
        )


def test_fracture_dated_after_assessment_is_an_error() -> None:
    with pytest.raises(ProfileError, match="after assessed_on"):
        profile_from_data(
            {
                "age": 70,
                "ability": "fit",
                "assessed_on": "2026-11-21",
                "fractures": [{"site": "wrist", "date": "2026-12-01"}],
            }
        )


@pytest.mark.parametrize(
    ("fields", "grade"),
    [
        ({}, "low"),
        ({"unsteady": True}, "intermediate"),
        ({"tug_s": 12}, "intermediate"),
        ({"tug_s": 11.9}, "low"),
        ({"falls_12m": 1}, "intermediate"),
        ({"falls_12m": 2}, "high"),
        ({"injurious_fall_12m": True}, "high"),
        ({"long_lie_12m": True}, "high"),
        ({"syncope_suspected": True}, "high"),
        ({"ability": "frail"}, "high"),
        ({"fractures": [{"site": "wrist", "weeks_since": 52, "cause": "fall"}]}, "high"),
        ({"fractures": [{"site": "wrist", "weeks_since": 53, "cause": "fall"}]}, "low"),
        ({"fall_risk": "high"}, "high"),
        ({"fall_risk": "low", "falls_12m": 2}, "high"),
    ],
)
def test_falls_risk_grade(fields: dict, grade: str) -> None:
    assert make_profile(**fields).effective_fall_risk()[0] == grade


def test_profile_file_errors_name_file_and_line(tmp_path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("age: 70\nability: fit\nfractures:\n  - site: wrist\n    weeks_since: six\n")
    with pytest.raises(ProfileError) as err:
        load_profile(path)
    assert f"{path}:5: fractures[0].weeks_since" in str(err.value)


def test_duplicate_key_in_a_profile_is_an_error(tmp_path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("age: 70\nability: fit\nage: 71\n")
    with pytest.raises(
        ProfileError, match=r"p.yaml:3: key 'age' appears twice \(first on line 1\)"
    ):
        load_profile(path)


def test_json_profile_reads(tmp_path) -> None:
    path = tmp_path / "p.json"
    path.write_text('{"age": 70, "ability": "limited", "assessed_on": "2026-11-21"}')
    assert load_profile(path).assessed_on == ASSESSED


def test_non_yaml_file_is_a_clear_error(tmp_path) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(ProfileError) as err:
        load_profile(path)
    assert str(path) in str(err.value)


def test_assessed_on_defaults_to_today() -> None:
    assert profile_from_data({"age": 70, "ability": "fit"}).assessed_on == dt.date.today()
