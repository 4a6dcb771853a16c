"""A posted review visit form as a :class:`~planner.review.visit.Visit`, or each problem placed
under the input it is about (in the form's words, never quoting what was typed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ValidationError

from planner.review.visit import Visit
from planner.web.form.values import FORM_LEVEL, TICKED, Values
from planner.web.form.visit_layout import FALL_ROWS, VisitLayout

Errors = dict[str, list[str]]
_FIELD_WORDS = {
    "int_parsing": "Give a whole number.",
    "float_parsing": "Give a number, such as 11.5.",
    "literal_error": "Choose one of the options.",
    "missing": "This is required.",
}


def visit_input(layout: VisitLayout, values: Values, after: dt.date) -> tuple[Visit | None, Errors]:
    """The visit the form describes, for a plan assessed on ``after``; or None and the
    problems by input name."""
    errors: Errors = {}
    data = _data(layout, values, errors)
    _check(data, after, errors)
    if errors:
        return None, errors
    try:
        return Visit.model_validate(data), {}
    except ValidationError as exc:
        for err in exc.errors():
            _add(errors, _input(err["loc"], layout), _words(err))
        return None, errors


def _text(values: Values, name: str) -> str:
    raw = values.get(name)
    return raw.strip() if isinstance(raw, str) else ""


def _data(layout: VisitLayout, values: Values, errors: Errors) -> dict[str, Any]:
    """The visit model's data from the inputs (an empty input: not given)."""
    data: dict[str, Any] = {"visit_date": _text(values, "visit_date") or None}
    data["kind"] = _text(values, "kind") or "in_person"
    falls = []
    for i in range(FALL_ROWS):
        p = f"falls-{i}-"
        fall: dict[str, Any] = {
            k: values.get(p + k) == TICKED for k in ("injurious", "long_lie", "lost_consciousness")
        }
        fall["during"] = _text(values, p + "during") or None
        date = _text(values, p + "date")
        if date:
            falls.append({"date": date, **fall})
        elif any(fall.values()):
            _add(errors, p + "date", "Give the date of the fall (or untick its boxes).")
    data["falls"] = falls
    flags = values.get("red_flags")
    data["red_flags"] = [f for f in (flags if isinstance(flags, list) else [flags or ""]) if f]
    data["red_flag_assessed"] = values.get("red_flag_assessed") == TICKED
    changes: dict[str, Any] = {}
    for key in ("ability", "unsteady", "fear_of_falling", "supervision_available", "back_pain"):
        text = _text(values, f"changes-{key}")
        if text:
            changes[key] = {"yes": True, "no": False}.get(text, text)
    data["changes"] = changes
    for key in ("longest_break_days", "break_reason"):
        if text := _text(values, key):
            data[key] = text
    sessions = {}
    for component in layout.planned:
        done, planned = (_text(values, f"sessions-{component}-{k}") for k in ("done", "planned"))
        if done and planned:
            sessions[component] = {"done": done, "planned": planned}
        elif done:  # planned alone is the form's own figure: no log for this kind
            _add(errors, f"sessions-{component}-planned", "Give the sessions planned too.")
    data["sessions"] = sessions or None
    exercises = {}
    for part in layout.exercises:
        slug = part.anchor.removeprefix("exercise-")
        p = f"exercises-{slug}-"
        found: dict[str, Any] = {"top_of_range": values.get(p + "top_of_range") == TICKED}
        for key in ("achieved", "pain"):
            if text := _text(values, p + key):
                found[key] = text
        exercises[slug] = found
    data["exercises"] = exercises
    retests: dict[str, Any] = {}
    for key in ("tug_s", "chair_stands", "balance_stage", "one_leg_s"):
        if text := _text(values, f"retests-{key}"):
            retests[key] = text.replace(",", ".") if key.endswith("_s") else text
    if "balance_stage" in retests and retests["balance_stage"].isdigit():
        retests["balance_stage"] = int(retests["balance_stage"])
    data["retests"] = retests
    return data


def _check(data: dict[str, Any], after: dt.date, errors: Errors) -> None:
    """What the model checks across fields, placed on the input that is wrong."""
    on = _date(data["visit_date"])
    if data["visit_date"] is None:
        _add(errors, "visit_date", "Give the date of the visit.")
    elif on is not None and on <= after:
        _add(
            errors,
            "visit_date",
            f"The visit must come after the last plan's assessment ({after:%d %b %Y}).",
        )
    for i, fall in enumerate(data["falls"]):
        when = _date(fall["date"])
        if on is not None and when is not None and when > on:
            _add(errors, f"falls-{i}-date", "The fall is dated after the visit.")
    for component, given in (data["sessions"] or {}).items():
        done, planned = given["done"], given["planned"]
        if done.isdigit() and planned.isdigit() and int(done) > int(planned):
            _add(errors, f"sessions-{component}-done", "More sessions done than planned.")
    if data["kind"] == "phone":
        for key in data["retests"]:
            _add(errors, f"retests-{key}", "Re-tests are done in person; a phone review has none.")


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _input(loc: tuple[int | str, ...], layout: VisitLayout) -> str:
    """The input a model location is about (``FORM_LEVEL`` when it is no single input)."""
    parts = [str(p) for p in loc]
    if parts[:1] == ["falls"] and len(parts) == 2:
        parts.append("date")
    if parts[:1] == ["sessions"] and len(parts) == 2:
        parts.append("done")
    if parts[:1] == ["red_flags"]:
        parts = parts[:1]
    name = "-".join(parts)
    known = {f.name for f in layout.fields()}
    return name if name in known else FORM_LEVEL


def _words(err: Any) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind in _FIELD_WORDS:
        return _FIELD_WORDS[kind]
    if kind == "greater_than_equal":
        return f"Give {ctx['ge']} or more."
    if kind == "less_than_equal":
        return f"Give {ctx['le']} or less."
    message = str(err["msg"]).removeprefix("Value error, ")
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


def _add(errors: Errors, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)
