"""A posted assessment form as profile data, a profile as the form's values, and the
library's validation problems placed on the fields they are about.

Values are keyed by input name (``age``, ``fractures-0-site``); a list field holds a list. Each
fracture block posts its number in ``fracture``, so a block left blank is dropped and the
problems of the rest still land on the right block.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from starlette.datastructures import FormData

from planner.errors import Problem
from planner.web.form.layout import FormField, FormLayout

Values = dict[str, str | list[str]]
#: The hidden input naming each fracture block on the form.
BLOCK = "fracture"
#: The value a ticked checkbox posts.
TICKED = "yes"
#: Where a problem with no field of the form is shown.
FORM_LEVEL = ""
_FRACTURE_PATH = re.compile(r"^fractures\[(\d+)\](?:\.(\w+))?")
_INPUT = re.compile(r"^fractures-(\d+)-\w+$")


def new_values(layout: FormLayout) -> Values:
    """A new patient's form: the model's defaults, no fractures."""
    return {f.input_name(): f.default for f in layout.fields if f.default}


def profile_values(layout: FormLayout, data: Mapping[str, Any]) -> Values:
    """The form's values for stored profile ``data``."""
    values: Values = {}
    for field in layout.fields:
        _put(values, field, data.get(field.name), None)
    for index, fracture in enumerate(data.get("fractures") or ()):
        values.setdefault(BLOCK, [])
        _append(values, BLOCK, str(index))
        for field in layout.fracture_fields:
            _put(values, field, fracture.get(field.name), index)
    return values


def _put(values: Values, field: FormField, value: Any, index: int | None) -> None:
    name = field.input_name(index)
    if value is None:
        return
    if field.widget == "checkbox":
        if value:
            values[name] = TICKED
    elif isinstance(value, list | tuple):
        values[name] = [str(v) for v in value]
    elif isinstance(value, float):
        values[name] = f"{value:g}"
    else:
        values[name] = str(value)


def _append(values: Values, name: str, item: str) -> None:
    found = values.get(name)
    values[name] = [*(found if isinstance(found, list) else []), item]


def posted_values(layout: FormLayout, form: FormData) -> Values:
    """The values posted for the form's fields, as typed."""
    values: Values = {}
    lists = {f.input_name() for f in layout.fields if f.widget == "checkboxes"}
    for key in form:
        if key == BLOCK or key in lists:
            values[key] = [v for v in form.getlist(key) if isinstance(v, str)]
        else:
            value = form.get(key)
            if isinstance(value, str):
                values[key] = value
    return values


def blocks(values: Values) -> list[int]:
    """The fracture blocks on the form, in order."""
    given = values.get(BLOCK)
    found = {int(v) for v in (given if isinstance(given, list) else []) if v.isdigit()}
    found |= {int(m.group(1)) for key in values if (m := _INPUT.match(key))}
    return sorted(found)


def profile_input(
    layout: FormLayout, values: Values, kept: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], list[int]]:
    """Profile data from the form's values (over ``kept``, the fields the form does not show),
    and the block of each fracture in it. An empty text box means "not given"."""
    data: dict[str, Any] = {k: v for k, v in (kept or {}).items() if k not in _names(layout)}
    for field in layout.fields:
        value = _read(field, values, None)
        if value is not None:
            data[field.name] = value
    fractures, used = [], []
    for index in blocks(values):
        fracture = {
            f.name: value
            for f in layout.fracture_fields
            if (value := _read(f, values, index)) is not None
        }
        if fracture.get("site") or "weeks_since" in fracture or "date" in fracture:
            fractures.append(fracture)
            used.append(index)
    data["fractures"] = fractures
    return data, used


def _names(layout: FormLayout) -> set[str]:
    return {f.name for f in layout.fields} | {"fractures"}


def _read(field: FormField, values: Values, index: int | None) -> Any:
    raw = values.get(field.input_name(index))
    if field.widget == "checkbox":
        return raw == TICKED
    if field.widget == "checkboxes":
        items = [v.strip() for v in (raw if isinstance(raw, list) else [raw or ""]) if v.strip()]
        return items or None
    text = (raw if isinstance(raw, str) else "").strip()
    if not text:
        return None
    if field.decimal and text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")  # a decimal comma, 14,5
    return text


def field_errors(
    layout: FormLayout, problems: Iterable[Problem], used: list[int], shown: list[int]
) -> dict[str, list[str]]:
    """Each problem's message under the input it is about (``FORM_LEVEL`` when none is): the
    field's label, then the library's words and its did-you-mean. ``used`` is the block of
    each fracture of the profile, ``shown`` the blocks on the form."""
    labels = {f.input_name(): f.label for f in layout.fields}
    labels.update({f.name: f.label for f in layout.fracture_fields})
    out: dict[str, list[str]] = {}
    for problem in problems:
        key, label = _input_for(problem.field or "", used, shown, labels)
        text = problem.message
        if problem.suggestion:
            text += f" (did you mean '{problem.suggestion}'?)"
        out.setdefault(key, []).append(f"{label}: {text}" if label else _capital(text))
    return out


def _input_for(
    path: str, used: list[int], shown: list[int], labels: dict[str, str]
) -> tuple[str, str]:
    """The input a field path is about and its label: ``fractures[0].site`` ->
    ``fractures-2-site`` (the third block on the form), ``equipment[1]`` -> ``equipment``."""
    found = _FRACTURE_PATH.match(path)
    if found:
        index = int(found.group(1))
        block = used[index] if index < len(used) else index
        sub = found.group(2)
        number = shown.index(block) + 1 if block in shown else index + 1
        if sub and sub in labels:
            return f"fractures-{block}-{sub}", f"Fracture {number}, {labels[sub].lower()}"
        return f"fractures-{block}", f"Fracture {number}"
    head = path.split("[", 1)[0].split(".", 1)[0]
    if head in labels:
        return head, labels[head]
    return FORM_LEVEL, path


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
