"""The facts a rule may test: typed, named values derived once from a profile.

Rules never read the raw profile. They name a fact here (``fall_risk``, ``fracture_count``), and
the rulebook loader checks each name and value against :data:`FACTS` before any profile is seen.
Definitions follow guidance.md section 10.0 (fracture count, osteoporosis by density, healing
fracture, vertebral pain).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, get_args

from planner.profile.model import Fracture, Profile
from planner.vocabulary import ABILITIES, FALL_RISKS, BoneStatus, RedFlag, Sex

FactKind = Literal["bool", "number", "ordered", "choice", "set"]
HEALING_WEEKS = 12


@dataclass(frozen=True)
class FactSpec:
    kind: FactKind
    description: str
    choices: tuple[str, ...] = ()


FACTS: dict[str, FactSpec] = {
    "age": FactSpec("number", "age in years"),
    "sex": FactSpec("choice", "female, male or other", get_args(Sex)),
    "ability": FactSpec("ordered", "functional ability", ABILITIES),
    "fall_risk": FactSpec("ordered", "effective falls-risk grade (guidance 4.8)", FALL_RISKS),
    "bone_status": FactSpec("choice", "bone density category", get_args(BoneStatus)),
    "osteoporosis_by_density": FactSpec(
        "bool", "bone_status osteoporosis or a T-score of -2.5 or lower"
    ),
    "t_score": FactSpec("number", "T-score, when measured"),
    "falls_12m": FactSpec("number", "falls in the last 12 months"),
    "injurious_fall_12m": FactSpec("bool", "an injurious fall in the last 12 months"),
    "long_lie_12m": FactSpec("bool", "on the floor for an hour or more after a fall"),
    "syncope_suspected": FactSpec("bool", "suspected syncope"),
    "unsteady": FactSpec("bool", "feels unsteady standing or walking"),
    "fear_of_falling": FactSpec("bool", "worries about falling"),
    "tug_s": FactSpec("number", "Timed Up and Go in seconds, when measured"),
    "back_pain": FactSpec("number", "back pain 0-10 (0 when not given)"),
    "kyphosis": FactSpec("bool", "hyperkyphosis"),
    "red_flags": FactSpec("set", "red flags reported", get_args(RedFlag)),
    "any_red_flag": FactSpec("bool", "at least one red flag reported"),
    "supervision_available": FactSpec("bool", "a physiotherapist or instructor can supervise"),
    "fracture_count": FactSpec(
        "number", "listed fractures (a vertebral entry counts `count` times) plus prior_fractures"
    ),
    "vertebral_fracture_count": FactSpec("number", "vertebral fractures listed"),
    "healing_fracture": FactSpec(
        "bool", "any fracture under 12 weeks (boundary inclusive unless cleared) or in a cast"
    ),
}


def window_under(weeks: float, limit: float, cleared: bool) -> bool:
    """A window "< limit weeks" still holds on its last day unless the fracture is cleared."""
    return weeks < limit or (weeks == limit and not cleared)


def is_healing(profile: Profile, fracture: Fracture) -> bool:
    """Healing fracture (guidance 10.0 definition 3)."""
    weeks = profile.weeks_since(fracture)
    return fracture.in_cast or window_under(weeks, HEALING_WEEKS, fracture.cleared)


def profile_facts(profile: Profile) -> dict[str, Any]:
    """Every fact of :data:`FACTS` for one profile."""
    fall_risk, _ = profile.effective_fall_risk()
    vertebral = sum(f.count for f in profile.fractures if f.site == "vertebral")
    listed = sum(f.count for f in profile.fractures)
    t_score = profile.t_score
    return {
        "age": profile.age,
        "sex": profile.sex,
        "ability": profile.ability,
        "fall_risk": fall_risk,
        "bone_status": profile.bone_status,
        "osteoporosis_by_density": profile.bone_status == "osteoporosis"
        or (t_score is not None and t_score <= -2.5),
        "t_score": t_score,
        "falls_12m": profile.falls_12m,
        "injurious_fall_12m": profile.injurious_fall_12m,
        "long_lie_12m": profile.long_lie_12m,
        "syncope_suspected": profile.syncope_suspected,
        "unsteady": profile.unsteady,
        "fear_of_falling": profile.fear_of_falling,
        "tug_s": profile.tug_s,
        "back_pain": profile.back_pain or 0,
        "kyphosis": profile.kyphosis,
        "red_flags": frozenset(profile.red_flags),
        "any_red_flag": bool(profile.red_flags),
        "supervision_available": profile.supervision_available,
        "fracture_count": listed + profile.prior_fractures,
        "vertebral_fracture_count": vertebral,
        "healing_fracture": any(is_healing(profile, f) for f in profile.fractures),
    }
