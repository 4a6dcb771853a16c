"""R-REV-1: the patient re-assessed on the visit date, from the last plan and the visit.

The last plan carries the profile it was made for; the visit's facts update it: the visit date
becomes ``assessed_on``, fractures first entered by weeks are dated from the assessment that
entered them, new fractures join uncleared, recorded clearances apply, falls are recounted over
the 52 weeks before the visit, and the re-tests done replace the profile's last results (a test
not done keeps its last one). The falls-risk grade is the profile's own derivation (guidance
4.8), in which a result past its cut-off counts as the TUG does (R-REV-16); the clinician's
``fall_risk`` is never written. Section 10 then judges the new profile like any other.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from planner.plan import Plan
from planner.profile.cutoffs import past_cutoffs
from planner.profile.model import Profile
from planner.review.log_summary import LoggedFall
from planner.review.visit import Visit

YEAR = dt.timedelta(weeks=52)
#: Adjustments that belong to one block only; the rest carry into the next.
ONE_BLOCK = {"hold", "start_on"}


def profile_of(plan: Plan, household: frozenset[str]) -> dict[str, Any]:
    """The profile data a plan was made for (its equipment back as listed and lacking)."""
    p = plan.profile
    data = p.model_dump(mode="json", exclude={"fractures", "equipment", "lacks", "adjust"})
    at_hand = set(p.equipment)
    data["equipment"] = sorted(at_hand - household)
    data["lacks"] = sorted(household - at_hand)
    data["fractures"] = [
        {
            **f.model_dump(mode="json", exclude={"weeks_since", "date", "approach"}),
            "approach": f.approach if f.treatment == "arthroplasty" else None,
            "date": f.dated(p.assessed_on),
        }
        for f in p.fractures
    ]
    for f in data["fractures"]:
        if f["approach"] == "unknown":
            f["approach"] = None
    data["adjust"] = p.adjust.model_dump(
        mode="json", by_alias=True, exclude_defaults=True, exclude=ONE_BLOCK
    )
    return data


def all_falls(visit: Visit, logged: list[LoggedFall]) -> list[LoggedFall]:
    """The falls the visit records and those in the log, one a date (the visit's wins)."""
    told = [
        LoggedFall(f.date, f.injurious, f.long_lie, f.lost_consciousness, f.during)
        for f in visit.falls
    ]
    dates = {f.date for f in told}
    return sorted([*told, *(f for f in logged if f.date not in dates)], key=lambda f: f.date)


def reassess(
    plan: Plan, visit: Visit, falls: list[LoggedFall], household: frozenset[str]
) -> tuple[Profile, list[str]]:
    """The profile on the visit date, and notes for the clinician on what changed."""
    data = profile_of(plan, household)
    before = plan.profile.assessed_on
    notes: list[str] = []
    data["assessed_on"] = visit.visit_date
    recent = [f for f in all_falls(visit, falls) if visit.visit_date - f.date <= YEAR]
    dates = {f.date for f in recent}
    earlier_counts = visit.visit_date - before <= YEAR
    data["falls_12m"] = len(dates) + (plan.profile.falls_12m if earlier_counts else 0)
    data["injurious_fall_12m"] = any(f.injurious for f in recent) or (
        earlier_counts and plan.profile.injurious_fall_12m
    )
    data["long_lie_12m"] = any(f.long_lie for f in recent) or (
        earlier_counts and plan.profile.long_lie_12m
    )
    if any(f.blacked_out for f in recent):
        data["syncope_suspected"] = True
    data["fractures"] += [
        {**f.model_dump(mode="json", exclude={"weeks_since"}), "cleared": False}
        | (
            {"date": f.date or visit.visit_date}
            if f.weeks_since is None
            else {"weeks_since": f.weeks_since}
        )
        for f in visit.new_fractures
    ]
    for clearance in visit.clearances:
        if clearance.fracture > len(data["fractures"]):
            raise ValueError(f"clearance names fracture {clearance.fracture}; there are fewer")
        fracture = data["fractures"][clearance.fracture - 1]
        fracture["cleared"] = clearance.cleared
        if clearance.cast_off:
            fracture["in_cast"] = False
        if clearance.approach is not None:
            fracture["approach"] = clearance.approach
    data["red_flags"] = list(visit.red_flags)
    data.update(visit.changes.model_dump(mode="json", exclude_none=True))
    data.update(visit.retests.results())
    past = past_cutoffs(visit.retests, data["age"], data.get("sex"))
    if past:
        notes.append("re-tests past their cut-offs (R-REV-16): " + "; ".join(past))
    return Profile.model_validate(data), notes
