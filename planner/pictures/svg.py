"""The drawing canvas: one panel's SVG elements in body units, written out as SVG markup."""

from __future__ import annotations

from typing import Any

from planner.pictures.geometry import Box, P, heading, offset, unit

#: The palette: near-side ink, far-side limbs, the ghost figure, props, and two fills.
INK, FAR, GHOST, PROP, FILL, PALE = "#000", "#7f7f7f", "#cdcdcd", "#474747", "#e4e4e4", "#f1f1f1"
_ROUND = {"stroke_linecap": "round", "stroke_linejoin": "round"}


def svg_number(v: float) -> str:
    """A coordinate or length as SVG text: one decimal, no trailing ``.0``, no ``-0``."""
    s = f"{v:.1f}".removesuffix(".0")
    return "0" if s == "-0" else s


def svg_points(pts: list[P]) -> str:
    """A ``points`` attribute, y flipped (SVG's y points down)."""
    return " ".join(f"{svg_number(x)},{svg_number(-y)}" for x, y in pts)


class Canvas:
    """One panel's SVG elements in body units (y up), kept in layers, and their extent."""

    def __init__(self, k: float) -> None:
        self.k = k  # stroke scale: close-ups are magnified, their strokes less so
        self.items: list[tuple[int, int, str, list[P], dict[str, Any]]] = []
        self.extent: list[P] = []

    def put(self, layer: int, tag: str, pts: list[P], ext: bool = True, /, **attrs: Any) -> None:
        """Add an element; ``pts`` are its points (polyline, polygon) and mark its extent; the
        keywords are its SVG attributes."""
        self.items.append((layer, len(self.items), tag, pts, attrs))
        self.extent += pts if ext else []

    def svg(self, ox: float, oy: float, scale: float) -> str:
        """The elements in picture coordinates: x' = ox + scale x, y' = oy - scale y."""
        out = []
        for *_, tag, pts, attrs in sorted(self.items, key=lambda item: item[:2]):
            mapped = [(ox + scale * x, scale * y - oy) for x, y in pts]
            text = {"points": svg_points(mapped)} if tag in ("polyline", "polygon") else {}
            for key, v in attrs.items():
                if key in ("x", "cx", "x1", "x2"):
                    v = ox + scale * v
                elif key in ("y", "cy", "y1", "y2"):
                    v = oy - scale * v
                elif key in ("width", "height", "rx", "ry", "stroke_width"):
                    v = scale * v * (self.k if key == "stroke_width" else 1)
                elif key == "stroke_dasharray":
                    v = " ".join(svg_number(scale * self.k * d) for d in v)
                text[key.replace("_", "-")] = svg_number(v) if isinstance(v, float | int) else v
            out.append(f"<{tag} " + " ".join(f'{k}="{v}"' for k, v in text.items()) + "/>")
        return "".join(out)

    def line(self, layer: int, pts: list[P], w: float, color: str = INK, ext: bool = True) -> None:
        """A round-capped polyline ``w`` wide."""
        self.put(layer, "polyline", pts, ext, fill="none", stroke=color, stroke_width=w, **_ROUND)

    def poly(self, layer: int, pts: list[P], fill: str, stroke: str = PROP, w: float = 1.6) -> None:
        """A filled polygon."""
        self.put(layer, "polygon", pts, fill=fill, stroke=stroke, stroke_width=w, **_ROUND)

    def rect(self, layer: int, box: Box, fill: str = FILL, ext: bool = True, rx: float = 0) -> None:
        """A rectangle between two corners (x0, y0, x1, y1), outlined in the prop colour."""
        (x0, x1), (y0, y1) = sorted((box[0], box[2])), sorted((box[1], box[3]))
        at = {"x": x0, "y": y1, "width": x1 - x0, "height": y1 - y0} | ({"rx": rx} if rx else {})
        self.put(
            layer, "rect", [(x0, y0), (x1, y1)], ext, **at, fill=fill, stroke=PROP, stroke_width=1.6
        )

    def oval(self, layer: int, c: P, r: P, fill: str, stroke: str = "none", w: float = 0) -> None:
        """An ellipse at ``c`` with radii ``r``."""
        pts = [(c[0] - r[0], c[1] - r[1]), (c[0] + r[0], c[1] + r[1])]
        ellipse = {"cx": c[0], "cy": c[1], "rx": r[0], "ry": r[1]}
        self.put(layer, "ellipse", pts, **ellipse, fill=fill, stroke=stroke, stroke_width=w)

    def arrow(self, pts: list[P], double: bool = False) -> None:
        """A thick black arrow along ``pts`` with a white halo, head(s) at the end(s)."""
        heads = [(pts[-1], heading(pts[-2], pts[-1]))]
        heads += [(pts[0], heading(pts[1], pts[0]))] if double else []
        start = offset(pts[0], unit(heads[-1][1]), -5 * self.k if double else 0)
        line = [start, *pts[1:-1], offset(pts[-1], unit(heads[0][1]), -5 * self.k)]
        self.line(7, line, 6.5, "#fff")
        self.line(7, line, 2.8)
        for tip, d in heads:
            barbs = [offset(tip, unit(d + turn), 8 * self.k) for turn in (150, -150)]
            self.poly(7, [tip, *barbs], INK, INK, 0.5)
