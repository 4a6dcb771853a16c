"""The pose records of ``rules/poses.yaml`` and :func:`load_poses`.

A record gives the start and finish :class:`Figure`, the props, and optional arrows and dashed
guide lines. Units: a standing figure is about 95 tall, y up; side views face right; angles are
degrees in the drawing plane. Side view: ``trunk`` leans the lower trunk forward (90 lying face
down, -90 lying on the back), ``spine`` rounds the upper trunk (+) or arches it (-), ``neck``
pokes the head forward, ``head`` nods the chin down; ``hip``/``shoulder`` swing the limb forward
from hanging along the trunk, ``elbow``/``knee`` bend, ``ankle`` lifts the toes (unset: foot flat
when the shin is upright). Front view: ``trunk`` tilts sideways, ``hip``/``shoulder`` lift the
limb out to the side, ``elbow`` turns the forearm up; ``near`` is the limb on the picture's left.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

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

#: The angles a figure takes in each place where its record leaves them unset.
PLACE_DEFAULTS: dict[str, dict[str, float]] = {
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
#: The landmark a prop is placed at where its record names none (other kinds: the near hand).
PROP_ANCHORS: dict[str, Landmark] = {
    "counter": "hands",
    "table": "hands",
    "wall": "hands",
    "doorway": "hands",
    "door_anchor": "hands",
    "towel": "back",
    "backpack": "back",
    "stick": "back",
    "barbell": "back",
    "step": "near_heel",
    "stairs_rail": "near_heel",
    "counter_beside": "far_hand",
    "ankle_weight": "near_ankle",
    "pillow": "pelvis",
    "pool_water": "chest",
    "music": "head",
}


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
        value = PLACE_DEFAULTS[self.place].get(joint)
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

    @property
    def landmark(self) -> Landmark:
        """Where it is placed: ``at``, else its kind's usual landmark."""
        return self.at or PROP_ANCHORS.get(self.kind, "near_hand")


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
