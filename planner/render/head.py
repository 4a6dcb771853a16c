"""What both documents print at their head: the patient, the clinic and the plan's dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from planner.plan import Plan
from planner.render.clinic import Clinic
from planner.render.wording import long_date


def document_head(plan: Plan, clinic: Clinic, today: dt.date) -> dict[str, Any]:
    """What both documents print at their head."""
    return {
        "name": plan.profile.name,
        "patient_id": plan.profile.id,
        "today": long_date(today),
        "clinic": clinic,
        "address_lines": (clinic.address or "").splitlines(),
        "start": long_date(plan.start_date),
        "review": long_date(plan.review_date),
        "stopped": not plan.weeks,
        "block": plan.programme.block,
        "programme_weeks": (
            f"weeks {plan.programme.week} to {plan.programme.week + len(plan.weeks) - 1}"
            if plan.weeks
            else None
        ),
    }
