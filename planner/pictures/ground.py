"""What the figures rest on: the floor, a bed, mat, step, stairs, pillows and towels; each
figure is dropped onto whatever is beneath it."""

from __future__ import annotations

from planner.pictures.kinematics import LIMB_W, Skeleton
from planner.pictures.pose import ExercisePose, Prop
from planner.pictures.svg import FILL, PROP, Canvas

BED_H = 21.0  # the height of a bed's top
#: The prop kinds a figure may rest on (a pillow between the knees is not one: it is held).
SURFACE_KINDS = frozenset(("bed", "mat", "step", "stairs_rail", "pillow", "towel"))
Surface = tuple[float, float, float, str]  # x0, x1, top, kind


def is_surface(prop: Prop) -> bool:
    """Whether the prop is something a figure may rest on, drawn as a surface."""
    between_knees = prop.kind == "pillow" and prop.at in ("knees", "near_knee", "far_knee")
    return prop.kind in SURFACE_KINDS and not between_knees


def surfaces(props: tuple[Prop, ...], frames: list[Skeleton], i: int) -> list[Surface]:
    """The surfaces frame ``i`` may rest on: bed, mat, step, stairs, pillows, towels."""
    out: list[Surface] = []
    for pr in sorted(props, key=lambda q: q.kind in ("pillow", "towel")):
        if not is_surface(pr):
            continue
        default = {"bed": "both", "mat": "both", "stairs_rail": "start"}.get(pr.kind, "each")
        mode = default if pr.frame == "each" else pr.frame
        src = {"each": [frames[i]], "start": frames[:1], "end": frames[1:], "both": frames}[mode]
        if pr.kind in ("bed", "mat"):
            xs = [x for fr in src for name, (x, _) in fr.points.items() if name != "chest"]
            out.append((min(xs) - 8, max(xs) + 8, BED_H if pr.kind == "bed" else 2.5, pr.kind))
            continue
        x = src[0].points[pr.landmark][0] + pr.dx
        if pr.kind == "step":
            out.append((x - 5, x + 23, 8.0, "step"))
        elif pr.kind == "stairs_rail":
            out += [(x - 4 + 16 * j, x + 90, 8.0 * (j + 1), "stairs") for j in range(5)]
        else:
            thick = 5.0 if pr.kind == "pillow" else 4.0
            out.append((x - 9, x + 9, height_at(out, x) + thick, pr.kind))
    return out


def height_at(under: list[Surface], x: float) -> float:
    """The top of whatever is under ``x``: the floor is 0."""
    return max([top for x0, x1, top, _ in under if x0 <= x <= x1] + [0.0])


def place_figures(pose: ExercisePose) -> tuple[list[Skeleton], list[list[Surface]]]:
    """Both figures, each dropped onto whatever is beneath it, and those surfaces."""
    frames = [Skeleton(pose.start), Skeleton(pose.end)]
    grounds = [surfaces(pose.props, frames, i) for i in range(2)]
    for fr, under in zip(frames, grounds, strict=True):
        if fr.fig.place != "hand":
            drop = max(height_at(under, c[0]) + r - c[1] for c, r in fr.contacts())
            fr.shift(0, fr.fig.lift + drop)
    return frames, grounds


def draw_ground(cv: Canvas, under: list[Surface], fr: Skeleton) -> None:
    """The surfaces under figure ``fr`` (stairs come with a hand rail by its near hand)."""
    for x0, x1, t, kind in under:
        if kind == "bed":
            cv.rect(0, (x0, t - 5, x1, t), "#d6d6d6")
            for x in (x0 + 3, x1 - 3):
                cv.line(0, [(x, t - 5), (x, 0)], 3.0, PROP)
        elif kind == "stairs" and t == 8:  # one outline for all steps, and a rail by the hand
            edge = [(x0 + 16 * j, 8.0 * (j + dy)) for j in range(5) for dy in (0, 1)]
            cv.put(0, "polygon", [*edge, (x1, 40.0), (x1, 0.0)], False, fill=FILL, stroke=PROP)
            cv.extent += [(x0, 0.0), (x0 + 30, 16.0)]
            h, slope = fr.points["near_hand"], 0.5
            y0 = h[1] - LIMB_W / 2 - (h[0] - x0) * slope
            cv.line(0, [(x0 - 4, y0 - 2), (x0 + 90, y0 + 45)], 3.0, PROP, False)
            cv.line(0, [(x0 - 2, y0 - 1), (x0 - 2, 0)], 2.4, PROP)
        elif kind in ("pillow", "towel"):
            cv.rect(0, (x0, t - (5 if kind == "pillow" else 4), x1, t), "#a8a8a8", rx=2.5)
        elif kind != "stairs":
            cv.rect(0, (x0, 0, x1, t), "#bdbdbd" if kind == "mat" else FILL)
