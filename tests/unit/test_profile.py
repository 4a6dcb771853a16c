"""Profile validation, fracture ages and the falls-risk grade (guidance 4.8)."""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

import pytest
from pydantic import Field

from planner.errors import ProfileError, SourceError, UserError
from planner.profile.csvrows import COLUMNS, REQUIRED_COLUMNS, batch_template
from planner.profile.fields import NO_FLAG, SCHEMA, profile_schema
from planner.profile.model import Fracture, Profile, load_profile, profile_from_data
from planner.vocabulary import Ability, RedFlag
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


# --- one schema: flags and CSV columns read off the models ----------------------------------

#: The batch CSV header as it was before the columns were read off the model.
TODAYS_COLUMNS = (
    "id name age sex assessed_on bone_status t_score prior_fractures falls_12m "
    "injurious_fall_12m long_lie_12m syncope_suspected unsteady fear_of_falling tug_s fall_risk "
    "ability back_pain kyphosis red_flags supervision_available equipment note"
).split() + [
    f"fracture{n}_{f}"
    for n in (1, 2, 3)
    for f in "site weeks_since date cause treatment approach cleared in_cast count".split()
]


def test_the_csv_columns_are_todays() -> None:
    assert list(COLUMNS) == TODAYS_COLUMNS
    assert REQUIRED_COLUMNS == ("age", "ability")


def test_every_model_field_has_a_column_and_a_flag() -> None:
    for name in Profile.model_fields:
        if name == "fractures":
            continue
        spec = SCHEMA.field(name)
        assert spec is not None and spec.column() in COLUMNS, name
        assert spec.flag or name in NO_FLAG, name
    for name in Fracture.model_fields:
        spec = SCHEMA.field(name, fracture=True)
        assert spec is not None and spec.flag, name
        assert all(f"fracture{n}_{name}" in COLUMNS for n in (1, 2, 3)), name
    assert NO_FLAG == {"name", "note"}  # patient text stays off the command line


def test_choices_and_help_come_from_the_model() -> None:
    ability = SCHEMA.field("ability")
    assert ability is not None
    assert (ability.kind, ability.choices) == ("choice", get_args(Ability))
    assert ability.help == Profile.model_fields["ability"].description
    red_flags = SCHEMA.field("red_flags")
    assert red_flags is not None and red_flags.kind == "list"
    assert red_flags.choices == get_args(RedFlag)
    date = SCHEMA.field("date", fracture=True)
    assert date is not None and (date.kind, date.flag) == ("date", "--fracture-date")


class _Grip(Fracture):
    splinted: bool = Field(False, description="a splint is on")


class _Extended(Profile):
    fractures: tuple[_Grip, ...] = ()
    grip_kg: float | None = Field(None, ge=0, description="grip strength, kg")
    walking_aid: Literal["none", "stick", "frame"] | None = Field(None, description="aid used")


def test_a_new_field_becomes_a_column_and_a_flag_at_once() -> None:
    schema = profile_schema(_Extended)
    own, groups = TODAYS_COLUMNS[:23], TODAYS_COLUMNS[23:]
    assert list(schema.columns[:25]) == [*own[:-1], "grip_kg", "walking_aid", "note"]
    assert list(schema.columns[25:35]) == [*groups[:9], "fracture1_splinted"]
    assert schema.columns[-1] == "fracture3_splinted"
    flags = {spec.flag: spec for spec in schema.flags}
    assert flags["--grip-kg"].kind == "float" and flags["--grip-kg"].help == "grip strength, kg"
    assert flags["--walking-aid"].choices == ("none", "stick", "frame")
    assert flags["--splinted"].fracture and flags["--splinted"].kind == "bool"
    header = batch_template(schema).splitlines()[0].split(",")
    assert "grip_kg" in header and "fracture2_splinted" in header


def test_a_field_no_flag_or_column_can_hold_is_refused() -> None:
    class Odd(Profile):
        extra: dict[str, int] = Field(default_factory=dict)

    with pytest.raises(TypeError, match="profile field 'extra'"):
        profile_schema(Odd)


def test_a_bad_id_says_which_characters_to_use() -> None:
    with pytest.raises(ProfileError) as err:
        profile_from_data({"age": 70, "ability": "fit", "id": "a b/c"})
    assert "id: use 1 to 64 letters, digits, '.', '_' or '-'" in str(err.value)


def test_a_profile_file_that_cannot_be_read_is_a_profile_error(tmp_path) -> None:
    with pytest.raises(ProfileError) as err:
        load_profile(tmp_path / "missing.yaml")
    assert isinstance(err.value, SourceError) and isinstance(err.value, UserError)
    assert str(err.value) == f"{tmp_path / 'missing.yaml'}: file not found"


def test_overrides_are_laid_over_the_file(tmp_path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("age: 70\nability: fit\nassessed_on: 2026-11-21\n")
    assert load_profile(path, {"age": 81}).age == 81
