"""Exercise pictures: black-and-white stick figures drawn from one pose record per exercise.

A pose record (``rules/poses.yaml``) gives the start and finish :class:`Figure` of an exercise,
the props around it and optional motion arrows. :func:`render_pose_svg` turns it into one
self-contained inline ``<svg>``: a small forward-kinematics figure (fixed segment lengths, joint
angles from the record) with a round head and thick round-capped limbs, near-side limbs darker
than far-side ones, dropped onto the floor, bed, step or chair seat beneath it.

Units are body units (a standing figure is about 95 tall), y up. Side views face right. All
angles are degrees in the drawing plane. Side view: ``trunk`` leans the lower trunk forward from
vertical (90 = lying face down, -90 = lying on the back), ``spine`` rounds the upper trunk forward
(negative arches it), ``neck`` pokes the head forward, ``head`` nods the chin down; ``hip`` and
``shoulder`` are flexion (limb swung forward from hanging along the trunk), ``elbow`` flexion,
``knee`` flexion (shin swung back), ``ankle`` dorsiflexion from a right angle (unset: foot flat on
the floor when the shin is upright). Front view: ``trunk`` tilts sideways, ``shoulder`` and
``hip`` are abduction, ``elbow`` turns the forearm up toward the head; ``near`` is the left limb.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Any, Literal
from xml.sax.saxutils import escape

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

Place = Literal[
    "standing", "seated", "supine", "prone", "sidelying", "kneeling", "quadruped", "hand"
]
Landmark = Literal[
    "pelvis", "chest", "neck", "head", "back", "near_elbow", "far_elbow", "near_hand",
    "far_hand", "hands", "near_knee", "far_knee", "knees", "near_ankle", "far_ankle",
    "near_heel", "far_heel", "near_toe", "far_toe", "feet",
]
PropKind = Literal[
    "chair", "cushion", "counter", "counter_beside", "table", "wall", "doorway", "step",
    "stairs_rail", "bed", "mat", "pillow", "towel", "bike", "pool_water", "dumbbell",
    "kettlebell", "barbell", "bag", "ball", "band", "ankle_weight", "stick", "backpack", "cane",
    "music", "shoulder_blades",
]
_GROUND = ("bed", "mat", "step", "stairs_rail", "pillow", "towel")
P = tuple[float, float]

_L = {"lower": 14.0, "upper": 16.0, "neck": 3.5, "uarm": 16.0, "farm": 15.0, "thigh": 23.0,
      "shin": 22.0}
HEAD_R, TORSO_W, LIMB_W, FAR_W = 6.5, 8.5, 5.5, 4.8
INK, FAR, GHOST, PROP, FILL, PALE = "#000", "#7f7f7f", "#cdcdcd", "#474747", "#e4e4e4", "#f1f1f1"
BED_H, PANEL, GAP, TOP = 21.0, 130.0, 14.0, 13.0
_DEFAULTS: dict[str, dict[str, float]] = {
    "standing": {"trunk": 0, "shoulder": 4, "elbow": 10},
    "seated": {"trunk": 0, "hip": 90, "knee": 90, "shoulder": 15, "elbow": 55},
    "supine": {"trunk": -90, "shoulder": 5},
    "prone": {"trunk": 90, "shoulder": 5},
    "sidelying": {"trunk": -90},
    "kneeling": {"trunk": 0, "knee": 90, "ankle": -70, "shoulder": 4, "elbow": 10},
    "quadruped": {"trunk": 90, "hip": 90, "knee": 90, "ankle": -70, "shoulder": 90},
    "hand": {"trunk": 0},
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Limb(_Model):
    """Joint angles of one side (unset: the default for the figure's place)."""

    hip: float | None = None
    knee: float | None = None
    ankle: float | None = None
    shoulder: float | None = None
    elbow: float | None = None


class Figure(_Model):
    """The body at one moment: where it is, which view, and its joint angles."""

    place: Place = "standing"
    view: Literal["side", "front"] = "side"
    trunk: float | None = None
    spine: float = 0
    neck: float = 0
    head: float = 0
    both: Limb = Limb()
    near: Limb = Limb()
    far: Limb = Limb()
    x: float = 0
    lift: float = 0
    grip: float = Field(0, ge=0, le=1)
    stance: Literal["apart", "together", "semi_tandem", "tandem"] | None = None

    def angle(self, side: str, joint: str) -> float | None:
        """A joint angle: the side's own value, else ``both``, else the place default."""
        for limb in (getattr(self, side), self.both):
            if getattr(limb, joint) is not None:
                return float(getattr(limb, joint))
        value = _DEFAULTS[self.place].get(joint)
        return None if value is None else float(value)


class Prop(_Model):
    """A prop, placed against a landmark of the figure (``frame``: whose landmark)."""

    kind: PropKind
    at: Landmark | None = None
    to: Landmark | None = None
    frame: Literal["each", "start", "end", "both"] = "each"
    dx: float = 0
    dy: float = 0


class Arrow(_Model):
    """A motion cue: ``move`` follows a landmark from start to finish; ``push`` is a vector
    (vx, vy); ``circle``/``turn`` loop around it; ``impact`` marks a thump below it."""

    at: Landmark
    kind: Literal["move", "push", "circle", "turn", "impact"] = "move"
    panel: Literal["start", "end"] = "end"
    dx: float = 0
    dy: float = 0
    vx: float = 0
    vy: float = 0
    bend: float = 0
    size: float = 7
    double: bool = False


class ExercisePose(_Model):
    """Start and finish figures of one exercise, with props and arrows."""

    start: Figure
    end: Figure
    props: tuple[Prop, ...] = ()
    arrows: tuple[Arrow, ...] = ()
    zoom: Literal["full", "upper", "feet"] = "full"
    ghost: bool = False

    @field_validator("props", mode="before")
    @classmethod
    def _short_props(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [{"kind": v} if isinstance(v, str) else v for v in value]
        return value


class PoseFile(_Model):
    """The whole pose file: ``poses`` maps each exercise slug to its record."""

    poses: dict[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")], ExercisePose]


def load_poses(path: Path) -> dict[str, ExercisePose]:
    """Read ``{poses: {slug: record}}``; a bad record raises ValueError naming slug and field."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("poses"), dict):
        raise ValueError(f"{path}: expected a top-level 'poses:' mapping of slug to pose")
    try:
        return dict(PoseFile.model_validate(data).poses)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = [str(p) for p in err["loc"]][1:]
        slug, where = (loc[0], ".".join(loc[1:]) or "(record)") if loc else ("?", "poses")
        raise ValueError(f"{path}: pose '{slug}', field '{where}': {err['msg']}") from None


def _dir(deg: float) -> P:
    return math.cos(math.radians(deg)), math.sin(math.radians(deg))


def _add(p: P, d: P, k: float = 1.0) -> P:
    return p[0] + d[0] * k, p[1] + d[1] * k


def _mid(a: P, b: P, t: float = 0.5) -> P:
    return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t


def _kinematics(f: Figure) -> tuple[dict[str, P], dict[str, float]]:
    """Landmarks (pelvis at the origin) and the trunk directions used by props."""
    trunk = f.trunk if f.trunk is not None else _DEFAULTS[f.place]["trunk"]
    pts: dict[str, P] = {"pelvis": (0.0, 0.0)}
    ang = lambda side, j: f.angle(side, j) or 0.0  # noqa: E731
    if f.place == "hand":
        pts.update(chest=(0, -30), neck=(0, 30), head=(0, 30), near_hand=(0, 12))
        return pts, {"upper": 90.0}
    low = 90 - trunk
    up = low - f.spine if f.view == "side" else low
    pts["chest"] = _add(pts["pelvis"], _dir(low), _L["lower"])
    pts["neck"] = top = _add(pts["chest"], _dir(up), _L["upper"])
    pts["head"] = _add(top, _dir(up - f.neck), _L["neck"] + HEAD_R)
    back = up + 90
    pts["back"] = _add(_mid(pts["chest"], top, 0.6), _dir(back), TORSO_W / 2)
    for side, sgn in (("near", -1), ("far", 1)):
        shoulder, hip = top, pts["pelvis"]
        if f.view == "side":
            ua = up + 180 + ang(side, "shoulder")
            fa = ua + ang(side, "elbow")
            th = low + 180 + ang(side, "hip")
            sh = th - ang(side, "knee")
            thigh = _L["thigh"]
        else:
            perp = _dir(low - 90)
            shoulder, hip = _add(top, perp, 9 * sgn), _add(hip, perp, 5 * sgn)
            ua = low + 180 + sgn * ang(side, "shoulder")
            fa = ua + sgn * ang(side, "elbow")
            th = low + 180 + sgn * ang(side, "hip")
            sh = th + sgn * ang(side, "knee")
            thigh = _L["thigh"] * (0.22 if f.place == "seated" else 1)
        pts[f"{side}_shoulder"] = shoulder
        pts[f"{side}_elbow"] = _add(shoulder, _dir(ua), _L["uarm"])
        pts[f"{side}_hand"] = _add(pts[f"{side}_elbow"], _dir(fa), _L["farm"])
        pts[f"{side}_hip"] = hip
        pts[f"{side}_knee"] = knee = _add(hip, _dir(th), thigh)
        pts[f"{side}_ankle"] = ankle = _add(knee, _dir(sh), _L["shin"])
        if f.view == "front":
            sole, out = _add(ankle, _dir(sh), 3), _dir(sh + 90 * sgn)
            pts[f"{side}_heel"], pts[f"{side}_toe"] = _add(sole, out, -1), _add(sole, out, 4)
            continue
        given = f.angle(side, "ankle")
        if given is not None:
            fd = sh + 90 + given
        elif abs(((sh - 270) + 180) % 360 - 180) < 55:
            fd = 0.0
        else:
            fd = sh + 90 if _dir(sh + 90)[1] > -0.5 else sh + 20
        sole = _add(ankle, _dir(fd - 90), 3)
        pts[f"{side}_heel"] = _add(sole, _dir(fd), -2.5)
        pts[f"{side}_toe"] = _add(sole, _dir(fd), 9)
    for name, a, b in (("hands", "near_hand", "far_hand"), ("knees", "near_knee", "far_knee"),
                       ("feet", "near_ankle", "far_ankle")):
        pts[name] = _mid(pts[a], pts[b])
    return pts, {"upper": up, "back": back}


class _Frame:
    """One placed figure: landmarks in panel coordinates and its trunk directions."""

    def __init__(self, fig: Figure) -> None:
        self.fig = fig
        self.pts, self.dirs = _kinematics(fig)
        anchor = self.pts["feet"][0] if fig.place == "standing" else 0.0
        self.shift(fig.x - anchor, 0.0)

    def shift(self, dx: float, dy: float) -> None:
        self.pts = {k: (x + dx, y + dy) for k, (x, y) in self.pts.items()}

    def contacts(self) -> list[tuple[P, float]]:
        if self.fig.place == "hand":
            return []
        p, r = self.pts, LIMB_W / 2
        out = [(p["pelvis"], TORSO_W / 2), (p["chest"], TORSO_W / 2), (p["neck"], TORSO_W / 2),
               (p["head"], HEAD_R - 1.5)]
        for s in ("near", "far"):
            out += [(p[f"{s}_{j}"], r) for j in ("knee", "heel", "toe", "elbow", "hand", "hip",
                                                  "shoulder")]
            out += [(_mid(p[f"{s}_knee"], p[f"{s}_ankle"]), r), (_mid(p[f"{s}_hip"], p[f"{s}_knee"]), r)]
        return out


Shape = tuple[int, str, tuple[Any, ...], bool]  # layer, kind, data, counts for framing


def _seg(layer: int, pts: list[P], width: float, color: str = INK, ext: bool = True) -> Shape:
    return (layer, "line", (tuple(pts), width, color), ext)


def _poly(layer: int, pts: list[P], fill: str, stroke: str = PROP, w: float = 1.6,
          ext: bool = True) -> Shape:
    return (layer, "poly", (tuple(pts), fill, stroke, w), ext)


def _circ(layer: int, c: P, r: float, fill: str, stroke: str = "none", w: float = 0,
          ext: bool = True) -> Shape:
    return (layer, "circle", (c, r, fill, stroke, w), ext)


def _box(layer: int, x0: float, y0: float, x1: float, y1: float, fill: str = FILL,
         ext: bool = True) -> Shape:
    return _poly(layer, [(x0, y0), (x1, y0), (x1, y1), (x0, y1)], fill, ext=ext)


def _body(fr: _Frame, ghost: bool = False) -> list[Shape]:
    """The figure itself: far limbs, trunk and head, near limbs."""
    f, p = fr.fig, fr.pts
    if f.place == "hand":
        return _hand(p["near_hand"], f.grip)
    out: list[Shape] = []
    front = f.view == "front"
    for side, layer in (("far", 2), ("near", 5)):
        color = GHOST if ghost else (INK if front or side == "near" else FAR)
        w = LIMB_W if front or side == "near" else FAR_W
        lyr = 1 if ghost else (5 if front else layer)
        out.append(_seg(lyr, [p[f"{side}_hip"], p[f"{side}_knee"], p[f"{side}_ankle"]], w, color))
        out.append(_seg(lyr, [p[f"{side}_ankle"], p[f"{side}_heel"], p[f"{side}_toe"]], w, color))
        arm = [p[f"{side}_shoulder"], p[f"{side}_elbow"], p[f"{side}_hand"]]
        if front and not ghost:
            out.append(_seg(lyr, arm, w * 0.9 + 2.5, "#fff"))
        out += [_seg(lyr, arm, w * 0.9, color), _circ(lyr, p[f"{side}_hand"], w * 0.62, color)]
    ink, lyr = (GHOST, 1) if ghost else (INK, 4)
    if front:
        perp = _dir(fr.dirs["upper"] - 90)
        hips = [_add(p["pelvis"], perp, 6), _add(p["pelvis"], perp, -6)]
        out.append(_poly(lyr, hips + [p["near_shoulder"], p["far_shoulder"]], ink, ink, 3.5))
    else:
        out.append(_seg(lyr, [p["pelvis"], p["chest"], p["neck"]], TORSO_W, ink))
    out.append(_seg(lyr, [p["neck"], p["head"]], 5.0, ink))
    out.append(_circ(lyr, p["head"], HEAD_R, ink))
    if not front and f.place != "sidelying":
        face = fr.dirs["upper"] - f.neck - 90 - f.head
        tip = _add(p["head"], _dir(face), HEAD_R + 2.6)
        nose = [_add(p["head"], _dir(face + 28), HEAD_R - 0.5), tip,
                _add(p["head"], _dir(face - 10), HEAD_R - 0.5)]
        out.append(_poly(lyr, nose, ink, ink, 1.2))
    return out


_STANCE = {"apart": (0, -4.5, 0, 4.5), "together": (0, -2.6, 0, 2.6),
           "semi_tandem": (6, -2.4, 0, 2.4), "tandem": (10, 0, 0, 0)}


def _footprints(fr: _Frame) -> list[Shape]:
    """A small view from above of where the feet stand, beside the figure's head."""
    if fr.fig.stance is None:
        return []
    x, y = fr.pts["pelvis"][0] - 50, fr.pts["head"][1] - 12
    nx, ny, fx, fy = _STANCE[fr.fig.stance]
    out = [_box(2, x - 20, y - 15, x + 24, y + 15, "#fff")]
    for dx, dy, color in ((fx, fy, FAR), (nx, ny, INK)):
        c = (x + 1.6 * dx - 4, y + 1.6 * dy)
        out.append(_poly(2, [_add(c, (7.5 * math.cos(t * math.pi / 8), 2.8 * math.sin(
            t * math.pi / 8) * (1.25 if math.cos(t * math.pi / 8) > 0 else 1))) for t in range(16)],
            color, "#fff", 0.8))
    return out


def _hand(c: P, grip: float) -> list[Shape]:
    """A close-up of a hand seen from the palm: fingers spread (grip 0) to a fist (grip 1)."""
    x, y = c
    out = [_seg(4, [(x, y - 40), (x, y - 8)], 17.0), _poly(4, [(x - 12, y - 12), (x + 12, y - 12),
           (x + 12, y + 10), (x - 12, y + 10)], INK, INK, 5)]
    for i, (bx, ln) in enumerate(((-9.0, 15.0), (-3.0, 18.0), (3.0, 17.0), (9.0, 13.0))):
        pts, u = [(x + bx, y + 10)], _dir(90 - (i - 1.5) * 9 * (1 - grip))
        for j, part in enumerate((0.45, 0.3, 0.25)):  # each joint curls by 90 * grip
            pts.append(_add(pts[-1], u, ln * part * math.cos(math.radians(90 * grip * (j + 1)))))
        out.append(_seg(5, pts, 5.6))
    if grip > 0.85:
        out += [_seg(5, [(x + bx, y + 12), (x + bx, y + 3)], 1.4, "#fff") for bx in (-6, 0, 6)]
    thumb = [(x - 11, y - 8), _add((x - 11, y - 8), _dir(150 - 150 * grip), 14)]
    return out + [_seg(6, thumb, 9.0, "#fff"), _seg(6, thumb, 6.0)]


def _prop(pr: Prop, fr: _Frame, seat_h: float, kinds: set[str]) -> list[Shape]:
    """The shapes of one prop, placed against the frame's landmarks."""
    p, f, k = fr.pts, fr.fig, pr.kind
    defaults = {"counter": "hands", "table": "hands", "wall": "hands", "doorway": "hands",
                "counter_beside": "far_hand", "band": "near_hand", "ankle_weight": "near_ankle",
                "pillow": "pelvis", "towel": "back", "backpack": "back", "stick": "back",
                "barbell": "back", "pool_water": "chest", "music": "head"}
    a = _add(p[pr.at or defaults.get(k, "near_hand")], (pr.dx, pr.dy))
    s = 1.0 if a[0] >= p["pelvis"][0] - 1 else -1.0
    top, r = a[1] - LIMB_W / 2, LIMB_W / 2
    near = not (pr.at or "near").startswith("far")
    if k in ("counter", "counter_beside") and f.view == "front":
        x0 = p["pelvis"][0] - 32 if k == "counter" else a[0] - 4 * s
        x1 = p["pelvis"][0] + 32 if k == "counter" else a[0] + 30 * s
        return [_box(0, x0, 0, x1, top, ext=False), _seg(0, [(x0, top), (x1, top)], 3.5, PROP),
                _seg(0, [(a[0], top), (a[0], top - 8)], 0.1, "#fff")]
    if k == "counter":
        return [_box(0, a[0] - 3 * s, 0, a[0] + 40 * s, top - 1.5, ext=False),
                _seg(0, [(a[0] - 5 * s, top - 1.5), (a[0] + 12 * s, top - 1.5)], 3.5, PROP),
                _seg(0, [(a[0] + 12 * s, top - 1.5), (a[0] + 40 * s, top - 1.5)], 3.5, PROP, False)]
    if k == "counter_beside":
        x = a[0] - 6 * s
        return [_box(0, x, 0, x + 50 * s, top, PALE, ext=False),
                _seg(0, [(x - 2 * s, top), (x + 50 * s, top)], 3.0, PROP, False),
                (0, "ext", (((x, top), (x + 12 * s, 0.0)),), True)]
    if k == "table":
        x1 = a[0] + 30 * s
        return [_seg(0, [(a[0] - 4 * s, top - 1.5), (x1, top - 1.5)], 3.5, PROP),
                _seg(0, [(a[0], top), (a[0], 0)], 2.5, PROP), _seg(0, [(x1, top), (x1, 0)], 2.5, PROP)]
    if k == "wall":
        if pr.at == "back":
            xs = [p[n][0] - TORSO_W / 2 for n in ("pelvis", "chest", "neck")]
            wx, s = min(xs), -1.0
        else:
            wx = a[0] + r * s
        return [_box(0, wx, 0, wx + 9 * s, 122, ext=False), _seg(0, [(wx, 0), (wx, 10)], 1, PROP)]
    if k == "doorway":
        if f.view == "front":
            xl, xr = p["near_hand"][0] - r - 7, p["far_hand"][0] + r + 7
            return [_box(0, xl, 0, xl + 6, 116), _box(0, xr - 6, 0, xr, 116),
                    _box(0, xl, 110, xr, 116)]
        return [_box(0, a[0] - 5, 0, a[0] + 5, 116), _box(0, a[0] - 5, 110, a[0] + 30, 116, ext=False)]
    if k == "chair":
        seat = seat_h - (5 if "cushion" in kinds else 0)
        if f.view == "front":
            x = p["pelvis"][0]
            return [_box(0, x - 14, seat, x + 14, seat + 30), _seg(0, [(x - 15, seat), (x + 15, seat)],
                    3.5, PROP), _seg(0, [(x - 13, seat), (x - 13, 0)], 2.5, PROP),
                    _seg(0, [(x + 13, seat), (x + 13, 0)], 2.5, PROP)]
        if pr.at in ("hands", "near_hand", "far_hand"):
            xf, xb, seat = a[0] - 4 * s, a[0] + 16 * s, top
        elif f.place == "seated" or pr.at == "pelvis":
            xf, xb = p["pelvis"][0] + 14, p["pelvis"][0] - 6
        else:
            xf = min(p["near_heel"][0], p["far_heel"][0], p["pelvis"][0]) - 2
            xb = xf - 20
        out = [_seg(0, [(xb, seat + 28), (xb, 0)], 3.0, PROP), _seg(0, [(xf, seat), (xf, 0)], 3.0, PROP),
               _seg(0, [(xf, seat), (xb, seat)], 4.0, PROP)]
        if "cushion" in kinds:
            out.append(_poly(0, [(xf, seat), (xb, seat), (xb, seat + 5), (xf, seat + 5)], "#bdbdbd"))
        return out
    if k == "pillow" and pr.at in ("knees", "near_knee", "far_knee"):
        (ax, ay), (bx, by) = p["near_knee"], p["far_knee"]
        c = _mid((ax, ay), (bx, by))
        return [_circ(3, c, max(4.0, math.dist((ax, ay), (bx, by)) / 2 - 1), "#a8a8a8", PROP, 1.5)]
    if k in ("bed", "mat", "step", "stairs_rail", "pillow", "towel"):
        return []
    if k == "bike":
        feet = [_mid(p[f"{sd}_ankle"], p[f"{sd}_toe"], 0.4) for sd in ("near", "far")]
        c, rad = _mid(*feet), math.dist(*feet) / 2
        sd = (p["pelvis"][0], p["pelvis"][1] - TORSO_W / 2 - 1)
        return [_circ(0, c, rad + 3, "none", PROP, 2.2), _seg(0, [sd, c, (c[0], 0)], 3.0, PROP),
                _seg(0, [c, _add(p["hands"], (2, -3))], 3.0, PROP),
                _seg(0, [(c[0] - 22, 1), (c[0] + 22, 1)], 3.0, PROP),
                _seg(0, [(sd[0] - 6, sd[1]), (sd[0] + 6, sd[1])], 4.0, PROP)]
    if k == "pool_water":
        xs = [a[0] - 80 + i * 5 for i in range(33)]
        waves = [(x, top + 1.2 * math.sin(i * 1.6)) for i, x in enumerate(xs)]
        return [_box(0, xs[0], 0, xs[-1], top, "#e9e9e9", ext=False), _seg(6, waves, 1.8, PROP, False)]
    lyr = 6 if near else 3
    if k == "dumbbell":
        return [_seg(lyr, [(a[0] - 6, a[1]), (a[0] + 6, a[1])], 2.5),
                _box(lyr, a[0] - 8, a[1] - 4, a[0] - 4.5, a[1] + 4, "#333"),
                _box(lyr, a[0] + 4.5, a[1] - 4, a[0] + 8, a[1] + 4, "#333")]
    if k == "kettlebell":
        return [_circ(lyr, (a[0], a[1] - 2), 3.2, "none", "#333", 2.2),
                _circ(lyr, (a[0], a[1] - 9), 6.5, "#444")]
    if k == "barbell":
        ends = [_add(a, (-10 * sg, 4 * sg)) for sg in (1, -1)]
        plates = [[_add(e, (3 * math.cos(t / 8 * math.pi), 9.5 * math.sin(t / 8 * math.pi)))
                   for t in range(16)] for e in ends]
        return [_poly(3, plates[0], "#9a9a9a", INK, 1.8), _seg(6, ends, 3.0),
                _poly(6, plates[1], "#9a9a9a", INK, 1.8)]
    if k == "bag":
        return [_seg(lyr, [(a[0] - 3, a[1] - 6), a, (a[0] + 3, a[1] - 6)], 1.5, "#333"),
                _poly(lyr, [(a[0] - 5, a[1] - 5), (a[0] + 5, a[1] - 5), (a[0] + 6.5, a[1] - 19),
                            (a[0] - 6.5, a[1] - 19)], "#9a9a9a", "#333")]
    if k == "ball":
        return [_circ(4, a, 13 - 3 * f.grip if f.place == "hand" else 4.5, "#bdbdbd", "#fff", 1.6)]
    if k == "band":
        return [_seg(6, [a, p[pr.to or "near_toe"]], 1.8, "#333")]
    if k == "ankle_weight":
        knee = p[(pr.at or "near_ankle").split("_")[0] + "_knee"]
        d = math.dist(knee, a) or 1.0
        u = ((knee[0] - a[0]) / d, (knee[1] - a[1]) / d)
        return [_seg(lyr, [_add(a, u, 1), _add(a, u, 5)], 9.0, "#555")]
    if k in ("stick", "backpack"):
        u, n = _dir(fr.dirs["upper"]), _dir(fr.dirs["back"])
        if k == "stick":
            b = _add(a, n, 2.2)
            return [_seg(6, [_add(b, u, -28), _add(b, u, 22)], 2.8, "#333")]
        c = _add(a, n, 4.5)
        return [_poly(6, [_add(_add(c, u, su * 7), n, sn * 4) for su, sn in
                          ((1, -1), (1, 1), (-1, 1), (-1, -1))], "#666", INK, 1.6)]
    if k == "cane":
        return [_seg(lyr, [a, (a[0] + 2, 0)], 2.6, "#333")]
    if k == "shoulder_blades":
        c, u, v = _mid(p["near_shoulder"], p["far_shoulder"]), _dir(fr.dirs["upper"] - 90), _dir(
            fr.dirs["upper"])
        out = [_seg(6, [_add(c, v, -3), _add(c, v, -22)], 1.4, "#fff")]
        for sg in (-1, 1):
            inner = _add(_add(c, u, sg * (3.5 + pr.dx)), v, -4)
            out.append(_poly(6, [inner, _add(_add(c, u, sg * 8.5), v, -4),
                                 _add(inner, v, -11)], "none", "#fff", 1.5))
        return out
    if k == "music":
        n = _add(a, (18, 4))
        return [_circ(6, n, 2.6, "#333"), _seg(6, [(n[0] + 2.2, n[1]), (n[0] + 2.2, n[1] + 11),
                (n[0] + 6, n[1] + 7)], 1.6, "#333")]
    return []  # cushion is drawn with the chair


def _ground(props: tuple[Prop, ...], frames: list[_Frame], i: int) -> list[tuple[float, float,
                                                                                     float, str]]:
    """Surfaces (x0, x1, top, kind) that frame ``i`` rests on."""
    segs: list[tuple[float, float, float, str]] = []
    for pr in sorted(props, key=lambda q: q.kind in ("pillow", "towel")):
        if pr.kind not in _GROUND:
            continue
        mode = pr.frame if pr.frame != "each" else ("both" if pr.kind in ("bed", "mat") else "each")
        if pr.kind == "stairs_rail" and pr.frame == "each":
            mode = "start"
        src = {"each": [frames[i]], "start": frames[:1], "end": frames[1:], "both": frames}[mode]
        if pr.kind in ("bed", "mat"):
            xs = [x for fr in src for n, (x, _) in fr.pts.items() if n != "chest"]
            segs.append((min(xs) - 8, max(xs) + 8, BED_H if pr.kind == "bed" else 2.5, pr.kind))
            continue
        at = pr.at or {"pillow": "pelvis", "towel": "back"}.get(pr.kind, "near_heel")
        x = src[0].pts[at][0] + pr.dx
        if pr.kind == "step":
            segs.append((x - 5, x + 23, 8.0, "step"))
        elif pr.kind == "stairs_rail":
            segs += [(x - 4 + 16 * j, x + 90, 8.0 * (j + 1), "stairs") for j in range(5)]
        elif pr.at not in ("knees", "near_knee", "far_knee"):
            base = max([t for a0, a1, t, _ in segs if a0 <= x <= a1] + [0.0])
            half, thick = (9.0, 5.0) if pr.kind == "pillow" else (9.0, 4.0)
            segs.append((x - half, x + half, base + thick, pr.kind))
    return segs


def _ground_shapes(segs: list[tuple[float, float, float, str]], fr: _Frame) -> list[Shape]:
    out: list[Shape] = []
    for x0, x1, t, kind in segs:
        if kind == "bed":
            out += [_box(0, x0, t - 5, x1, t, "#d6d6d6"), _seg(0, [(x0 + 3, t - 5), (x0 + 3, 0)], 3, PROP),
                    _seg(0, [(x1 - 3, t - 5), (x1 - 3, 0)], 3, PROP)]
        elif kind == "stairs":
            if t == 8:
                edge = [(x0 + 16 * j + dx, 8.0 * (j + dy)) for j in range(5) for dx, dy in
                        ((0, 0), (0, 1))]
                out.append(_poly(0, [*edge, (x1, 40.0), (x1, 0.0)], FILL, ext=False))
                out.append((0, "ext", (((x0, 0.0), (x0 + 30, 16.0)),), True))
        elif kind in ("pillow", "towel"):
            rnd, b = 2.5, t - (5 if kind == "pillow" else 4)
            out.append(_poly(0, [(x0 + rnd, t), (x1 - rnd, t), (x1, t - rnd), (x1 - rnd, b),
                                 (x0 + rnd, b), (x0, t - rnd)], "#a8a8a8"))
        else:
            out.append(_box(0, x0, 0, x1, t, "#bdbdbd" if kind == "mat" else FILL))
    stairs = [s for s in segs if s[3] == "stairs"]
    if stairs:
        h = fr.pts["near_hand"]
        x0, slope = stairs[0][0], 8 / 16
        y0 = h[1] - LIMB_W / 2 - (h[0] - x0) * slope
        out += [_seg(0, [(x0 - 4, y0 - 4 * slope), (x0 + 90, y0 + 90 * slope)], 3.0, PROP, False),
                _seg(0, [(x0 - 2, y0 - 2 * slope), (x0 - 2, 0)], 2.4, PROP)]
    return out


def _arrow_shapes(arrow: Arrow, frames: list[_Frame]) -> list[Shape]:
    fr = frames[0 if arrow.panel == "start" else 1]
    off = (arrow.dx, arrow.dy)
    a = _add(fr.pts[arrow.at], off)
    if arrow.kind == "impact":
        return [_seg(7, [_add(a, _dir(d), 3), _add(a, _dir(d), 3 + arrow.size * 0.8)], 1.8)
                for d in (165, 130, 50, 15)]
    if arrow.kind in ("circle", "turn"):
        ry = arrow.size * (0.32 if arrow.kind == "turn" else 0.75)
        pts = [(a[0] + arrow.size * math.cos(math.radians(t)), a[1] + ry * math.sin(math.radians(t)))
               for t in range(-60, 235, 15)]
        return [(7, "arrow", (tuple(pts), False), True)]
    if arrow.kind == "push":
        b = _add(a, (arrow.vx, arrow.vy))
    else:
        a, b = _add(frames[0].pts[arrow.at], off), _add(frames[1].pts[arrow.at], off)
    length = math.dist(a, b)
    if length < 2:
        return []
    u = ((b[0] - a[0]) / length, (b[1] - a[1]) / length)
    m = _add(_mid(a, b), (-u[1], u[0]), arrow.bend * length)
    return [(7, "arrow", (tuple(_bezier(a, m, b)), arrow.double), True)]


def _bezier(a: P, c: P, b: P) -> list[P]:
    return [(a[0] * (1 - t) ** 2 + 2 * c[0] * t * (1 - t) + b[0] * t * t,
             a[1] * (1 - t) ** 2 + 2 * c[1] * t * (1 - t) + b[1] * t * t)
            for t in (i / 12 for i in range(13))]


def _num(v: float) -> str:
    s = f"{v:.1f}".removesuffix(".0")
    return "0" if s == "-0" else s


def _svg_shape(kind: str, data: tuple[Any, ...], k: float) -> str:
    pt = lambda q: f"{_num(q[0])},{_num(-q[1])}"  # noqa: E731
    if kind == "line":
        pts, w, color = data
        return (f'<polyline points="{" ".join(pt(q) for q in pts)}" fill="none" stroke="{color}" '
                f'stroke-width="{_num(w * k)}" stroke-linecap="round" stroke-linejoin="round"/>')
    if kind == "poly":
        pts, fill, stroke, w = data
        return (f'<polygon points="{" ".join(pt(q) for q in pts)}" fill="{fill}" stroke="{stroke}" '
                f'stroke-width="{_num(w * k)}" stroke-linejoin="round"/>')
    if kind == "circle":
        c, r, fill, stroke, w = data
        return (f'<circle cx="{_num(c[0])}" cy="{_num(-c[1])}" r="{_num(r)}" fill="{fill}" '
                f'stroke="{stroke}" stroke-width="{_num(w * k)}"/>')
    if kind == "ext":
        return ""
    pts, double = data
    heads = [(pts[-1], pts[-2])] + ([(pts[0], pts[1])] if double else [])
    tris = []
    for tip, prev in heads:
        d = math.degrees(math.atan2(tip[1] - prev[1], tip[0] - prev[0]))
        tri = [tip, _add(tip, _dir(d + 150), 8 * k), _add(tip, _dir(d - 150), 8 * k)]
        tris.append(f'<polygon points="{" ".join(pt(q) for q in tri)}" fill="{INK}"/>')
    d = math.degrees(math.atan2(pts[-1][1] - pts[-2][1], pts[-1][0] - pts[-2][0]))
    ends = [_add(pts[0], _dir(d), 0)] if not double else [_add(pts[0], _dir(
        math.degrees(math.atan2(pts[1][1] - pts[0][1], pts[1][0] - pts[0][0]))), 5 * k)]
    line = " ".join(pt(q) for q in [*ends, *pts[1:-1], _add(pts[-1], _dir(d), -5 * k)])
    return (f'<polyline points="{line}" fill="none" stroke="#fff" stroke-width="{_num(6.5 * k)}" '
            f'stroke-linecap="round"/><polyline points="{line}" fill="none" stroke="{INK}" '
            f'stroke-width="{_num(2.8 * k)}" stroke-linecap="round"/>' + "".join(tris))


def _extent(shapes: list[Shape]) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []
    for _, kind, data, ext in shapes:
        if not ext:
            continue
        if kind == "circle":
            (cx, cy), r = data[0], data[1]
            xs += [cx - r, cx + r]
            ys += [cy - r, cy + r]
        else:
            xs += [q[0] for q in data[0]]
            ys += [q[1] for q in data[0]]
    return min(xs), min(ys), max(xs), max(ys)


def render_pose_svg(pose: ExercisePose, *, width: int = 360, label: str | None = None) -> str:
    """The start (left, "Start") and finish (right, "Finish") pictures as one inline ``<svg>``."""
    frames = [_Frame(pose.start), _Frame(pose.end)]
    grounds = []
    for i, fr in enumerate(frames):
        segs = _ground(pose.props, frames, i)
        dy = max(max([t for x0, x1, t, _ in segs if x0 <= c[0] <= x1] + [0.0]) + r - c[1]
                 for c, r in fr.contacts()) if fr.fig.place != "hand" else 0.0
        fr.shift(0, dy + fr.fig.lift)
        grounds.append(segs)
    seated = [fr.pts["pelvis"][1] - TORSO_W / 2 for fr in frames if fr.fig.place == "seated"]
    seat_h = min(seated) if seated else 23.0
    kinds = {pr.kind for pr in pose.props}
    panels: list[list[Shape]] = []
    for i, fr in enumerate(frames):
        shapes = _body(fr) + _footprints(fr)
        if i == 1 and pose.ghost:
            shapes += _body(frames[0], ghost=True)
        for pr in pose.props:
            src = fr if pr.frame in ("each", "both") else frames[0 if pr.frame == "start" else 1]
            shapes += _prop(pr, src, seat_h, kinds)
        shapes += _ground_shapes(grounds[i], fr)
        for arrow in pose.arrows:
            if (arrow.panel == "end") == (i == 1):
                shapes += _arrow_shapes(arrow, frames)
        panels.append(sorted(shapes, key=lambda s: s[0]))
    boxes = [_extent(sh) for sh in panels]
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    if pose.zoom != "full":
        names = (("head", "neck", "chest", "back") if pose.zoom == "upper" else
                 ("near_knee", "near_ankle", "near_toe", "near_heel", "far_toe"))
        xs = [fr.pts[n][0] for fr in frames for n in names]
        ys = [fr.pts[n][1] for fr in frames for n in names]
        m = 16
        x0, x1, y0, y1 = min(xs) - m, max(xs) + m, min(ys) - m, max(ys) + m
    size = max(PANEL, x1 - x0 + 12, y1 - y0 + 14) if pose.zoom == "full" else max(x1 - x0, y1 - y0)
    k = math.sqrt(size / PANEL)
    vx = (x0 + x1) / 2 - size / 2
    vy = (y0 - 6) if pose.zoom == "full" else (y0 + y1) / 2 - size / 2
    total_w, total_h = 2 * PANEL + GAP, PANEL + TOP
    parts = []
    for i, shapes in enumerate(panels):
        px = i * (PANEL + GAP)
        body = "".join(_svg_shape(kind, data, k) for _, kind, data, _ in shapes)
        floor = "" if frames[i].fig.place == "hand" else (
            f'<line x1="{_num(vx - 5)}" y1="0" x2="{_num(vx + size + 5)}" y2="0" stroke="{PROP}" '
            f'stroke-width="{_num(2.5 * k)}"/>')
        parts.append(
            f'<text x="{_num(px + PANEL / 2)}" y="10" text-anchor="middle" font-size="10" '
            f'font-weight="bold">{"Start" if i == 0 else "Finish"}</text>'
            f'<svg x="{_num(px)}" y="{_num(TOP)}" width="{_num(PANEL)}" height="{_num(PANEL)}" '
            f'viewBox="{_num(vx)} {_num(-(vy + size))} {_num(size)} {_num(size)}">'
            f"{floor}{body}</svg>")
    chevron = (f'<polyline points="{_num(PANEL + 4)},{_num(TOP + 55)} {_num(PANEL + GAP - 4)},'
               f'{_num(TOP + 65)} {_num(PANEL + 4)},{_num(TOP + 75)}" fill="none" stroke="#9a9a9a" '
               f'stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"/>')
    name = escape(label or "Exercise picture: start and finish positions", {'"': "&quot;"})
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{name}" '
            f'width="{width}" height="{_num(width * total_h / total_w)}" '
            f'viewBox="0 0 {_num(total_w)} {_num(total_h)}" font-family="sans-serif">'
            f"<title>{name}</title>{''.join(parts)}{chevron}</svg>")
