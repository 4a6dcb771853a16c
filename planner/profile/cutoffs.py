"""The falls re-tests' published cut-offs (guidance 12.2) and a patient's results judged by them.

The profile carries the latest result of each test, as it carries the TUG; a result past its
cut-off places the patient at intermediate falls risk at least (guidance 4.8, extended by
R-REV-16 from the TUG to the other tests). A test not done says nothing.
"""

from __future__ import annotations

from typing import Protocol

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
TUG_AT_RISK_S = 12.0  # [STEADI], the project's flag (section 8)
TANDEM_STAGE = 3  # 4-stage balance: the tandem stance held 10 s [STEADI-4SBT]
ONE_LEG_MIN_S = 5.0  # [VELLAS1997]


class Results(Protocol):
    """The re-test results a profile or a visit records; None: not done."""

    @property
    def tug_s(self) -> float | None: ...

    @property
    def chair_stands(self) -> int | None: ...

    @property
    def balance_stage(self) -> int | None: ...

    @property
    def one_leg_s(self) -> float | None: ...


def chair_stand_norm(age: int, sex: str | None) -> int | None:
    """The fewest stands that are not below average; the men's figure when sex is not female
    (the higher, more cautious one). None outside 60-94."""
    for (low, high), (men, women) in CHAIR_STAND_NORMS.items():
        if low <= age <= high:
            return women if sex == "female" else men
    return None


def past_cutoffs(tests: Results, age: int, sex: str | None) -> list[str]:
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
