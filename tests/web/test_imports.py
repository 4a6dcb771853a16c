"""Patients from files: a profile through the library's bounded loader, and a clinic's CSV
whose bad rows are reported as the batch reports them."""

from __future__ import annotations

import json

from planner.profile.csvrows import batch_template
from tests.web.conftest import Client

PROFILE = """\
id: IMP-1
name: Mary Smith
age: 74
ability: limited
fractures:
  - site: wrist
    weeks_since: 3
    cause: fall
"""


def _import(client: Client, name: str, text: str | bytes, **extra: str) -> object:
    body = text.encode() if isinstance(text, str) else text
    return client.post(
        "/patients/import",
        data={"csrf_token": client.token(), **extra},
        files={"profile": (name, body, "application/octet-stream")},
        follow_redirects=False,
    )


def test_a_profile_file_becomes_a_patient(client: Client) -> None:
    response = _import(client, "mary.yaml", PROFILE)
    assert response.status_code == 303  # type: ignore[attr-defined]
    plan = client.get(response.headers["location"]).text  # type: ignore[attr-defined]
    assert "Plan for IMP-1" in plan and "Mary Smith" in plan


def test_a_json_profile_too(client: Client) -> None:
    data = {"id": "IMP-JSON", "age": 70, "ability": "fit"}
    response = _import(client, "p.json", json.dumps(data))
    assert response.status_code == 303  # type: ignore[attr-defined]


def test_a_bad_profile_names_the_file_the_line_and_the_field(client: Client) -> None:
    response = _import(client, "mary.yaml", PROFILE.replace("site: wrist", "site: wirst"))
    assert response.status_code == 422  # type: ignore[attr-defined]
    text = response.text  # type: ignore[attr-defined]
    assert "mary.yaml:6: fractures[0].site:" in text and "did you mean &#39;wrist&#39;" in text
    assert "osteoplan-import" not in text  # not the temporary copy's name


def test_a_file_that_is_no_profile(client: Client) -> None:
    for name, text in (
        ("x.yaml", "- just\n- a list\n"),
        ("x.json", "{not json"),
        ("x.yaml", "a: ["),
    ):
        response = _import(client, name, text)
        assert response.status_code == 422  # type: ignore[attr-defined]
        assert "could not be imported" in response.text  # type: ignore[attr-defined]


def test_a_huge_file_is_refused(client: Client) -> None:
    response = _import(client, "big.yaml", b"a" * 1_000_001)
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert "larger than 1,000,000 bytes" in response.text  # type: ignore[attr-defined]


def test_no_file_chosen(client: Client) -> None:
    response = client.post("/patients/import", data={"csrf_token": client.token()})
    assert response.status_code == 422 and "Choose a file" in response.text


def test_a_profile_without_an_id_opens_the_form_filled_in(client: Client) -> None:
    response = _import(client, "noid.yaml", PROFILE.replace("id: IMP-1\n", ""))
    assert response.status_code == 422  # type: ignore[attr-defined]
    text = response.text  # type: ignore[attr-defined]
    assert (
        "New patient" in text and 'value="Mary Smith"' in text and "Patient id: is required" in text
    )
    again = _import(client, "again.yaml", PROFILE.replace("IMP-1", "imp-1"))
    assert "another patient has this id" in again.text  # type: ignore[attr-defined]


CSV = """\
id,name,age,ability,fracture1_site,fracture1_weeks_since
CSV-1,Ann One,70,fit,,
CSV-2,Bob Two,seventy,fit,,
CSV-3,Cat Three,81,limitd,hip,4
CSV-1,Dup Licate,70,fit,,
,No Id,70,fit,,
CSV-4,Dee Four,77,frail,wrist,2
"""


def _csv(client: Client, text: str, encoding: str = "utf-8") -> object:
    return client.post(
        "/patients/import-csv",
        data={"csrf_token": client.token(), "encoding": encoding},
        files={"csv": ("clinic.csv", text.encode(encoding), "text/csv")},
    )


def test_a_csv_adds_its_good_rows_and_reports_the_others(client: Client) -> None:
    response = _csv(client, CSV)
    assert response.status_code == 200  # type: ignore[attr-defined]
    text = response.text  # type: ignore[attr-defined]
    assert "2 of 6 rows added." in text
    assert "row 3: age: input should be a valid integer" in text
    assert "row 4: ability: input should be" in text and "did you mean &#39;limited&#39;" in text
    assert "row 5: id: duplicate id, first on row 2" in text
    assert "row 6: id: is required" in text
    for secret in ("Bob Two", "Cat Three", "seventy"):
        assert secret not in text  # a bad row's cells are never repeated
    assert "CSV-4" in client.get("/patients").text
    again = _csv(client, CSV).text  # type: ignore[attr-defined]
    assert "0 of 6 rows added." in again and "is here already" in again


def test_a_csv_with_a_bad_header_is_refused_before_any_row(client: Client) -> None:
    response = _csv(client, "idd,age,ability\nX,70,fit\n")
    assert response.status_code == 422  # type: ignore[attr-defined]
    text = response.text  # type: ignore[attr-defined]
    assert "column 1 is not a known column name" in text and "clinic.csv" in text


def test_the_batch_template_imports(client: Client) -> None:
    response = _csv(client, batch_template())
    assert "1 of 1 row added." in response.text  # type: ignore[attr-defined]


def test_a_latin_1_csv(client: Client) -> None:
    response = _csv(client, "id,name,age,ability\nLAT-1,Zoë Müller,70,fit\n", "latin-1")
    assert "1 of 1 row added." in response.text  # type: ignore[attr-defined]


REFUSED = (
    PROFILE.replace("site: wrist", "site: vertebral") + "adjust:\n  add: ['star_jumps: fun']\n"
)


def test_a_profile_whose_adjustments_the_rules_refuse_is_not_imported(client: Client) -> None:
    response = _import(client, "refused.yaml", REFUSED.replace("IMP-1", "REF-1"))
    assert response.status_code == 422  # type: ignore[attr-defined]
    text = response.text  # type: ignore[attr-defined]
    assert "add star_jumps: " in text and "(R-VF-2)" in text
    assert "REF-1" not in client.get("/patients").text
