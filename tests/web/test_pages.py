"""Every page of the workbench over HTTP: the patients, the assessment, the plan, saving a
prescription, its page and downloads, and comparing two."""

from __future__ import annotations

import json

import pypdfium2

from tests.web.conftest import PATIENT, Client


def test_home_goes_to_the_patients(client: Client) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/patients"


def test_a_new_patient_through_the_form_shows_their_plan(client: Client) -> None:
    key = client.add_patient(id="PAGE-1")
    page = client.get(f"/patients/{key}/plan")
    assert page.status_code == 200
    text = page.text
    assert "Plan for PAGE-1" in text and "Zelda Quixote" in text
    for heading in ("The week at a glance", "day by day", "Exercises", "Warnings", "Why this plan"):
        assert heading in text
    assert "<svg" in text  # the exercise pictures
    assert "R-VF-2" in text  # a rule fired, with its id
    assert "Left out by the rules" in text and "Sources" in text


def test_the_list_and_search_find_by_id_and_by_name(client: Client) -> None:
    client.add_patient(id="FIND-ME", name="Agatha Brightwater")
    client.add_patient(id="OTHER-1", name="Someone Else")
    assert "FIND-ME" in client.get("/patients").text
    by_name = client.get("/patients", params={"q": "brightwater"}).text
    assert "FIND-ME" in by_name and "OTHER-1" not in by_name
    by_id = client.get("/patients", params={"q": "find-"}).text
    assert "FIND-ME" in by_id and "OTHER-1" not in by_id
    assert "No patient" in client.get("/patients", params={"q": "%_nobody"}).text


def test_the_patient_page_and_the_assessment_form(client: Client) -> None:
    key = client.add_patient(id="PAGE-2")
    page = client.get(f"/patients/{key}")
    assert page.status_code == 200 and "No prescription yet" in page.text
    form = client.get(f"/patients/{key}/assessment")
    assert form.status_code == 200
    assert 'value="74"' in form.text and "Fracture 1" in form.text
    assert f'data-preview="/patients/{key}/preview"' in form.text
    assert "Walking at a comfortable pace" in form.text  # the plan beside the form


def test_editing_the_assessment_keeps_the_id_and_changes_the_plan(client: Client) -> None:
    key = client.add_patient(id="PAGE-3")
    changed = {**PATIENT, "id": "SOMETHING-ELSE", "age": "81", "ability": "frail"}
    response = client.submit(f"/patients/{key}/assessment", changed)
    assert response.status_code == 303 and response.headers["location"] == f"/patients/{key}/plan"
    form = client.get(f"/patients/{key}/assessment").text
    assert 'value="81"' in form and "PAGE-3" in form and "SOMETHING-ELSE" not in form


def test_the_preview_is_a_fragment_of_the_plan(client: Client) -> None:
    fragment = client.submit("/patients/new/preview", PATIENT)
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and "Week at a glance" in fragment.text
    assert "Plan updated:" in fragment.text
    broken = client.submit("/patients/new/preview", {**PATIENT, "age": "7"})
    assert "1 problem to fix" in broken.text


def test_a_saved_prescription_is_listed_printed_and_compared(client: Client) -> None:
    key = client.add_patient(id="PAGE-4")
    first = client.submit(f"/patients/{key}/prescriptions", {})
    assert first.status_code == 303
    assert first.headers["location"] == f"/patients/{key}/prescriptions/1"
    page = client.get(first.headers["location"])
    assert page.status_code == 200 and "Prescription 1 for PAGE-4" in page.text
    assert "Booklet in large print (PDF)" in page.text
    client.submit(
        f"/patients/{key}/assessment",
        {**PATIENT, "id": "PAGE-4", "age": "75", "fractures-0-weeks_since": "10"},
    )
    assert client.submit(f"/patients/{key}/prescriptions", {}).status_code == 303
    listing = client.get(f"/patients/{key}").text
    assert "Prescription 1" in listing and "Prescription 2" in listing
    compared = client.get(f"/patients/{key}/compare", params={"a": 1, "b": 2})
    assert compared.status_code == 200
    assert "Age in years" in compared.text and "Doses changed" in compared.text
    assert client.get(f"/patients/{key}/compare").status_code == 200  # the last two


def test_downloads_are_named_after_the_patient_id(client: Client) -> None:
    key = client.add_patient(id="PAGE-5")
    client.submit(f"/patients/{key}/prescriptions", {})
    base = f"/patients/{key}/prescriptions/1/download"
    names = {
        "booklet": "PAGE-5-booklet.pdf",
        "booklet-large": "PAGE-5-booklet-large-print.pdf",
        "clinician": "PAGE-5-clinician.pdf",
        "booklet-html": "PAGE-5-booklet.html",
        "clinician-html": "PAGE-5-clinician.html",
        "json": "PAGE-5.json",
    }
    for kind, name in names.items():
        response = client.get(f"{base}/{kind}")
        assert response.status_code == 200, kind
        assert response.headers["content-disposition"] == f'attachment; filename="{name}"'
    booklet = client.get(f"{base}/booklet").content
    assert booklet.startswith(b"%PDF")
    text = "".join(page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(booklet))
    assert "Zelda Quixote" in text
    plan = json.loads(client.get(f"{base}/json").content)
    assert plan["schema"] == "osteoplan/plan-v1" and plan["profile"]["id"] == "PAGE-5"
    assert "Zelda Quixote" in client.get(f"{base}/booklet-html").text
    assert client.get(f"{base}/nonsense").status_code == 404


def test_missing_things_are_404(client: Client) -> None:
    assert client.get("/patients/999999").status_code == 404
    assert client.get("/patients/999999/plan").status_code == 404
    key = client.add_patient(id="PAGE-6")
    assert client.get(f"/patients/{key}/prescriptions/7").status_code == 404
    assert client.get(f"/patients/{key}/compare").status_code == 404  # fewer than two
    assert client.get("/patients/abc").status_code == 404
    assert "no such page" in client.get("/nowhere").text


def test_the_import_and_audit_pages_open(client: Client) -> None:
    assert "A clinic's CSV" in client.get("/patients/import").text
    assert client.get("/audit").status_code == 200
    assert client.get("/login", follow_redirects=False).status_code == 303  # no login here
