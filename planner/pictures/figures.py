"""Exercise pictures: black-and-white stick figures drawn from one pose record per exercise.

A record (``rules/poses.yaml``) gives the start and finish :class:`Figure`, the props and
optional arrows and dashed guide lines; :func:`render_pose_svg` draws them as one self-contained
inline ``<svg>``, the figures filling their panels, with no text in it (the page prints the
"Start" and "Finish" captions). The figure is forward kinematics over fixed segment lengths,
dropped onto whatever is beneath it (floor, bed, mat, step, stairs, pillow); near-side limbs are
black, far-side ones grey. :func:`pose_extremes` reads the largest hip and shoulder angles a
pose draws, for checking poses against the exercise's tags.

Units: a standing figure is about 95 tall, y up; side views face right; angles are degrees in the
drawing plane. Side view: ``trunk`` leans the lower trunk forward (90 lying face down, -90 lying
on the back), ``spine`` rounds the upper trunk (+) or arches it (-), ``neck`` pokes the head
forward, ``head`` nods the chin down; ``hip``/``shoulder`` swing the limb forward from hanging
along the trunk, ``elbow``/``knee`` bend, ``ankle`` lifts the toes (unset: foot flat when the shin
is upright). Front view: ``trunk`` tilts sideways, ``hip``/``shoulder`` lift the limb out to the
side, ``elbow`` turns the forearm up; ``near`` is the limb on the picture's left.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
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

P = tuple[float, float]
P3 = tuple[float, float, float]
Box = tuple[float, float, float, float]
Place = Literal[
    "standing", "seated", "supine", "prone", "sidelying", "kneeling", "quadruped", "hand"
]
_Body = Literal["pelvis", "chest", "neck", "head", "back", "hands", "knees", "feet"]
_Near = Literal["near_elbow", "near_hand", "near_knee", "near_ankle", "near_heel", "near_toe"]
_Far = Literal["far_elbow", "far_hand", "far_knee", "far_ankle", "far_heel", "far_toe"]
Landmark = Literal[_Body, _Near, _Far]
_Room = Literal[
    "chair", "armchair", "cushion", "counter", "counter_beside", "table", "wall", "doorway"
]
_Fixed = Literal["door_anchor"]
_Under = Literal["step", "stairs_rail", "bed", "mat", "pillow", "towel", "bike", "pool_water"]
_Held = Literal["dumbbell", "kettlebell", "barbell", "bag", "ball", "band", "ankle_weight", "stick"]
PropKind = Literal[_Room, _Fixed, _Under, _Held, Literal["backpack", "music", "shoulder_blades"]]

SEG = dict(lower=14.0, upper=16.0, neck=3.5, uarm=16.0, farm=15.0, thigh=23.0, shin=22.0)
HEAD_R, TORSO_W, LIMB_W, FAR_W, BED_H = 6.5, 8.5, 5.5, 4.8, 21.0
INK, FAR, GHOST, PROP, FILL, PALE = "#000", "#7f7f7f", "#cdcdcd", "#474747", "#e4e4e4", "#f1f1f1"
# A panel is PANEL wide and PANEL_H[0] to PANEL_H[1] high (picture units), GAP between the two;
# the figures fill it less MARGIN, their strokes kept PAD (body units) inside it. The handout's
# "Start" and "Finish" captions are boxes PANEL / (2 PANEL + GAP) = 47.45% of the picture wide
# (templates/handout.css, .figure-captions): change them together.
PANEL, GAP, PANEL_H, MARGIN, PAD = 130.0, 14.0, (60.0, 150.0), 4.0, 4.0
_ROUND = {"stroke_linecap": "round", "stroke_linejoin": "round"}
_DEFAULTS: dict[str, dict[str, float]] = {
    "standing": {"trunk": 0, "shoulder": 4, "elbow": 10},
    # seated: on a seat a little higher than the knees (hip 80), as every chair in the handouts
    "seated": {"trunk": 0, "hip": 80, "knee": 80, "shoulder": 15, "elbow": 55},
    "supine": {"trunk": -90, "shoulder": 5},
    "prone": {"trunk": 90, "shoulder": 5},
    "sidelying": {"trunk": -90},
    "kneeling": {"trunk": 0, "knee": 90, "ankle": -70, "shoulder": 4, "elbow": 10},
    "quadruped": {"trunk": 90, "hip": 90, "knee": 90, "ankle": -70, "shoulder": 90},
    "hand": {"trunk": 0},
}
# Footprints seen from above: forward and sideways offsets of the near foot, then the far one.
_STANCE = {"apart": (0, -4.5, 0, 4.5), "together": (0, -2.6, 0, 2.6)}
_STANCE |= {"semi_tandem": (6, -2.4, 0, 2.4), "tandem": (10, 0, 0, 0)}
_ANCHOR = dict.fromkeys(("counter", "table", "wall", "doorway"), "hands")
_ANCHOR |= dict.fromkeys(("towel", "backpack", "stick", "barbell"), "back")
_ANCHOR |= dict.fromkeys(("step", "stairs_rail"), "near_heel")
_ANCHOR |= {"counter_beside": "far_hand", "ankle_weight": "near_ankle", "pillow": "pelvis"}
_ANCHOR |= {"pool_water": "chest", "music": "head", "door_anchor": "hands"}
ARM_REST = 10.0  # height of a chair's arms above the seat (the cushion's top, if there is one)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Limb(_Model):
    """Joint angles of one side; unset angles take the default for the figure's place."""

    hip: float | None = None
    knee: float | None = None
    ankle: float | None = None
    shoulder: float | None = None
    elbow: float | None = None


class Figure(_Model):
    """The body at one moment: where it is, the view, and its joint angles."""

    place: Place = "standing"
    view: Literal["side", "front"] = "side"
    trunk: float | None = None
    spine: float = 0
    neck: float = 0
    head: float = 0
    both: Limb = Limb()
    near: Limb = Limb()
    far: Limb = Limb()
    x: float = 0  # shift forward from the default spot
    lift: float = 0  # height above the support (jumps, pedals)
    grip: float = Field(0, ge=0, le=1)  # hand close-up: 0 open and spread, 1 a fist
    stance: Literal["apart", "together", "semi_tandem", "tandem"] | None = None  # footprints

    def angle(self, side: str, joint: str) -> float | None:
        """A joint angle: the side's own value, else ``both``, else the place default."""
        for limb in (getattr(self, side), self.both):
            if getattr(limb, joint) is not None:
                return float(getattr(limb, joint))
        value = _DEFAULTS[self.place].get(joint)
        return None if value is None else float(value)


class Prop(_Model):
    """A prop placed against a landmark of the start, end or each figure (``frame``)."""

    kind: PropKind
    at: Landmark | None = None
    to: Landmark | None = None  # the other end of a band
    frame: Literal["each", "start", "end", "both"] = "each"
    panel: Literal["both", "start", "end"] = "both"  # the panel(s) it is drawn in
    dx: float = 0
    dy: float = 0


class Arrow(_Model):
    """A motion cue: ``move`` follows a landmark from start to finish, ``push`` is the vector
    (vx, vy), ``circle``/``turn`` loop round the landmark, ``impact`` marks a thump."""

    at: Landmark
    kind: Literal["move", "push", "circle", "turn", "impact"] = "move"
    panel: Literal["start", "end"] = "end"
    dx: float = 0
    dy: float = 0
    vx: float = 0
    vy: float = 0
    bend: float = 0  # sideways bulge of a move or push arrow, as a fraction of its length
    size: float = 7
    double: bool = False


class Guide(_Model):
    """A dashed reference line drawn in both panels, against the start (or end) figure: upright
    through landmark ``at``, or, with ``to``, the line from ``at`` through ``to`` carried on
    ``beyond`` it; a small movement shows against it (the head drawn back behind it, the upper
    back arched away from it)."""

    at: Landmark
    to: Landmark | None = None
    frame: Literal["start", "end"] = "start"
    dx: float = 0
    dy: float = 0
    length: float = 40  # of an upright line, centred on the point
    beyond: float = 12  # how far a line through ``to`` runs past it


class ExercisePose(_Model):
    """Start and finish figures of one exercise, with props, arrows and guide lines."""

    start: Figure
    end: Figure
    props: tuple[Prop, ...] = ()
    arrows: tuple[Arrow, ...] = ()
    guides: tuple[Guide, ...] = ()
    zoom: Literal["full", "upper", "feet"] = "full"
    ghost: bool = False  # draw the start figure faintly behind the finish

    @field_validator("props", mode="before")
    @classmethod
    def _kind_shorthand(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [{"kind": v} if isinstance(v, str) else v for v in value]
        return value


class PoseFile(_Model):
    """The pose file: ``poses`` maps each exercise slug to its record."""

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
        slug, *where = [str(part) for part in err["loc"][1:]] or ["?"]
        field = ".".join(where) or "(record)"
        raise ValueError(f"{path}: pose '{slug}', field '{field}': {err['msg']}") from None


@dataclass(frozen=True)
class PoseExtremes:
    """The largest joint angles a pose draws, in degrees (see :func:`pose_extremes`)."""

    hip_flexion_max: float
    hip_extension_max: float
    shoulder_elevation_max: float


def _signed(deg: float) -> float:
    """An angle folded into (-180, 180]."""
    folded = math.fmod(deg, 360.0)
    folded += 360.0 if folded <= -180 else -360.0 if folded > 180 else 0.0
    return folded


def pose_extremes(pose: ExercisePose) -> PoseExtremes:
    """The most the pose bends the hips and raises the arms, over the start and the finish
    figure and both sides (near and far), as the picture draws them.

    - ``hip_flexion_max``: the largest anatomical hip flexion, the angle of the thigh in front of
      the line of the lower trunk (pelvis to chest) carried on down through the hip; standing
      upright is 0, sitting on a level seat 90, knees towards the chest above 90. Side views
      only; a front view does not show flexion, so a front figure counts as its place's default
      (seated: the default seat angle, quadruped: 90, all others: 0), and its ``hip`` values,
      which lift the leg out to the side (abduction), are ignored.
    - ``hip_extension_max``: the largest angle of a thigh *behind* that trunk line (anatomical
      hip extension), 0 when no hip goes behind the body. Side views only (front views: 0).
    - ``shoulder_elevation_max``: the largest angle between an upper arm and the upper trunk's
      line pointing down from the shoulder, 0 (hanging along the trunk) to 180 (straight up
      past the head). A side view measures it forwards and upwards (flexion; an arm taken back
      counts by the same angle, and no real pose takes an arm back past about 90); a front view
      measures it out to the side (abduction). An arm past the overhead line (written as more
      than 180) folds back below 180: 194 counts as 166.

    Angles are the pose's own joint angles (unset: the default for the figure's place), folded
    into -180..180 first; a hand close-up (place ``hand``) contributes nothing. All three are
    0 or more.
    """
    flexion = extension = elevation = 0.0
    for fig in (pose.start, pose.end):
        if fig.place == "hand":
            continue
        for side in ("near", "far"):
            shoulder = _signed(fig.angle(side, "shoulder") or 0.0)
            elevation = max(elevation, abs(shoulder))
            if fig.view == "front":
                flexion = max(flexion, _DEFAULTS[fig.place].get("hip", 0.0))
                continue
            hip = _signed(fig.angle(side, "hip") or 0.0)
            flexion, extension = max(flexion, hip), max(extension, -hip)
    return PoseExtremes(flexion, extension, elevation)


def _dir(deg: float) -> P:
    return math.cos(math.radians(deg)), math.sin(math.radians(deg))


def _add(p: P, d: P, k: float = 1.0) -> P:
    return p[0] + d[0] * k, p[1] + d[1] * k


def _mid(a: P, b: P, t: float = 0.5) -> P:
    return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t


def _heading(a: P, b: P) -> float:
    return math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))


def _num(v: float) -> str:
    s = f"{v:.1f}".removesuffix(".0")
    return "0" if s == "-0" else s


def _pts(pts: list[P]) -> str:
    return " ".join(f"{_num(x)},{_num(-y)}" for x, y in pts)


class _Frame:
    """One figure: its landmarks (forward kinematics, then placed) and trunk directions."""

    def __init__(self, fig: Figure) -> None:
        self.fig, p = fig, {"pelvis": (0.0, 0.0)}
        self.low = 90 - (fig.trunk if fig.trunk is not None else _DEFAULTS[fig.place]["trunk"])
        self.up = self.low - fig.spine if fig.view == "side" else self.low
        p["chest"] = _add(p["pelvis"], _dir(self.low), SEG["lower"])
        p["neck"] = _add(p["chest"], _dir(self.up), SEG["upper"])
        p["head"] = _add(p["neck"], _dir(self.up - fig.neck), SEG["neck"] + HEAD_R)
        p["back"] = _add(_mid(p["chest"], p["neck"], 0.6), _dir(self.up + 90), TORSO_W / 2)
        for side, sgn in (("near", -1), ("far", 1)):
            p |= self._limbs(p, side, sgn)
        for joint, both in (("hand", "hands"), ("knee", "knees"), ("ankle", "feet")):
            p[both] = _mid(p[f"near_{joint}"], p[f"far_{joint}"])
        self.pts = p
        self.shift(fig.x - (p["feet"][0] if fig.place == "standing" else 0.0), 0.0)
        if fig.place == "hand":  # a close-up: the hand is drawn round this point
            self.pts["near_hand"] = self.pts["hands"] = (0.0, 12.0)

    def _limbs(self, p: dict[str, P], side: str, sgn: int) -> dict[str, P]:
        f, out = self.fig, dict[str, P]()
        ang = {j: f.angle(side, j) or 0.0 for j in ("hip", "knee", "shoulder", "elbow")}
        shoulder, hip, thigh = p["neck"], p["pelvis"], SEG["thigh"]
        if f.view == "side":
            ua = self.up + 180 + ang["shoulder"]
            fa, th = ua + ang["elbow"], self.low + 180 + ang["hip"]
            sh = th - ang["knee"]
        else:
            perp = _dir(self.low - 90)
            shoulder, hip = _add(shoulder, perp, 9 * sgn), _add(hip, perp, 5 * sgn)
            ua = self.low + 180 + sgn * ang["shoulder"]
            fa, th = ua + sgn * ang["elbow"], self.low + 180 + sgn * ang["hip"]
            sh, thigh = th + sgn * ang["knee"], thigh * (0.22 if f.place == "seated" else 1)
        out["shoulder"], out["hip"] = shoulder, hip
        out["elbow"] = _add(shoulder, _dir(ua), SEG["uarm"])
        out["hand"] = _add(out["elbow"], _dir(fa), SEG["farm"])
        out["knee"] = _add(hip, _dir(th), thigh)
        out["ankle"] = ankle = _add(out["knee"], _dir(sh), SEG["shin"])
        if f.view == "front":
            sole, toes = _add(ankle, _dir(sh), 3), _dir(sh + 90 * sgn)
            out["heel"], out["toe"] = _add(sole, toes, -1), _add(sole, toes, 4)
        else:
            given = f.angle(side, "ankle")
            if given is not None:
                foot = sh + 90 + given
            elif abs((sh - 90) % 360 - 180) < 55:  # shin upright: foot flat on the floor
                foot = 0.0
            else:  # lying or kneeling: toes up, or pointed back rather than into the surface
                foot = sh + 90 if _dir(sh + 90)[1] > -0.5 else sh + 20
            sole = _add(ankle, _dir(foot - 90), 3)
            out["heel"], out["toe"] = _add(sole, _dir(foot), -2.5), _add(sole, _dir(foot), 9)
        return {f"{side}_{name}": q for name, q in out.items()}

    def shift(self, dx: float, dy: float) -> None:
        self.pts = {k: (x + dx, y + dy) for k, (x, y) in self.pts.items()}

    def contacts(self) -> list[tuple[P, float]]:
        """Points that may rest on a surface, with the thickness drawn round them."""
        p, thick = self.pts, dict.fromkeys(("pelvis", "chest", "neck"), TORSO_W / 2)
        out = [(q, thick.get(n, LIMB_W / 2)) for n, q in p.items() if n not in ("back", "head")]
        for s in ("near", "far"):
            out += [(_mid(p[f"{s}_hip"], p[f"{s}_knee"]), LIMB_W / 2)]
            out += [(_mid(p[f"{s}_knee"], p[f"{s}_ankle"]), LIMB_W / 2)]
        return [*out, (p["head"], 5.0)]


class _Canvas:
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
            text = {"points": _pts(mapped)} if tag in ("polyline", "polygon") else {}
            for key, v in attrs.items():
                if key in ("x", "cx", "x1", "x2"):
                    v = ox + scale * v
                elif key in ("y", "cy", "y1", "y2"):
                    v = oy - scale * v
                elif key in ("width", "height", "rx", "ry", "stroke_width"):
                    v = scale * v * (self.k if key == "stroke_width" else 1)
                elif key == "stroke_dasharray":
                    v = " ".join(_num(scale * self.k * d) for d in v)
                text[key.replace("_", "-")] = _num(v) if isinstance(v, float | int) else v
            out.append(f"<{tag} " + " ".join(f'{k}="{v}"' for k, v in text.items()) + "/>")
        return "".join(out)

    def line(self, layer: int, pts: list[P], w: float, color: str = INK, ext: bool = True) -> None:
        self.put(layer, "polyline", pts, ext, fill="none", stroke=color, stroke_width=w, **_ROUND)

    def poly(self, layer: int, pts: list[P], fill: str, stroke: str = PROP, w: float = 1.6) -> None:
        self.put(layer, "polygon", pts, fill=fill, stroke=stroke, stroke_width=w, **_ROUND)

    def rect(self, layer: int, box: Box, fill: str = FILL, ext: bool = True, rx: float = 0) -> None:
        (x0, x1), (y0, y1) = sorted((box[0], box[2])), sorted((box[1], box[3]))
        at = {"x": x0, "y": y1, "width": x1 - x0, "height": y1 - y0} | ({"rx": rx} if rx else {})
        self.put(
            layer, "rect", [(x0, y0), (x1, y1)], ext, **at, fill=fill, stroke=PROP, stroke_width=1.6
        )

    def oval(self, layer: int, c: P, r: P, fill: str, stroke: str = "none", w: float = 0) -> None:
        pts = [(c[0] - r[0], c[1] - r[1]), (c[0] + r[0], c[1] + r[1])]
        ellipse = {"cx": c[0], "cy": c[1], "rx": r[0], "ry": r[1]}
        self.put(layer, "ellipse", pts, **ellipse, fill=fill, stroke=stroke, stroke_width=w)

    def arrow(self, pts: list[P], double: bool = False) -> None:
        """A thick black arrow along ``pts`` with a white halo, head(s) at the end(s)."""
        heads = [(pts[-1], _heading(pts[-2], pts[-1]))]
        heads += [(pts[0], _heading(pts[1], pts[0]))] if double else []
        start = _add(pts[0], _dir(heads[-1][1]), -5 * self.k if double else 0)
        line = [start, *pts[1:-1], _add(pts[-1], _dir(heads[0][1]), -5 * self.k)]
        self.line(7, line, 6.5, "#fff")
        self.line(7, line, 2.8)
        for tip, d in heads:
            barbs = [_add(tip, _dir(d + turn), 8 * self.k) for turn in (150, -150)]
            self.poly(7, [tip, *barbs], INK, INK, 0.5)


def _body(cv: _Canvas, fr: _Frame, ghost: bool = False) -> None:
    """The figure: far limbs, trunk and head, near limbs (all faint grey for a ghost)."""
    f, p, front = fr.fig, fr.pts, fr.fig.view == "front"
    if f.place == "hand":
        return _hand(cv, p["near_hand"], f.grip)
    for side in ("far", "near"):
        strong = front or side == "near"
        color, w = (GHOST if ghost else INK if strong else FAR), (LIMB_W if strong else FAR_W)
        layer = 1 if ghost else 5 if strong else 2
        cv.line(layer, [p[f"{side}_hip"], p[f"{side}_knee"], p[f"{side}_ankle"]], w, color)
        cv.line(layer, [p[f"{side}_ankle"], p[f"{side}_heel"], p[f"{side}_toe"]], w, color)
        arm = [p[f"{side}_shoulder"], p[f"{side}_elbow"], p[f"{side}_hand"]]
        if front and not ghost and f.place != "sidelying":  # a white edge where it crosses
            cv.line(layer, arm, w * 0.9 + 2.5, "#fff")
        cv.line(layer, arm, w * 0.9, color)
        cv.oval(layer, p[f"{side}_hand"], (w * 0.62, w * 0.62), color)
    ink, layer = (GHOST, 1) if ghost else (INK, 4)
    if front:
        hips = [_add(p["pelvis"], _dir(fr.up - 90), sg * 6) for sg in (1, -1)]
        cv.poly(layer, [*hips, p["near_shoulder"], p["far_shoulder"]], ink, ink, 3.5)
    else:
        cv.line(layer, [p["pelvis"], p["chest"], p["neck"]], TORSO_W, ink)
    cv.line(layer, [p["neck"], p["head"]], 5.0, ink)
    cv.oval(layer, p["head"], (HEAD_R, HEAD_R), ink)
    if not front:  # a nose shows which way the face points
        face = fr.up - f.neck - 90 - f.head
        nose = [(face + 30, HEAD_R - 0.5), (face, HEAD_R + 3.2), (face - 12, HEAD_R - 0.5)]
        cv.poly(layer, [_add(p["head"], _dir(d), r) for d, r in nose], ink, ink, 1.2)
    if f.stance and not ghost:  # where the feet stand, seen from above, in front of the head
        x, y = p["pelvis"][0] + 42, p["head"][1] - 10
        cv.rect(2, (x - 20, y - 15, x + 24, y + 15), "#fff")
        nx, ny, fx, fy = _STANCE[f.stance]
        cv.oval(2, (x + 1.6 * fx - 4, y + 1.6 * fy), (7.5, 3.2), FAR)
        cv.oval(2, (x + 1.6 * nx - 4, y + 1.6 * ny), (7.5, 3.2), INK)


def _hand(cv: _Canvas, c: P, grip: float) -> None:
    """A hand seen from the palm side, from fingers spread (grip 0) to a fist (grip 1)."""
    x, y = c
    cv.line(4, [(x, y - 40), (x, y - 8)], 17.0)
    cv.rect(4, (x - 12, y - 12, x + 12, y + 10), INK)
    for i, (bx, length) in enumerate(((-9.0, 15.0), (-3.0, 18.0), (3.0, 17.0), (9.0, 13.0))):
        pts, u = [(x + bx, y + 10)], _dir(90 - (i - 1.5) * 9 * (1 - grip))
        for j, part in enumerate((0.45, 0.3, 0.25)):  # each finger joint curls 90 * grip
            bend = math.cos(math.radians(90 * grip * (j + 1)))
            pts.append(_add(pts[-1], u, length * part * bend))
        cv.line(5, pts, 5.6)
    for bx in (-6, 0, 6) if grip > 0.85 else ():
        cv.line(5, [(x + bx, y + 12), (x + bx, y + 3)], 1.4, "#fff")
    thumb = [(x - 11, y - 8), _add((x - 11, y - 8), _dir(150 - 150 * grip), 14)]
    cv.line(6, thumb, 9.0, "#fff")
    cv.line(6, thumb, 6.0)


def _prop(
    cv: _Canvas, pr: Prop, fr: _Frame, seat_h: float, kinds: AbstractSet[str], cur: _Frame
) -> None:
    """Draw one prop against the landmark of ``fr`` it is placed at (``cur``: the figure of
    the panel, which a fixed band runs to)."""
    p, f, k = fr.pts, fr.fig, pr.kind
    a = _add(p[pr.at or _ANCHOR.get(k, "near_hand")], (pr.dx, pr.dy))
    s = 1.0 if a[0] >= p["pelvis"][0] - 1 else -1.0  # which way the prop extends
    top, r, x = a[1] - LIMB_W / 2, LIMB_W / 2, a[0]
    layer = 3 if (pr.at or "").startswith("far") else 6
    if k in ("counter", "counter_beside") and f.view == "front":
        x0, x1 = p["pelvis"][0] - 32, p["pelvis"][0] + 32
        x0, x1 = (x0, x1) if k == "counter" else (x - 4 * s, x + 30 * s)
        cv.rect(0, (x0, 0, x1, top), ext=False)
        cv.line(0, [(x0, top), (x1, top)], 3.5, PROP)
    elif k == "counter":  # facing it, hands on the near edge of the top
        cv.rect(0, (x - 3 * s, 0, x + 40 * s, top - 1.5), ext=False)
        cv.line(0, [(x - 5 * s, top - 1.5), (x + 12 * s, top - 1.5)], 3.5, PROP)
        cv.line(0, [(x + 12 * s, top - 1.5), (x + 40 * s, top - 1.5)], 3.5, PROP, False)
    elif k == "counter_beside":  # alongside the body, beyond it: the far hand rests on its end
        cv.rect(0, (x - 6 * s, 0, x + 44 * s, top), PALE, ext=False)
        cv.line(0, [(x - 8 * s, top), (x + 6 * s, top)], 3.0, PROP)
        cv.line(0, [(x + 6 * s, top), (x + 44 * s, top)], 3.0, PROP, False)
    elif k == "table":
        cv.line(0, [(x - 4 * s, top - 1.5), (x + 30 * s, top - 1.5)], 3.5, PROP)
        for leg in (x, x + 30 * s):
            cv.line(0, [(leg, top), (leg, 0)], 2.5, PROP)
    elif k == "wall":
        wx = x + r * s
        if pr.at == "back":
            wx, s = min(p[n][0] - TORSO_W / 2 for n in ("pelvis", "chest", "neck")), -1.0
        cv.rect(0, (wx, 0, wx + 9 * s, 122), ext=False)
    elif k == "doorway" and f.view == "front":
        xl, xr = p["near_hand"][0] - r - 7, p["far_hand"][0] + r + 7
        for box in ((xl, 0, xl + 6, 116), (xr - 6, 0, xr, 116), (xl, 110, xr, 116)):
            cv.rect(0, box)
    elif k == "doorway":
        cv.rect(0, (x - 5, 0, x + 5, 116))
        cv.rect(0, (x - 5, 110, x + 30, 116), ext=False)
    elif k in ("chair", "armchair"):
        xf, xb, seat = _chair(cv, pr, fr, (a, s), seat_h - 5 * ("cushion" in kinds))
        if "cushion" in kinds:
            cv.rect(0, (xf, seat, xb, seat + 5), "#bdbdbd")
        if k == "armchair" and f.view == "side":  # an arm rest, on a post at the front
            rest, d = seat_h + ARM_REST, math.copysign(2.5, xf - xb)
            cv.line(0, [(xf - d, seat), (xf - d, rest)], 3.0, PROP)
            cv.line(0, [(xb, rest), (xf, rest)], 4.0, PROP)
    elif k == "door_anchor":  # a door seen edge on, shut on an anchor: the band runs to it
        x0 = x + 2 * s
        cv.rect(0, (x0, 0, x0 + 4 * s, 116), ext=False)
        cv.extent += [(x0 + 4 * s, a[1])]
        cv.rect(6, (x0 - 1.5 * s, a[1] - 2.5, x0 + 1 * s, a[1] + 2.5), INK)
        hands = cur.pts
        cv.line(3, [hands["far_hand"], (x0 - s, a[1])], 1.8, "#777")
        cv.line(6, [hands["near_hand"], (x0 - s, a[1])], 1.8, "#333")
    elif k == "pillow" and pr.at in ("knees", "near_knee", "far_knee"):
        gap = math.dist(p["near_knee"], p["far_knee"])
        size = (5.5, max(4.0, gap / 2 - 1))
        cv.oval(3, _mid(p["near_knee"], p["far_knee"]), size, "#a8a8a8", PROP, 1.5)
    elif k == "bike":  # saddle, crank between the feet, flywheel in front, handlebars
        feet = [_mid(p[f"{sd}_ankle"], p[f"{sd}_toe"], 0.4) for sd in ("near", "far")]
        c, sd = _mid(feet[0], feet[1]), (p["pelvis"][0], p["pelvis"][1] - TORSO_W / 2 - 1)
        wheel, bar, crank = (c[0] + 22, 13.0), _add(p["hands"], (2, -3)), math.dist(*feet) / 2 + 2
        cv.oval(0, wheel, (12, 12), FILL, PROP, 2.2)
        cv.oval(0, c, (crank, crank), "none", PROP, 1.6)
        cv.line(0, [sd, c, wheel, bar], 3.0, PROP)
        cv.line(0, [(c[0] - 14, 1), (wheel[0] + 12, 1)], 3.0, PROP)
        cv.line(0, [_add(sd, (-6, 0)), _add(sd, (6, 0))], 4.0, PROP)
    elif k == "pool_water":
        waves = [(x - 80 + 5 * i, top + 1.2 * math.sin(i * 1.6)) for i in range(33)]
        cv.rect(0, (waves[0][0], 0, waves[-1][0], top), "#e9e9e9", ext=False)
        cv.line(6, waves, 1.8, PROP, False)
    elif k == "dumbbell":
        cv.line(layer, [_add(a, (-6, 0)), _add(a, (6, 0))], 2.5)
        for dx in (-8.0, 4.5):
            cv.rect(layer, (x + dx, a[1] - 4, x + dx + 3.5, a[1] + 4), "#333")
    elif k == "kettlebell":
        cv.oval(layer, _add(a, (0, -2)), (3.2, 3.2), "none", "#333", 2.2)
        cv.oval(layer, _add(a, (0, -9)), (6.5, 6.5), "#777", "#fff", 1.2)
    elif k == "barbell":  # the bar seen a little from the side, a plate at each end
        ends = [_add(a, (-10 * sg, 4 * sg)) for sg in (1, -1)]
        cv.oval(3, ends[0], (3, 9.5), "#9a9a9a", INK, 1.8)
        cv.line(6, ends, 3.0)
        cv.oval(6, ends[1], (3, 9.5), "#9a9a9a", INK, 1.8)
    elif k == "bag":
        cv.line(layer, [_add(a, (-3, -6)), a, _add(a, (3, -6))], 1.5, "#333")
        bag = [_add(a, q) for q in ((-5, -5), (5, -5), (6.5, -19), (-6.5, -19))]
        cv.poly(layer, bag, "#9a9a9a", "#333")
    elif k == "ball":
        radius = 13 - 3 * f.grip if f.place == "hand" else 4.5
        cv.oval(4, a, (radius, radius), "#bdbdbd", "#fff", 1.6)
    elif k == "band":
        cv.line(6, [a, p[pr.to or "near_toe"]], 1.8, "#333")
    elif k == "ankle_weight":
        u = _dir(_heading(a, p[(pr.at or "near_ankle").split("_")[0] + "_knee"]))
        cv.line(layer, [_add(a, u, 1), _add(a, u, 5)], 9.0, "#555")
    elif k == "stick":
        b, u = _add(a, _dir(fr.up + 90), 2.2), _dir(fr.up)
        cv.line(6, [_add(b, u, -28), _add(b, u, 22)], 2.8, "#333")
    elif k == "backpack":
        c, u, n = _add(a, _dir(fr.up + 90), 4.5), _dir(fr.up), _dir(fr.up + 90)
        corners = ((1, -1), (1, 1), (-1, 1), (-1, -1))
        cv.poly(6, [_add(_add(c, u, su * 7), n, sn * 4) for su, sn in corners], "#666", INK)
    elif k == "shoulder_blades":  # seen from behind: spine and two blades, dx moves them in
        c, u, v = _mid(p["near_shoulder"], p["far_shoulder"]), _dir(fr.up - 90), _dir(fr.up)
        cv.line(6, [_add(c, v, -2), _add(c, v, -24)], 1.4, "#fff")
        for sg in (-1, 1):
            apex = _add(c, v, -3)
            blade = [_add(apex, u, sg * (w + pr.dx)) for w in (3.5, 9.5)]
            blade.append(_add(_add(c, v, -16), u, sg * (4.5 + pr.dx)))
            cv.poly(6, blade, "#a6a6a6", "#fff", 1.2)
    elif k == "music":
        n = _add(a, (18, 4))
        cv.oval(6, n, (2.6, 2.2), "#333")
        cv.line(6, [_add(n, (2.2, 0)), _add(n, (2.2, 11)), _add(n, (6, 7))], 1.6, "#333")


def _chair(cv: _Canvas, pr: Prop, fr: _Frame, at: tuple[P, float], seat: float) -> P3:
    """A chair under a seated figure, behind a standing one, or in front of the hands; gives
    the front and back of its seat and the seat height."""
    p, (a, s) = fr.pts, at
    if fr.fig.view == "front":
        x = p["pelvis"][0]
        cv.rect(0, (x - 14, seat, x + 14, seat + 30))
        cv.line(0, [(x - 15, seat), (x + 15, seat)], 3.5, PROP)
        for leg in (x - 13, x + 13):
            cv.line(0, [(leg, seat), (leg, 0)], 2.5, PROP)
        return x - 14, x + 14, seat
    if pr.at in ("hands", "near_hand", "far_hand"):
        xf, xb, seat = a[0] - 4 * s, a[0] + 16 * s, a[1] - LIMB_W / 2
    elif fr.fig.place == "seated" or pr.at == "pelvis":
        xf, xb = p["pelvis"][0] + 14, p["pelvis"][0] - 6
    else:
        xf = min(p["near_heel"][0], p["far_heel"][0], p["pelvis"][0]) - 2
        xb = xf - 20
    cv.line(0, [(xb, seat + 28), (xb, 0)], 3.0, PROP)
    cv.line(0, [(xf, seat), (xf, 0)], 3.0, PROP)
    cv.line(0, [(xf, seat), (xb, seat)], 4.0, PROP)
    return xf, xb, seat


Surface = tuple[float, float, float, str]  # x0, x1, top, kind


def _ground(props: tuple[Prop, ...], frames: list[_Frame], i: int) -> list[Surface]:
    """The surfaces frame ``i`` may rest on: bed, mat, step, stairs, pillows, towels."""
    out: list[Surface] = []
    for pr in sorted(props, key=lambda q: q.kind in ("pillow", "towel")):
        between_knees = pr.kind == "pillow" and pr.at in ("knees", "near_knee", "far_knee")
        if pr.kind not in ("bed", "mat", "step", "stairs_rail", "pillow", "towel") or between_knees:
            continue
        default = {"bed": "both", "mat": "both", "stairs_rail": "start"}.get(pr.kind, "each")
        mode = default if pr.frame == "each" else pr.frame
        src = {"each": [frames[i]], "start": frames[:1], "end": frames[1:], "both": frames}[mode]
        if pr.kind in ("bed", "mat"):
            xs = [x for fr in src for name, (x, _) in fr.pts.items() if name != "chest"]
            out.append((min(xs) - 8, max(xs) + 8, BED_H if pr.kind == "bed" else 2.5, pr.kind))
            continue
        x = src[0].pts[pr.at or _ANCHOR[pr.kind]][0] + pr.dx
        if pr.kind == "step":
            out.append((x - 5, x + 23, 8.0, "step"))
        elif pr.kind == "stairs_rail":
            out += [(x - 4 + 16 * j, x + 90, 8.0 * (j + 1), "stairs") for j in range(5)]
        else:
            thick = 5.0 if pr.kind == "pillow" else 4.0
            out.append((x - 9, x + 9, _height(out, x) + thick, pr.kind))
    return out


def _height(surfaces: list[Surface], x: float) -> float:
    """The top of whatever is under ``x``: the floor is 0."""
    return max([top for x0, x1, top, _ in surfaces if x0 <= x <= x1] + [0.0])


def _draw_ground(cv: _Canvas, surfaces: list[Surface], fr: _Frame) -> None:
    for x0, x1, t, kind in surfaces:
        if kind == "bed":
            cv.rect(0, (x0, t - 5, x1, t), "#d6d6d6")
            for x in (x0 + 3, x1 - 3):
                cv.line(0, [(x, t - 5), (x, 0)], 3.0, PROP)
        elif kind == "stairs" and t == 8:  # one outline for all steps, and a rail by the hand
            edge = [(x0 + 16 * j, 8.0 * (j + dy)) for j in range(5) for dy in (0, 1)]
            cv.put(0, "polygon", [*edge, (x1, 40.0), (x1, 0.0)], False, fill=FILL, stroke=PROP)
            cv.extent += [(x0, 0.0), (x0 + 30, 16.0)]
            h, slope = fr.pts["near_hand"], 0.5
            y0 = h[1] - LIMB_W / 2 - (h[0] - x0) * slope
            cv.line(0, [(x0 - 4, y0 - 2), (x0 + 90, y0 + 45)], 3.0, PROP, False)
            cv.line(0, [(x0 - 2, y0 - 1), (x0 - 2, 0)], 2.4, PROP)
        elif kind in ("pillow", "towel"):
            cv.rect(0, (x0, t - (5 if kind == "pillow" else 4), x1, t), "#a8a8a8", rx=2.5)
        elif kind != "stairs":
            cv.rect(0, (x0, 0, x1, t), "#bdbdbd" if kind == "mat" else FILL)


def _draw_guide(cv: _Canvas, guide: Guide, frames: list[_Frame]) -> None:
    p = frames[0 if guide.frame == "start" else 1].pts
    a = _add(p[guide.at], (guide.dx, guide.dy))
    if guide.to is None:
        ends = [_add(a, (0, -guide.length / 2)), _add(a, (0, guide.length / 2))]
    else:
        b = _add(p[guide.to], (guide.dx, guide.dy))
        ends = [b, _add(b, _dir(_heading(a, b)), guide.beyond)]
    dashes = {"stroke_dasharray": (3.5, 2.5), "stroke_linecap": "round"}
    cv.put(6, "polyline", ends, fill="none", stroke="#555", stroke_width=1.4, **dashes)


def _draw_arrow(cv: _Canvas, arrow: Arrow, frames: list[_Frame]) -> None:
    off, size = (arrow.dx, arrow.dy), arrow.size
    a = _add(frames[0 if arrow.panel == "start" else 1].pts[arrow.at], off)
    if arrow.kind == "impact":
        for d in (165, 130, 50, 15):
            cv.line(7, [_add(a, _dir(d), 3), _add(a, _dir(d), 3 + size * 0.8)], 1.8)
    elif arrow.kind in ("circle", "turn"):
        ry = size * (0.32 if arrow.kind == "turn" else 0.75)
        turns = [math.radians(t) for t in range(-60, 235, 15)]
        cv.arrow([_add(a, (size * math.cos(t), ry * math.sin(t))) for t in turns])
    else:
        b = _add(a, (arrow.vx, arrow.vy))
        if arrow.kind == "move":
            a, b = (_add(fr.pts[arrow.at], off) for fr in frames)
        length = math.dist(a, b)
        if length >= 2:
            side = ((a[1] - b[1]) / length, (b[0] - a[0]) / length)
            c = _add(_mid(a, b), side, arrow.bend * length)
            curve = [_mid(_mid(a, c, t), _mid(c, b, t), t) for t in (i / 12 for i in range(13))]
            cv.arrow(curve, arrow.double)


def _place(pose: ExercisePose) -> tuple[list[_Frame], list[list[Surface]]]:
    """Both figures, each dropped onto whatever is beneath it."""
    frames = [_Frame(pose.start), _Frame(pose.end)]
    grounds = [_ground(pose.props, frames, i) for i in range(2)]
    for fr, surfaces in zip(frames, grounds, strict=True):
        if fr.fig.place != "hand":
            drop = max(_height(surfaces, c[0]) + r - c[1] for c, r in fr.contacts())
            fr.shift(0, fr.fig.lift + drop)
    return frames, grounds


def _view(pose: ExercisePose, frames: list[_Frame], panels: list[_Canvas]) -> Box:
    """The part of the drawing each panel shows (x, y of its lower left corner, width, height,
    in body units): all of both figures and their props, or a square close-up of the head or
    the feet."""
    if pose.zoom == "full":
        xs, ys = zip(*(q for cv in panels for q in cv.extent), strict=True)
        x0, y0 = min(xs) - PAD, min(ys) - PAD
        return x0, y0, max(xs) + PAD - x0, max(ys) + PAD - y0
    names = ["head", "neck", "chest", "back"]
    if pose.zoom == "feet":
        names = ["near_knee", "near_ankle", "near_toe", "near_heel", "far_toe"]
    xs, ys = zip(*(fr.pts[n] for fr in frames for n in names), strict=True)
    size = max(max(xs) - min(xs), max(ys) - min(ys)) + 26
    return (min(xs) + max(xs) - size) / 2, (min(ys) + max(ys) - size) / 2, size, size


def _fit(box: Box) -> tuple[float, float]:
    """The scale that makes ``box`` fill a panel PANEL wide and at most PANEL_H[1] high, less a
    margin, and the panel height (at least PANEL_H[0], so short pictures are not slivers)."""
    usable = PANEL - 2 * MARGIN, PANEL_H[1] - 2 * MARGIN
    scale = min(usable[0] / box[2], usable[1] / box[3])
    return scale, max(PANEL_H[0], box[3] * scale + 2 * MARGIN)


def render_pose_svg(pose: ExercisePose, *, width: int = 360, label: str | None = None) -> str:
    """The start (left) and finish (right) pictures as one inline ``<svg>``, a chevron between
    them; ``label`` is its accessible name. The figures fill their panels, so the height varies
    with the pose (from PANEL_H[0] to PANEL_H[1] for each PANEL of width). The SVG holds no
    text: the page prints the "Start" and "Finish" captions above it, in its own type, one over
    each half."""
    frames, grounds = _place(pose)
    seated = [fr.pts["pelvis"][1] - TORSO_W / 2 for fr in frames if fr.fig.place == "seated"]
    seat_h, kinds = (min(seated) if seated else 23.0), {pr.kind for pr in pose.props}
    k = 1.0 if pose.zoom == "full" else math.sqrt(_view(pose, frames, [])[2] / PANEL)
    panels = [_Canvas(k), _Canvas(k)]
    for i, (fr, cv) in enumerate(zip(frames, panels, strict=True)):
        _body(cv, fr)
        if i == 1 and pose.ghost:
            _body(cv, frames[0], ghost=True)
        for pr in pose.props:
            if pr.panel != "both" and (pr.panel == "end") != (i == 1):
                continue
            src = fr if pr.frame in ("each", "both") else frames[0 if pr.frame == "start" else 1]
            _prop(cv, pr, src, seat_h, kinds, fr)
        _draw_ground(cv, grounds[i], fr)
        for guide in pose.guides:
            _draw_guide(cv, guide, frames)
        for arrow in pose.arrows:
            if (arrow.panel == "end") == (i == 1):
                _draw_arrow(cv, arrow, frames)
    box = _view(pose, frames, panels)
    (scale, height), drawn = _fit(box), []
    x0 = box[0] - (PANEL / scale - box[2]) / 2  # the panel's left edge, centring the drawing
    for i, cv in enumerate(panels):
        if frames[i].fig.place != "hand":
            cv.line(-1, [(x0 - 5, 0.0), (x0 + (PANEL + 5) / scale, 0.0)], 2.5, PROP, False)
        ox = i * (PANEL + GAP) - x0 * scale
        bottom = MARGIN if pose.zoom == "full" else (height - box[3] * scale) / 2
        drawn.append(cv.svg(ox, height - bottom + box[1] * scale, scale))
    key = hashlib.sha1("".join(drawn).encode(), usedforsecurity=False).hexdigest()[
        :10
    ]  # same picture, same ids
    parts = []
    for i, body in enumerate(drawn):
        x, clip = i * (PANEL + GAP), f"fig-{key}-{i}"
        parts.append(
            f'<clipPath id="{clip}"><rect x="{_num(x)}" y="0" width="{_num(PANEL)}" '
            f'height="{_num(height)}"/></clipPath><g clip-path="url(#{clip})">{body}</g>'
        )
    total_w, mid = 2 * PANEL + GAP, height / 2
    chevron = [(PANEL + 4, -(mid - 10)), (PANEL + GAP - 4, -mid), (PANEL + 4, -(mid + 10))]
    name = escape(label or "Exercise picture: start and finish positions", {'"': "&quot;"})
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{name}" width="{width}" '
        f'height="{_num(width * height / total_w)}" viewBox="0 0 {_num(total_w)} '
        f'{_num(height)}"><title>{name}</title>{"".join(parts)}'
        f'<polyline points="{_pts(chevron)}" fill="none" stroke="#9a9a9a" stroke-width="2.5" '
        f'stroke-linecap="round" stroke-linejoin="round"/></svg>'
    )
