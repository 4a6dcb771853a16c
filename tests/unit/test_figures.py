"""Exercise pictures: every exercise has a pose, every picture is safe, valid SVG whose figures
fill their panels, the reviewed movements are drawn as corrected, and ``pose_extremes`` reads the
angles a pose draws."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml

from planner.pictures.figures import (
    GAP,
    PANEL,
    PANEL_H,
    Arrow,
    ExercisePose,
    Place,
    PoseExtremes,
    PropKind,
    load_poses,
    pose_extremes,
    render_pose_svg,
)
from planner.resources import rules_dir, templates_dir

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
    # "Start" and "Finish" are the page's captions, printed in its own type over each panel.
    assert not list(root.iter(f"{SVG_NS}text"))


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
            "guides": [{"at": "head"}, {"at": "pelvis", "to": "chest", "frame": "end"}],
        }
    )
    ET.fromstring(render_pose_svg(pose))


def test_a_new_exercise_needs_only_data() -> None:
    pose = ExercisePose.model_validate({"start": {}, "end": {"both": {"shoulder": 90}}})
    ET.fromstring(render_pose_svg(pose, label="New exercise"))


# --- pose_extremes -------------------------------------------------------------------------


def extremes(start: dict[str, Any], end: dict[str, Any] | None = None) -> PoseExtremes:
    return pose_extremes(ExercisePose.model_validate({"start": start, "end": end or {}}))


def test_extremes_of_plain_standing() -> None:
    # the standing default: hips straight, arms hanging 4 degrees forward of the trunk
    assert extremes({}) == PoseExtremes(0.0, 0.0, 4.0)


def test_hip_flexion_is_measured_from_the_trunk() -> None:
    # leaning the trunk does not change the hip angle: 100 is past a right angle either way
    assert extremes({"place": "seated", "both": {"hip": 100}}).hip_flexion_max == 100
    assert extremes({"place": "seated", "trunk": 30, "both": {"hip": 100}}).hip_flexion_max == 100
    # a seated figure with nothing set sits a little higher than its knees
    assert extremes({"place": "seated"}).hip_flexion_max == 80


def test_hip_behind_the_trunk_is_extension() -> None:
    x = extremes({"near": {"hip": 25}, "far": {"hip": -15}})
    assert (x.hip_flexion_max, x.hip_extension_max) == (25, 15)
    # a whole body leaning forward in one line from the heels has no hip behind it
    assert extremes({"trunk": 20, "far": {"hip": 0}}).hip_extension_max == 0


def test_extremes_take_both_frames_and_both_sides() -> None:
    x = extremes(
        {"near": {"hip": 10, "shoulder": 30}, "far": {"hip": -5}},
        {"near": {"hip": -12}, "far": {"hip": 95, "shoulder": 160}},
    )
    assert x == PoseExtremes(95.0, 12.0, 160.0)
    # ``both`` and the place defaults count like the side's own values
    assert extremes({"place": "quadruped"}).hip_flexion_max == 90
    assert extremes({"place": "quadruped"}).shoulder_elevation_max == 90


def test_front_view_hip_angles_are_abduction_not_flexion() -> None:
    x = extremes({"view": "front", "near": {"hip": 30}, "far": {"hip": -20}})
    assert (x.hip_flexion_max, x.hip_extension_max) == (0, 0)
    # a seated front figure counts as sitting on the default seat
    x = extremes({"place": "seated", "view": "front", "both": {"hip": 120}})
    assert (x.hip_flexion_max, x.hip_extension_max) == (80, 0)


def test_shoulder_elevation_in_side_and_front_views() -> None:
    assert extremes({"both": {"shoulder": 170}}).shoulder_elevation_max == 170
    assert extremes({"view": "front", "both": {"shoulder": 130}}).shoulder_elevation_max == 130
    # an arm taken back counts by its angle; one past the overhead line folds back below 180
    assert extremes({"both": {"shoulder": -35}}).shoulder_elevation_max == 35
    assert extremes({"place": "prone", "both": {"shoulder": 194}}).shoulder_elevation_max == 166
    assert extremes({"near": {"hip": 370, "shoulder": -330}}) == PoseExtremes(10.0, 0.0, 30.0)


def test_a_hand_close_up_has_no_extremes() -> None:
    assert extremes({"place": "hand"}, {"place": "hand", "grip": 1}) == PoseExtremes(0, 0, 0)


@pytest.mark.parametrize("slug", sorted(POSES))
def test_every_pose_has_finite_extremes(slug: str) -> None:
    x = pose_extremes(POSES[slug])
    for value in (x.hip_flexion_max, x.hip_extension_max, x.shoulder_elevation_max):
        assert 0 <= value <= 180


# --- corrected movements (physiotherapist's review of the library) -------------------------


def test_band_row_band_is_fixed_in_front_at_chest_height() -> None:
    pose = POSES["seated_band_row"]
    kinds = [p.kind for p in pose.props]
    assert "door_anchor" in kinds and "band" not in kinds, "never looped round the feet"


def test_raised_seat_sit_to_stand_keeps_the_hip_below_a_right_angle() -> None:
    pose = POSES["sit_to_stand_raised_seat"]
    assert {"armchair", "cushion"} <= {p.kind for p in pose.props}
    assert pose_extremes(pose).hip_flexion_max <= 85
    start = pose.start
    thigh = (start.angle("near", "hip") or 0) - (start.trunk or 0)  # from straight down
    assert thigh <= 75, "the seat is clearly higher than the knees"
    assert (start.angle("near", "shoulder") or 0) < 0, "hands pushing on the chair arms"
    assert (start.angle("near", "knee") or 0) < (start.angle("far", "knee") or 0), "leg forward"


def test_hip_hinge_goes_no_further_than_halfway_to_level() -> None:
    assert (POSES["hip_hinge_dowel"].end.trunk or 0) <= 45


def test_split_squat_front_thigh_stays_well_above_level() -> None:
    end = POSES["split_squat_supported"].end
    assert (end.angle("near", "hip") or 0) - (end.trunk or 0) <= 60


def test_calf_stretch_back_hip_is_not_behind_the_trunk() -> None:
    assert pose_extremes(POSES["calf_stretch"]).hip_extension_max == 0


# --- layout --------------------------------------------------------------------------------


def _panel_points(svg: str, panel: int) -> list[tuple[float, float]]:
    root = ET.fromstring(svg)
    group = [g for g in root.iter(f"{SVG_NS}g") if g.get("clip-path", "").endswith(f"-{panel})")]
    pts = []
    for el in group[0].iter():
        for pair in (el.get("points") or "").split():
            x, y = pair.split(",")
            pts.append((float(x), float(y)))
        if el.get("cx"):
            pts.append((float(el.get("cx", 0)), float(el.get("cy", 0))))
    return pts


@pytest.mark.parametrize("slug", sorted(POSES))
def test_figures_fill_their_panels(slug: str) -> None:
    root = ET.fromstring(svg := render_pose_svg(POSES[slug]))
    _, _, width, height = (float(v) for v in root.get("viewBox", "").split())
    assert width == 2 * PANEL + GAP
    assert PANEL_H[0] <= height <= PANEL_H[1]
    spans = []
    for panel in (0, 1):
        xs, ys = zip(*_panel_points(svg, panel), strict=True)
        spans.append((max(xs) - min(xs), max(ys) - min(ys)))
    wide = max(s[0] for s in spans) / PANEL
    tall = max(s[1] for s in spans) / height
    assert max(wide, tall) >= 0.8, f"{slug}: the drawing fills {wide:.0%} x {tall:.0%}"


def test_handout_captions_sit_over_the_panels() -> None:
    """The page prints "Start" and "Finish" over the panels; its caption boxes match them."""
    css = (templates_dir() / "handout.css").read_text(encoding="utf-8")
    rule = re.search(r"\.figure-captions span \{[^}]*width:\s*([\d.]+)%", css)
    if rule is None:
        pytest.skip("the handout prints no figure captions of this form")
    assert float(rule.group(1)) == pytest.approx(100 * PANEL / (2 * PANEL + GAP), abs=0.1)


def test_panel_props_and_guides() -> None:
    # a prop for one panel is drawn only there; a guide line in both
    pose = POSES["shoulder_blade_squeeze"]
    assert {p.panel for p in pose.props} == {"start", "end"}
    svg = render_pose_svg(POSES["chin_tuck"])
    assert svg.count("stroke-dasharray") == 2
    one = ExercisePose.model_validate(
        {"start": {}, "end": {}, "props": [{"kind": "bag", "panel": "end"}]}
    )
    both = ExercisePose.model_validate({"start": {}, "end": {}, "props": ["bag"]})
    drawn = [len(_panel_points(render_pose_svg(p), 0)) for p in (one, both)]
    assert drawn[0] < drawn[1]
