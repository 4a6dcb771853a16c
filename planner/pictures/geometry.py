"""Plane geometry for the pictures: points in body units (y up) and angles in degrees."""

from __future__ import annotations

import math

P = tuple[float, float]
Box = tuple[float, float, float, float]


def unit(deg: float) -> P:
    """The unit vector at ``deg`` degrees (0 points right, 90 up)."""
    return math.cos(math.radians(deg)), math.sin(math.radians(deg))


def offset(p: P, d: P, k: float = 1.0) -> P:
    """``p`` moved by ``k`` times the vector ``d``."""
    return p[0] + d[0] * k, p[1] + d[1] * k


def between(a: P, b: P, t: float = 0.5) -> P:
    """The point a fraction ``t`` of the way from ``a`` to ``b``."""
    return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t


def heading(a: P, b: P) -> float:
    """The direction from ``a`` to ``b``, in degrees."""
    return math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))
