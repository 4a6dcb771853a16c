"""How the values people write in a profile are read: dates, equipment names and synonyms.

Dates are written ``YYYY-MM-DD`` or ``DD/MM/YYYY`` (always day first, as in the UK); an
impossible one is named for what is wrong with it ("day 30 of February"), never echoed.
:data:`SYNONYMS` maps words people use to the valid names they mean, for the did-you-mean hints
spelling cannot find (``frame`` -> ``walking_aid``, ``chest_pain`` -> ``chest_symptoms``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator

from planner.yamlfile import date_problem, impossible_date

#: The dates a profile may give: no clinic sees a patient outside them, and a plan's weeks and
#: a fracture's date counted back from ``assessed_on`` stay inside the calendar.
FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2999, 12, 31)
#: Words people write for a valid name that spelling alone does not reach.
SYNONYMS = {
    "frame": "walking_aid",
    "walking_frame": "walking_aid",
    "zimmer_frame": "walking_aid",
    "walker": "walking_aid",
    "rollator": "walking_aid",
    "stick": "walking_aid",
    "walking_stick": "walking_aid",
    "cane": "walking_aid",
    "crutch": "walking_aid",
    "crutches": "walking_aid",
    "band": "resistance_band",
    "theraband": "resistance_band",
    "elastic_band": "resistance_band",
    "exercise_band": "resistance_band",
    "yoga_mat": "mat",
    "exercise_mat": "mat",
    "bike": "exercise_bike",
    "step": "low_step",
    "chair": "firm_chair",
    "armchair": "firm_chair_with_arms",
    "cushion": "firm_cushion",
    "towel": "rolled_towel",
    "counter": "counter_or_sturdy_support",
    "worktop": "counter_or_sturdy_support",
    "bed": "firm_bed_or_mat",
    "shoes": "supportive_shoes",
    "stairs": "stairs_with_rail",
    "putty": "soft_ball_or_putty",
    "stress_ball": "soft_ball_or_putty",
    "backpack": "weighted_backpack",
    "chest_pain": "chest_symptoms",
    "angina": "chest_symptoms",
    "breathlessness": "chest_symptoms",
    "shortness_of_breath": "chest_symptoms",
    "dvt": "suspected_clot",
    "clot": "suspected_clot",
    "calf_pain": "suspected_clot",
    "back_pain": "new_back_pain",
    "numbness": "leg_neuro_symptoms",
    "leg_weakness": "leg_neuro_symptoms",
    "wound": "wound_problem",
    "wound_infection": "wound_problem",
    "cast": "cast_problem",
}
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST = "dates are read day first (DD/MM/YYYY); writing YYYY-MM-DD avoids doubt"


def read_date(value: Any) -> Any:
    """A date written YYYY-MM-DD or DD/MM/YYYY (always day first); errors say what is wrong."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    slashed = _SLASHED.fullmatch(text)
    if slashed:
        day, month, year = (int(g) for g in slashed.groups())
        why = date_problem(year, month, day)
        if why:
            raise ValueError(f"not a real date ({why}); {_DAY_FIRST}")
        return dt.date(year, month, day)
    if _ISO.fullmatch(text):
        year, month, day = (int(g) for g in text.split("-"))
        if date_problem(year, month, day):
            raise ValueError(f"{impossible_date(text)}; dates are written YYYY-MM-DD")
        return dt.date(year, month, day)
    raise ValueError("not a date; write it as YYYY-MM-DD (or DD/MM/YYYY, read day first)")


def _date_in_range(value: dt.date) -> dt.date:
    if not FIRST_DATE <= value <= LAST_DATE:
        raise ValueError(f"must be between {FIRST_DATE} and {LAST_DATE}; check the year")
    return value


Date = Annotated[dt.date, BeforeValidator(read_date), AfterValidator(_date_in_range)]


def equipment_name(value: Any) -> str:
    """An equipment name as the library writes it: ``Resistance Band`` -> ``resistance_band``."""
    return str(value).strip().lower().replace(" ", "_").replace("-", "_")
