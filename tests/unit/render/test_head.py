"""What both documents print at their head: who the plan is for, who gave it and its dates."""

from __future__ import annotations

import datetime as dt

from planner import Rulebook, build_plan
from planner.render.clinic import Clinic
from planner.render.head import document_head
from tests.conftest import make_profile

TODAY = dt.date(2026, 11, 23)


def test_the_head_names_the_patient_the_clinic_and_the_plans_dates(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(id="P-7", name="Ann Example"), rulebook, weeks=12)
    clinic = Clinic(name="Riverside", phone="0161 555 0123", address="1 River Road\nTownley")
    head = document_head(plan, clinic, TODAY)
    assert head == {
        "name": "Ann Example",
        "patient_id": "P-7",
        "today": "Monday 23 November 2026",
        "clinic": clinic,
        "address_lines": ["1 River Road", "Townley"],
        "start": "Monday 23 November 2026",
        "review": "Monday 15 February 2027",
        "stopped": False,
        "block": 1,
        "programme_weeks": "weeks 1 to 12",
    }
    assert plan.start_date == dt.date(2026, 11, 23)
    assert plan.review_date == dt.date(2027, 2, 15)


def test_an_anonymous_plan_and_a_clinic_without_an_address(rulebook: Rulebook) -> None:
    head = document_head(build_plan(make_profile(), rulebook), Clinic(), dt.date(2026, 12, 1))
    assert head["name"] is None and head["patient_id"] is None
    assert head["address_lines"] == []
    assert head["today"] == "Tuesday 1 December 2026", "the day the handout is given"


def test_a_stopped_plan_has_no_review_date(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(red_flags=["chest_symptoms"]), rulebook)
    head = document_head(plan, Clinic(), TODAY)
    assert head["stopped"] is True and head["review"] is None
