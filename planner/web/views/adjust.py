"""The Adjust page: a posted form read as the profile's new ``adjust`` section, the library's
refusals and problems in a clinician's words, and what the page offers (the planned exercises
by name, the additions and swaps :func:`planner.tailor.choices.choices` allows).

Nothing here decides what the rules allow: every change is handed to the library whole (the
stored profile with its new adjustments) and the library plans it or refuses it. A form only
says which entry to put in, replace or take out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData

from planner.errors import AdjustmentRefused, Problem, UserError
from planner.plan import AppliedAdjustment, Plan
from planner.profile.adjust import MAX_START_DELAY_DAYS, WEEKDAY_NAMES, Adjustments
from planner.profile.model import Profile
from planner.render.clinician import ADJUSTMENT_WORDS, adjustment_line
from planner.render.plain import Plain
from planner.render.wording import long_date
from planner.rulebook import Rulebook
from planner.schedule.days import DAY_BUDGET
from planner.tailor.choices import Choices
from planner.vocabulary import COMPONENT_LABELS, PHASES, WEEKDAYS

#: The lists of entries, each naming an exercise, and the fields a form gives besides it.
ENTRY_FIELDS: dict[str, tuple[str, ...]] = {
    "drop": ("reason",),
    "swap": ("for", "reason"),
    "add": ("reason",),
    "hold": ("phase", "reason"),
}
#: The single values, each set (or cleared) by a form of its own.
SINGLE = ("rest_days", "start_on", "minutes_per_day", "note", "accept_unmet")
#: Every form of the page: one per kind of adjustment, and the list's Remove buttons.
FORMS = (*ENTRY_FIELDS, *SINGLE, "remove")
#: What the page says after a change is saved.
DONE = {
    "drop": "The exercise is dropped",
    "swap": "The exercise is swapped",
    "add": "The exercise is added",
    "hold": "The dose is held",
    "rest_days": "The rest days are saved",
    "start_on": "The start date is saved",
    "minutes_per_day": "The time a day is saved",
    "note": "The note for the patient is saved",
    "accept_unmet": "The reason for accepting unmet requirements is saved",
    "remove": "The adjustment is removed",
}
PHASE_NAMES = {"foundation": "Foundation", "build": "Build", "progress": "Progress"}
#: The words a problem's field is shown with (the last part of its path).
FIELD_WORDS = {
    "exercise": "Exercise",
    "for": "Replacement",
    "phase": "Phase",
    "reason": "Reason",
    "rest_days": "Rest days",
    "start_on": "Start date",
    "minutes_per_day": "Time a day",
    "note": "Note for the patient",
    "accept_unmet": "Reason for accepting",
}
CHOOSE = "Choose the exercise first."
UNKNOWN_FORM = "This form is not one the page knows; reload the page and try again."


@dataclass
class Change:
    """A posted form read: which form, the adjustments it asks for, and its values as posted
    (to show the form again if the change is refused)."""

    kind: str
    adjust: dict[str, Any]
    posted: dict[str, Any] = field(default_factory=dict)
    problem: str | None = None


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _put(entries: list[dict[str, Any]], entry: dict[str, Any]) -> list[dict[str, Any]]:
    """``entries`` with ``entry`` in place of the one naming the same exercise, or added."""
    same = [i for i, e in enumerate(entries) if e.get("exercise") == entry["exercise"]]
    if same:
        return [entry if i == same[0] else e for i, e in enumerate(entries) if i not in same[1:]]
    return [*entries, entry]


def current_adjust(adjust: Adjustments) -> dict[str, Any]:
    """Adjustments as the database keeps them (every entry in full, dates as text)."""
    data: dict[str, Any] = adjust.model_dump(mode="json", by_alias=True)
    return data


def changed(adjust: Adjustments, form: FormData) -> Change:
    """The adjustments ``form`` asks for: one entry put in, replaced or taken out, or one
    value set or cleared. Slugs are taken as posted; the library checks them."""
    kind = _text(form, "action")
    removing = _text(form, "remove")
    if removing:
        kind = "remove"
    data = current_adjust(adjust)
    posted: dict[str, Any] = {
        name: _text(form, name) for name in ("exercise", "for", "phase", "reason", "accept_unmet")
    }
    if kind not in FORMS:
        return Change("remove", data, posted, UNKNOWN_FORM)
    if kind == "remove":
        return _removed(data, removing)
    if kind in ENTRY_FIELDS:
        exercise = posted["exercise"]
        if not exercise:
            return Change(kind, data, posted, CHOOSE)
        entry: dict[str, Any] = {"exercise": exercise}
        for name in ENTRY_FIELDS[kind]:
            entry[name] = posted[name] or None
        data[kind] = _put(list(data.get(kind) or []), entry)
    elif kind == "rest_days":
        days = [d for d in form.getlist("rest_days") if isinstance(d, str)]
        posted["rest_days"] = days
        data["rest_days"] = days
    elif kind == "accept_unmet":
        posted["accept_unmet"] = reason = _text(form, "accept_unmet")
        data["accept_unmet"] = {"reason": reason} if reason else None
    else:  # start_on, minutes_per_day, note
        posted[kind] = value = _text(form, kind)
        data[kind] = value or None
    accepted = posted["accept_unmet"]
    if accepted and kind != "accept_unmet":  # given with the change, after a refusal
        data["accept_unmet"] = {"reason": accepted}
    return Change(kind, data, posted)


def _removed(data: dict[str, Any], what: str) -> Change:
    """The adjustments without the one a Remove button names (``drop:tai_chi``, ``note``)."""
    kind, _, exercise = what.partition(":")
    if kind in ENTRY_FIELDS and exercise:
        data[kind] = [e for e in data.get(kind) or [] if e.get("exercise") != exercise]
    elif kind == "rest_days" and not exercise:
        data["rest_days"] = []
    elif kind in SINGLE and not exercise:
        data[kind] = None
    else:
        return Change("remove", data, {}, UNKNOWN_FORM)
    return Change("remove", data, {"remove": what})


@dataclass(frozen=True)
class Line:
    """One reason a change was not saved: the words, and the rule that refused it if one did."""

    text: str
    rule: str | None = None
    title: str | None = None


@dataclass
class Refused:
    """Why a change was not saved, in a clinician's words: one line per refusal or problem,
    and whether accepting unmet requirements would let it through."""

    lines: list[Line]
    unmet: bool = False


#: The library's advice for the command line, and the same for the page.
ACCEPT_ADVICE = ("accept it with accept_unmet and a reason", "accept it with a reason")


def refused(exc: UserError, book: Rulebook) -> Refused:
    """The library's refusals (exercise name, reason, rule id and title) or problems (field,
    message, did-you-mean), each a line."""
    plain = Plain(book)
    if isinstance(exc, AdjustmentRefused) and exc.refusals:
        titles = {r.id: r.title for r in book.rules}
        lines = []
        for r in exc.refusals:
            reason = plain(r.reason.replace(*ACCEPT_ADVICE))
            if r.exercise:
                text = f"{_name(r.exercise, book, plain)}: {reason}"
            elif r.kind == "adjustments":
                text = f"This change {reason}"
            else:
                text = reason[:1].upper() + reason[1:]
            title = titles.get(r.rule) if r.rule else None
            lines.append(Line(text, r.rule, plain(title) if title else None))
        return Refused(lines, unmet=any(r.kind == "adjustments" for r in exc.refusals))
    found = [Line(problem_line(p, book, plain)) for p in exc.problems]
    return Refused(found or [Line(str(exc))])


def problem_line(problem: Problem, book: Rulebook, plain: Plain) -> str:
    """A problem with a profile's field, under the words of the form's control."""
    path = problem.field or ""
    last = path.rsplit(".", 1)[-1].split("[", 1)[0]
    if path.startswith("adjust.") or path == "adjust":
        label = FIELD_WORDS.get(last, "") if path != "adjust" else ""
    else:
        label = path
    text = plain(problem.message)
    if label:
        text = f"{label}: {text}"
    if problem.suggestion:
        text += f" (did you mean {_name(problem.suggestion, book, plain)}?)"
    return text


def _name(slug: str, book: Rulebook, plain: Plain) -> str:
    found = book.exercises.get(slug)
    return found.name if found is not None else plain(slug)


def adjust_view(
    profile: Profile, plan: Plan | None, options: Choices, book: Rulebook
) -> dict[str, Any]:
    """What the Adjust page offers: the planned exercises by name, the swaps and additions the
    rules allow, the current adjustments with their effects, and each form's current value."""
    plain = Plain(book)
    names = {slug: ex.name for slug, ex in book.exercises.items()}
    planned = [(ex.slug, ex.name) for ex in plan.exercises()] if plan else []
    in_plan = {slug for slug, _ in planned}
    swaps = {
        slug: [(s, names[s]) for s in options.swaps.get(slug, ()) if s not in in_plan]
        for slug, _ in planned
    }
    groups: dict[str, list[tuple[str, str]]] = {}
    for slug in options.addable:
        if slug not in in_plan:
            label = COMPONENT_LABELS[book.exercises[slug].component]
            groups.setdefault(label, []).append((slug, names[slug]))
    adjust = profile.adjust
    assessed = profile.assessed_on
    return {
        "planned": planned,
        "swappable": [(slug, name) for slug, name in planned if swaps[slug]],
        "swaps": swaps,
        "addable": list(groups.items()),
        "phases": [(p, PHASE_NAMES[p]) for p in PHASES],
        "weekdays": list(zip(WEEKDAY_NAMES, WEEKDAYS, strict=True)),
        "current": _current(adjust, plan, book, plain),
        "values": {
            "rest_days": list(adjust.rest_days),
            "start_on": adjust.start_on.isoformat() if adjust.start_on else "",
            "minutes_per_day": str(adjust.minutes_per_day or ""),
            "note": adjust.note or "",
            "accept_unmet": adjust.accept_unmet.reason if adjust.accept_unmet else "",
        },
        "ability": profile.ability,
        "most_minutes": DAY_BUDGET[profile.ability],
        "assessed": long_date(assessed),
        "first_day": assessed.isoformat(),
        "last_day": (assessed + dt.timedelta(days=MAX_START_DELAY_DAYS)).isoformat(),
        "latest_start": MAX_START_DELAY_DAYS,
        "assessment_note": bool(profile.note),
        "accepted_unmet": [
            plain(f"{u.label} ({u.rule})") for u in (plan.unmet if plan else []) if u.accepted
        ],
    }


def _current(
    adjust: Adjustments, plan: Plan | None, book: Rulebook, plain: Plain
) -> list[dict[str, str]]:
    """Each adjustment of the profile's own, as the clinician's copy words it (with what it
    did, when there is a plan), and the value its Remove button posts."""
    applied: Mapping[tuple[str, str | None], AppliedAdjustment] = {
        (a.kind, a.exercise): a for a in (plan.adjustments if plan else [])
    }
    out: list[dict[str, str]] = []

    def item(kind: str, exercise: str | None, fallback: str, remove: str) -> None:
        found = applied.get((kind, exercise))
        text = adjustment_line(found, book, plain) if found is not None else fallback
        what = ADJUSTMENT_WORDS[kind] + (f" {_name(exercise, book, plain)}" if exercise else "")
        out.append({"text": text, "remove": remove, "what": what})

    for kind in ENTRY_FIELDS:
        for entry in getattr(adjust, kind):
            slug: str = entry.exercise
            words = f"{ADJUSTMENT_WORDS[kind]} {_name(slug, book, plain)}"
            if kind == "swap":
                words += f" for {_name(entry.for_, book, plain)}"
            if kind == "hold":
                words += f" at the {entry.phase} dose"
            if entry.reason:
                words += f": {entry.reason}"
            item(kind, slug, words, f"{kind}:{slug}")
    if adjust.rest_days:
        days = ", ".join(WEEKDAYS[WEEKDAY_NAMES.index(d)] for d in adjust.rest_days)
        item("rest_days", None, f"Rest days: {days}", "rest_days")
    if adjust.minutes_per_day is not None:
        item(
            "minutes_per_day",
            None,
            f"Daily time: {adjust.minutes_per_day} minutes",
            "minutes_per_day",
        )
    if adjust.start_on is not None:
        item("start_on", None, f"Start: {long_date(adjust.start_on)}", "start_on")
    if adjust.note:
        out.append(
            {"text": f"Note for the patient: {adjust.note}", "remove": "note", "what": "Note"}
        )
    if adjust.accept_unmet is not None:
        out.append(
            {
                "text": f"Requirements left unmet, accepted: {adjust.accept_unmet.reason}",
                "remove": "accept_unmet",
                "what": "Accepted unmet requirements",
            }
        )
    return out
