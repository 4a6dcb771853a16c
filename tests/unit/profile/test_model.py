"""The profile contract: validation and its messages, reading profile files, fracture ages and
dates, the assumptions noted for the clinician and the falls-risk grade (guidance 4.8)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from planner.errors import ProfileError, SourceError, UserError
from planner.profile.model import (
    EquipmentNames,
    Fracture,
    Profile,
    equipment_problems,
    load_profile,
    profile_from_data,
    site_word,
    time_ago,
)
from tests.conftest import ASSESSED, make_profile


def test_weeks_since_from_a_date_counts_days_over_seven() -> None:
    profile = make_profile(fractures=[{"site": "humerus", "date": "2026-11-11"}])
    assert profile.weeks_since(profile.fractures[0]) == pytest.approx(10 / 7)


def test_a_fracture_given_in_weeks_is_dated_back_from_the_assessment() -> None:
    profile = make_profile(fractures=[{"site": "wrist", "weeks_since": 2}])
    (fracture,) = profile.fractures
    assert profile.weeks_since(fracture) == 2
    assert profile.fracture_date(fracture) == ASSESSED - dt.timedelta(days=14)
    dated = make_profile(fractures=[{"site": "wrist", "date": "2026-10-01"}])
    assert dated.fracture_date(dated.fractures[0]) == dt.date(2026, 10, 1)


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
    with pytest.raises(ProfileError, match="exactly one of weeks_since or date"):
        profile_from_data({"age": 70, "ability": "fit", "fractures": [{"site": "wrist"}]})


def test_a_count_of_several_fractures_is_for_vertebral_entries_only() -> None:
    profile = make_profile(fractures=[{"site": "vertebral", "weeks_since": 8, "count": 3}])
    assert profile.fractures[0].count == 3
    with pytest.raises(ProfileError, match="count applies to vertebral fractures"):
        profile_from_data(
            {
                "age": 70,
                "ability": "fit",
                "fractures": [{"site": "hip", "weeks_since": 8, "count": 2}],
            }
        )


def test_unknown_field_gets_a_did_you_mean() -> None:
    with pytest.raises(ProfileError) as err:
        profile_from_data({"age": 70, "ability": "fit", "falls_12mo": 2})
    assert "falls_12mo: unknown field (did you mean 'falls_12m'?)" in str(err.value)


def test_impossible_age_names_the_field_and_the_range() -> None:
    with pytest.raises(ProfileError) as err:
        profile_from_data({"age": 300, "ability": "fit"})
    assert "age: input should be less than or equal to 120" in str(err.value)


def test_age_and_ability_are_required_and_both_are_reported() -> None:
    with pytest.raises(ProfileError) as err:
        profile_from_data({})
    assert {(p.field, p.message) for p in err.value.problems} == {
        ("age", "is required"),
        ("ability", "is required"),
    }


def test_bad_enum_value_suggests_the_nearest() -> None:
    with pytest.raises(ProfileError) as err:
        profile_from_data(
            {"age": 70, "ability": "fit", "fractures": [{"site": "hipp", "weeks_since": 2}]}
        )
    assert "fractures[0].site" in str(err.value)
    assert "did you mean 'hip'?" in str(err.value)


def test_data_that_is_not_a_mapping_is_refused_with_its_row() -> None:
    with pytest.raises(ProfileError) as err:
        profile_from_data(["age", 70], row=4)
    (problem,) = err.value.problems
    assert problem.row == 4 and "must be a mapping of fields" in problem.message


def test_a_profile_is_frozen() -> None:
    profile = make_profile()
    with pytest.raises(ValidationError):
        profile.age = 71


def test_equipment_is_normalised_to_library_names() -> None:
    profile = make_profile(equipment=[" Resistance Band", "firm-chair", "DUMBBELLS"])
    assert profile.equipment == ("resistance_band", "firm_chair", "dumbbells")
    assert make_profile().equipment is None  # household basics, decided later


def test_red_flags_are_sorted_and_deduplicated() -> None:
    profile = make_profile(red_flags=["wound_problem", "new_back_pain", "wound_problem"])
    assert profile.red_flags == ("new_back_pain", "wound_problem")
    with pytest.raises(ValidationError):
        make_profile(red_flags=["new_back_pan"])


def test_arthroplasty_without_approach_is_unknown_with_a_note() -> None:
    profile = make_profile(
        fractures=[{"site": "hip", "weeks_since": 3, "treatment": "arthroplasty"}]
    )
    assert profile.fractures[0].effective_approach == "unknown"
    assert profile.notes and "approach not given" in profile.notes[0]


def test_a_recorded_approach_or_no_arthroplasty_needs_no_note() -> None:
    profile = make_profile(
        fractures=[
            {"site": "hip", "weeks_since": 3, "treatment": "arthroplasty", "approach": "anterior"},
            {"site": "wrist", "weeks_since": 3, "treatment": "cast"},
        ]
    )
    hip, wrist = profile.fractures
    assert (hip.effective_approach, hip.approach_assumed) == ("anterior", False)
    assert (wrist.effective_approach, wrist.approach_assumed) == (None, False)
    assert profile.notes == []


def test_the_note_numbers_the_fracture_whose_approach_is_missing() -> None:
    profile = make_profile(
        fractures=[
            {"site": "wrist", "weeks_since": 3},
            {"site": "hip", "weeks_since": 3, "treatment": "arthroplasty"},
        ]
    )
    (note,) = profile.notes
    assert note.startswith("fracture 2 (hip replacement): approach not given")


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


def test_a_fracture_on_the_day_of_assessment_is_zero_weeks_old() -> None:
    profile = make_profile(fractures=[{"site": "wrist", "date": ASSESSED}])
    assert profile.weeks_since(profile.fractures[0]) == 0


def test_the_fracture_after_assessment_message_does_not_quote_the_dates() -> None:
    with pytest.raises(ProfileError) as err:
        profile_from_data(
            {
                "age": 70,
                "ability": "fit",
                "assessed_on": "2026-11-21",
                "fractures": [{"site": "wrist", "date": "2026-12-01"}],
            }
        )
    assert "2026-12-01" not in str(err.value) and "2026-11-21" not in str(err.value)


def test_the_fracture_after_assessment_problem_points_at_the_date(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "age: 70\nability: fit\nassessed_on: 2026-11-21\n"
        "fractures:\n  - site: wrist\n    date: 2026-12-01\n"
    )
    with pytest.raises(ProfileError) as err:
        load_profile(path)
    (problem,) = err.value.problems
    assert (problem.field, problem.line) == ("fractures[0].date", 6)


@pytest.mark.parametrize(
    ("fields", "grade"),
    [
        ({}, "low"),
        ({"unsteady": True}, "intermediate"),
        ({"fear_of_falling": True}, "intermediate"),
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
        ({"fractures": [{"site": "wrist", "weeks_since": 5, "cause": "lifting"}]}, "low"),
        ({"fall_risk": "high"}, "high"),
        ({"fall_risk": "low", "falls_12m": 2}, "high"),
    ],
)
def test_falls_risk_grade(fields: dict, grade: str) -> None:
    assert make_profile(**fields).effective_fall_risk()[0] == grade


def test_the_falls_risk_reasons_are_clinical_words() -> None:
    profile = make_profile(
        falls_12m=3, fractures=[{"site": "pelvis", "weeks_since": 5, "cause": "fall"}]
    )
    grade, reasons = profile.derived_fall_risk()
    assert grade == "high"
    assert reasons == [
        "the pelvic fracture 5 weeks ago was caused by a fall",
        "3 falls in the last 12 months",
    ]
    assert make_profile(tug_s=14.5).derived_fall_risk() == (
        "intermediate",
        ["Timed Up and Go 14.5 s (12 s or more)"],
    )
    assert make_profile().derived_fall_risk() == ("low", [])


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"tug_s": 12}, "Timed Up and Go 12 s (12 s or more)"),
        (
            {"chair_stands": 9},
            "30-second chair stand 9 (below average for age 72: fewer than 10)",
        ),
        ({"balance_stage": 2}, "4-stage balance test: cannot hold the tandem stance for 10 s"),
        ({"one_leg_s": 4.5}, "single-leg stance 4.5 s (under 5 s)"),
    ],
)
def test_each_re_test_past_its_cut_off_makes_the_falls_risk_intermediate(
    fields: dict[str, float], reason: str
) -> None:
    # R-REV-16: the TUG rule of 4.8 extended to the other re-tests of 12.2.
    profile = make_profile(age=72, sex="female", **fields)
    assert profile.derived_fall_risk() == ("intermediate", [reason])
    assert profile.fall_risk is None and profile.effective_fall_risk()[0] == "intermediate"


@pytest.mark.parametrize(
    "fields",
    [{"tug_s": 11.9}, {"chair_stands": 10}, {"balance_stage": 3}, {"one_leg_s": 5}, {}],
)
def test_a_re_test_inside_its_cut_off_gives_no_reason(fields: dict[str, float]) -> None:
    assert make_profile(age=72, sex="female", **fields).derived_fall_risk() == ("low", [])


def test_a_re_test_inside_its_cut_off_never_lowers_a_grade() -> None:
    inside = {"tug_s": 9, "chair_stands": 15, "balance_stage": 4, "one_leg_s": 20}
    assert make_profile(falls_12m=2, **inside).derived_fall_risk() == (
        "high",
        ["2 falls in the last 12 months"],
    )
    assert make_profile(fall_risk="high", **inside).effective_fall_risk()[0] == "high"
    assert make_profile(unsteady=True, **inside).derived_fall_risk()[0] == "intermediate"


def test_the_re_tests_are_bounded_like_a_visits() -> None:
    for bad in ({"chair_stands": 61}, {"balance_stage": 5}, {"one_leg_s": -1}, {"tug_s": 0}):
        with pytest.raises(ValidationError):
            make_profile(**bad)


def test_a_clinicians_higher_grade_wins_and_says_so() -> None:
    grade, reasons = make_profile(fall_risk="intermediate").effective_fall_risk()
    assert grade == "intermediate"
    assert reasons == ["graded intermediate by the clinician (the recorded facts alone give low)"]
    grade, reasons = make_profile(fall_risk="intermediate", falls_12m=2).effective_fall_risk()
    assert (grade, reasons) == ("high", ["2 falls in the last 12 months"])


@pytest.mark.parametrize(
    ("weeks", "words"),
    [
        (0, "today"),
        (1 / 7, "1 day ago"),
        (13 / 7, "13 days ago"),
        (2, "2 weeks ago"),
        (5.5, "about 6 weeks ago"),
        (26, "about 6 months ago"),
        (104, "2 years ago"),
        (150, "about 3 years ago"),
    ],
)
def test_time_ago_uses_the_unit_a_clinician_would(weeks: float, words: str) -> None:
    assert time_ago(weeks) == words


def test_sites_read_as_adjectives() -> None:
    assert [site_word(s) for s in ("pelvis", "humerus", "hip")] == ["pelvic", "upper-arm", "hip"]


def test_profile_file_errors_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("age: 70\nability: fit\nfractures:\n  - site: wrist\n    weeks_since: six\n")
    with pytest.raises(ProfileError) as err:
        load_profile(path)
    assert f"{path}:5: fractures[0].weeks_since" in str(err.value)


def test_duplicate_key_in_a_profile_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("age: 70\nability: fit\nage: 71\n")
    with pytest.raises(
        ProfileError, match=r"p.yaml:3: key 'age' appears twice \(first on line 1\)"
    ):
        load_profile(path)


def test_json_profile_reads(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text('{"age": 70, "ability": "limited", "assessed_on": "2026-11-21"}')
    assert load_profile(path).assessed_on == ASSESSED


def test_an_empty_profile_file_asks_for_fields(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("# nothing yet\n")
    with pytest.raises(ProfileError) as err:
        load_profile(path)
    (problem,) = err.value.problems
    assert problem.path == path and "must be a mapping of fields" in problem.message


def test_non_yaml_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(ProfileError) as err:
        load_profile(path)
    assert str(path) in str(err.value)


def test_assessed_on_defaults_to_today() -> None:
    assert profile_from_data({"age": 70, "ability": "fit"}).assessed_on == dt.date.today()


def test_a_bad_id_says_which_characters_to_use() -> None:
    with pytest.raises(ProfileError) as err:
        profile_from_data({"age": 70, "ability": "fit", "id": "a b/c"})
    assert "id: use 1 to 64 letters, digits, '.', '_' or '-'" in str(err.value)


def test_an_id_is_stripped_before_it_is_checked() -> None:
    assert profile_from_data({"age": 70, "ability": "fit", "id": " P-01.b "}).id == "P-01.b"
    with pytest.raises(ProfileError, match="id: use 1 to 64"):
        profile_from_data({"age": 70, "ability": "fit", "id": "x" * 65})


def test_a_profile_file_that_cannot_be_read_is_a_profile_error(tmp_path: Path) -> None:
    with pytest.raises(ProfileError) as err:
        load_profile(tmp_path / "missing.yaml")
    assert isinstance(err.value, SourceError) and isinstance(err.value, UserError)
    assert str(err.value) == f"{tmp_path / 'missing.yaml'}: file not found"


def test_overrides_are_laid_over_the_file(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("age: 70\nability: fit\nassessed_on: 2026-11-21\n")
    assert load_profile(path, {"age": 81}).age == 81


def test_a_fracture_rejects_fields_it_does_not_have() -> None:
    with pytest.raises(ValidationError):
        Fracture.model_validate({"site": "hip", "weeks_since": 2, "side": "left"})
    with pytest.raises(ValidationError):
        Profile.model_validate({"age": 70, "ability": "fit", "weight": 60})


def _problem(path: Path, text: str) -> tuple[int | None, str | None, str]:
    path.write_text(text)
    with pytest.raises(ProfileError) as err:
        load_profile(path)
    (problem,) = err.value.problems
    assert problem.path == path
    return problem.line, problem.field, problem.message


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2026-02-30", "not a real date (day 30 of February)"),
        ("2026-13-40", "not a real date (there is no month 13)"),
        ('"2026-02-30"', "not a real date (day 30 of February)"),
        ("31/02/2026", "not a real date (day 31 of February); dates are read day first"),
        ("11/25/2026", "not a real date (there is no month 25); dates are read day first"),
        ("next week", "not a date; write it as YYYY-MM-DD"),
        ("9999-12-25", "must be between 1900-01-01 and 2999-12-31"),
        ("0001-01-01", "must be between 1900-01-01 and 2999-12-31"),
    ],
)
def test_a_date_that_is_not_real_says_what_is_wrong(
    tmp_path: Path, written: str, message: str
) -> None:
    line, field, said = _problem(
        tmp_path / "p.yaml",
        f"age: 70\nability: fit\nassessed_on: {written}\n"
        "fractures:\n  - site: wrist\n    weeks_since: 5200\n",
    )
    assert (line, field) == (3, "assessed_on")
    assert said.startswith(message), said
    assert "out of range" not in said and "invalid character" not in said


def test_a_fracture_date_is_checked_the_same_way(tmp_path: Path) -> None:
    line, field, said = _problem(
        tmp_path / "p.yaml",
        "age: 70\nability: fit\nfractures:\n  - site: hip\n    date: 0001-01-01\n",
    )
    assert (line, field) == (5, "fractures[0].date") and said.startswith("must be between")


def test_slashed_dates_are_read_day_first() -> None:
    profile = make_profile(
        assessed_on="25/11/2026", fractures=[{"site": "hip", "date": "1/2/2026"}]
    )
    assert profile.assessed_on == dt.date(2026, 11, 25)
    assert profile.fractures[0].date == dt.date(2026, 2, 1)


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", '"NaN"'])
def test_not_a_number_gets_a_plain_message(tmp_path: Path, value: str) -> None:
    line, field, said = _problem(
        tmp_path / "p.yaml",
        f"age: 70\nability: fit\nfractures:\n  - site: wrist\n    weeks_since: {value}\n",
    )
    assert (line, field) == (5, "fractures[0].weeks_since")
    assert said == "input should be a finite number"


def test_a_number_too_long_is_a_plain_problem(tmp_path: Path) -> None:
    line, field, said = _problem(
        tmp_path / "p.json", '{"ability": "fit",\n "age": ' + "7" * 5001 + "}"
    )
    assert (line, field) == (2, "age") and "4,300 digits" in said


def test_a_red_flag_in_other_words_gets_the_name_meant() -> None:
    with pytest.raises(ProfileError) as err:
        profile_from_data({"age": 70, "ability": "fit", "red_flags": ["chest_pain"]})
    (problem,) = err.value.problems
    assert (problem.field, problem.suggestion) == ("red_flags[0]", "chest_symptoms")


NAMES = EquipmentNames(
    household=frozenset({"firm_chair", "pillow", "table"}),
    vocabulary=frozenset({"firm_chair", "pillow", "table", "dumbbells", "walking_aid"}),
)


def test_listed_equipment_adds_to_the_household_basics() -> None:
    profile = make_profile(equipment=["dumbbells"])
    assert profile.equipment_at_hand(NAMES.household) == {
        "firm_chair",
        "pillow",
        "table",
        "dumbbells",
    }
    assert make_profile().equipment_at_hand(NAMES.household) == NAMES.household


def test_lacks_takes_household_items_away() -> None:
    profile = make_profile(equipment=["Dumbbells"], lacks=["Pillow", "table"])
    assert profile.lacks == ("pillow", "table")
    assert profile.equipment_at_hand(NAMES.household) == {"firm_chair", "dumbbells"}


def test_an_item_both_listed_and_lacked_is_an_error(tmp_path: Path) -> None:
    line, field, said = _problem(
        tmp_path / "p.yaml",
        "age: 70\nability: fit\nequipment: [pillow]\nlacks:\n  - table\n  - pillow\n",
    )
    assert (line, field) == (6, "lacks[1]") and "also listed under equipment" in said


def test_equipment_problems_name_line_and_field_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "age: 70\nability: fit\nequipment:\n  - frame\n  - mary_hill_lives_alone\n"
        "lacks: [dumbbells]\n"
    )
    with pytest.raises(ProfileError) as err:
        load_profile(path, equipment=NAMES)
    problems = err.value.problems
    assert [(p.line, p.field, p.suggestion) for p in problems] == [
        (4, "equipment[0]", "walking_aid"),
        (5, "equipment[1]", None),
        (6, "lacks[0]", None),
    ]
    assert problems[2].message.startswith("not one of the household basics")
    assert "mary_hill" not in str(err.value) and "frame" not in str(err.value).replace(
        "did you mean", ""
    )
    assert equipment_problems(make_profile(equipment=["pillow"]), NAMES) == []
