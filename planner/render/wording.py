"""The plain words every output shares: doses and dates as people read them."""

from __future__ import annotations

import datetime as dt

from planner.plan import PlannedDose


def unstated(load: str) -> bool:
    """A load that goes without saying ("body weight", "none"), so it is not printed."""
    return load.lower() in {"body weight", "none"}


def format_dose(dose: PlannedDose) -> str:
    """A dose in words, e.g. "2 sets of 10" or "5 holds of 3 s" or "20 min"."""
    parts = []
    if dose.minutes:
        parts.append(f"{dose.minutes} min")
        if dose.sets and dose.sets > 1:
            parts.append(f"{dose.sets} times")
    elif dose.hold_s and dose.continuous:
        times = dose.reps if dose.reps and dose.reps > 1 else 0
        parts.append(f"{times} times {dose.hold_s} s" if times else f"{dose.hold_s} s")
        if dose.sets and dose.sets > 1:
            parts.append(f"{dose.sets} sets")
    elif dose.hold_s:
        reps = f"{dose.reps} holds" if dose.reps and dose.reps > 1 else "hold"
        parts.append(f"{reps} of {dose.hold_s} s")
        if dose.sets and dose.sets > 1:
            parts.append(f"{dose.sets} sets")
    elif dose.reps:
        if dose.sets:
            parts.append(f"{dose.sets} {'set' if dose.sets == 1 else 'sets'} of {dose.reps}")
        else:
            parts.append("once" if dose.reps == 1 else f"{dose.reps} times")
    if dose.load and not unstated(dose.load):
        parts.append(dose.load)
    if dose.frequency:
        parts.append(dose.frequency)
    return ", ".join(parts) or "as your physiotherapist shows you"


def terminal_date(day: dt.date | None) -> str:
    """A date for the terminal, e.g. "Mon 23 Nov 2026", or "-"."""
    return day.strftime("%a %d %b %Y") if day else "-"


def long_date(day: dt.date | None) -> str | None:
    """A date in full, e.g. "Monday 23 November 2026"."""
    return f"{day:%A} {day.day} {day:%B %Y}" if day else None


def short_date(day: dt.date) -> str:
    """A date within the plan, e.g. "Mon 23 Nov"."""
    return f"{day:%a} {day.day} {day:%b}"


def day_month(day: dt.date) -> str:
    """A day and month, e.g. "23 Nov"."""
    return f"{day.day} {day:%b}"
