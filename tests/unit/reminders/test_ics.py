"""The plan's sessions as an iCalendar file: what a calendar reads back from it, the same bytes
for the same prescription, and nothing that names the patient."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from icalendar import Calendar

from planner import build_plan
from planner.errors import UserError
from planner.plan import Plan
from planner.reminders.ics import PRODID, plan_calendar, plan_days
from planner.render.clinic import Clinic
from planner.rulebook import Rulebook
from tests.conftest import make_profile

NAME = "Margaret Zyxwv"
NOTE = "Walk with your daughter on Saturdays."
SPINE = {"site": "vertebral", "weeks_since": 3, "cause": "lifting"}


@pytest.fixture(scope="module")
def plan(rulebook: Rulebook) -> Plan:
    return build_plan(make_profile(name=NAME, note=NOTE, id="P-77", fractures=[SPINE]), rulebook)


def events(data: bytes) -> list[Any]:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def start(event: Any) -> Any:
    return event.decoded("dtstart")


def test_an_all_day_event_for_each_day_with_exercise_and_one_for_the_review(
    plan: Plan, rulebook: Rulebook
) -> None:
    data = plan_calendar(plan, rulebook)
    calendar = Calendar.from_ical(data)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"] == PRODID
    found = events(data)
    days = list(plan_days(plan))
    assert len(days) == sum(1 for w in plan.weeks for d in w.days if d.sessions)
    assert len(found) == len(days) + 1
    sessions, review = found[:-1], found[-1]
    assert [start(e) for e in sessions] == [date for date, _ in days]
    assert [e.decoded("dtend") for e in sessions] == [d + dt.timedelta(days=1) for d, _ in days]
    assert start(review) == plan.review_date and "review" in str(review["SUMMARY"]).lower()
    for event, (_, day) in zip(sessions, days, strict=True):
        assert not isinstance(start(event), dt.datetime), "all day"
        assert str(event["SUMMARY"]) == f"Your exercises ({day.minutes} min)"


def test_each_description_lists_the_days_exercises_with_their_doses(
    plan: Plan, rulebook: Rulebook
) -> None:
    cards = {ex.slug: n for n, ex in enumerate(plan.exercises(), start=1)}
    for event, (_, day) in zip(
        events(plan_calendar(plan, rulebook)), plan_days(plan), strict=False
    ):
        text = str(event["DESCRIPTION"])
        for session in day.sessions:
            for ex in session.exercises:
                assert f"- {ex.name} (card {cards[ex.slug]}): " in text
        assert f"about {day.minutes} minutes in all" in text


def test_every_event_reminds(plan: Plan, rulebook: Rulebook) -> None:
    found = events(plan_calendar(plan, rulebook))
    for event in found:
        alarms = event.walk("VALARM")
        assert len(alarms) == 1
        assert alarms[0]["ACTION"] == "DISPLAY" and str(alarms[0]["DESCRIPTION"])
    triggers = [e.walk("VALARM")[0].decoded("trigger") for e in found]
    assert set(triggers[:-1]) == {dt.timedelta(hours=8)}, "08:00 on the day"
    assert triggers[-1] == dt.timedelta(hours=8) - dt.timedelta(days=7), "a week before review"


def test_timed_events_start_at_the_time_and_last_as_long_as_the_day(
    plan: Plan, rulebook: Rulebook
) -> None:
    data = plan_calendar(plan, rulebook, timed=dt.time(9, 30), alarm_minutes=15)
    found = events(data)
    for event, (date, day) in zip(found, plan_days(plan), strict=False):
        assert start(event) == dt.datetime.combine(date, dt.time(9, 30))
        assert start(event).tzinfo is None, "floating: the patient's own clock time"
        assert event.decoded("dtend") - start(event) == dt.timedelta(minutes=day.minutes)
        assert event.walk("VALARM")[0].decoded("trigger") == -dt.timedelta(minutes=15)
    assert start(found[-1]) == plan.review_date, "the review stays all day"


def test_the_same_prescription_gives_the_same_file_and_uids(plan: Plan, rulebook: Rulebook) -> None:
    first = plan_calendar(plan, rulebook)
    assert plan_calendar(plan, rulebook) == first
    again = build_plan(make_profile(name="Someone Else", id="P-77", fractures=[SPINE]), rulebook)
    uids = [str(e["UID"]) for e in events(first)]
    assert [str(e["UID"]) for e in events(plan_calendar(again, rulebook))] == uids
    assert len(set(uids)) == len(uids)
    timed = events(plan_calendar(plan, rulebook, timed=dt.time(18, 0)))
    assert [str(e["UID"]) for e in timed] == uids, "a re-export at a time updates the events"
    stamps = {e.decoded("dtstamp") for e in events(first)}
    assert stamps == {dt.datetime(2026, 11, 21, tzinfo=dt.UTC)}, "the assessment date"
    other = build_plan(make_profile(id="P-78", fractures=[SPINE]), rulebook)
    assert not set(uids) & {str(e["UID"]) for e in events(plan_calendar(other, rulebook))}


def test_nothing_in_the_file_names_the_patient(plan: Plan, rulebook: Rulebook) -> None:
    for data in (plan_calendar(plan, rulebook), plan_calendar(plan, rulebook, timed=dt.time(9))):
        unfolded = data.replace(b"\r\n ", b"")
        for private in (NAME, "Zyxwv", NOTE, "P-77"):
            assert private.encode() not in unfolded


def test_the_review_says_what_to_bring_and_whom_to_call(plan: Plan, rulebook: Rulebook) -> None:
    clinic = Clinic(name="Riverside Physiotherapy", phone="0161 496 0000")
    review = events(plan_calendar(plan, rulebook, clinic=clinic))[-1]
    text = str(review["DESCRIPTION"])
    assert "Bring your booklet with your log" in text
    assert "Riverside Physiotherapy, 0161 496 0000" in text
    assert rulebook.warnings["W_REVIEW_EARLY"].text in text


def test_a_stopped_plan_and_a_reminder_over_a_day_ahead_are_refused(rulebook: Rulebook) -> None:
    stopped = build_plan(make_profile(red_flags=["chest_symptoms"]), rulebook)
    with pytest.raises(UserError, match="no sessions to remind of"):
        plan_calendar(stopped, rulebook)
    plan = build_plan(make_profile(), rulebook)
    with pytest.raises(UserError, match="0 to 1440 minutes"):
        plan_calendar(plan, rulebook, timed=dt.time(9), alarm_minutes=1441)
