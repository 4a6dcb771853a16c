"""Pose records: every exercise has one, bad records are named by slug and field, prop names
may be given short, and the reviewed movements are recorded as corrected."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from planner.pictures import ExercisePose, load_poses
from planner.resources import rules_dir
from tests.unit.pictures.library import POSES, POSES_FILE


def library_slugs() -> list[str]:
    """Slugs of every entry in ``rules/exercises/*.yaml`` files that hold an exercise list."""
    slugs: list[str] = []
    for path in sorted((rules_dir() / "exercises").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("exercises"), list):
            slugs += [e["slug"] for e in data["exercises"] if isinstance(e, dict) and "slug" in e]
    return slugs


def test_every_library_exercise_has_a_pose() -> None:
    slugs = library_slugs()
    if not slugs:
        pytest.skip("no rules/exercises/*.yaml with an 'exercises:' list to check against yet")
    missing = sorted(set(slugs) - set(POSES))
    assert not missing, f"exercises without a pose in {POSES_FILE.name}: {missing}"


def test_pose_file_says_what_it_is() -> None:
    first = POSES_FILE.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# Pictures: one pose record per exercise")


def test_short_prop_names_expand() -> None:
    pose = ExercisePose.model_validate(
        {"start": {"place": "seated"}, "end": {}, "props": ["chair", {"kind": "dumbbell"}]}
    )
    assert [p.kind for p in pose.props] == ["chair", "dumbbell"]


def test_a_prop_sits_at_its_landmark_or_its_kinds_usual_one() -> None:
    props = ["wall", "stick", {"kind": "stick", "at": "hands"}, "ball"]
    pose = ExercisePose.model_validate({"start": {}, "end": {}, "props": props})
    assert [p.landmark for p in pose.props] == ["hands", "back", "hands", "near_hand"]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "poses.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ("{start: {near: {knee: bent}}, end: {}}", "start.near.knee"),
        ("{start: {}, end: {place: floating}}", "end.place"),
        ("{start: {}, end: {}, props: [trampoline]}", "props.0.kind"),
        ("{start: {}, end: {}, arrows: [{at: elbow}]}", "arrows.0.at"),
        ("{start: {}, end: {wings: 2}}", "end.wings"),
        ("{start: {}}", "end"),
    ],
)
def test_bad_record_names_slug_and_field(tmp_path: Path, record: str, field: str) -> None:
    path = _write(
        tmp_path, f"poses:\n  good_one: {{start: {{}}, end: {{}}}}\n  odd_one: {record}\n"
    )
    with pytest.raises(ValueError, match="odd_one") as info:
        load_poses(path)
    assert field in str(info.value)


def test_file_without_poses_mapping_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="poses"):
        load_poses(_write(tmp_path, "- just\n- a list\n"))


# --- corrected movements (physiotherapist's review of the library) -------------------------


def test_band_row_band_is_fixed_in_front_at_chest_height() -> None:
    pose = POSES["seated_band_row"]
    kinds = [p.kind for p in pose.props]
    assert "door_anchor" in kinds and "band" not in kinds, "never looped round the feet"


def test_hip_hinge_goes_no_further_than_halfway_to_level() -> None:
    assert (POSES["hip_hinge_dowel"].end.trunk or 0) <= 45


def test_split_squat_front_thigh_stays_well_above_level() -> None:
    end = POSES["split_squat_supported"].end
    assert (end.angle("near", "hip") or 0) - (end.trunk or 0) <= 60
