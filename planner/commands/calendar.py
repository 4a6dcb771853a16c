"""``osteoplan calendar``: the plan's sessions and its review as reminders in an iCalendar file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from planner.commands.options import (
    clinic_option,
    load_book,
    profile_options,
    resolve_profile,
    weeks_option,
)
from planner.commands.plan import notes_to_stderr
from planner.errors import UserError

if TYPE_CHECKING:
    from planner.plan import Plan

_HH_MM = re.compile(r"(\d{1,2}):(\d{2})")


def time_of_day(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.time | None:
    """A time of day written HH:MM on the 24-hour clock (``--timed``)."""
    if value is None:
        return None
    found = _HH_MM.fullmatch(value.strip())
    if found is None or int(found.group(1)) > 23 or int(found.group(2)) > 59:
        raise click.BadParameter(
            "not a time of day; write it HH:MM on the 24-hour clock, e.g. 09:30", ctx, param
        )
    return dt.time(int(found.group(1)), int(found.group(2)))


@click.command("calendar")
@profile_options
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="the iCalendar file to write, FILE.ics",
)
@click.option(
    "--timed",
    metavar="HH:MM",
    callback=time_of_day,
    help="put each day's exercises at this time (HH:MM), as long as they take; "
    "default: all-day events",
)
@click.option(
    "--alarm-minutes",
    type=click.IntRange(0, 24 * 60),
    default=30,
    show_default=True,
    help="with --timed, remind this many minutes before; all-day events remind at 08:00",
)
@click.option(
    "--plan",
    "plan_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="a saved plan's JSON (a prescription, or the next block that 'osteoplan review' wrote) "
    "instead of PROFILE or flags",
)
@weeks_option
@clinic_option
def calendar(
    profile: Path | None,
    output: Path,
    plan_path: Path | None,
    timed: dt.time | None,
    alarm_minutes: int,
    n_weeks: int,
    clinic_path: Path | None,
    rules_path: Path | None,
    **values: Any,
) -> None:
    """Write the plan's sessions for PROFILE, the flags given or a saved plan (--plan) as an
    iCalendar file (.ics)
    for the patient's phone or computer calendar: an event with a reminder for each day with
    exercise, the day's exercises and doses in it, and the review as an event of its own. The
    file holds no name, note or id of the patient; the same prescription always gives the
    same file."""
    from planner.build import build_plan
    from planner.output import check_target, write_atomic
    from planner.reminders.ics import plan_calendar
    from planner.render.clinic import load_clinic

    if output.suffix.lower() != ".ics":
        raise UserError.single(
            "name the file .ics: calendars import iCalendar files by that ending", path=output
        )
    check_target(output)
    book = load_book(rules_path)
    clinic = load_clinic(clinic_path) if clinic_path is not None else None
    if plan_path is not None:
        result = saved_plan(plan_path, profile, values)
    else:
        patient = resolve_profile(profile, values, book=book)
        presets = dict(clinic.presets) if clinic is not None else None
        result = build_plan(patient, book, weeks=n_weeks, presets=presets)
        notes_to_stderr(result)
    data = plan_calendar(result, book, timed=timed, alarm_minutes=alarm_minutes, clinic=clinic)
    write_atomic(output, data)
    click.echo(str(output))


def saved_plan(path: Path, profile: Path | None, values: dict[str, Any]) -> Plan:
    """The plan saved at ``path``, which leaves no room for a profile or its flags."""
    from planner.commands.options import flag_data
    from planner.review.files import read_prescription

    if profile is not None or flag_data(values):
        raise UserError.single(
            "--plan gives the whole plan: leave out PROFILE and the profile flags", path=path
        )
    return read_prescription(path)
