"""The drawing canvas: numbers and points as SVG text, elements in layer order, picture
coordinates with y flipped, and markup that parses as SVG."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from planner.pictures.svg import FILL, INK, PROP, Canvas, svg_number, svg_points

SVG_NS = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> list[ET.Element]:
    root = ET.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg">{markup}</svg>')
    return list(root)


@pytest.mark.parametrize(
    ("value", "text"),
    [(1.0, "1"), (2, "2"), (1.26, "1.3"), (-3.5, "-3.5"), (0.04, "0"), (-0.04, "0"), (-0.0, "0")],
)
def test_numbers_have_one_decimal_at_most_and_no_negative_zero(value: float, text: str) -> None:
    assert svg_number(value) == text


def test_points_flip_y_because_svg_y_points_down() -> None:
    assert svg_points([(1, 2), (3.25, -4), (0, 0)]) == "1,-2 3.2,4 0,0"
    assert svg_points([]) == ""


def test_elements_come_out_by_layer_then_in_the_order_they_were_put() -> None:
    cv = Canvas(1)
    cv.put(5, "polyline", [(0, 0), (1, 1)], id="near")
    cv.put(0, "polygon", [(0, 0), (1, 0), (1, 1)], id="ground")
    cv.put(5, "polyline", [(0, 0), (2, 2)], id="near-2")
    cv.put(-1, "polyline", [(0, 0), (3, 0)], id="floor")
    cv.put(2, "ellipse", [], id="far")
    assert [e.get("id") for e in parse(cv.svg(0, 0, 1))] == [
        "floor",
        "ground",
        "far",
        "near",
        "near-2",
    ]


def test_points_and_positions_map_to_picture_coordinates() -> None:
    cv = Canvas(1)
    cv.put(0, "polyline", [(0, 0), (10, 5)])
    cv.put(0, "ellipse", [], cx=10, cy=5, rx=2, ry=1)
    cv.put(0, "line", [], x1=0, y1=0, x2=10, y2=-5)
    line, ellipse, segment = parse(cv.svg(100, 50, 2))
    # x' = 100 + 2x, y' = 50 - 2y
    assert line.get("points") == "100,50 120,40"
    assert (ellipse.get("cx"), ellipse.get("cy")) == ("120", "40")
    assert (ellipse.get("rx"), ellipse.get("ry")) == ("4", "2")
    assert [segment.get(k) for k in ("x1", "y1", "x2", "y2")] == ["100", "50", "120", "60"]


def test_strokes_scale_with_the_picture_and_the_canvas_factor() -> None:
    cv = Canvas(0.5)
    cv.put(0, "polyline", [(0, 0), (1, 0)], stroke_width=4, stroke_dasharray=(2, 3))
    (line,) = parse(cv.svg(0, 0, 3))
    assert line.get("stroke-width") == "6"  # 3 * 0.5 * 4
    assert line.get("stroke-dasharray") == "3 4.5"


def test_attribute_names_use_dashes_and_text_values_pass_through() -> None:
    cv = Canvas(1)
    cv.line(3, [(0, 0), (1, 1)], 2.0)
    (line,) = parse(cv.svg(0, 0, 1))
    assert line.tag == f"{SVG_NS}polyline"
    assert line.attrib == {
        "points": "0,0 1,-1",
        "fill": "none",
        "stroke": INK,
        "stroke-width": "2",
        "stroke-linecap": "round",
        "stroke-linejoin": "round",
    }


def test_rect_takes_any_two_corners_and_is_outlined() -> None:
    cv = Canvas(1)
    cv.rect(0, (10, 8, 2, 0))
    (rect,) = parse(cv.svg(0, 0, 1))
    assert [rect.get(k) for k in ("x", "y", "width", "height")] == ["2", "-8", "8", "8"]
    assert (rect.get("fill"), rect.get("stroke")) == (FILL, PROP)
    assert rect.get("rx") is None
    cv.rect(0, (0, 0, 1, 1), rx=2)
    assert parse(cv.svg(0, 0, 1))[1].get("rx") == "2"


def test_extent_collects_points_unless_told_not_to() -> None:
    cv = Canvas(1)
    cv.line(0, [(0, 0), (5, 5)], 1)
    cv.line(0, [(100, 100), (200, 200)], 1, ext=False)
    cv.rect(0, (-3, -2, 1, 1))
    cv.oval(0, (10, 10), (2, 1), INK)
    assert cv.extent == [(0, 0), (5, 5), (-3, -2), (1, 1), (8, 9), (12, 11)]


def test_an_arrow_is_a_haloed_line_with_a_head_at_its_end_on_top() -> None:
    cv = Canvas(1)
    cv.line(9, [(0, 0), (1, 1)], 1)  # a later layer still comes after the arrow
    cv.arrow([(0, 0), (20, 0), (40, 0)])
    arrow = [item for item in cv.items if item[0] == 7]
    assert [(tag, attrs["stroke"]) for _, _, tag, _, attrs in arrow] == [
        ("polyline", "#fff"),
        ("polyline", INK),
        ("polygon", INK),
    ]
    halo, line, head = arrow
    assert halo[4]["stroke_width"] > line[4]["stroke_width"]
    tip, *barbs = head[3]
    assert tip == (40, 0)
    assert all(x < 40 for x, _ in barbs) and sorted(y for _, y in barbs) == pytest.approx([-4, 4])
    assert line[3][-1] == pytest.approx((35, 0)), "the line stops short of the tip"
    tags = [e.tag.removeprefix(SVG_NS) for e in parse(cv.svg(0, 0, 1))]
    assert tags == ["polyline", "polyline", "polygon", "polyline"]


def test_a_double_arrow_has_a_head_at_each_end() -> None:
    cv = Canvas(1)
    cv.arrow([(0, 0), (40, 0)], double=True)
    heads = [pts for _, _, tag, pts, _ in cv.items if tag == "polygon"]
    assert [pts[0] for pts in heads] == [(40, 0), (0, 0)]
    line = cv.items[1][3]
    assert line[0] == pytest.approx((5, 0)) and line[-1] == pytest.approx((35, 0))


def test_heads_point_along_the_arrow() -> None:
    cv = Canvas(1)
    cv.arrow([(0, 0), (0, 30)])  # pointing up
    (head,) = [pts for _, _, tag, pts, _ in cv.items if tag == "polygon"]
    tip, *barbs = head
    for x, y in barbs:
        assert y < tip[1]
        assert math.dist(tip, (x, y)) == pytest.approx(8)


def test_the_output_is_valid_svg_markup() -> None:
    cv = Canvas(1)
    cv.line(1, [(0, 0), (3, 4)], 2)
    cv.poly(2, [(0, 0), (1, 0), (0, 1)], FILL)
    cv.rect(0, (0, 0, 5, 5))
    cv.oval(3, (1, 1), (1, 2), INK)
    cv.arrow([(0, 0), (10, 10)])
    elements = parse(cv.svg(4, 60, 1.5))
    assert [e.tag.removeprefix(SVG_NS) for e in elements] == [
        "rect",
        "polyline",
        "polygon",
        "ellipse",
        "polyline",
        "polyline",
        "polygon",
    ]
    for element in elements:
        for value in element.attrib.values():
            assert "_" not in value and "None" not in value
