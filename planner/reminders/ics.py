"""A plan's sessions as an iCalendar file (RFC 5545) that a phone or computer calendar imports.

One event for each day with exercise: all day by default, with a reminder at 08:00 that
morning; or, with ``timed``, at that time of day (floating: the same clock time wherever the
patient is) and as long as the day's exercises, with a reminder ``alarm_minutes`` before. Its
description lists the day's exercises with that week's doses and their card numbers in the
booklet, in plain text. The review is an all-day event of its own, with a reminder at 08:00 a
week before, to book it.

Nothing that names the patient is written: no name, note or id. The same plan always gives the
same bytes: DTSTAMP is the assessment date, and each UID is a hash of the plan's profile (name
and note left out), the rule set's sha256, the date and the day's content, so exporting the same
prescription again gives the same events, which a calendar updates rather than doubles.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator

from icalendar import Alarm, Calendar, Event

from planner.errors import UserError
from planner.plan import Day, Plan
from planner.render.clinic import Clinic
from planner.render.wording import format_dose
from planner.rulebook import Rulebook
from planner.vocabulary import COMPONENT_LABELS

PRODID = "-//osteoplan//Exercise plan//EN"
#: When an all-day event reminds: this time on its day (a reminder before midnight would wake).
ALL_DAY_REMINDER = dt.timedelta(hours=8)
#: How long before the review date its reminder goes off (at 08:00), to leave time to book it.
REVIEW_NOTICE = dt.timedelta(days=7)
MAX_ALARM_MINUTES = 24 * 60
REVIEW_EARLY = "W_REVIEW_EARLY"


def plan_calendar(
    plan: Plan,
    rulebook: Rulebook,
    *,
    timed: dt.time | None = None,
    alarm_minutes: int = 30,
    clinic: Clinic | None = None,
) -> bytes:
    """The plan's sessions and its review as an iCalendar file.

    Raises:
        UserError: for a plan with no sessions (a red flag stops the programme), or a reminder
            more than a day before.
    """
    if not plan.weeks:
        raise UserError.single(
            "this plan has no sessions to remind of: a red flag stops the programme until a "
            "doctor has reviewed the patient"
        )
    if not 0 <= alarm_minutes <= MAX_ALARM_MINUTES:
        raise UserError.single(f"a reminder is 0 to {MAX_ALARM_MINUTES} minutes before a session")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Exercise plan")
    stamp = dt.datetime.combine(plan.profile.assessed_on, dt.time(), tzinfo=dt.UTC)
    seed = _seed(plan)
    cards = {ex.slug: n for n, ex in enumerate(plan.exercises(), start=1)}
    for date, day in plan_days(plan):
        content = json.dumps([s.model_dump(mode="json") for s in day.sessions], sort_keys=True)
        event = _event(_uid(seed, date.isoformat(), content), stamp)
        event.add("summary", f"Your exercises ({day.minutes} min)")
        event.add("description", day_description(day, rulebook, cards))
        if timed is None:
            _all_day(event, date)
            event.add_component(_alarm("Time for your exercises today", ALL_DAY_REMINDER))
        else:
            start = dt.datetime.combine(date, timed)
            event.add("dtstart", start)
            event.add("dtend", start + dt.timedelta(minutes=day.minutes))
            before = -dt.timedelta(minutes=alarm_minutes)
            event.add_component(_alarm("Time for your exercises", before))
        calendar.add_component(event)
    if plan.review_date is not None:
        calendar.add_component(_review(plan.review_date, rulebook, clinic, seed, stamp))
    data: bytes = calendar.to_ical()
    return data


def plan_days(plan: Plan) -> Iterator[tuple[dt.date, Day]]:
    """Each day of the plan with exercise, with its date."""
    for week in plan.weeks:
        for day in week.days:
            if day.sessions:
                yield plan.start_date + dt.timedelta(days=(week.week - 1) * 7 + day.day - 1), day


def day_description(day: Day, rulebook: Rulebook, cards: dict[str, int]) -> str:
    """The day's exercises in plain text: each session with its minutes, each exercise with its
    card number and dose."""
    lines = [f"Your exercises today, about {day.minutes} minutes in all."]
    for session in day.sessions:
        lines += ["", f"{COMPONENT_LABELS[session.component]} (about {session.minutes} min):"]
        for ex in session.exercises:
            entry = rulebook.exercises.get(ex.slug)
            per_side = entry is not None and entry.dose.per_side and not ex.dose.minutes
            dose = format_dose(ex.dose) + (", each side" if per_side else "")
            lines.append(f"- {ex.name} (card {cards[ex.slug]}): {dose}")
    lines += ["", "Your booklet shows how to do each exercise and when to stop."]
    return "\n".join(lines)


def _review(
    date: dt.date, rulebook: Rulebook, clinic: Clinic | None, seed: str, stamp: dt.datetime
) -> Event:
    """The review visit: an all-day event on the review date, reminding a week before."""
    event = _event(_uid(seed, "review", date.isoformat()), stamp)
    event.add("summary", "Exercise plan review")
    lines = [
        "Your exercise plan is due for review by today. Bring your booklet with your log.",
        "If you have no appointment yet, contact your physiotherapist to book one.",
    ]
    where = [part for part in (clinic.name, clinic.phone) if part] if clinic else []
    if where:
        lines.append(", ".join(where))
    early = rulebook.warnings.get(REVIEW_EARLY)
    if early is not None:
        lines += ["", early.text]
    event.add("description", "\n".join(lines))
    _all_day(event, date)
    event.add_component(
        _alarm("Your exercise plan review is due in a week", ALL_DAY_REMINDER - REVIEW_NOTICE)
    )
    return event


def _seed(plan: Plan) -> str:
    """What makes a prescription: its profile (name and note left out) and the rule set."""
    profile = plan.profile.model_dump(mode="json", exclude={"name", "note"})
    return json.dumps(profile, sort_keys=True) + plan.ruleset.sha256


def _uid(seed: str, *parts: str) -> str:
    digest = hashlib.sha256("\n".join((seed, *parts)).encode()).hexdigest()
    return f"{digest[:40]}@osteoplan"


def _event(uid: str, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    return event


def _all_day(event: Event, date: dt.date) -> None:
    event.add("dtstart", date)
    event.add("dtend", date + dt.timedelta(days=1))
    event.add("transp", "TRANSPARENT")


def _alarm(text: str, trigger: dt.timedelta) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", trigger)
    return alarm
