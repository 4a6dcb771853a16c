"""One schema for flags and CSV columns, read off the profile models: names, kinds, choices,
help, which fields stay off the command line, and a new field appearing everywhere at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, get_args

import click
import pytest
from click.testing import CliRunner
from pydantic import Field

from planner.commands.options import flag_data
from planner.profile.adjust import Adjustments
from planner.profile.csvrows import COLUMNS, CsvRows, batch_template, profile_from_row
from planner.profile.fields import NO_FLAG, SCHEMA, FieldSpec, profile_schema
from planner.profile.model import Fracture, Profile, load_profile, profile_from_data
from planner.vocabulary import Ability, RedFlag, Site


def test_every_model_field_has_a_column_and_a_flag() -> None:
    for name in Profile.model_fields:
        if name in ("fractures", "adjust"):
            continue
        spec = SCHEMA.field(name)
        assert spec is not None and spec.column() in COLUMNS, name
        assert spec.flag or name in NO_FLAG, name
    for name in Fracture.model_fields:
        spec = SCHEMA.field(name, fracture=True)
        assert spec is not None and spec.flag, name
        assert all(f"fracture{n}_{name}" in COLUMNS for n in (1, 2, 3)), name
    for name in Adjustments.model_fields:
        spec = SCHEMA.adjust_field(name)
        if name == "note":  # the patient's note is the profile's own column, never a flag
            assert spec is None
            continue
        assert spec is not None and spec.flag and spec.column() in COLUMNS, name
    assert NO_FLAG == {"name", "note"}  # patient text stays off the command line


def test_patient_text_has_a_column_but_never_a_flag() -> None:
    for name in ("name", "note"):
        spec = SCHEMA.field(name)
        assert spec is not None and spec.flag is None and spec.column() == name
    assert all(spec.name not in ("name", "note") for spec in SCHEMA.flags)


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


@pytest.mark.parametrize(
    ("name", "fracture", "kind"),
    [
        ("age", False, "int"),
        ("t_score", False, "float"),
        ("assessed_on", False, "date"),
        ("kyphosis", False, "bool"),
        ("id", False, "text"),
        ("equipment", False, "list"),
        ("weeks_since", True, "float"),
        ("cleared", True, "bool"),
        ("count", True, "int"),
    ],
)
def test_each_field_has_the_kind_of_its_values(name: str, fracture: bool, kind: str) -> None:
    spec = SCHEMA.field(name, fracture=fracture)
    assert spec is not None and spec.kind == kind


def test_only_age_ability_and_a_fractures_site_are_required() -> None:
    assert [f.name for f in SCHEMA.fields if f.required] == ["age", "ability"]
    assert [f.name for f in SCHEMA.fracture_fields if f.required] == ["site"]


def test_flags_that_differ_from_their_field_and_their_parameters() -> None:
    flags = {spec.name: spec for spec in SCHEMA.flags if not spec.fracture}
    assert flags["falls_12m"].flag == "--falls"
    assert flags["supervision_available"].flag == "--supervised"
    assert flags["bone_status"].flag == "--bone-status"
    assert flags["falls_12m"].dest == "falls_12m"
    site = SCHEMA.field("site", fracture=True)
    assert site is not None and (site.flag, site.dest) == ("--site", "fracture_site")
    assert site.choices == get_args(Site)


def test_the_re_tests_are_entered_like_the_tug(tmp_path: Path) -> None:
    for name, flag, kind in [
        ("tug_s", "--tug", "float"),
        ("chair_stands", "--chair-stands", "int"),
        ("balance_stage", "--balance-stage", "int"),
        ("one_leg_s", "--one-leg-s", "float"),
    ]:
        spec = SCHEMA.field(name)
        assert spec is not None and (spec.flag, spec.kind, spec.column()) == (flag, kind, name)
        assert spec.help == Profile.model_fields[name].description
    path = tmp_path / "patients.csv"
    path.write_text(
        "age,ability,chair_stands,balance_stage,one_leg_s\n70,fit,9,2,4.5\n", encoding="utf-8"
    )
    with CsvRows(path) as rows:
        (row,) = list(rows)
    profile = profile_from_row(row)
    assert (profile.chair_stands, profile.balance_stage, profile.one_leg_s) == (9, 2, 4.5)


def test_fracture_fields_are_a_column_per_group() -> None:
    site = SCHEMA.field("site", fracture=True)
    assert site is not None
    assert (site.column(), site.column(3)) == ("fracture1_site", "fracture3_site")
    assert SCHEMA.field("site") is None  # not a profile field of its own


def test_lacks_follows_from_the_model_as_a_flag_and_a_column() -> None:
    lacks = SCHEMA.field("lacks")
    assert lacks is not None and (lacks.kind, lacks.flag) == ("list", "--lacks")
    assert lacks.comma_separated and "lacks" in SCHEMA.columns
    assert SCHEMA.columns.index("lacks") == SCHEMA.columns.index("equipment") + 1


def test_equipment_is_one_comma_separated_flag_and_red_flags_repeat() -> None:
    equipment, red_flags = SCHEMA.field("equipment"), SCHEMA.field("red_flags")
    assert equipment is not None and equipment.comma_separated
    assert red_flags is not None and not red_flags.comma_separated
    assert red_flags.flag == "--red-flag"


@pytest.mark.parametrize(
    ("path", "flag"),
    [
        ("fractures[0].site", "--site"),
        ("fractures[0].date", "--fracture-date"),
        ("equipment[1]", "--equipment"),
        ("red_flags[0]", "--red-flag"),
        ("falls_12m", "--falls"),
        ("name", "name"),
        ("fractures[0]", "fractures[0]"),
        (None, None),
    ],
)
def test_a_problem_on_a_flag_profile_names_the_flag(path: str | None, flag: str | None) -> None:
    assert SCHEMA.flag_for(path) == flag


def test_the_note_ends_the_patients_own_columns() -> None:
    adjust = {f.name for f in SCHEMA.adjust_fields}
    own = [c for c in SCHEMA.columns if not c.startswith("fracture") and c not in adjust]
    assert own[-1] == "note" and own[:2] == ["id", "name"]
    first_group = SCHEMA.columns.index("fracture1_site")
    assert SCHEMA.columns.index("note") == first_group - 1


class _Grip(Fracture):
    splinted: bool = Field(False, description="a splint is on")


class _Extended(Profile):
    fractures: tuple[_Grip, ...] = ()
    grip_kg: float | None = Field(None, ge=0, description="grip strength, kg")
    walking_aid: Literal["none", "stick", "frame"] | None = Field(None, description="aid used")


def test_a_new_field_becomes_a_column_and_a_flag_at_once() -> None:
    schema = profile_schema(_Extended)
    adjust = [f.name for f in SCHEMA.adjust_fields]
    today = [c for c in SCHEMA.columns if c not in adjust]
    note = today.index("note")
    own, groups = today[: note + 1], today[note + 1 :]
    group = len(groups) // 3
    assert list(schema.columns[: note + 3]) == [*own[:-1], "grip_kg", "walking_aid", "note"]
    assert list(schema.columns[note + 3 : note + 4 + group]) == [
        *groups[:group],
        "fracture1_splinted",
    ]
    assert schema.columns[-9] == "fracture3_splinted"
    assert schema.columns[-8:] == SCHEMA.columns[-8:]  # the adjustments close the row
    flags = {spec.flag: spec for spec in schema.flags}
    assert flags["--grip-kg"].kind == "float" and flags["--grip-kg"].help == "grip strength, kg"
    assert flags["--walking-aid"].choices == ("none", "stick", "frame")
    assert flags["--splinted"].fracture and flags["--splinted"].kind == "bool"
    header = batch_template(schema).splitlines()[0].split(",")
    assert "grip_kg" in header and "fracture2_splinted" in header


def test_a_field_without_a_description_is_helped_by_its_name() -> None:
    class Described(Profile):
        walk_minutes: int | None = None

    spec = profile_schema(Described).field("walk_minutes")
    assert spec == FieldSpec(name="walk_minutes", kind="int", help="walk minutes")


def test_a_field_no_flag_or_column_can_hold_is_refused() -> None:
    class Odd(Profile):
        extra: dict[str, int] = Field(default_factory=dict)

    with pytest.raises(TypeError, match="profile field 'extra'"):
        profile_schema(Odd)


# --- yes/no flags: an explicit "no" ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fracture", "declaration"),
    [
        ("unsteady", False, "--unsteady/--no-unsteady"),
        ("kyphosis", False, "--kyphosis/--no-kyphosis"),
        ("supervision_available", False, "--supervised/--no-supervised"),
        ("syncope_suspected", False, "--syncope/--no-syncope"),
        ("cleared", True, "--cleared/--no-cleared"),
        ("in_cast", True, "--in-cast/--no-in-cast"),
    ],
)
def test_a_yes_no_flag_has_an_explicit_no(name: str, fracture: bool, declaration: str) -> None:
    spec = SCHEMA.field(name, fracture=fracture)
    assert spec is not None and spec.declaration == declaration
    assert (spec.flag, spec.off_flag) == tuple(declaration.split("/"))


def test_every_yes_no_flag_and_only_they_have_a_no() -> None:
    for spec in SCHEMA.flags:
        if spec.kind == "bool":
            assert spec.off_flag == "--no-" + str(spec.flag).removeprefix("--"), spec.name
            assert spec.declaration == f"{spec.flag}/{spec.off_flag}"
        else:
            assert spec.off_flag is None and spec.declaration == spec.flag, spec.name


def test_a_field_that_is_never_a_flag_has_no_declaration() -> None:
    name = SCHEMA.field("name")
    assert name is not None and name.off_flag is None
    with pytest.raises(ValueError, match="'name' has no flag"):
        _ = name.declaration


def test_no_flags_name_no_other_flag() -> None:
    offs = [spec.off_flag for spec in SCHEMA.flags if spec.off_flag]
    assert len(set(offs)) == len(offs)
    assert not set(offs) & {spec.flag for spec in SCHEMA.flags}


def _parsed(*args: str) -> dict[str, Any]:
    """``--unsteady`` / ``--no-unsteady`` parsed by click as the profile options declare it."""
    spec = SCHEMA.field("unsteady")
    assert spec is not None
    seen: dict[str, Any] = {}

    @click.command()
    @click.option(spec.declaration, spec.dest, is_flag=True, default=None)
    def command(**values: Any) -> None:
        seen.update(values)

    result = CliRunner().invoke(command, list(args))
    assert result.exit_code == 0, result.output
    return seen


@pytest.mark.parametrize(
    ("args", "given"), [((), None), (("--unsteady",), True), (("--no-unsteady",), False)]
)
def test_a_yes_no_flag_is_yes_no_or_not_given(args: tuple[str, ...], given: bool | None) -> None:
    assert _parsed(*args) == {"unsteady": given}
    flags = flag_data(_parsed(*args))
    assert flags == ({} if given is None else {"unsteady": given})
    profile = profile_from_data({"age": 70, "ability": "independent", **flags})
    assert profile.unsteady is bool(given)


def test_no_unsteady_overrides_a_file_that_says_unsteady(tmp_path: Path) -> None:
    """The clinician's explicit "no" wins over the file; without it the file's "yes" stands."""
    path = tmp_path / "p.yaml"
    path.write_text("age: 70\nability: independent\nunsteady: true\n", encoding="utf-8")
    assert load_profile(path, flag_data(_parsed("--no-unsteady"))).unsteady is False
    assert load_profile(path, flag_data(_parsed())).unsteady is True


def test_the_command_line_takes_every_no_form(tmp_path: Path) -> None:
    """The real profile options, as ``osteoplan plan`` has them: ``--no-unsteady`` over a file
    that says ``unsteady: true`` gives a profile that is not unsteady."""
    from planner.commands.options import profile_options, resolve_profile

    seen: dict[str, Any] = {}

    @click.command()
    @profile_options
    def command(profile: Path | None, rules_path: Path | None, **values: Any) -> None:
        seen.update(values)

    yes_no = [spec for spec in SCHEMA.flags if spec.off_flag]
    result = CliRunner().invoke(command, [str(spec.off_flag) for spec in yes_no])
    assert result.exit_code == 0, result.output
    assert {spec.dest: seen[spec.dest] for spec in yes_no} == {spec.dest: False for spec in yes_no}
    path = tmp_path / "p.yaml"
    path.write_text("age: 70\nability: independent\nunsteady: true\n", encoding="utf-8")
    seen.clear()
    assert CliRunner().invoke(command, ["--no-unsteady"]).exit_code == 0
    assert resolve_profile(path, seen).unsteady is False


def test_the_re_tests_are_flags_of_the_plan_commands() -> None:
    from planner.commands.options import profile_options, resolve_profile

    seen: dict[str, Any] = {}

    @click.command()
    @profile_options
    def command(profile: Path | None, rules_path: Path | None, **values: Any) -> None:
        seen.update(values)

    args = ["--age", "72", "--ability", "fit", "--chair-stands", "9", "--balance-stage", "2"]
    result = CliRunner().invoke(command, [*args, "--one-leg-s", "4.5"])
    assert result.exit_code == 0, result.output
    profile = resolve_profile(None, seen)
    assert (profile.chair_stands, profile.balance_stage, profile.one_leg_s) == (9, 2, 4.5)
