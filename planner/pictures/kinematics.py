"""Forward kinematics: a figure's landmarks from fixed segment lengths and its joint angles."""

from __future__ import annotations

from planner.pictures.geometry import P, between, offset, unit
from planner.pictures.pose import PLACE_DEFAULTS, Figure

#: Segment lengths in body units: lower and upper trunk, neck, upper arm, forearm, thigh, shin.
SEGMENTS = dict(lower=14.0, upper=16.0, neck=3.5, uarm=16.0, farm=15.0, thigh=23.0, shin=22.0)
#: The head's radius and the drawn thickness of the trunk and of a near limb.
HEAD_R, TORSO_W, LIMB_W = 6.5, 8.5, 5.5


class Skeleton:
    """One figure's landmarks (``points``), placed in the picture, and the headings in degrees
    of its lower and upper trunk (``lower``, ``upper``)."""

    def __init__(self, fig: Figure) -> None:
        self.fig, p = fig, {"pelvis": (0.0, 0.0)}
        trunk = fig.trunk if fig.trunk is not None else PLACE_DEFAULTS[fig.place]["trunk"]
        self.lower = 90 - trunk
        self.upper = self.lower - fig.spine if fig.view == "side" else self.lower
        p["chest"] = offset(p["pelvis"], unit(self.lower), SEGMENTS["lower"])
        p["neck"] = offset(p["chest"], unit(self.upper), SEGMENTS["upper"])
        p["head"] = offset(p["neck"], unit(self.upper - fig.neck), SEGMENTS["neck"] + HEAD_R)
        p["back"] = offset(between(p["chest"], p["neck"], 0.6), unit(self.upper + 90), TORSO_W / 2)
        for side, sgn in (("near", -1), ("far", 1)):
            p |= self._limbs(p, side, sgn)
        for joint, both in (("hand", "hands"), ("knee", "knees"), ("ankle", "feet")):
            p[both] = between(p[f"near_{joint}"], p[f"far_{joint}"])
        self.points = p
        self.shift(fig.x - (p["feet"][0] if fig.place == "standing" else 0.0), 0.0)
        if fig.place == "hand":  # a close-up: the hand is drawn round this point
            self.points["near_hand"] = self.points["hands"] = (0.0, 12.0)

    def _limbs(self, p: dict[str, P], side: str, sgn: int) -> dict[str, P]:
        f, out = self.fig, dict[str, P]()
        ang = {j: f.angle(side, j) or 0.0 for j in ("hip", "knee", "shoulder", "elbow")}
        shoulder, hip, thigh = p["neck"], p["pelvis"], SEGMENTS["thigh"]
        if f.view == "side":
            ua = self.upper + 180 + ang["shoulder"]
            fa, th = ua + ang["elbow"], self.lower + 180 + ang["hip"]
            sh = th - ang["knee"]
        else:
            perp = unit(self.lower - 90)
            shoulder, hip = offset(shoulder, perp, 9 * sgn), offset(hip, perp, 5 * sgn)
            ua = self.lower + 180 + sgn * ang["shoulder"]
            fa, th = ua + sgn * ang["elbow"], self.lower + 180 + sgn * ang["hip"]
            sh, thigh = th + sgn * ang["knee"], thigh * (0.22 if f.place == "seated" else 1)
        out["shoulder"], out["hip"] = shoulder, hip
        out["elbow"] = offset(shoulder, unit(ua), SEGMENTS["uarm"])
        out["hand"] = offset(out["elbow"], unit(fa), SEGMENTS["farm"])
        out["knee"] = offset(hip, unit(th), thigh)
        out["ankle"] = ankle = offset(out["knee"], unit(sh), SEGMENTS["shin"])
        if f.view == "front":
            sole, toes = offset(ankle, unit(sh), 3), unit(sh + 90 * sgn)
            out["heel"], out["toe"] = offset(sole, toes, -1), offset(sole, toes, 4)
        else:
            given = f.angle(side, "ankle")
            if given is not None:
                foot = sh + 90 + given
            elif abs((sh - 90) % 360 - 180) < 55:  # shin upright: foot flat on the floor
                foot = 0.0
            else:  # lying or kneeling: toes up, or pointed back rather than into the surface
                foot = sh + 90 if unit(sh + 90)[1] > -0.5 else sh + 20
            sole = offset(ankle, unit(foot - 90), 3)
            out["heel"], out["toe"] = offset(sole, unit(foot), -2.5), offset(sole, unit(foot), 9)
        return {f"{side}_{name}": q for name, q in out.items()}

    def shift(self, dx: float, dy: float) -> None:
        """Move every landmark by (dx, dy)."""
        self.points = {k: (x + dx, y + dy) for k, (x, y) in self.points.items()}

    def contacts(self) -> list[tuple[P, float]]:
        """Points that may rest on a surface, with the thickness drawn round them."""
        p, thick = self.points, dict.fromkeys(("pelvis", "chest", "neck"), TORSO_W / 2)
        out = [(q, thick.get(n, LIMB_W / 2)) for n, q in p.items() if n not in ("back", "head")]
        for s in ("near", "far"):
            out += [(between(p[f"{s}_hip"], p[f"{s}_knee"]), LIMB_W / 2)]
            out += [(between(p[f"{s}_knee"], p[f"{s}_ankle"]), LIMB_W / 2)]
        return [*out, (p["head"], 5.0)]
