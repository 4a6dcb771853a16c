"""The optional re-tests of a review visit (guidance 12.2), judged by the published cut-offs of
:mod:`planner.profile.cutoffs`.

A test not done changes nothing. The tests done become the profile's latest results
(:mod:`.reassess`), from which the falls-risk grade is derived (R-REV-16).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


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

    def results(self) -> dict[str, float]:
        """The results of the tests done, by the profile's field names."""
        return {k: v for k, v in self.model_dump().items() if v is not None}
