"""The calendar form of a prescription's page: all-day events or a time of day, and how many
minutes before a timed session its reminder goes off."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from planner.reminders.ics import MAX_ALARM_MINUTES

_HH_MM = re.compile(r"(\d{1,2}):(\d{2})")
DEFAULT_TIME = "09:00"
DEFAULT_ALARM = "30"


@dataclass
class CalendarForm:
    """The form's values as typed, and a message for each field that is wrong."""

    when: str = "all_day"
    time: str = DEFAULT_TIME
    alarm: str = DEFAULT_ALARM
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def posted(cls, query: Mapping[str, str]) -> CalendarForm:
        """The form as sent (a GET: it only downloads)."""
        return cls(
            when="timed" if query.get("when") == "timed" else "all_day",
            time=query.get("time", DEFAULT_TIME).strip()[:10],
            alarm=query.get("alarm", DEFAULT_ALARM).strip()[:10],
        )

    def read(self) -> tuple[dt.time | None, int] | None:
        """The time of day (None: all day) and the reminder's minutes; None with ``errors``
        filled in when a field is wrong."""
        timed = None
        if self.when == "timed":
            found = _HH_MM.fullmatch(self.time)
            if found is None or int(found.group(1)) > 23 or int(found.group(2)) > 59:
                self.errors["time"] = "Write the time as HH:MM on the 24-hour clock, e.g. 09:30."
            else:
                timed = dt.time(int(found.group(1)), int(found.group(2)))
        alarm = int(self.alarm) if self.alarm.isdigit() else -1
        if not 0 <= alarm <= MAX_ALARM_MINUTES:
            self.errors["alarm"] = f"Give a whole number of minutes from 0 to {MAX_ALARM_MINUTES}."
        return None if self.errors else (timed, alarm)
