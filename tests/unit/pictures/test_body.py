"""The figure's strokes: near limbs black over the trunk, far limbs grey behind it, a faint ghost,
front views, footprints and the hand close-up."""

from __future__ import annotations

from typing import Any

import pytest

from planner.pictures.body import FAR_W, draw_body
from planner.pictures.kinematics import HEAD_R, LIMB_W, TORSO_W, Skeleton
from planner.pictures.pose import Figure, Limb
from planner.pictures.svg import FAR, GHOST, INK, Canvas

Item = tuple[int, int, str, list[tuple[float, float]], dict[str, Any]]


def drawn(fig: Figure, ghost: bool = False) -> tuple[Skeleton, list[Item]]:
    fr, cv = Skeleton(fig), Canvas(1)
    draw_body(cv, fr, ghost=ghost)
    return fr, cv.items


def colour(item: Item) -> str:
    attrs = item[4]
    return str(attrs["stroke"] if attrs.get("fill") in (None, "none") else attrs["fill"])


def strokes_through(items: list[Item], pts: list[tuple[float, float]]) -> list[Item]:
    return [i for i in items if i[2] == "polyline" and i[3] == pts]


#: A step forward: the near and far limbs apart, so each stroke is found once.
STEP = Figure(near=Limb(hip=30, knee=20, shoulder=40), far=Limb(hip=-10, shoulder=-20))


def test_side_view_near_limbs_are_black_and_over_the_trunk() -> None:
    fr, items = drawn(STEP)
    p = fr.points
    for side, layer, ink, width in (("near", 5, INK, LIMB_W), ("far", 2, FAR, FAR_W)):
        (leg,) = strokes_through(items, [p[f"{side}_hip"], p[f"{side}_knee"], p[f"{side}_ankle"]])
        (foot,) = strokes_through(items, [p[f"{side}_ankle"], p[f"{side}_heel"], p[f"{side}_toe"]])
        (arm,) = strokes_through(
            items, [p[f"{side}_shoulder"], p[f"{side}_elbow"], p[f"{side}_hand"]]
        )
        for item in (leg, foot, arm):
            assert (item[0], colour(item)) == (layer, ink)
        assert leg[4]["stroke_width"] == width
        assert arm[4]["stroke_width"] == pytest.approx(width * 0.9)
    (trunk,) = strokes_through(items, [p["pelvis"], p["chest"], p["neck"]])
    assert (trunk[0], colour(trunk), trunk[4]["stroke_width"]) == (4, INK, TORSO_W)
    assert 2 < trunk[0] < 5, "far limbs behind the trunk, near limbs in front"


def test_the_head_is_a_circle_with_a_nose_facing_forward() -> None:
    fr, items = drawn(Figure())
    heads = [i for i in items if i[2] == "ellipse" and i[4]["cx"] == fr.points["head"][0]]
    (head,) = [i for i in heads if i[4]["cy"] == fr.points["head"][1]]
    assert (head[4]["rx"], head[4]["ry"], head[0]) == (HEAD_R, HEAD_R, 4)
    (nose,) = [i for i in items if i[2] == "polygon"]
    tip = max(nose[3], key=lambda q: q[0])
    assert tip[0] > fr.points["head"][0] + HEAD_R, "the nose sticks out in front of the face"


def test_each_hand_is_a_dot_in_its_sides_colour() -> None:
    fr, items = drawn(STEP)
    for side, ink in (("near", INK), ("far", FAR)):
        hand = fr.points[f"{side}_hand"]
        (dot,) = [i for i in items if i[2] == "ellipse" and (i[4]["cx"], i[4]["cy"]) == hand]
        assert colour(dot) == ink


def test_front_view_limbs_are_all_black_with_white_edges_on_the_arms() -> None:
    fr, items = drawn(Figure(view="front"))
    limbs = [i for i in items if i[2] == "polyline" and i[0] == 5]
    assert {colour(i) for i in limbs} == {INK, "#fff"}
    assert not [i for i in items if colour(i) == FAR]
    p = fr.points
    for side in ("near", "far"):
        arm = [p[f"{side}_shoulder"], p[f"{side}_elbow"], p[f"{side}_hand"]]
        edge, ink = strokes_through(items, arm)
        assert (colour(edge), colour(ink)) == ("#fff", INK)
        assert edge[4]["stroke_width"] > ink[4]["stroke_width"]
    trunk = [i for i in items if i[2] == "polygon"]
    assert len(trunk) == 1 and len(trunk[0][3]) == 4, "a trunk from hips to shoulders, no nose"


def test_a_ghost_is_all_faint_grey_behind_everything() -> None:
    _, items = drawn(Figure(stance="tandem"), ghost=True)
    assert items
    assert {i[0] for i in items} == {1}
    assert {colour(i) for i in items} == {GHOST}
    assert not [i for i in items if i[2] == "rect"], "no footprints for a ghost"


@pytest.mark.parametrize(
    ("stance", "ahead", "in_line"),
    [("apart", False, False), ("together", False, False), ("tandem", True, True)],
)
def test_footprints_show_the_stance_from_above(stance: str, ahead: bool, in_line: bool) -> None:
    _, items = drawn(Figure(stance=stance))
    (box,) = [i for i in items if i[2] == "rect"]
    near, far = (
        next(i for i in items if i[2] == "ellipse" and i[4]["rx"] == 7.5 and colour(i) == ink)
        for ink in (INK, FAR)
    )
    assert box[0] == near[0] == far[0] == 2
    (nx, ny), (fx, fy) = (near[4]["cx"], near[4]["cy"]), (far[4]["cx"], far[4]["cy"])
    assert (nx > fx) == ahead
    assert (ny == fy) == in_line


def test_no_stance_draws_no_footprints() -> None:
    _, items = drawn(Figure())
    assert not [i for i in items if i[2] == "rect"]


@pytest.mark.parametrize("grip", [0.0, 0.5, 1.0])
def test_a_hand_close_up_draws_a_hand_and_no_body(grip: float) -> None:
    _, items = drawn(Figure(place="hand", grip=grip))
    assert not [i for i in items if i[2] == "ellipse"], "no head"
    fingers = [i for i in items if i[0] == 5 and colour(i) == INK]
    assert len(fingers) == 4
    assert all(len(f[3]) == 4 for f in fingers), "three joints a finger"
    knuckles = [i for i in items if i[0] == 5 and colour(i) == "#fff"]
    assert len(knuckles) == (3 if grip > 0.85 else 0)
    thumb = [i for i in items if i[0] == 6]
    assert [colour(t) for t in thumb] == ["#fff", INK]


def test_a_fist_curls_the_fingers_down() -> None:
    tops = []
    for grip in (0.0, 1.0):
        _, items = drawn(Figure(place="hand", grip=grip))
        tops.append(max(q[1] for i in items if i[0] == 5 for q in i[3]))
    assert tops[1] < tops[0]
