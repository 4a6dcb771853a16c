"""The drawn picture: every picture is safe, valid, deterministic SVG whose figures fill their
panels, any place, view, prop, arrow and guide renders, and the captions match the panels."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any, get_args

import pytest

from planner.pictures import ExercisePose, load_poses, render_pose_svg
from planner.pictures.draw import GAP, PANEL, PANEL_H
from planner.pictures.pose import Arrow, Place, PropKind
from planner.resources import templates_dir
from tests.unit.pictures.library import POSES, POSES_FILE

SVG_NS = "{http://www.w3.org/2000/svg}"
ARROW_KINDS = get_args(Arrow.model_fields["kind"].annotation)


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
