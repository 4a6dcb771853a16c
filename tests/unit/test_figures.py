"""Exercise pictures: every exercise has a pose, and every picture is safe, valid SVG."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml

from planner.figures import Arrow, ExercisePose, Place, PropKind, load_poses, render_pose_svg
from planner.resources import rules_dir

POSES_FILE = rules_dir() / "poses.yaml"
POSES = load_poses(POSES_FILE)
SVG_NS = "{http://www.w3.org/2000/svg}"
ARROW_KINDS = get_args(Arrow.model_fields["kind"].annotation)


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


@pytest.mark.parametrize("slug", sorted(POSES))
def test_picture_is_self_contained_svg(slug: str) -> None:
    svg = render_pose_svg(POSES[slug], label=slug)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == slug
    lowered = svg.lower().replace('xmlns="http://www.w3.org/2000/svg"', "", 1)
    for banned in (
        "href",
        "<image",
        "<script",
        "<foreignobject",
        "@import",
        "http",
        "file:",
        "data:",
    ):
        assert banned not in lowered
    assert re.findall(r"url\(([^)]*)\)", svg) == [
        f"#{c.get('id')}" for c in root.iter(f"{SVG_NS}clipPath")
    ]
    assert not root.findall(f".//{SVG_NS}svg"), "one <svg> element, no nested ones"
    labels = [t.text for t in root.iter(f"{SVG_NS}text")]
    assert labels == ["Start", "Finish"]


@pytest.fixture(scope="module")
def reloaded() -> dict[str, Any]:
    """The poses file read a second time, independently of ``POSES``."""
    return load_poses(POSES_FILE)


@pytest.mark.parametrize("slug", sorted(POSES))
def test_picture_is_deterministic(slug: str, reloaded: dict[str, Any]) -> None:
    svg = render_pose_svg(POSES[slug], label="x")
    assert svg == render_pose_svg(reloaded[slug], label="x")
    assert not re.search(r"\d\.\d\d", svg), "coordinates are rounded to one decimal"


def test_width_sets_the_size() -> None:
    root = ET.fromstring(render_pose_svg(POSES["sit_to_stand"], width=720))
    assert root.get("width") == "720"
    assert float(root.get("height", "0")) > 0


def test_label_is_escaped() -> None:
    label = 'Sit & stand <script>alert("x")</script>'
    svg = render_pose_svg(POSES["sit_to_stand"], label=label)
    assert "<script" not in svg
    assert "&amp;" in svg
    root = ET.fromstring(svg)
    assert root.get("aria-label") == label
    assert root.find(f"{SVG_NS}title") is not None
    assert root.find(f"{SVG_NS}title").text == label  # type: ignore[union-attr]


def test_short_prop_names_expand() -> None:
    pose = ExercisePose.model_validate(
        {"start": {"place": "seated"}, "end": {}, "props": ["chair", {"kind": "dumbbell"}]}
    )
    assert [p.kind for p in pose.props] == ["chair", "dumbbell"]


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


@pytest.mark.parametrize("view", ["side", "front"])
@pytest.mark.parametrize("place", list(get_args(Place)))
def test_any_place_and_view_renders(place: str, view: str) -> None:
    figure = {"place": place, "view": view}
    pose = ExercisePose.model_validate(
        {
            "start": figure,
            "end": {**figure, "x": 5, "stance": "tandem"},
            "props": [{"kind": kind, "at": "near_hand"} for kind in get_args(PropKind)],
            "arrows": [{"at": "near_hand", "kind": kind, "vx": 5} for kind in ARROW_KINDS],
        }
    )
    ET.fromstring(render_pose_svg(pose))


def test_a_new_exercise_needs_only_data() -> None:
    pose = ExercisePose.model_validate({"start": {}, "end": {"both": {"shoulder": 90}}})
    ET.fromstring(render_pose_svg(pose, label="New exercise"))
