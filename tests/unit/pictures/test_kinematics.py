"""Forward kinematics: each landmark from the segment lengths and joint angles of a figure."""

from __future__ import annotations

import math

import pytest

from planner.pictures.kinematics import HEAD_R, LIMB_W, SEGMENTS, TORSO_W, Skeleton
from planner.pictures.pose import Figure, Limb


def at(point: tuple[float, float]) -> object:
    """``point``, compared to within rounding."""
    return pytest.approx(point, abs=1e-9)


def length(fr: Skeleton, a: str, b: str) -> float:
    return math.dist(fr.points[a], fr.points[b])


def test_a_standing_figure_stands_upright_over_its_feet() -> None:
    p = Skeleton(Figure()).points
    assert p["pelvis"] == at((0, 0))
    assert p["chest"] == at((0, 14))
    assert p["neck"] == at((0, 30))
    assert p["head"] == at((0, 30 + 3.5 + HEAD_R))
    assert p["back"] == at((-TORSO_W / 2, 14 + 0.6 * 16))
    for side in ("near", "far"):
        assert p[f"{side}_hip"] == at((0, 0))
        assert p[f"{side}_knee"] == at((0, -23))
        assert p[f"{side}_ankle"] == at((0, -45))
        # foot flat, pointing forward (to the right): heel behind the ankle, toes in front
        assert p[f"{side}_heel"] == at((-2.5, -48))
        assert p[f"{side}_toe"] == at((9, -48))
    assert p["feet"] == at((0, -45))


def test_standing_arms_hang_slightly_forward_of_the_shoulder() -> None:
    p = Skeleton(Figure()).points
    shoulder, elbow, hand = p["near_shoulder"], p["near_elbow"], p["near_hand"]
    assert shoulder == pytest.approx(p["neck"])
    assert elbow[1] < shoulder[1] and hand[1] < elbow[1], "the arm hangs down"
    assert 0 < elbow[0] < hand[0], "default shoulder 4 and elbow 10 degrees swing it forward"
    assert elbow == pytest.approx(
        (16 * math.cos(math.radians(274)), 30 + 16 * math.sin(math.radians(274)))
    )


def test_segments_keep_their_lengths_in_any_side_view_pose() -> None:
    fig = Figure(
        place="standing",
        trunk=25,
        spine=10,
        near=Limb(hip=70, knee=40, shoulder=120, elbow=30),
        far=Limb(hip=-20, knee=5, shoulder=-30, elbow=80),
    )
    fr = Skeleton(fig)
    assert length(fr, "pelvis", "chest") == pytest.approx(SEGMENTS["lower"])
    assert length(fr, "chest", "neck") == pytest.approx(SEGMENTS["upper"])
    for side in ("near", "far"):
        assert length(fr, f"{side}_shoulder", f"{side}_elbow") == pytest.approx(SEGMENTS["uarm"])
        assert length(fr, f"{side}_elbow", f"{side}_hand") == pytest.approx(SEGMENTS["farm"])
        assert length(fr, f"{side}_hip", f"{side}_knee") == pytest.approx(SEGMENTS["thigh"])
        assert length(fr, f"{side}_knee", f"{side}_ankle") == pytest.approx(SEGMENTS["shin"])


def test_hip_and_knee_at_right_angles_make_a_sitting_leg() -> None:
    p = Skeleton(Figure(place="seated", both=Limb(hip=90, knee=90))).points
    assert p["near_knee"] == at((23, 0)), "thigh level, forward"
    assert p["near_ankle"] == at((23, -22)), "shin straight down"
    assert p["near_toe"][0] > p["near_heel"][0], "foot flat on the floor, toes forward"
    assert p["near_toe"][1] == pytest.approx(p["near_heel"][1])


def test_trunk_lean_sets_which_way_the_body_lies() -> None:
    supine = Skeleton(Figure(place="supine"))
    prone = Skeleton(Figure(place="prone"))
    assert (supine.lower, prone.lower) == (180, 0)
    assert supine.points["chest"] == at((-14, 0))
    assert prone.points["chest"] == at((14, 0))
    leaning = Skeleton(Figure(trunk=30))
    assert leaning.lower == 60
    assert leaning.points["chest"][0] > 0, "a forward lean moves the chest forward"


def test_spine_rounds_only_the_upper_trunk_in_a_side_view() -> None:
    fr = Skeleton(Figure(spine=20))
    assert (fr.lower, fr.upper) == (90, 70)
    front = Skeleton(Figure(view="front", spine=20))
    assert front.upper == front.lower == 90


def test_x_places_a_standing_figures_feet() -> None:
    p = Skeleton(Figure(x=10, near=Limb(hip=30), far=Limb(hip=-10))).points
    assert p["feet"][0] == pytest.approx(10)
    assert p["feet"] == pytest.approx(
        ((p["near_ankle"][0] + p["far_ankle"][0]) / 2, (p["near_ankle"][1] + p["far_ankle"][1]) / 2)
    )


def test_a_front_view_spreads_the_limbs_to_either_side() -> None:
    p = Skeleton(Figure(view="front", both=Limb(hip=20, shoulder=90))).points
    assert p["near_shoulder"][0] == pytest.approx(-9) and p["far_shoulder"][0] == pytest.approx(9)
    assert p["near_hip"][0] == pytest.approx(-5) and p["far_hip"][0] == pytest.approx(5)
    assert p["near_hand"][0] < -9 < 9 < p["far_hand"][0], "arms lifted out to the sides"
    assert p["near_ankle"][0] < p["near_hip"][0] and p["far_ankle"][0] > p["far_hip"][0]


def test_a_hand_close_up_centres_the_hand() -> None:
    p = Skeleton(Figure(place="hand")).points
    assert p["near_hand"] == p["hands"] == (0.0, 12.0)


def test_shift_moves_every_landmark() -> None:
    fr = Skeleton(Figure())
    before = dict(fr.points)
    fr.shift(3, -2)
    assert fr.points.keys() == before.keys()
    for name, (x, y) in before.items():
        assert fr.points[name] == pytest.approx((x + 3, y - 2))


def test_contacts_cover_the_body_with_its_drawn_thickness() -> None:
    fr = Skeleton(Figure())
    contacts = fr.contacts()
    points = [c for c, _ in contacts]
    assert fr.points["back"] not in points
    assert (fr.points["head"], 5.0) == contacts[-1]
    assert (fr.points["pelvis"], TORSO_W / 2) in contacts
    assert (fr.points["near_heel"], LIMB_W / 2) in contacts
    mid_shin = ((0.0, -34.0), LIMB_W / 2)
    assert any(c == pytest.approx(mid_shin[0]) and r == mid_shin[1] for c, r in contacts)
    lowest = min(y - r for (_, y), r in contacts)
    assert lowest == pytest.approx(-48 - LIMB_W / 2), "the soles are the lowest"
