"""Plane geometry in body units (y up) and degrees (0 right, 90 up)."""

from __future__ import annotations

import math

import pytest

from planner.pictures.geometry import between, heading, offset, unit


@pytest.mark.parametrize(
    ("deg", "vector"),
    [(0, (1, 0)), (90, (0, 1)), (180, (-1, 0)), (270, (0, -1)), (-90, (0, -1)), (360, (1, 0))],
)
def test_unit_points_the_way_of_its_angle(deg: float, vector: tuple[float, float]) -> None:
    assert unit(deg) == pytest.approx(vector, abs=1e-12)


@pytest.mark.parametrize("deg", [0, 17.5, 45, 123, 200, -30])
def test_unit_has_length_one(deg: float) -> None:
    assert math.hypot(*unit(deg)) == pytest.approx(1)


def test_unit_at_45_degrees_goes_equally_right_and_up() -> None:
    x, y = unit(45)
    assert x == pytest.approx(y) == pytest.approx(math.sqrt(0.5))


def test_offset_moves_a_point_by_a_scaled_vector() -> None:
    assert offset((1, 2), (3, -4)) == (4, -2)
    assert offset((1, 2), (3, -4), 2) == (7, -6)
    assert offset((1, 2), (3, -4), -1) == (-2, 6)
    assert offset((1, 2), unit(90), 10) == pytest.approx((1, 12))


def test_between_is_a_fraction_of_the_way_from_a_to_b() -> None:
    a, b = (0.0, 0.0), (10.0, -20.0)
    assert between(a, b) == (5, -10)
    assert between(a, b, 0) == a and between(a, b, 1) == b
    assert between(a, b, 0.25) == (2.5, -5)
    assert between(a, b, 1.5) == (15, -30), "past b along the same line"


@pytest.mark.parametrize(
    ("b", "deg"),
    [((5, 0), 0), ((0, 5), 90), ((-5, 0), 180), ((0, -5), -90), ((3, 3), 45), ((-3, -3), -135)],
)
def test_heading_is_the_direction_from_a_to_b(b: tuple[float, float], deg: float) -> None:
    assert heading((0, 0), b) == pytest.approx(deg)


def test_heading_does_not_depend_on_where_a_is() -> None:
    assert heading((10, 10), (13, 13)) == pytest.approx(heading((-4, 2), (-1, 5)))


@pytest.mark.parametrize("deg", [0, 30, 90, 150, -60, -179])
def test_heading_undoes_offset_by_a_unit_vector(deg: float) -> None:
    start = (3.0, -7.0)
    assert heading(start, offset(start, unit(deg), 12)) == pytest.approx(deg)
