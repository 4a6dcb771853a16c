"""The steps against the dose: every number, "rest and repeat" and weight a step states must
agree with the dose the handout prints for each phase."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from planner.plan import PlannedDose
from planner.render.wording import format_dose
from planner.rulebook.checks.entries import Entry, Finding
from planner.rulebook.checks.equipment import WEIGHTS, equipment_mentions
from planner.rulebook.exercises import Dose, Exercise
from planner.vocabulary import Phase
from planner.yamlfile import Loc

PHASES: Final[Mapping[Phase, str]] = {
    "foundation": "weeks 1-4",
    "build": "weeks 5-8",
    "progress": "week 9 on",
}

_QTY = r"(?P<up>up\s+to\s+)?(?P<a>\d+)(?:\s*(?:to|or|-|–)\s*(?P<b>\d+))?"
_TAIL = r"(?:\s*(?:to|or|-|–)\s*\d+)?"  # the rest of a range the match may have left off
_UNIT = r"\s*(?:cm|centimetres?|metres?|m|kg|%|seconds?|minutes?|degrees?)\b"
_PER_DAY = r"\s+times\s+(?:a|an|per|each|every)\s+(?:day|week|hour)"
_NOT_A_COUNT = rf"(?!{_TAIL}(?:{_UNIT}|{_PER_DAY}))"
#: What counts as a dose number in a step, and the dose field it states. Anything else is
#: descriptive: heights and distances ("a 10-20 cm step", "10 to 20 metres"), warm-ups ("with 5
#: minutes of easy walking"), "a few", numbers written as words. Seconds are a dose number only
#: when the dose has hold seconds, minutes only as "for N minutes" when it has minutes; otherwise
#: they describe the parts of a bout (the 20-60 s jogs of a 10-20 min walk).
DOSE_NUMBERS: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    (
        "hold_s",
        re.compile(
            rf"\b{_QTY}\s*(?:seconds?|secs?)\b(?:,?\s*building\s+(?:up\s+)?to\s+(?P<c>\d+))?"
            r"(?P<more>\s+or\s+more)?",
            re.I,
        ),
    ),
    ("hold_s", re.compile(rf"\ba\s+count\s+of\s+{_QTY}\b", re.I)),
    ("minutes", re.compile(rf"\bfor\s+{_QTY}\s*(?:minutes?|mins?)\b(?P<more>\s+or\s+more)?", re.I)),
    ("sets", re.compile(rf"\b{_QTY}\s+(?:sets|rounds)\b", re.I)),
    ("reps", re.compile(rf"\bsets?\s+of\s+{_QTY}\b{_NOT_A_COUNT}", re.I)),
    ("reps", re.compile(rf"\b(?:do|repeat|take|make)\s+{_QTY}\b{_NOT_A_COUNT}", re.I)),
    (
        "reps",
        re.compile(
            rf"\b{_QTY}\s+(?:times|repetitions|reps|steps)\b"
            r"(?!\s+(?:a|an|per|each|every)\s+(?:day|week|hour))",
            re.I,
        ),
    ),
)
#: "rest and repeat", "rest, do 10 more": a second set or bout after a rest.
REST_AND_REPEAT: Final = re.compile(r"\brest\b[^.;]{0,30}?\brepeat\b|\bdo\s+\d+\s+more\b", re.I)
_KG = re.compile(r"\b(\d+(?:\.\d+)?)\s*(?:kg|kilos?|kilograms?)\b", re.I)
_NO_WEIGHT = re.compile(r"\bno\s+(?:extra\s+)?weight\b|^\s*(?:body\s+weight|none)\s*$", re.I)


@dataclass(frozen=True)
class DoseNumber:
    """A dose a step states: the field, and the range it allows (equal ends for one number)."""

    field: str
    low: float
    high: float
    said: str


def dose_numbers(text: str) -> list[DoseNumber]:
    """The dose numbers a step states (see :data:`DOSE_NUMBERS`), one per stretch of text."""
    found: list[tuple[int, int, DoseNumber]] = []
    for field, pattern in DOSE_NUMBERS:
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end, _ in found):
                continue
            a, b = int(m.group("a")), m.group("b")
            c = m.groupdict().get("c")
            high = float(b or c or a)
            if m.groupdict().get("more"):
                high = math.inf
            low = 0.0 if m.group("up") else float(a)
            found.append((m.start(), m.end(), DoseNumber(field, low, high, m.group(0).strip())))
    return [n for *_, n in sorted(found, key=lambda f: f[0])]


def check_step_doses(entry: Entry) -> list[Finding]:
    """Numbers in the steps against the dose printed for every phase (``Dose.at``).

    A step's number must equal the phase's value, a range must contain it, for weeks 1-4
    (start), 5-8 (midpoint, rounded up) and 9 on (target). Seconds and minutes are checked only
    when the dose has them (:data:`DOSE_NUMBERS`); repetitions and sets must be printed. "Rest
    and repeat" needs two or more sets (or holds, or bouts) in every phase. A weight the step puts
    on or in the hand, unless conditional ("once you have one"), contradicts a phase printed with
    no weight, and a weight in kg must be printed in every phase.
    """
    ex = entry.exercise
    out: list[Finding] = []
    for i, step in enumerate(ex.instructions):
        keys: Loc = ("instructions", i)
        for number in dose_numbers(step):
            if number.field in ("hold_s", "minutes") and not _has(ex.dose, number.field):
                continue
            wrong = [p for p in PHASES if not _within(_value(ex.dose, p, number.field), number)]
            if wrong:
                out.append(entry.finding(keys, _disagree(ex, f'"{number.said}"', wrong)))
        rest = REST_AND_REPEAT.search(step)
        single = [p for p in PHASES if _bouts(ex.dose, p) < 2] if rest else []
        if rest and single:
            what = f'"{rest.group(0)}" (a second set after a rest)'
            out.append(entry.finding(keys, _disagree(ex, what, single)))
        out += _weight_findings(entry, keys, step)
    return out


def _weight_findings(entry: Entry, keys: Loc, step: str) -> list[Finding]:
    ex, out = entry.exercise, []
    for kg in _KG.findall(step):
        wrong = [p for p in PHASES if kg not in _KG.findall(ex.dose.load_at(p) or "")]
        if wrong:
            out.append(entry.finding(keys, _disagree(ex, f'"{kg} kg"', wrong)))
    held = [w for w in equipment_mentions(step) if w.names & WEIGHTS]
    if held:
        wrong = [p for p in PHASES if _NO_WEIGHT.search(ex.dose.load_at(p) or "")]
        if wrong:
            said = f'"{held[0].said}" (a weight from the start)'
            out.append(entry.finding(keys, _disagree(ex, said, wrong)))
    return out


def _disagree(ex: Exercise, said: str, phases: list[Phase]) -> str:
    printed = "; ".join(f'{PHASES[p]} print "{_printed(ex.dose, p)}"' for p in phases)
    return f"the step says {said} but {printed}"


def _has(dose: Dose, field: str) -> bool:
    return any(_value(dose, p, field) is not None for p in PHASES)


def _value(dose: Dose, phase: Phase, field: str) -> int | None:
    value = getattr(dose.at(phase), field)
    return None if value is None else int(value)


def _within(value: int | None, number: DoseNumber) -> bool:
    return value is not None and number.low <= value <= number.high


def _bouts(dose: Dose, phase: Phase) -> int:
    """How many times the printed dose has the patient start again after a rest."""
    point = dose.at(phase)
    if point.minutes:  # "20 min, 2 times"
        return point.sets or 1
    if point.hold_s:  # each hold, or timed bout, is one: "3 holds of 10 s"
        return (point.reps or 1) * (point.sets or 1)
    if point.sets:  # "2 sets of 10"
        return point.sets
    return point.reps or 1  # "3 times"


def _printed(dose: Dose, phase: Phase) -> str:
    """The dose exactly as the handout prints it for a phase."""
    point = dose.at(phase)
    return format_dose(
        PlannedDose.model_construct(
            sets=point.sets,
            reps=point.reps,
            hold_s=point.hold_s,
            minutes=point.minutes,
            load=dose.load_at(phase),
            continuous=dose.continuous,
            frequency=dose.frequency,
        )
    )
