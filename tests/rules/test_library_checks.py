"""The library checks on the data: each finds the defects of the entries as they were before the
library corrections (tests/fixtures/library_before/) and passes the clean ones, the current
library passes them all, and ``osteoplan rules check`` reports findings with file and line. How
each check reads a step is tested in tests/unit/rulebook/checks/."""

from __future__ import annotations

import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from planner.cli import cli
from planner.pictures import pose_extremes
from planner.resources import rules_dir
from planner.rulebook.checks import Finding, Library, check_library, read_library
from planner.rulebook.checks.dose import check_step_doses
from planner.rulebook.checks.entries import Entry
from planner.rulebook.checks.equipment import check_step_equipment
from planner.rulebook.checks.pose import check_pose_tags, hip_angles, shoulder_angles
from planner.rulebook.checks.words import (
    check_equipment_labels,
    check_floor_words,
    check_support_words,
)
from tests.conftest import REPO

BEFORE = Path(__file__).resolve().parent.parent / "fixtures" / "library_before"
#: Entries of the fixture with no defect these checks can see (library-corrections.md section 4:
#: "no defect found", or defects only in tags the pictures do not show).
CLEAN = {
    "jog_walk_intervals",
    "step_ups",
    "tandem_stance",
    "calf_stretch",
    "seated_hamstring_stretch",
    "low_impact_dance",
}


@pytest.fixture(scope="module")
def before() -> Library:
    return read_library(BEFORE)


def entry(library: Library, slug: str) -> Entry:
    return next(e for e in library.entries if e.exercise.slug == slug)


def line_in_entry(path: Path, slug: str, needle: str) -> int:
    """The first line at or after ``slug:`` that contains ``needle`` (1-based)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    heads = (f"- slug: {slug}", f"{slug}:")
    start = next(i for i, line in enumerate(lines) if line.split("#")[0].strip() in heads)
    return next(i for i in range(start, len(lines)) if needle in lines[i]) + 1


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, "\n".join(map(str, findings))
    return findings[0]


# --- pose against tags -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "component", "tag", "pose_key", "said"),
    [
        ("seated_reaching_balance", "balance", "hip_flex_gt90", "hip: 115", "bends the hip to 115"),
        ("hip_hinge_dowel", "posture", "shoulder_load", "shoulder: 155", "raises the arm to 155"),
        ("dead_bug", "resistance", "shoulder_load", "shoulder: 165", "raises the arm to 165"),
        ("tai_chi", "balance", "hip_ext_er", "hip: -22", "22 degrees behind the trunk"),
        ("prone_arm_leg_lift", "posture", "hip_ext_er", "hip: -18", "18 degrees behind the trunk"),
    ],
)
def test_pose_check_finds_a_picture_its_tags_do_not_cover(
    before: Library, slug: str, component: str, tag: str, pose_key: str, said: str
) -> None:
    finding = only(check_pose_tags(entry(before, slug), before.pictures[slug]))
    path = BEFORE / "exercises" / f"{component}.yaml"
    assert (finding.file, finding.line) == (path, line_in_entry(path, slug, f"{tag}: false"))
    assert finding.field.endswith(f"tags.{tag}") and said in finding.message
    pose_line = line_in_entry(BEFORE / "poses.yaml", slug, pose_key)
    assert f"{BEFORE / 'poses.yaml'}:{pose_line}" in finding.message


@pytest.mark.parametrize(
    "slug", ["jog_walk_intervals", "step_ups", "tandem_stance", "calf_stretch"]
)
def test_the_back_leg_of_an_ordinary_stride_needs_no_hip_ext_er(before: Library, slug: str) -> None:
    assert any(a.degrees < 0 for a in hip_angles(before.pictures[slug].pose))
    assert check_pose_tags(entry(before, slug), before.pictures[slug]) == []


def test_the_current_pictures_are_read_as_figures_pose_extremes_reads_them() -> None:
    library = read_library(rules_dir())
    for slug, picture in library.pictures.items():
        extremes = pose_extremes(picture.pose)
        hips = [a.degrees for a in hip_angles(picture.pose)]
        arms = [a.degrees for a in shoulder_angles(picture.pose)]
        assert math.isclose(max([0.0, *(-h for h in hips)]), extremes.hip_extension_max), slug
        assert math.isclose(max([0.0, *arms]), extremes.shoulder_elevation_max), slug
        if max(hips, default=0.0) > 90:
            assert math.isclose(max(hips), extremes.hip_flexion_max), slug


# --- words against position --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "needle", "said"),
    [
        ("one_leg_stand", "just above the counter", '"just above the counter"'),
        ("multidirectional_stepping", "Stand near a counter", '"near a counter"'),
        ("semi_tandem_stance", "Let go if you feel steady", '"Let go"'),
        ("semi_tandem_stance", "Let go only if you feel steady", '"Let go"'),
    ],
)
def test_support_words_find_a_hand_off_the_support(
    before: Library, slug: str, needle: str, said: str
) -> None:
    path = BEFORE / "exercises" / "balance.yaml"
    line = line_in_entry(path, slug, needle)
    hits = [f for f in check_support_words(entry(before, slug)) if f.line == line]
    assert hits and said in hits[0].message and "standing_support" in hits[0].message


@pytest.mark.parametrize(
    ("slug", "component", "needle"),
    [
        ("glute_bridge", "resistance", "on a firm bed or mat, knees bent, feet flat"),
        ("dead_bug", "resistance", "Lie on your back on a firm bed or mat."),
        ("prone_arm_leg_lift", "posture", "Lie face down on a firm bed or mat"),
    ],
)
def test_floor_words_find_a_mat_without_floor_transfer(
    before: Library, slug: str, component: str, needle: str
) -> None:
    path = BEFORE / "exercises" / f"{component}.yaml"
    lines = {f.line for f in check_floor_words(entry(before, slug))}
    assert line_in_entry(path, slug, needle) in lines


def test_equipment_labels_find_a_floor_mat_printed_for_bed_entries(before: Library) -> None:
    finding = only(check_equipment_labels(before))
    path = BEFORE / "equipment.yaml"
    assert (finding.file, finding.line) == (path, line_in_entry(path, "labels", "firm_bed_or_mat:"))
    assert finding.slug == "firm_bed_or_mat" and "glute_bridge" in finding.message


# --- steps against dose ------------------------------------------------------------------------


def test_dose_check_finds_rest_and_repeat_against_one_set(before: Library) -> None:
    finding = only(check_step_doses(entry(before, "heel_drops_gentle")))
    path = BEFORE / "exercises" / "impact.yaml"
    assert finding.line == line_in_entry(path, "heel_drops_gentle", "Do 10, rest for a moment")
    assert 'weeks 1-4 print "1 set of 10"' in finding.message
    assert "weeks 5-8" not in finding.message  # 3 sets: a rest and a repeat are right there


def test_dose_check_finds_a_second_set_and_a_weight_from_the_start(before: Library) -> None:
    path = BEFORE / "exercises" / "resistance.yaml"
    found = {f.line: f.message for f in check_step_doses(entry(before, "otago_knee_extension"))}
    weight = line_in_entry(path, "otago_knee_extension", "with an ankle weight strapped on")
    sets = line_in_entry(path, "otago_knee_extension", "Do 10, rest, do 10 more")
    assert set(found) == {weight, sets}
    assert "no weight at first" in found[weight] and "week 9" not in found[weight]
    assert 'weeks 1-4 print "1 set of 10' in found[sets]


@pytest.mark.parametrize(
    "slug", ["jog_walk_intervals", "tandem_stance", "one_leg_stand", "step_ups", "low_impact_dance"]
)
def test_dose_check_passes_ranges_and_descriptive_numbers(before: Library, slug: str) -> None:
    assert check_step_doses(entry(before, slug)) == []


# --- steps against equipment -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "component", "needle", "names"),
    [
        ("drop_landings", "impact", "with a rail or helper beside you", "helper"),
        ("seated_band_row", "resistance", "a fixed point in front of you", "band_anchor"),
        ("tai_chi", "balance", "Join a class or follow a video", "class_or_video"),
        ("sit_to_stand_raised_seat", "resistance", "raised with a cushion", "firm_cushion"),
        ("ankle_pumps", "mobility", "Sit in a chair or lie on your bed", "firm_chair"),
    ],
)
def test_equipment_check_finds_an_item_the_list_leaves_out(
    before: Library, slug: str, component: str, needle: str, names: str
) -> None:
    path = BEFORE / "exercises" / f"{component}.yaml"
    line = line_in_entry(path, slug, needle)
    hits = [f for f in check_step_equipment(entry(before, slug)) if f.line == line]
    assert hits and names in hits[0].message


def test_equipment_check_takes_either_alternative(before: Library) -> None:
    assert (
        check_step_equipment(entry(before, "step_ups")) == []
    )  # "a stair rail or a kitchen counter"


# --- the whole library -------------------------------------------------------------------------


def test_every_defective_fixture_entry_is_found_and_no_clean_one(before: Library) -> None:
    found = {f.slug for f in check_library(before)}
    slugs = {e.exercise.slug for e in before.entries}
    assert found == (slugs - CLEAN) | {"firm_bed_or_mat"}


def test_the_current_library_passes_every_check() -> None:
    findings = check_library(read_library(rules_dir()))
    assert not findings, "\n".join(map(str, findings))


def test_rules_check_reports_a_finding_with_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(rules_dir(), folder)
    old = yaml.safe_load((BEFORE / "exercises" / "balance.yaml").read_text(encoding="utf-8"))
    one_leg = next(e for e in old["exercises"] if e["slug"] == "one_leg_stand")
    live = read_library(rules_dir())
    one_leg |= {
        "slug": "one_leg_stand_before",
        "sources": entry(live, "one_leg_stand").exercise.sources,
    }
    added = folder / "exercises" / "zz_before.yaml"
    added.write_text(yaml.safe_dump({"exercises": [one_leg]}, sort_keys=False), encoding="utf-8")
    poses = yaml.safe_load((folder / "poses.yaml").read_text(encoding="utf-8"))
    poses["poses"]["one_leg_stand_before"] = poses["poses"]["one_leg_stand"]
    (folder / "poses.yaml").write_text(yaml.safe_dump(poses, sort_keys=False), encoding="utf-8")

    result = CliRunner().invoke(cli, ["rules", "check", str(folder)])
    line = line_in_entry(added, "one_leg_stand_before", "safety_cue:")
    assert result.exit_code == 2
    assert (
        f"{added}:{line}: exercises[0].safety_cue: one_leg_stand_before: says "
        '"just above the counter"' in result.stderr
    )


def test_loading_a_rulebook_does_not_run_the_checks() -> None:
    code = "import sys, planner; planner.load_rulebook(); print('planner.rulebook.checks' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr
