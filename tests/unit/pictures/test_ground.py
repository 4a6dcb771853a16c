"""What the figures rest on: which props are surfaces, how high each is, each figure dropped
onto whatever is beneath it, and the surfaces drawn."""

from __future__ import annotations

from typing import Any

import pytest

from planner.pictures.ground import (
    BED_H,
    draw_ground,
    height_at,
    is_surface,
    place_figures,
    surfaces,
)
from planner.pictures.kinematics import Skeleton
from planner.pictures.pose import ExercisePose, Figure, Prop
from planner.pictures.svg import FILL, Canvas
from tests.unit.pictures.library import POSES


def pose(**record: Any) -> ExercisePose:
    return ExercisePose.model_validate({"start": {}, "end": {}} | record)


def lowest_gap(fr: Skeleton, under: list[tuple[float, float, float, str]]) -> float:
    """How far the figure's lowest part is above whatever is beneath it."""
    return min(c[1] - r - height_at(under, c[0]) for c, r in fr.contacts())


@pytest.mark.parametrize("kind", ["bed", "mat", "step", "stairs_rail", "pillow", "towel"])
def test_beds_mats_steps_stairs_pillows_and_towels_are_surfaces(kind: str) -> None:
    assert is_surface(Prop(kind=kind))


@pytest.mark.parametrize(
    "prop",
    [
        Prop(kind="chair"),
        Prop(kind="dumbbell"),
        Prop(kind="pillow", at="knees"),
        Prop(kind="pillow", at="near_knee"),
        Prop(kind="pillow", at="far_knee"),
    ],
)
def test_held_things_and_a_pillow_between_the_knees_are_not(prop: Prop) -> None:
    assert not is_surface(prop)


def test_height_at_is_the_top_of_what_is_under_a_point() -> None:
    under = [(0.0, 10.0, 8.0, "step"), (5.0, 20.0, 16.0, "stairs")]
    assert height_at([], 3) == 0
    assert height_at(under, -1) == 0
    assert height_at(under, 0) == 8 and height_at(under, 10) == 16
    assert height_at(under, 4.9) == 8
    assert height_at(under, 20) == 16 and height_at(under, 20.1) == 0


def test_a_bed_spans_both_figures_at_bed_height() -> None:
    p = pose(start={"place": "supine"}, end={"place": "supine", "near": {"hip": 90}}, props=["bed"])
    frames = [Skeleton(p.start), Skeleton(p.end)]
    xs = [x for fr in frames for name, (x, _) in fr.points.items() if name != "chest"]
    expected = [(min(xs) - 8, max(xs) + 8, BED_H, "bed")]
    assert surfaces(p.props, frames, 0) == surfaces(p.props, frames, 1) == expected


def test_a_mat_is_low_and_stairs_rise_a_step_at_a_time() -> None:
    p = pose(props=["mat"])
    frames = [Skeleton(p.start), Skeleton(p.end)]
    assert [s[2:] for s in surfaces(p.props, frames, 0)] == [(2.5, "mat")]
    p = pose(props=["stairs_rail"])
    stairs = surfaces(p.props, frames, 1)
    assert [top for _, _, top, _ in stairs] == [8, 16, 24, 32, 40]
    assert [x0 for x0, _, _, _ in stairs] == pytest.approx(
        [stairs[0][0] + 16 * j for j in range(5)]
    )
    assert len({x1 for _, x1, _, _ in stairs}) == 1


def test_a_pillow_lies_on_the_bed_whatever_order_they_are_listed_in() -> None:
    for props in (["bed", "pillow"], ["pillow", "bed"]):
        p = pose(start={"place": "supine"}, end={"place": "supine"}, props=props)
        under = surfaces(p.props, [Skeleton(p.start), Skeleton(p.end)], 0)
        assert [kind for *_, kind in under] == ["bed", "pillow"]
        assert under[1][2] == BED_H + 5


def test_a_figure_on_the_floor_stands_on_it() -> None:
    frames, grounds = place_figures(pose())
    assert grounds == [[], []]
    for fr in frames:
        assert lowest_gap(fr, []) == pytest.approx(0)
        assert fr.points["near_heel"][1] > 0, "the soles are drawn above the floor line"


def test_a_figure_lying_on_a_bed_rests_on_its_top() -> None:
    frames, grounds = place_figures(
        pose(start={"place": "supine"}, end={"place": "supine", "near": {"hip": 60}}, props=["bed"])
    )
    for fr, under in zip(frames, grounds, strict=True):
        assert min(c[1] - r for c, r in fr.contacts()) == pytest.approx(BED_H)
        assert lowest_gap(fr, under) == pytest.approx(0)


def test_a_figure_on_a_step_stands_on_the_step() -> None:
    frames, grounds = place_figures(pose(props=["step"]))
    for fr, under in zip(frames, grounds, strict=True):
        ((x0, x1, top, kind),) = under
        assert (top, kind) == (8.0, "step")
        heel = fr.points["near_heel"]
        assert x0 <= heel[0] <= x1
        assert lowest_gap(fr, under) == pytest.approx(0)
        assert min(c[1] - r for c, r in fr.contacts()) == pytest.approx(8.0)


def test_lift_raises_a_figure_off_its_support() -> None:
    frames, grounds = place_figures(pose(start={"lift": 6}))
    assert lowest_gap(frames[0], grounds[0]) == pytest.approx(6)
    assert lowest_gap(frames[1], grounds[1]) == pytest.approx(0)


def test_a_hand_close_up_is_not_dropped() -> None:
    frames, _ = place_figures(pose(start={"place": "hand"}, end={"place": "hand", "grip": 1}))
    assert [fr.points["near_hand"] for fr in frames] == [(0.0, 12.0), (0.0, 12.0)]


@pytest.mark.parametrize("slug", sorted(POSES))
def test_every_library_figure_rests_on_what_is_under_it(slug: str) -> None:
    frames, grounds = place_figures(POSES[slug])
    for fr, under in zip(frames, grounds, strict=True):
        if fr.fig.place != "hand":
            assert lowest_gap(fr, under) == pytest.approx(fr.fig.lift, abs=1e-9)


def drawn(under: list[tuple[float, float, float, str]], fig: Figure | None = None) -> Canvas:
    cv = Canvas(1)
    draw_ground(cv, under, Skeleton(fig or Figure()))
    return cv


def test_a_bed_is_a_mattress_on_two_legs() -> None:
    cv = drawn([(0.0, 60.0, BED_H, "bed")])
    assert [(layer, tag) for layer, _, tag, _, _ in cv.items] == [
        (0, "rect"),
        (0, "polyline"),
        (0, "polyline"),
    ]
    mattress = cv.items[0][4]
    assert (mattress["y"], mattress["height"]) == (BED_H, 5)
    legs = [pts for _, _, tag, pts, _ in cv.items if tag == "polyline"]
    assert [leg[-1][1] for leg in legs] == [0, 0], "the legs reach the floor"


@pytest.mark.parametrize(("kind", "fill"), [("mat", "#bdbdbd"), ("step", FILL)])
def test_mats_and_steps_are_blocks_from_the_floor(kind: str, fill: str) -> None:
    cv = drawn([(0.0, 20.0, 8.0, kind)])
    ((layer, _, tag, pts, attrs),) = cv.items
    assert (layer, tag, attrs["fill"]) == (0, "rect", fill)
    assert pts == [(0.0, 0.0), (20.0, 8.0)]


@pytest.mark.parametrize("kind", ["pillow", "towel"])
def test_pillows_and_towels_are_rounded(kind: str) -> None:
    cv = drawn([(0.0, 18.0, 26.0, kind)])
    ((_, _, tag, _, attrs),) = cv.items
    assert (tag, attrs["rx"]) == ("rect", 2.5)


def test_stairs_are_one_outline_with_a_hand_rail() -> None:
    under = [(-6.5 + 16 * j, 87.5, 8.0 * (j + 1), "stairs") for j in range(5)]
    cv = drawn(under)
    tags = [tag for _, _, tag, _, _ in cv.items]
    assert tags.count("polygon") == 1, "drawn once, not once a step"
    assert tags.count("polyline") == 2, "the rail and its post"
    assert all(layer == 0 for layer, *_ in cv.items)
