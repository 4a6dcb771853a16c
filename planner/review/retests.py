"""The optional re-tests of a review visit and their published cut-offs (guidance 12.2).

A test not done changes nothing. A result past its cut-off raises the falls risk to at least
intermediate (R-REV-16); a result inside it never lowers a grade or lifts a restriction.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

#: 30-second chair stand: the fewest stands that are not below average, by age band and sex
#: (men, women) [STEADI-CST]. No norm below 60 or above 94.
CHAIR_STAND_NORMS: dict[tuple[int, int], tuple[int, int]] = {
    (60, 64): (14, 12),
    (65, 69): (12, 11),
    (70, 74): (12, 10),
    (75, 79): (11, 10),
    (80, 84): (10, 9),
    (85, 89): (8, 8),
    (90, 94): (7, 4),
}
TUG_AT_RISK_S = 12.0  # [STEADI], as the profile's own TUG (section 8)
TANDEM_STAGE = 3  # 4-stage balance: the tandem stance held 10 s [STEADI-4SBT]
ONE_LEG_MIN_S = 5.0  # [VELLAS1997]


class ReTests(BaseModel):
    """The re-tests done at an in-person visit; each is optional."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tug_s: float | None = Field(None, ge=1, le=600, description="Timed Up and Go, seconds")
    chair_stands: int | None = Field(
        None, ge=0, le=60, description="30-second chair stand: full stands, arms crossed"
    )
    balance_stage: Literal[0, 1, 2, 3, 4] | None = Field(
        None, description="4-stage balance test: the last stage held 10 s (0: none)"
    )
    one_leg_s: float | None = Field(None, ge=0, le=600, description="single-leg stance, seconds")

    @property
    def done(self) -> bool:
        return any(v is not None for v in self.model_dump().values())


def chair_stand_norm(age: int, sex: str | None) -> int | None:
    """The fewest stands that are not below average; the men's figure when sex is not female
    (the higher, more cautious one). None outside 60-94."""
    for (low, high), (men, women) in CHAIR_STAND_NORMS.items():
        if low <= age <= high:
            return women if sex == "female" else men
    return None


def past_cutoffs(tests: ReTests, age: int, sex: str | None) -> list[str]:
    """Each result past its cut-off, in a clinician's words (empty when none is)."""
    out = []
    if tests.tug_s is not None and tests.tug_s >= TUG_AT_RISK_S:
        out.append(f"Timed Up and Go {tests.tug_s:g} s (12 s or more)")
    norm = chair_stand_norm(age, sex)
    if tests.chair_stands is not None and norm is not None and tests.chair_stands < norm:
        out.append(
            f"30-second chair stand {tests.chair_stands} (below average for age {age}: "
            f"fewer than {norm})"
        )
    if tests.balance_stage is not None and tests.balance_stage < TANDEM_STAGE:
        out.append("4-stage balance test: cannot hold the tandem stance for 10 s")
    if tests.one_leg_s is not None and tests.one_leg_s < ONE_LEG_MIN_S:
        out.append(f"single-leg stance {tests.one_leg_s:g} s (under 5 s)")
    return out
