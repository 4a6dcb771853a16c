"""Props drawn against the figures: a table of drawing functions keyed by prop kind.

Each drawer takes the canvas and a :class:`Spot` (the prop, its figure and the point it is
placed at). Kinds a figure rests on (bed, mat, step, stairs, a pillow or towel under the body)
are drawn as surfaces by :mod:`planner.pictures.ground`; a cushion is drawn on the chair.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from planner.pictures.geometry import P, between, heading, offset, unit
from planner.pictures.ground import is_surface
from planner.pictures.kinematics import LIMB_W, TORSO_W, Skeleton
from planner.pictures.pose import Prop, PropKind
from planner.pictures.svg import FILL, INK, PALE, PROP, Canvas

ARM_REST = 10.0  # height of a chair's arms above the seat (the cushion's top, if there is one)
R = LIMB_W / 2  # a limb's half thickness: a surface under a hand is this far below its centre


@dataclass(frozen=True)
class Spot:
    """Where one prop is drawn: the point ``at`` (its landmark plus dx, dy) and which way it
    extends (``side``: 1 forward of the pelvis, -1 behind), on ``layer``."""

    prop: Prop
    skeleton: Skeleton  # the figure it is placed against
    panel: Skeleton  # the figure of the panel it is drawn in
    seat: float  # the seat height of the pose's seated figures
    kinds: AbstractSet[str]  # every prop kind in the pose
    at: P
    side: float
    layer: int

    @property
    def top(self) -> float:
        """The underside of the limb at the point: where a surface under it is."""
        return self.at[1] - LIMB_W / 2


Drawer = Callable[[Canvas, Spot], None]


def _counter_front(cv: Canvas, sp: Spot) -> None:
    """A counter seen face on: across the body, or beyond the far hand."""
    p, x, s, top = sp.skeleton.points, sp.at[0], sp.side, sp.top
    x0, x1 = p["pelvis"][0] - 32, p["pelvis"][0] + 32
    x0, x1 = (x0, x1) if sp.prop.kind == "counter" else (x - 4 * s, x + 30 * s)
    cv.rect(0, (x0, 0, x1, top), ext=False)
    cv.line(0, [(x0, top), (x1, top)], 3.5, PROP)


def _counter(cv: Canvas, sp: Spot) -> None:
    """Facing it, hands on the near edge of the top."""
    x, s, top = sp.at[0], sp.side, sp.top
    cv.rect(0, (x - 3 * s, 0, x + 40 * s, top - 1.5), ext=False)
    cv.line(0, [(x - 5 * s, top - 1.5), (x + 12 * s, top - 1.5)], 3.5, PROP)
    cv.line(0, [(x + 12 * s, top - 1.5), (x + 40 * s, top - 1.5)], 3.5, PROP, False)


def _counter_beside(cv: Canvas, sp: Spot) -> None:
    """Alongside the body, beyond it: the far hand rests on its end."""
    x, s, top = sp.at[0], sp.side, sp.top
    cv.rect(0, (x - 6 * s, 0, x + 44 * s, top), PALE, ext=False)
    cv.line(0, [(x - 8 * s, top), (x + 6 * s, top)], 3.0, PROP)
    cv.line(0, [(x + 6 * s, top), (x + 44 * s, top)], 3.0, PROP, False)


def _table(cv: Canvas, sp: Spot) -> None:
    x, s, top = sp.at[0], sp.side, sp.top
    cv.line(0, [(x - 4 * s, top - 1.5), (x + 30 * s, top - 1.5)], 3.5, PROP)
    for leg in (x, x + 30 * s):
        cv.line(0, [(leg, top), (leg, 0)], 2.5, PROP)


def _wall(cv: Canvas, sp: Spot) -> None:
    """In front of the hands, or behind a back that leans on it."""
    p, s = sp.skeleton.points, sp.side
    wx = sp.at[0] + R * s
    if sp.prop.at == "back":
        wx, s = min(p[n][0] - TORSO_W / 2 for n in ("pelvis", "chest", "neck")), -1.0
    cv.rect(0, (wx, 0, wx + 9 * s, 122), ext=False)


def _doorway_front(cv: Canvas, sp: Spot) -> None:
    """Both posts and the lintel, just outside the hands."""
    p = sp.skeleton.points
    xl, xr = p["near_hand"][0] - R - 7, p["far_hand"][0] + R + 7
    for box in ((xl, 0, xl + 6, 116), (xr - 6, 0, xr, 116), (xl, 110, xr, 116)):
        cv.rect(0, box)


def _doorway(cv: Canvas, sp: Spot) -> None:
    x = sp.at[0]
    cv.rect(0, (x - 5, 0, x + 5, 116))
    cv.rect(0, (x - 5, 110, x + 30, 116), ext=False)


def _chair(cv: Canvas, sp: Spot) -> None:
    """A chair (with arm rests, an armchair), a cushion on it if the pose has one."""
    cushion = "cushion" in sp.kinds
    xf, xb, seat = _chair_frame(cv, sp, sp.seat - 5 * cushion)
    if cushion:
        cv.rect(0, (xf, seat, xb, seat + 5), "#bdbdbd")
    if sp.prop.kind == "armchair" and sp.skeleton.fig.view == "side":  # on a post at the front
        rest, d = sp.seat + ARM_REST, math.copysign(2.5, xf - xb)
        cv.line(0, [(xf - d, seat), (xf - d, rest)], 3.0, PROP)
        cv.line(0, [(xb, rest), (xf, rest)], 4.0, PROP)


def _chair_frame(cv: Canvas, sp: Spot, seat: float) -> tuple[float, float, float]:
    """A chair under a seated figure, behind a standing one, or in front of the hands; gives
    the front and back of its seat and the seat height."""
    p, a, s, at = sp.skeleton.points, sp.at, sp.side, sp.prop.at
    if sp.skeleton.fig.view == "front":
        x = p["pelvis"][0]
        cv.rect(0, (x - 14, seat, x + 14, seat + 30))
        cv.line(0, [(x - 15, seat), (x + 15, seat)], 3.5, PROP)
        for leg in (x - 13, x + 13):
            cv.line(0, [(leg, seat), (leg, 0)], 2.5, PROP)
        return x - 14, x + 14, seat
    if at in ("hands", "near_hand", "far_hand"):
        xf, xb, seat = a[0] - 4 * s, a[0] + 16 * s, a[1] - LIMB_W / 2
    elif sp.skeleton.fig.place == "seated" or at == "pelvis":
        xf, xb = p["pelvis"][0] + 14, p["pelvis"][0] - 6
    else:
        xf = min(p["near_heel"][0], p["far_heel"][0], p["pelvis"][0]) - 2
        xb = xf - 20
    cv.line(0, [(xb, seat + 28), (xb, 0)], 3.0, PROP)
    cv.line(0, [(xf, seat), (xf, 0)], 3.0, PROP)
    cv.line(0, [(xf, seat), (xb, seat)], 4.0, PROP)
    return xf, xb, seat


def _door_anchor(cv: Canvas, sp: Spot) -> None:
    """A door seen edge on, shut on an anchor: the band runs to it from the panel's hands."""
    a, s = sp.at, sp.side
    x0 = a[0] + 2 * s
    cv.rect(0, (x0, 0, x0 + 4 * s, 116), ext=False)
    cv.extent += [(x0 + 4 * s, a[1])]
    cv.rect(6, (x0 - 1.5 * s, a[1] - 2.5, x0 + 1 * s, a[1] + 2.5), INK)
    hands = sp.panel.points
    cv.line(3, [hands["far_hand"], (x0 - s, a[1])], 1.8, "#777")
    cv.line(6, [hands["near_hand"], (x0 - s, a[1])], 1.8, "#333")


def _knee_pillow(cv: Canvas, sp: Spot) -> None:
    """A pillow held between the knees (one under the body is a surface)."""
    if is_surface(sp.prop):
        return
    p = sp.skeleton.points
    gap = math.dist(p["near_knee"], p["far_knee"])
    size = (5.5, max(4.0, gap / 2 - 1))
    cv.oval(3, between(p["near_knee"], p["far_knee"]), size, "#a8a8a8", PROP, 1.5)


def _bike(cv: Canvas, sp: Spot) -> None:
    """Saddle, crank between the feet, flywheel in front, handlebars."""
    p = sp.skeleton.points
    feet = [between(p[f"{sd}_ankle"], p[f"{sd}_toe"], 0.4) for sd in ("near", "far")]
    c, sd = between(feet[0], feet[1]), (p["pelvis"][0], p["pelvis"][1] - TORSO_W / 2 - 1)
    wheel, bar = (c[0] + 22, 13.0), offset(p["hands"], (2, -3))
    crank = math.dist(*feet) / 2 + 2
    cv.oval(0, wheel, (12, 12), FILL, PROP, 2.2)
    cv.oval(0, c, (crank, crank), "none", PROP, 1.6)
    cv.line(0, [sd, c, wheel, bar], 3.0, PROP)
    cv.line(0, [(c[0] - 14, 1), (wheel[0] + 12, 1)], 3.0, PROP)
    cv.line(0, [offset(sd, (-6, 0)), offset(sd, (6, 0))], 4.0, PROP)


def _pool_water(cv: Canvas, sp: Spot) -> None:
    x, top = sp.at[0], sp.top
    waves = [(x - 80 + 5 * i, top + 1.2 * math.sin(i * 1.6)) for i in range(33)]
    cv.rect(0, (waves[0][0], 0, waves[-1][0], top), "#e9e9e9", ext=False)
    cv.line(6, waves, 1.8, PROP, False)


def _dumbbell(cv: Canvas, sp: Spot) -> None:
    a, x = sp.at, sp.at[0]
    cv.line(sp.layer, [offset(a, (-6, 0)), offset(a, (6, 0))], 2.5)
    for dx in (-8.0, 4.5):
        cv.rect(sp.layer, (x + dx, a[1] - 4, x + dx + 3.5, a[1] + 4), "#333")


def _kettlebell(cv: Canvas, sp: Spot) -> None:
    cv.oval(sp.layer, offset(sp.at, (0, -2)), (3.2, 3.2), "none", "#333", 2.2)
    cv.oval(sp.layer, offset(sp.at, (0, -9)), (6.5, 6.5), "#777", "#fff", 1.2)


def _barbell(cv: Canvas, sp: Spot) -> None:
    """The bar seen a little from the side, a plate at each end."""
    ends = [offset(sp.at, (-10 * sg, 4 * sg)) for sg in (1, -1)]
    cv.oval(3, ends[0], (3, 9.5), "#9a9a9a", INK, 1.8)
    cv.line(6, ends, 3.0)
    cv.oval(6, ends[1], (3, 9.5), "#9a9a9a", INK, 1.8)


def _bag(cv: Canvas, sp: Spot) -> None:
    a = sp.at
    cv.line(sp.layer, [offset(a, (-3, -6)), a, offset(a, (3, -6))], 1.5, "#333")
    bag = [offset(a, q) for q in ((-5, -5), (5, -5), (6.5, -19), (-6.5, -19))]
    cv.poly(sp.layer, bag, "#9a9a9a", "#333")


def _ball(cv: Canvas, sp: Spot) -> None:
    """A small ball in the hand, or a large one squeezed in a hand close-up."""
    f = sp.skeleton.fig
    radius = 13 - 3 * f.grip if f.place == "hand" else 4.5
    cv.oval(4, sp.at, (radius, radius), "#bdbdbd", "#fff", 1.6)


def _band(cv: Canvas, sp: Spot) -> None:
    cv.line(6, [sp.at, sp.skeleton.points[sp.prop.to or "near_toe"]], 1.8, "#333")


def _ankle_weight(cv: Canvas, sp: Spot) -> None:
    """A cuff round the ankle, along the shin towards the knee."""
    a, knee = sp.at, (sp.prop.at or "near_ankle").split("_")[0] + "_knee"
    u = unit(heading(a, sp.skeleton.points[knee]))
    cv.line(sp.layer, [offset(a, u, 1), offset(a, u, 5)], 9.0, "#555")


def _stick(cv: Canvas, sp: Spot) -> None:
    """Held along the back."""
    up = sp.skeleton.upper
    b, u = offset(sp.at, unit(up + 90), 2.2), unit(up)
    cv.line(6, [offset(b, u, -28), offset(b, u, 22)], 2.8, "#333")


def _backpack(cv: Canvas, sp: Spot) -> None:
    up = sp.skeleton.upper
    c, u, n = offset(sp.at, unit(up + 90), 4.5), unit(up), unit(up + 90)
    corners = ((1, -1), (1, 1), (-1, 1), (-1, -1))
    cv.poly(6, [offset(offset(c, u, su * 7), n, sn * 4) for su, sn in corners], "#666", INK)


def _shoulder_blades(cv: Canvas, sp: Spot) -> None:
    """Seen from behind: spine and two blades, dx moves them in."""
    p, up, dx = sp.skeleton.points, sp.skeleton.upper, sp.prop.dx
    c, u, v = between(p["near_shoulder"], p["far_shoulder"]), unit(up - 90), unit(up)
    cv.line(6, [offset(c, v, -2), offset(c, v, -24)], 1.4, "#fff")
    for sg in (-1, 1):
        apex = offset(c, v, -3)
        blade = [offset(apex, u, sg * (w + dx)) for w in (3.5, 9.5)]
        blade.append(offset(offset(c, v, -16), u, sg * (4.5 + dx)))
        cv.poly(6, blade, "#a6a6a6", "#fff", 1.2)


def _music(cv: Canvas, sp: Spot) -> None:
    """A note beside the head."""
    n = offset(sp.at, (18, 4))
    cv.oval(6, n, (2.6, 2.2), "#333")
    cv.line(6, [offset(n, (2.2, 0)), offset(n, (2.2, 11)), offset(n, (6, 7))], 1.6, "#333")


#: How each kind is drawn in a side view; front views first look in :data:`FRONT_DRAWERS`.
DRAWERS: dict[PropKind, Drawer] = {
    "counter": _counter,
    "counter_beside": _counter_beside,
    "table": _table,
    "wall": _wall,
    "doorway": _doorway,
    "chair": _chair,
    "armchair": _chair,
    "door_anchor": _door_anchor,
    "pillow": _knee_pillow,
    "bike": _bike,
    "pool_water": _pool_water,
    "dumbbell": _dumbbell,
    "kettlebell": _kettlebell,
    "barbell": _barbell,
    "bag": _bag,
    "ball": _ball,
    "band": _band,
    "ankle_weight": _ankle_weight,
    "stick": _stick,
    "backpack": _backpack,
    "shoulder_blades": _shoulder_blades,
    "music": _music,
}
#: The kinds a front view shows differently, seen face on.
FRONT_DRAWERS: dict[PropKind, Drawer] = {
    "counter": _counter_front,
    "counter_beside": _counter_front,
    "doorway": _doorway_front,
}


def draw_prop(
    cv: Canvas, prop: Prop, fr: Skeleton, seat: float, kinds: AbstractSet[str], panel: Skeleton
) -> None:
    """Draw one prop against the landmark of ``fr`` it is placed at (``panel``: the figure of
    the panel, which a fixed band runs to)."""
    front = FRONT_DRAWERS.get(prop.kind) if fr.fig.view == "front" else None
    draw = front or DRAWERS.get(prop.kind)
    if draw is None:
        return
    p = fr.points
    a = offset(p[prop.landmark], (prop.dx, prop.dy))
    side = 1.0 if a[0] >= p["pelvis"][0] - 1 else -1.0
    layer = 3 if (prop.at or "").startswith("far") else 6
    draw(cv, Spot(prop, fr, panel, seat, kinds, a, side, layer))
