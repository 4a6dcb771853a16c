"""The shared options: a flag per profile field read off the schema (names, choices, repeatable or
comma lists), flag values as profile data, and flags laid over a profile file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from planner.commands.options import (
    ONE_FRACTURE,
    field_option,
    flag_data,
    load_book,
    profile_options,
    resolve_profile,
)
from planner.errors import ProfileError, UserError
from planner.profile.fields import SCHEMA, FieldSpec
from planner.profile.model import Profile
from planner.resources import rules_dir


def command() -> tuple[click.Command, dict[str, Any]]:
    """A command with the profile options that keeps the values it was given."""
    seen: dict[str, Any] = {}

    def callback(profile: Path | None, rules_path: Path | None, **values: Any) -> None:
        seen.update(values, profile=profile, rules_path=rules_path)

    return click.command()(profile_options(callback)), seen


def options(cmd: click.Command) -> dict[str, click.Option]:
    return {p.opts[0]: p for p in cmd.params if isinstance(p, click.Option)}


def invoke(*args: str) -> dict[str, Any]:
    cmd, seen = command()
    result = CliRunner().invoke(cmd, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return seen


# --- the flags ------------------------------------------------------------------------------


def test_every_field_with_a_flag_has_it_in_schema_order_then_rules() -> None:
    cmd, _ = command()
    assert [p.name for p in cmd.params] == [
        "profile",
        *(f.dest for f in SCHEMA.flags),
        "rules_path",
    ]
    assert list(options(cmd)) == [*(f.flag for f in SCHEMA.flags), "--rules"]
    assert {"--age", "--ability", "--falls", "--site", "--fracture-date", "--red-flag"} <= set(
        options(cmd)
    )


def test_patient_text_has_no_flag() -> None:
    cmd, _ = command()
    names = {p.name for p in cmd.params}
    assert "name" not in names and "note" not in names
    assert not {"--name", "--note"} & set(options(cmd))
    with pytest.raises(ValueError, match="'name' has no flag"):
        field_option(SCHEMA.field("name"))  # type: ignore[arg-type]


def test_choices_come_from_the_schema() -> None:
    cmd, _ = command()
    for spec in SCHEMA.flags:
        option_type = options(cmd)[spec.flag].type  # type: ignore[index]
        if spec.choices and not spec.comma_separated:
            assert isinstance(option_type, click.Choice)
            assert tuple(option_type.choices) == spec.choices
        elif spec.choices:  # "--rest-days sat,sun": the profile checks each name
            assert ", ".join(spec.choices) in (options(cmd)[spec.flag].help or "")
    ability = options(cmd)["--ability"].type
    assert isinstance(ability, click.Choice)
    assert list(ability.choices) == ["frail", "limited", "independent", "fit"]


def test_value_types_come_from_the_schema() -> None:
    seen = invoke("--age", "74", "--tug", "13.5", "--assessed-on", "2026-11-21", "--site", "hip")
    assert seen["age"] == 74 and seen["tug_s"] == 13.5
    assert seen["assessed_on"] == "2026-11-21"  # checked as a date by the profile
    assert seen["fracture_site"] == "hip"
    cmd, _ = command()
    result = CliRunner().invoke(cmd, ["--age", "old"])
    assert result.exit_code == 2 and "'old' is not a valid integer" in result.output
    result = CliRunner().invoke(cmd, ["--ability", "fitt"])
    assert result.exit_code == 2 and "--ability" in result.output


def test_lists_are_repeatable_or_comma_separated_as_the_schema_says() -> None:
    cmd, _ = command()
    red, equipment = options(cmd)["--red-flag"], options(cmd)["--equipment"]
    assert red.multiple and not equipment.multiple
    assert red.help is not None and red.help.endswith("(repeatable)")
    assert equipment.help is not None and equipment.help.endswith("(comma-separated)")
    seen = invoke("--red-flag", "new_back_pain", "--red-flag", "other", "--equipment", "a, b,,c")
    assert seen["red_flags"] == ("new_back_pain", "other")
    assert seen["equipment"] == "a, b,,c"


def test_yes_no_fields_are_flags_that_are_unset_unless_given() -> None:
    cmd, _ = command()
    assert options(cmd)["--unsteady"].is_flag
    seen = invoke("--unsteady", "--cleared")
    assert seen["unsteady"] is True and seen["fracture_cleared"] is True
    assert seen["kyphosis"] is None and seen["fracture_in_cast"] is None


def test_only_the_first_fracture_flag_says_it_replaces_the_files_list() -> None:
    cmd, _ = command()
    noted = [flag for flag, opt in options(cmd).items() if ONE_FRACTURE in (opt.help or "")]
    assert noted == ["--site"]


def test_a_new_field_kind_gets_its_own_flag() -> None:
    spec = FieldSpec(name="grip_kg", kind="float", help="grip strength, kg")

    @click.command()
    @field_option(spec)
    def cmd(grip_kg: float | None) -> None:
        click.echo(repr(grip_kg))

    assert CliRunner().invoke(cmd, ["--grip-kg", "31.5"]).output == "31.5\n"
    assert "--grip-kg FLOAT" in CliRunner().invoke(cmd, ["--help"]).output


# --- flag values as profile data ------------------------------------------------------------


def test_flags_not_given_are_left_out() -> None:
    assert flag_data(invoke()) == {}
    assert flag_data(invoke("--age", "70")) == {"age": 70}


def test_flag_values_become_profile_fields_and_one_fracture() -> None:
    seen = invoke(
        *("--age", "74", "--falls", "2", "--red-flag", "other", "--equipment", "wall, firm_chair,"),
        *("--site", "wrist", "--weeks-since", "3", "--in-cast"),
    )
    assert flag_data(seen) == {
        "age": 74,
        "falls_12m": 2,
        "red_flags": ["other"],
        "equipment": ["wall", "firm_chair"],
        "fractures": [{"site": "wrist", "weeks_since": 3.0, "in_cast": True}],
    }


# --- a profile from a file, flags or both ---------------------------------------------------


def write_profile(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    return path


FILE = (
    "ability: limited\nassessed_on: 2026-11-21\nage: 70\nfalls_12m: 1\n"
    "fractures:\n  - {site: vertebral, weeks_since: 3}\n  - {site: wrist, weeks_since: 40}\n"
)


def test_a_profile_from_flags_alone() -> None:
    seen = invoke("--age", "74", "--ability", "fit", "--site", "hip", "--weeks-since", "20")
    profile = resolve_profile(None, seen)
    assert isinstance(profile, Profile)
    assert (profile.age, profile.ability) == (74, "fit")
    assert [(f.site, f.weeks_since) for f in profile.fractures] == [("hip", 20.0)]


def test_flags_override_the_files_fields(tmp_path: Path) -> None:
    path = write_profile(tmp_path, FILE)
    profile = resolve_profile(path, invoke("--age", "80", "--falls", "3"))
    assert (profile.age, profile.falls_12m, profile.ability) == (80, 3, "limited")
    assert profile.assessed_on == dt.date(2026, 11, 21)
    assert len(profile.fractures) == 2, "no fracture flag: the file's fractures stay"


def test_fracture_flags_replace_the_files_fractures(tmp_path: Path) -> None:
    path = write_profile(tmp_path, FILE)
    profile = resolve_profile(path, invoke("--site", "hip", "--weeks-since", "10"))
    assert [(f.site, f.weeks_since) for f in profile.fractures] == [("hip", 10.0)]


def test_no_file_and_no_flags_asks_for_one_or_the_other() -> None:
    with pytest.raises(UserError) as caught:
        resolve_profile(None, invoke())
    assert "give a profile file" in str(caught.value)
    assert "osteoplan profile-template" in str(caught.value)


def test_errors_from_flags_name_the_flag() -> None:
    with pytest.raises(ProfileError) as caught:
        resolve_profile(None, invoke("--age", "300", "--ability", "fit", "--falls", "-1"))
    fields = {p.field for p in caught.value.problems}
    assert fields == {"--age", "--falls"}
    with pytest.raises(ProfileError) as caught:
        resolve_profile(None, invoke("--age", "70", "--ability", "fit", "--site", "hip"))
    assert [p.field for p in caught.value.problems] == ["fractures[0]"]


def test_a_bad_flag_over_a_file_names_the_flag(tmp_path: Path) -> None:
    path = write_profile(tmp_path, FILE)
    with pytest.raises(ProfileError) as caught:
        resolve_profile(path, invoke("--age", "300"))
    (problem,) = caught.value.problems
    assert problem.field == "--age"


def test_a_bad_flag_over_a_file_keeps_no_line_of_the_file(tmp_path: Path) -> None:
    path = write_profile(tmp_path, FILE.replace("age: 70", "age: 700"))
    with pytest.raises(ProfileError) as caught:
        resolve_profile(path, invoke("--site", "hip", "--weeks-since", "-1"))
    by_field = {p.field: (p.path, p.line) for p in caught.value.problems}
    assert by_field == {"age": (path, 3), "--weeks-since": (None, None)}


def test_equipment_is_checked_against_the_rulebook_with_its_line(tmp_path: Path) -> None:
    path = write_profile(tmp_path, FILE + "equipment:\n  - dumbbells\n  - frame\n")
    with pytest.raises(ProfileError) as caught:
        resolve_profile(path, invoke(), book=load_book(None))
    (problem,) = caught.value.problems
    assert (problem.path, problem.line, problem.field) == (path, 10, "equipment[1]")
    assert problem.suggestion == "walking_aid"
    with pytest.raises(ProfileError) as caught:
        resolve_profile(path, invoke("--lacks", "pillow,mat"), book=load_book(None))
    fields = [p.field for p in caught.value.problems]
    assert fields == ["equipment[1]", "--lacks"]


def test_lacks_is_a_comma_separated_flag() -> None:
    profile = resolve_profile(
        None, invoke("--age", "70", "--ability", "fit", "--lacks", "pillow, table")
    )
    assert profile.lacks == ("pillow", "table")


def test_errors_from_a_file_name_the_file_and_line(tmp_path: Path) -> None:
    path = write_profile(tmp_path, FILE.replace("age: 70", "age: 700"))
    with pytest.raises(ProfileError) as caught:
        resolve_profile(path, invoke())
    (problem,) = caught.value.problems
    assert (problem.path, problem.line, problem.field) == (path, 3, "age")


def test_the_default_rulebook_is_the_built_in_one() -> None:
    book = load_book(None)
    assert book.path == rules_dir()
    assert book.rules and book.exercises
