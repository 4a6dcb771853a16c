"""The library as written: entries and pictures read with their file and lines, and a finding
located at the key it is about."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.errors import RulebookError
from planner.rulebook.checks.entries import Finding, read_library
from planner.vocabulary import BOOL_TAGS

TAGS = json.dumps(
    {**dict.fromkeys(BOOL_TAGS, False), "impact": "none", "aerobic_intensity": "none"}
    | {"balance_challenge": "low"}
)


def entry_yaml(slug: str) -> str:
    """One entry; its second step is on line 14 and its support on line 15."""
    return f"""\
exercises:
  - slug: {slug}
    name: {slug}
    component: resistance
    region: [lower_limb]
    position: seated
    equipment: [firm_chair]
    ability: [limited]
    tags: {TAGS}
    dose: {{text: "10", start: {{reps: 10}}, target: {{reps: 10}}}}
    sources: [S]
    instructions:
      - Sit tall.
      - Stand up.
    support: Sit on the chair.
    safety_cue: Stop if it hurts.
"""


POSES = """\
poses:
  sit_to_stand:
    start: {place: seated}
    end:
      near: {hip: 20}
"""


def folder(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_entries_are_read_from_every_exercise_file_in_name_order(tmp_path: Path) -> None:
    library = read_library(
        folder(
            tmp_path,
            {
                "exercises/resistance.yaml": entry_yaml("sit_to_stand"),
                "exercises/balance.yaml": entry_yaml("tandem_stance"),
                "exercises/notes.txt": "not an exercise file",
            },
        )
    )
    assert [e.exercise.slug for e in library.entries] == ["tandem_stance", "sit_to_stand"]
    assert [e.doc.path for e in library.entries] == [
        tmp_path / "exercises" / "balance.yaml",
        tmp_path / "exercises" / "resistance.yaml",
    ]
    assert library.entries[0].loc == ("exercises", 0)
    assert (library.pictures, library.equipment, library.equipment_doc) == ({}, None, None)


def test_a_finding_names_the_file_line_and_key_path_of_what_it_is_about(tmp_path: Path) -> None:
    library = read_library(folder(tmp_path, {"exercises/a.yaml": entry_yaml("sit_to_stand")}))
    found = library.entries[0].finding(("instructions", 1), "says too much")
    path = tmp_path / "exercises" / "a.yaml"
    assert found == Finding(
        path, 14, "sit_to_stand", "exercises[0].instructions[1]", "says too much"
    )
    assert str(found) == f"{path}:14: exercises[0].instructions[1]: sit_to_stand: says too much"
    problem = found.problem()
    assert (problem.path, problem.line, problem.field) == (path, 14, "exercises[0].instructions[1]")
    assert problem.message == "sit_to_stand: says too much"


def test_a_key_not_written_is_located_at_the_nearest_key_that_is(tmp_path: Path) -> None:
    library = read_library(folder(tmp_path, {"exercises/a.yaml": entry_yaml("sit_to_stand")}))
    found = library.entries[0].finding(("instructions", 7), "m")
    assert (found.line, found.field) == (12, "exercises[0].instructions[7]")


def test_a_finding_without_a_line_prints_the_file_alone() -> None:
    found = Finding("equipment.yaml", None, "mat", "labels.mat", "m")
    assert str(found) == "equipment.yaml: labels.mat: mat: m"


def test_a_picture_says_where_each_of_its_keys_is_written(tmp_path: Path) -> None:
    library = read_library(
        folder(
            tmp_path,
            {"exercises/a.yaml": entry_yaml("sit_to_stand"), "poses.yaml": POSES},
        )
    )
    picture = library.pictures["sit_to_stand"]
    poses = tmp_path / "poses.yaml"
    assert picture.pose.end.near.hip == 20
    assert picture.where(("end", "near", "hip")) == f"{poses}:5"
    assert picture.where(()) == f"{poses}:2"


def test_a_library_that_does_not_load_is_refused_with_every_file_and_line(
    tmp_path: Path,
) -> None:
    bad_entry = entry_yaml("sit_to_stand").replace("position: seated", "position: perched")
    with pytest.raises(RulebookError) as err:
        read_library(
            folder(
                tmp_path,
                {
                    "exercises/a.yaml": bad_entry,
                    "poses.yaml": "poses: [\n",
                    "equipment.yaml": "household: []\non_request: [mat]\nlabels: {}\n",
                },
            )
        )
    text = str(err.value)
    assert text.startswith(f"The library in {tmp_path} does not load:")
    assert f"{tmp_path / 'exercises' / 'a.yaml'}:6: exercises[0].position:" in text
    assert f"{tmp_path / 'poses.yaml'}" in text and "not valid YAML or JSON" in text
    assert "labels must cover exactly the vocabulary: missing ['mat']" in text
    assert len(err.value.problems) == 3
    assert err.value.exit_code == 2
