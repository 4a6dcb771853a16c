"""The assessment form: every field of the profile model is on it, each validation error
lands beside its field (tied with aria-describedby) with the library's words and did-you-mean,
fractures are added and removed, and the fields the Adjust page owns are kept."""

from __future__ import annotations

import html
import json
import re

import pytest

from planner.errors import Problem
from planner.profile.fields import SCHEMA
from planner.rulebook import load_rulebook
from planner.web.form.helptext import template_help
from planner.web.form.layout import ADJUST_FIELDS, form_layout
from planner.web.form.values import field_errors, posted_values, profile_input, profile_values
from tests.web.conftest import PATIENT, Client


def _errors(text: str) -> dict[str, str]:
    """Each inline error on the page, by the input it describes."""
    found = {}
    for block in re.finditer(r'<div class="error" id="e-([^"]+)">(.*?)</div>', text, re.S):
        found[block.group(1)] = html.unescape(re.sub(r"<[^>]+>", "", block.group(2)))
    return found


def _post(client: Client, **changes: str) -> tuple[int, str]:
    data = {**PATIENT, **changes}
    data = {k: v for k, v in data.items() if v != "<drop>"}
    response = client.submit("/patients/new", data)
    return response.status_code, response.text


def test_every_profile_field_is_on_the_form() -> None:
    layout = form_layout(load_rulebook())
    on_form = {f.name for f in layout.fields}
    assert on_form == {f.name for f in SCHEMA.fields} - ADJUST_FIELDS
    assert {f.name for f in layout.fracture_fields} == {f.name for f in SCHEMA.fracture_fields}
    required = {f.name for f in layout.fields if f.spec.required}
    assert required == {"age", "ability"}


def test_help_comes_from_the_profile_template() -> None:
    layout = form_layout(load_rulebook())
    helps = {f.name: f.help for f in layout.fields}
    assert "never logged" in helps["name"]
    assert "A fall that needed medical care" in helps["injurious_fall_12m"]
    assert "18-120" in helps["age"]
    assert "female" not in helps["sex"]  # a list of choices is left to the select
    assert (False, "tug_s") in template_help()


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"age": "<drop>"}, "age", "Age in years: is required"),
        ({"age": "7"}, "age", "greater than or equal to 18"),
        ({"age": "seventy"}, "age", "valid integer"),
        ({"ability": "limitd"}, "ability", "(did you mean 'limited'?)"),
        ({"sex": "femal"}, "sex", "(did you mean 'female'?)"),
        ({"t_score": "-12"}, "t_score", "greater than or equal to -10"),
        ({"back_pain": "11"}, "back_pain", "less than or equal to 10"),
        ({"id": "has space"}, "id", "no spaces or slashes"),
        ({"id": "<drop>"}, "id", "Patient id: is required"),
        ({"assessed_on": "31/02/2026"}, "assessed_on", "not a real date"),
        ({"fractures-0-site": "hipp"}, "fractures-0-site", "(did you mean 'hip'?)"),
        (
            {"fractures-0-date": "2026-01-02"},
            "fractures-0",
            "give exactly one of weeks_since or date",
        ),
        (
            {"fractures-0-weeks_since": "<drop>", "fractures-0-date": "2999-01-01"},
            "fractures-0-date",
            "is after assessed_on",
        ),
        ({"fractures-0-approach": "posterior"}, "fractures-0", "approach applies only"),
        ({"equipment": "resistence_band"}, "equipment", "(did you mean 'resistance_band'?)"),
        ({"lacks": "dumbbells"}, "lacks", "not one of the household basics"),
        ({"red_flags": "chest_symptom"}, "red_flags", "(did you mean 'chest_symptoms'?)"),
    ],
)
def test_each_error_is_shown_beside_its_field(
    client: Client, changes: dict[str, str], field: str, words: str
) -> None:
    status, text = _post(client, **changes)
    assert status == 422
    errors = _errors(text)
    assert field in errors, errors
    assert words in errors[field]
    assert 'aria-describedby="' in text and f"e-{field}" in text
    assert "problem" in text and 'href="#f-' in text  # the summary links to the field
    if not field.startswith(("fractures-0", "equipment", "lacks", "red_flags")):
        assert re.search(rf'id="f-{field}"[^>]*aria-invalid="true"', text)


def test_a_form_with_errors_keeps_what_was_typed(client: Client) -> None:
    status, text = _post(client, age="7", note="Bring <your> stick")
    assert status == 422
    assert 'value="7"' in text and "Bring &lt;your&gt; stick" in text


def test_an_id_in_use_is_refused(client: Client) -> None:
    client.add_patient(id="TAKEN-1")
    status, text = _post(client, id="taken-1")
    assert status == 422 and "another patient has this id" in _errors(text)["id"]


def test_a_decimal_comma_is_read(client: Client) -> None:
    key = client.add_patient(id="COMMA-1", tug_s="14,5")
    assert 'value="14.5"' in client.get(f"/patients/{key}/assessment").text


def test_fractures_are_added_and_removed_with_the_form_buttons(client: Client) -> None:
    added = client.submit("/patients/new", {**PATIENT, "action": "add-fracture"})
    assert added.status_code == 200
    assert "Fracture 2" in added.text and 'id="f-fractures-1-site"' in added.text
    assert re.search(r'id="f-fractures-1-site"[^>]*autofocus', added.text)
    removed = client.submit("/patients/new", {**PATIENT, "action": "remove-fracture-0"})
    assert "Fracture 1" not in removed.text and "No fracture listed" in removed.text
    assert re.search(r'id="add-fracture"[^>]*autofocus', removed.text)


def test_a_blank_fracture_block_is_left_out(client: Client) -> None:
    data = {**PATIENT, "id": "BLANK-1", "fracture": ["0", "1"], "fractures-1-cause": "unknown"}
    response = client.submit("/patients/new", data)
    assert response.status_code == 303
    form = client.get(response.headers["location"].replace("/plan", "/assessment")).text
    assert "Fracture 2" not in form


def test_errors_land_on_the_block_shown() -> None:
    layout = form_layout(load_rulebook())
    values = {"fracture": ["0", "3"], "fractures-3-site": "hip", "fractures-3-weeks_since": "2"}
    data, used = profile_input(layout, values)
    assert used == [3] and len(data["fractures"]) == 1
    problems = [Problem("bad", field="fractures[0].site"), Problem("worse", field="adjust.x")]
    found = field_errors(layout, problems, used, [0, 3])
    assert found["fractures-3-site"] == ["Fracture 2, site: bad"]
    assert found[""] == ["adjust.x: worse"]


def test_the_adjust_fields_are_kept_when_the_assessment_is_saved() -> None:
    layout = form_layout(load_rulebook())
    kept = {"age": 70, "ability": "fit", "adjust": {"rest_days": ["sun"]}, "preset": "p1"}
    values = profile_values(layout, kept)
    data, _ = profile_input(layout, values, kept)
    assert data["adjust"] == {"rest_days": ["sun"]} and data["preset"] == "p1"
    assert data["age"] == "70"


def test_posted_lists_stay_lists() -> None:
    from starlette.datastructures import FormData

    layout = form_layout(load_rulebook())
    form = FormData([("equipment", "mat"), ("equipment", "dumbbells"), ("age", "70")])
    values = posted_values(layout, form)
    assert values["equipment"] == ["mat", "dumbbells"] and values["age"] == "70"


def test_the_stored_profile_is_the_one_validated(client: Client, app) -> None:  # type: ignore[no-untyped-def]
    key = client.add_patient(id="STORED-1", note="  Bring the stick  ")
    with app.bench.db.session() as session:
        from planner.web.store.patients import patient

        record = patient(session, key)
        assert record is not None
        data = json.loads(record.profile_json)
    assert data["note"] == "Bring the stick" and data["fractures"][0]["site"] == "vertebral"


def test_a_stored_assessment_the_rules_cannot_plan_says_why(client: Client, app) -> None:  # type: ignore[no-untyped-def]
    from planner.profile.model import Profile
    from planner.web.store.patients import add_patient

    refused = Profile.model_validate(
        {
            "id": "REFUSED-1",
            "age": 74,
            "ability": "limited",
            "fractures": [{"site": "vertebral", "weeks_since": 3}],
            "adjust": {"add": ["star_jumps: fun"]},
        }
    )
    with app.bench.db.session() as session, session.begin():
        key = add_patient(session, refused).key
    page = client.get(f"/patients/{key}/plan")
    assert page.status_code == 409 and "add star_jumps" in page.text and "R-VF-2" in page.text
    assert client.submit(f"/patients/{key}/prescriptions", {}).status_code == 409
    kept = client.submit(f"/patients/{key}/assessment", {**PATIENT, "id": "REFUSED-1"})
    assert kept.status_code == 422  # the adjustments are kept, and still refused
    assert "add star_jumps" in kept.text and "problem" in kept.text
    assert client.get(f"/patients/{key}/assessment").status_code == 200
