"""Motion cues: dashed guide lines and arrows (moves, pushes, loops, impact marks) at landmarks."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from planner.pictures import render_pose_svg
from planner.pictures.cues import draw_arrow, draw_guide
from planner.pictures.kinematics import Skeleton
from planner.pictures.pose import Arrow, ExercisePose, Figure, Guide, Limb
from planner.pictures.svg import INK, Canvas

START = Figure()
END = Figure(near=Limb(shoulder=90), far=Limb(shoulder=90))  # arms raised forward
SVG_NS = "{http://www.w3.org/2000/svg}"


def frames() -> list[Skeleton]:
    return [Skeleton(START), Skeleton(END)]


def canvas() -> Canvas:
    return Canvas(1)


def test_an_upright_guide_is_a_dashed_line_centred_on_its_landmark() -> None:
    cv, fr = canvas(), frames()
    draw_guide(cv, Guide(at="head", length=30), fr)
    ((layer, _, tag, pts, attrs),) = cv.items
    hx, hy = fr[0].points["head"]
    assert (layer, tag) == (6, "polyline")
    assert pts == [(hx, hy - 15), (hx, hy + 15)]
    assert attrs["stroke_dasharray"] == (3.5, 2.5)


def test_a_guide_follows_the_end_figure_when_told_and_takes_its_offset() -> None:
    cv, fr = canvas(), frames()
    draw_guide(cv, Guide(at="near_hand", frame="end", dx=2, dy=-1), fr)
    hx, hy = fr[1].points["near_hand"]
    assert cv.items[0][3] == [(hx + 2, hy - 1 - 20), (hx + 2, hy - 1 + 20)]


def test_a_guide_through_two_landmarks_runs_on_past_the_second() -> None:
    cv, fr = canvas(), frames()
    draw_guide(cv, Guide(at="pelvis", to="neck", beyond=10), fr)
    (a, b) = cv.items[0][3]
    neck = fr[0].points["neck"]
    assert a == pytest.approx(neck)
    assert math.dist(a, b) == pytest.approx(10)
    assert b[0] == pytest.approx(neck[0]) and b[1] > neck[1], "on along the trunk, upwards"


def arrow_parts(
    cv: Canvas,
) -> tuple[list[list[tuple[float, float]]], list[list[tuple[float, float]]]]:
    lines = [pts for layer, _, tag, pts, a in cv.items if tag == "polyline" and a["stroke"] == INK]
    heads = [pts for layer, _, tag, pts, _ in cv.items if tag == "polygon"]
    assert all(layer == 7 for layer, *_ in cv.items), "arrows are drawn over everything"
    return lines, heads


def test_a_move_arrow_runs_from_the_start_landmark_to_the_end_one() -> None:
    cv, fr = canvas(), frames()
    draw_arrow(cv, Arrow(at="near_hand"), fr)
    lines, heads = arrow_parts(cv)
    assert len(lines) == 1 and len(heads) == 1
    start, end = fr[0].points["near_hand"], fr[1].points["near_hand"]
    assert lines[0][0] == pytest.approx(start)
    assert heads[0][0] == pytest.approx(end), "the head's tip is at the end position"


def test_a_bent_move_bulges_to_one_side() -> None:
    straight, bent = canvas(), canvas()
    draw_arrow(straight, Arrow(at="near_hand"), frames())
    draw_arrow(bent, Arrow(at="near_hand", bend=0.3), frames())
    (line,), _ = arrow_parts(straight)
    (curve,), _ = arrow_parts(bent)
    mid_straight, mid_bent = line[6], curve[6]
    assert math.dist(mid_straight, mid_bent) > 1


def test_a_landmark_that_does_not_move_gets_no_arrow() -> None:
    cv = canvas()
    draw_arrow(cv, Arrow(at="feet"), frames())
    assert cv.items == []


def test_a_push_arrow_is_its_vector_from_the_landmark() -> None:
    cv, fr = canvas(), frames()
    draw_arrow(cv, Arrow(at="chest", kind="push", vx=0, vy=20, panel="start"), fr)
    (line,), (head,) = arrow_parts(cv)
    cx, cy = fr[0].points["chest"]
    assert line[0] == pytest.approx((cx, cy))
    assert head[0] == pytest.approx((cx, cy + 20))


def test_a_double_arrow_has_two_heads() -> None:
    cv = canvas()
    draw_arrow(cv, Arrow(at="chest", kind="push", vx=20, double=True), frames())
    _, heads = arrow_parts(cv)
    assert len(heads) == 2


@pytest.mark.parametrize("kind", ["circle", "turn"])
def test_loops_go_round_the_landmark(kind: str) -> None:
    cv, fr = canvas(), frames()
    draw_arrow(cv, Arrow(at="head", kind=kind, size=10), fr)
    (line,), heads = arrow_parts(cv)
    hx, hy = fr[1].points["head"]
    xs, ys = [x for x, _ in line], [y for _, y in line]
    assert min(xs) < hx < max(xs) and min(ys) < hy < max(ys)
    assert len(heads) == 1
    height = max(ys) - min(ys)
    assert height < 10 if kind == "turn" else height > 10, "a turn is a flat loop"


def test_an_impact_mark_is_four_short_strokes() -> None:
    cv, fr = canvas(), frames()
    draw_arrow(cv, Arrow(at="near_heel", kind="impact", size=5), fr)
    assert [(layer, tag) for layer, _, tag, _, _ in cv.items] == [(7, "polyline")] * 4
    heel = fr[1].points["near_heel"]
    for _, _, _, (a, b), _ in cv.items:
        assert math.dist(heel, a) == pytest.approx(3)
        assert math.dist(a, b) == pytest.approx(4)


def test_the_cues_are_in_the_picture() -> None:
    plain = ExercisePose(start=START, end=END)
    cued = ExercisePose(
        start=START,
        end=END,
        arrows=(Arrow(at="near_hand"),),
        guides=(Guide(at="head"),),
    )
    root = ET.fromstring(render_pose_svg(cued))
    dashed = [e for e in root.iter(f"{SVG_NS}polyline") if e.get("stroke-dasharray")]
    assert len(dashed) == 2, "the guide is drawn in both panels"
    heads = len(list(root.iter(f"{SVG_NS}polygon")))
    assert heads == len(list(ET.fromstring(render_pose_svg(plain)).iter(f"{SVG_NS}polygon"))) + 1
