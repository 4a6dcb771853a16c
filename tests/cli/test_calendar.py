"""``osteoplan calendar``: the reminders file written, read back, and the errors users see."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from icalendar import Calendar

from planner.cli import Funnel
from planner.commands.calendar import calendar
from planner.commands.plan import plan
from planner.resources import templates_dir

DEMO = str(templates_dir() / "demo-profile.yaml")
CLINIC = str(templates_dir() / "demo-clinic.yaml")


@click.group(cls=Funnel)
def osteoplan() -> None:
    """The command line with the calendar command, behind the same error funnel."""


osteoplan.add_command(calendar)
osteoplan.add_command(plan)


def run(*args: str) -> Result:
    return CliRunner().invoke(osteoplan, ["calendar", *args])


def test_the_demo_patients_reminders_are_written_and_read_back(tmp_path: Path) -> None:
    out = tmp_path / "reminders.ics"
    result = run(DEMO, "-o", str(out), "--clinic", CLINIC)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out}\n"
    data = out.read_bytes()
    calendar_ = Calendar.from_ical(data)
    events = list(calendar_.walk("VEVENT"))
    assert calendar_["VERSION"] == "2.0"
    assert events[0].decoded("dtstart") == dt.date(2026, 11, 23)
    assert events[-1].decoded("dtstart") == dt.date(2026, 12, 13), "the review"
    assert b"Margaret" not in data and b"DEMO-0001" not in data
    assert b"0161 496 0000" in data, "the clinic's phone, to book the review"
    again = tmp_path / "again.ics"
    assert run(DEMO, "-o", str(again), "--clinic", CLINIC).exit_code == 0
    assert again.read_bytes() == data


def test_timed_reminders_from_flags(tmp_path: Path) -> None:
    out = tmp_path / "r.ics"
    flags = ("--age", "74", "--ability", "limited", "--assessed-on", "2026-11-21")
    result = run(*flags, "-o", str(out), "--timed", "7:05", "--alarm-minutes", "10")
    assert result.exit_code == 0, result.output
    first = next(iter(Calendar.from_ical(out.read_bytes()).walk("VEVENT")))
    assert first.decoded("dtstart") == dt.datetime(2026, 11, 23, 7, 5)
    assert first.walk("VALARM")[0].decoded("trigger") == -dt.timedelta(minutes=10)


@pytest.mark.parametrize("value", ["25:00", "9.30", "noon", "12:60", ""])
def test_a_time_that_is_no_time_of_day_is_refused(tmp_path: Path, value: str) -> None:
    out = tmp_path / "r.ics"
    result = run(DEMO, "-o", str(out), "--timed", value)
    assert result.exit_code == 2
    assert (
        "Invalid value for '--timed': not a time of day; write it HH:MM on the 24-hour clock, "
        "e.g. 09:30" in result.stderr
    )
    assert not out.exists()


def test_other_mistakes_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    result = run(DEMO, "-o", str(tmp_path / "r.txt"))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {tmp_path / 'r.txt'}: name the file .ics: calendars import iCalendar files by "
        "that ending\n"
    )
    result = run(DEMO, "-o", str(tmp_path / "missing" / "r.ics"))
    assert result.exit_code == 2 and "the folder to write into does not exist" in result.stderr
    result = run(DEMO, "-o", str(tmp_path / "r.ics"), "--alarm-minutes", "-5")
    assert result.exit_code == 2 and "--alarm-minutes" in result.stderr
    stopped = ("--age", "70", "--ability", "fit", "--red-flag", "chest_symptoms")
    result = run(*stopped, "-o", str(tmp_path / "r.ics"))
    assert result.exit_code == 2 and "no sessions to remind of" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_saved_plan_gives_the_same_reminders_as_its_profile(tmp_path: Path) -> None:
    """A prescription saved as JSON (or a review's next block) is a calendar's source too."""
    saved = tmp_path / "plan.json"
    made = CliRunner().invoke(osteoplan, ["plan", DEMO, "--format", "json"])
    assert made.exit_code == 0, made.output
    saved.write_text(made.stdout, encoding="utf-8")
    from_profile, from_plan = tmp_path / "a.ics", tmp_path / "b.ics"
    assert run(DEMO, "-o", str(from_profile)).exit_code == 0
    result = run("--plan", str(saved), "-o", str(from_plan))
    assert result.exit_code == 0, result.output
    assert from_plan.read_bytes() == from_profile.read_bytes()


def test_a_saved_plan_leaves_no_room_for_a_profile(tmp_path: Path) -> None:
    saved = tmp_path / "plan.json"
    saved.write_text("{}", encoding="utf-8")
    result = run(DEMO, "--plan", str(saved), "-o", str(tmp_path / "r.ics"))
    assert result.exit_code == 2
    assert "--plan gives the whole plan: leave out PROFILE and the profile flags" in result.stderr
    result = run("--plan", str(saved), "-o", str(tmp_path / "r.ics"))
    assert result.exit_code == 2 and str(saved) in result.stderr
    assert not (tmp_path / "r.ics").exists()
