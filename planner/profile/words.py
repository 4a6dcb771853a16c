"""Fracture sites and times as a clinician says them: "upper-arm", "about 5 months ago"."""

from __future__ import annotations

WEEKS_PER_YEAR = 52

SITE_WORDS = {
    "vertebral": "vertebral",
    "hip": "hip",
    "pelvis": "pelvic",
    "wrist": "wrist",
    "humerus": "upper-arm",
    "other": "other",
}


def site_word(site: str) -> str:
    """A fracture site as an adjective: "pelvic", "upper-arm"."""
    return SITE_WORDS.get(site, site)


def time_ago(weeks: float) -> str:
    """How long ago, in the unit a clinician would use: days, weeks, months or years."""
    days = round(weeks * 7)
    if days < 14:
        return "today" if days == 0 else f"{days} day{'s' if days != 1 else ''} ago"
    if weeks < 26:
        whole = round(weeks)
        return f"{'' if abs(weeks - whole) < 0.15 else 'about '}{whole} weeks ago"
    if weeks < 2 * WEEKS_PER_YEAR:
        return f"about {round(weeks * 12 / WEEKS_PER_YEAR)} months ago"
    years = weeks / WEEKS_PER_YEAR
    whole = round(years)
    return f"{'' if abs(years - whole) < 0.05 else 'about '}{whole} years ago"
