"""A posted review visit form as a :class:`~planner.review.visit.Visit`, or each problem placed
under the input it is about (in the form's words, never quoting what was typed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ValidationError

from planner.review.visit import Visit
from planner.web.form.values import FORM_LEVEL, TICKED, Values
from planner.web.form.visit_fractures import NEW_FRACTURE_ROWS
from planner.web.form.visit_layout import FALL_ROWS, VisitLayout

Errors = dict[str, list[str]]
#: Posted with the equipment ticks: without it (a post that never showed them), no change.
EQUIPMENT_SHOWN = "changes-equipment-shown"
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
    inputs = {
        "clearances": _clearances(layout, values, data, errors),
        "new_fractures": _new_fractures(values, data, errors),
    }
    _check(data, after, errors)
    _check_fractures(layout, data, inputs, errors)
    for key in inputs:
        data[key] = [{k: v for k, v in d.items() if v is not None} for d in data[key]]
    if not errors:
        try:
            return Visit.model_validate(data), {}
        except ValidationError as exc:
            for err in exc.errors():
                _add(errors, _input(err["loc"], layout, inputs), _words(err))
    order = {f.name: i for i, f in enumerate(layout.fields())}
    return None, dict(sorted(errors.items(), key=lambda kv: order.get(kv[0], len(order))))


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
    shown = layout.equipment if values.get(EQUIPMENT_SHOWN) == TICKED else None
    for key, had in (shown or {}).items():
        ticked = values.get(f"changes-{key}")
        now = sorted({t for t in (ticked if isinstance(ticked, list) else [ticked or ""]) if t})
        if now != sorted(had):
            changes[key] = now
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


def _clearances(
    layout: VisitLayout, values: Values, data: dict[str, Any], errors: Errors
) -> list[str]:
    """Each fracture's clearance filled in, into ``data``; the input prefix of each."""
    found, prefixes = [], []
    for i in range(len(layout.clearances)):
        p = f"clearances-{i}-"
        given: dict[str, Any] = {
            "fracture": i + 1,
            "by": _text(values, p + "by") or None,
            "on": _text(values, p + "on") or None,
            "cleared": _text(values, p + "cleared") != "partly",
            "cast_off": values.get(p + "cast_off") == TICKED,
            "approach": _text(values, p + "approach") or None,
        }
        if not (given["by"] or given["on"] or given["cast_off"] or given["approach"]):
            continue
        if given["by"] is None:
            _add(errors, p + "by", "Say who gave the clearance (or clear its other fields).")
        if given["on"] is None:
            _add(errors, p + "on", "Give the date of the clearance.")
        found.append(given)
        prefixes.append(p)
    data["clearances"] = found
    return prefixes


def _new_fractures(values: Values, data: dict[str, Any], errors: Errors) -> list[str]:
    """The new fractures filled in, into ``data``; the input prefix of each."""
    found, prefixes = [], []
    for i in range(NEW_FRACTURE_ROWS):
        p = f"new_fractures-{i}-"
        given: dict[str, Any] = {
            k: _text(values, p + k) or None
            for k in ("site", "date", "cause", "treatment", "approach")
        }
        given["in_cast"] = values.get(p + "in_cast") == TICKED
        if given["treatment"] == "conservative":
            given["treatment"] = None
        if not any(given.values()):
            continue
        if given["site"] is None:
            _add(errors, p + "site", "Choose the site of the new fracture (or clear its fields).")
        if given["date"] is None:
            _add(errors, p + "date", "Give the date of the fracture or its operation.")
        if given["approach"] and given["treatment"] != "arthroplasty":
            _add(errors, p + "approach", "An approach is given for a joint replacement only.")
        found.append(given)
        prefixes.append(p)
    data["new_fractures"] = found
    return prefixes


def _check_fractures(
    layout: VisitLayout, data: dict[str, Any], inputs: dict[str, list[str]], errors: Errors
) -> None:
    """Clearances and new fractures dated after the visit, or a clearance before its fracture."""
    on = _date(data["visit_date"])
    for given, p in zip(data["clearances"], inputs["clearances"], strict=True):
        when = _date(given["on"])
        broken = layout.fracture_dates[given["fracture"] - 1]
        if when is not None and on is not None and when > on:
            _add(errors, p + "on", "The clearance is dated after the visit.")
        elif when is not None and when < broken:
            _add(
                errors, p + "on", f"The clearance is dated before the fracture ({broken:%d %b %Y})."
            )
    for given, p in zip(data["new_fractures"], inputs["new_fractures"], strict=True):
        when = _date(given["date"])
        if when is not None and on is not None and when > on:
            _add(errors, p + "date", "The fracture is dated after the visit.")


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _input(loc: tuple[int | str, ...], layout: VisitLayout, inputs: dict[str, list[str]]) -> str:
    """The input a model location is about (``FORM_LEVEL`` when it is no single input)."""
    parts = [str(p) for p in loc]
    if parts[:1] in (["clearances"], ["new_fractures"]) and len(parts) >= 2:
        prefixes = inputs[parts[0]]
        at = int(parts[1]) if parts[1].isdigit() else len(prefixes)
        if at < len(prefixes):
            first = "on" if parts[0] == "clearances" else "date"
            parts = [prefixes[at] + (parts[2] if len(parts) > 2 else first)]
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
