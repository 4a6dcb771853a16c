"""The Adjust page over HTTP: every kind of adjustment saved through its form, every refusal
shown beside the form with the rule and its reason (and nothing stored), removing an
adjustment, the form token, and the audit trail (the patient's id, never a name or a reason)."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from sqlalchemy import select

from planner.web.app import WorkbenchApp
from planner.web.store import patients
from planner.web.store.tables import AuditEntry
from tests.web.conftest import PATIENT, Client

#: A fresh wrist fracture (R-WR-1: finger and wrist movement every day; nothing through the
#: hands), with the falls of PATIENT (high falls risk: R-FALL-1).
WRIST = {
    "fractures-0-site": "wrist",
    "fractures-0-weeks_since": "3",
}
#: No fracture and no falls: rest days and a smaller daily budget leave nothing unmet.
EASY = {
    "age": "66",
    "sex": "female",
    "ability": "independent",
    "bone_status": "osteopenia",
}


def _adjust(client: Client, key: int, **fields: Any) -> Any:
    return client.submit(f"/patients/{key}/adjust", fields)


def _stored(app: WorkbenchApp, key: int) -> dict[str, Any]:
    """The patient's stored profile, as the database holds it."""
    with app.bench.db.session() as session:
        record = patients.patient(session, key)
        assert record is not None
        found: dict[str, Any] = json.loads(record.profile_json)
        return found


def _text(response: Any) -> str:
    """The page's text with tags dropped and entities read, for finding sentences in it."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.text)))


def _inline(response: Any, form: str) -> str:
    """The refusal shown inside one form."""
    found = re.search(rf'<div class="error" id="e-{form}">(.*?)</div>', response.text, re.S)
    assert found, f"no refusal shown in the {form} form"
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1)))


@pytest.fixture
def wrist(client: Client) -> int:
    """A new patient with a wrist fracture three weeks ago."""
    return client.add_patient(id=f"WR-{next(_numbers)}", **WRIST)


@pytest.fixture
def easy(client: Client) -> int:
    """A new patient with no fracture and no falls."""
    data = {**EASY, "id": f"EASY-{next(_numbers)}", "csrf_token": client.token()}
    response = client.post("/patients/new", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text[:2000]
    return int(response.headers["location"].split("/")[2])


_numbers = iter(range(1, 10_000))


def test_the_page_is_linked_and_names_the_planned_exercises(client: Client, wrist: int) -> None:
    plan = client.get(f"/patients/{wrist}/plan").text
    assert f'href="/patients/{wrist}/adjust"' in plan and "Adjust the plan" in plan
    page = client.get(f"/patients/{wrist}/adjust")
    assert page.status_code == 200
    assert 'aria-current="page">Adjust</a>' in page.text
    text = _text(page)
    assert "None yet: the plan is the rules' own." in text
    for name in ("Finger and wrist movement", "Walking at a comfortable pace", "Sit to stand"):
        assert f">{name}</option>" in page.text
    assert ">finger_and_wrist_rom<" not in page.text  # slugs only as values
    assert "Week at a glance" in text  # the plan in brief
    for legend in ("Drop an exercise", "Swap an exercise", "Add an exercise", "Hold a dose"):
        assert f"<legend>{legend}</legend>" in page.text
    for legend in ("Rest days", "Start date", "Time a day", "Note for the patient"):
        assert f"<legend>{legend}</legend>" in page.text
    assert "<legend>Requirements left unmet</legend>" in page.text


def test_only_allowed_additions_and_swaps_are_offered(client: Client, wrist: int) -> None:
    page = client.get(f"/patients/{wrist}/adjust").text
    adds = re.search(r'<select id="add-exercise".*?</select>', page, re.S)
    assert adds is not None
    assert 'value="calf_raises"' in adds.group(0)
    assert 'value="wall_push_up"' not in adds.group(0)  # R-WR-1 excludes it
    assert 'value="sit_to_stand"' not in adds.group(0)  # already planned
    assert 'id="swap-for"' not in page  # the second step comes after choosing
    step = client.get(f"/patients/{wrist}/adjust", params={"swap": "comfortable_walking"}).text
    alternatives = re.search(r'<select id="swap-for".*?</select>', step, re.S)
    assert alternatives is not None
    offered = set(re.findall(r'value="([a-z_]+)"', alternatives.group(0)))
    assert offered == {"stair_climbing", "seated_aerobic_marching"}  # not brisk walking
    assert "Replace Walking at a comfortable pace with" in step
    ignored = client.get(f"/patients/{wrist}/adjust", params={"swap": "tai_chi"}).text
    assert 'id="swap-for"' not in ignored


def test_drop_an_exercise(client: Client, app: WorkbenchApp, wrist: int) -> None:
    response = _adjust(client, wrist, action="drop", exercise="sideways_walking", reason="dizzy")
    assert response.status_code == 303
    assert response.headers["location"] == f"/patients/{wrist}/adjust?done=drop"
    assert _stored(app, wrist)["adjust"]["drop"] == [
        {"exercise": "sideways_walking", "reason": "dizzy"}
    ]
    page = client.get(response.headers["location"])
    text = _text(page)
    assert "The exercise is dropped." in text and 'role="status"' in page.text
    assert "Dropped Walking sideways: dizzy (" in text, text  # with its effect
    assert (
        'value="sideways_walking"'
        not in page.text.split('id="current-title"')[1].split("<legend>Add an exercise")[0]
    )  # no longer offered to drop or swap
    plan = _text(client.get(f"/patients/{wrist}/plan"))
    assert "Adjusted by the physiotherapist" in plan and "Dropped Walking sideways" in plan


def test_swap_an_exercise(client: Client, app: WorkbenchApp, wrist: int) -> None:
    response = _adjust(
        client, wrist, action="swap", exercise="comfortable_walking", **{"for": "stair_climbing"}
    )
    assert response.status_code == 303
    swap = _stored(app, wrist)["adjust"]["swap"]
    assert swap == [{"exercise": "comfortable_walking", "for": "stair_climbing", "reason": None}]
    text = _text(client.get(f"/patients/{wrist}/adjust?done=swap"))
    assert "Swapped Walking at a comfortable pace for Stair climbing" in text


def test_add_and_hold(client: Client, app: WorkbenchApp, wrist: int) -> None:
    added = _adjust(client, wrist, action="add", exercise="calf_raises", reason="weak ankles")
    assert added.status_code == 303
    held = _adjust(client, wrist, action="hold", exercise="sit_to_stand", phase="foundation")
    assert held.status_code == 303
    adjust = _stored(app, wrist)["adjust"]
    assert adjust["add"] == [{"exercise": "calf_raises", "reason": "weak ankles"}]
    assert adjust["hold"] == [{"exercise": "sit_to_stand", "phase": "foundation", "reason": None}]
    text = _text(client.get(f"/patients/{wrist}/adjust"))
    assert "Added Calf raises: weak ankles (in the resistance sessions on 3 days a week" in text
    assert "Held the dose of Sit to stand" in text and "kept at the foundation dose" in text
    again = _adjust(client, wrist, action="hold", exercise="sit_to_stand", phase="build")
    assert again.status_code == 303  # a second hold of one exercise replaces the first
    assert _stored(app, wrist)["adjust"]["hold"] == [
        {"exercise": "sit_to_stand", "phase": "build", "reason": None}
    ]


def test_rest_days_start_date_minutes_and_note(
    client: Client, app: WorkbenchApp, easy: int
) -> None:
    assessed = _stored(app, easy)["assessed_on"]
    assert _adjust(client, easy, action="rest_days", rest_days=["sat", "sun"]).status_code == 303
    assert _adjust(client, easy, action="minutes_per_day", minutes_per_day="50").status_code == 303
    assert _adjust(client, easy, action="start_on", start_on=assessed).status_code == 303
    note = "Walk with your daughter on Saturdays."
    assert _adjust(client, easy, action="note", note=note).status_code == 303
    adjust = _stored(app, easy)["adjust"]
    assert adjust["rest_days"] == ["sat", "sun"] and adjust["minutes_per_day"] == 50
    assert adjust["start_on"] == assessed and adjust["note"] == note
    page = client.get(f"/patients/{easy}/adjust")
    text = _text(page)
    assert "Rest days: no exercise on Saturday, Sunday" in text
    assert "Daily time: a daily budget of 50 minutes (up to 75 for this ability)" in text
    assert "Start: the plan starts on" in text and f"Note for the patient: {note}" in text
    assert 'id="rest-days-sat" name="rest_days" value="sat" checked' in page.text
    cleared = _adjust(client, easy, action="rest_days")  # no box ticked
    assert cleared.status_code == 303 and _stored(app, easy)["adjust"]["rest_days"] == []


def test_remove_an_adjustment(client: Client, app: WorkbenchApp, wrist: int) -> None:
    _adjust(client, wrist, action="drop", exercise="sideways_walking")
    _adjust(client, wrist, action="add", exercise="calf_raises")
    page = client.get(f"/patients/{wrist}/adjust").text
    assert 'name="remove" value="drop:sideways_walking"' in page
    assert 'Remove<span class="visually-hidden">: Dropped Walking sideways</span>' in page
    response = _adjust(client, wrist, action="remove", remove="drop:sideways_walking")
    assert response.status_code == 303
    assert response.headers["location"].endswith("?done=remove")
    adjust = _stored(app, wrist)["adjust"]
    assert adjust["drop"] == [] and [a["exercise"] for a in adjust["add"]] == ["calf_raises"]
    assert _adjust(client, wrist, action="remove", remove="add:calf_raises").status_code == 303
    assert _stored(app, wrist)["adjust"]["add"] == []
    unknown = _adjust(client, wrist, action="remove", remove="everything")
    assert unknown.status_code == 422 and "not one the page knows" in unknown.text


def test_an_excluded_addition_posted_by_hand_is_refused_by_the_rules(
    client: Client, app: WorkbenchApp, wrist: int
) -> None:
    before = _stored(app, wrist)
    response = _adjust(client, wrist, action="add", exercise="wall_push_up", reason="by hand")
    assert response.status_code == 422
    inline = _inline(response, "add")
    assert "Wall push-up: no weight through the hands" in inline and "R-WR-1" in inline
    assert 'role="alert"' in response.text and 'href="#add-exercise"' in response.text
    assert 'id="add-exercise" name="exercise" aria-invalid="true"' in response.text
    assert _stored(app, wrist) == before  # nothing stored


def test_a_swap_to_something_not_offered_is_refused(
    client: Client, app: WorkbenchApp, wrist: int
) -> None:
    before = _stored(app, wrist)
    excluded = _adjust(
        client, wrist, action="swap", exercise="comfortable_walking", **{"for": "brisk_walking"}
    )
    assert excluded.status_code == 422
    inline = _inline(excluded, "swap")
    assert "Brisk walking: no brisk-walking programme at high falls risk" in inline
    assert "R-FALL-1" in inline and "R-GEN-5" in inline
    other_kind = _adjust(
        client, wrist, action="swap", exercise="finger_and_wrist_rom", **{"for": "calf_raises"}
    )
    assert other_kind.status_code == 422
    assert "swap within one kind" in _inline(other_kind, "swap")
    not_planned = _adjust(
        client, wrist, action="swap", exercise="tai_chi", **{"for": "calf_raises"}
    )
    assert not_planned.status_code == 422
    unknown = _adjust(client, wrist, action="swap", exercise="sit_to_stand", **{"for": "situps"})
    assert unknown.status_code == 422 and "no such exercise" in _inline(unknown, "swap")
    assert _stored(app, wrist) == before


def test_a_swap_that_leaves_a_requirement_unmet_is_refused(
    client: Client, app: WorkbenchApp, wrist: int
) -> None:
    before = _stored(app, wrist)
    response = _adjust(
        client, wrist, action="swap", exercise="finger_and_wrist_rom", **{"for": "calf_stretch"}
    )
    assert response.status_code == 422
    inline = _inline(response, "swap")
    assert "R-WR-1" in inline and "finger, thumb and elbow movement every day" in inline
    assert 'id="swap-for"' in response.text  # the second step, as posted
    assert '<option value="calf_stretch" selected>' in response.text
    assert _stored(app, wrist) == before


def test_a_drop_leaving_a_requirement_unmet_needs_a_reason_to_accept_it(
    client: Client, app: WorkbenchApp, wrist: int
) -> None:
    before = _stored(app, wrist)
    refused = _adjust(client, wrist, action="drop", exercise="finger_and_wrist_rom", reason="sore")
    assert refused.status_code == 422
    inline = _inline(refused, "drop")
    assert "This change would leave 'finger, thumb and elbow movement" in inline
    assert "R-WR-1" in inline and "accept it with a reason" in inline
    assert 'id="drop-accept" name="accept_unmet"' in refused.text  # offered beside the form
    assert '<option value="finger_and_wrist_rom" selected>' in refused.text
    assert _stored(app, wrist) == before
    accepted = _adjust(
        client,
        wrist,
        action="drop",
        exercise="finger_and_wrist_rom",
        reason="sore",
        accept_unmet="agreed with the patient: hand therapy instead",
    )
    assert accepted.status_code == 303
    adjust = _stored(app, wrist)["adjust"]
    assert adjust["drop"] == [{"exercise": "finger_and_wrist_rom", "reason": "sore"}]
    assert adjust["accept_unmet"] == {"reason": "agreed with the patient: hand therapy instead"}
    plan = _text(client.get(f"/patients/{wrist}/plan"))
    assert "Accepted by the physiotherapist: agreed with the patient" in plan
    page = _text(client.get(f"/patients/{wrist}/adjust"))
    assert "leaves R-WR-1 (finger, thumb and elbow movement" in page
    # Taking the reason away again would leave the requirement unmet unaccepted: refused.
    removed = _adjust(client, wrist, action="remove", remove="accept_unmet")
    assert removed.status_code == 422 and "R-WR-1" in _inline(removed, "remove")
    assert _stored(app, wrist)["adjust"]["accept_unmet"] is not None


def test_the_accept_form_saves_a_reason_first(
    client: Client, app: WorkbenchApp, wrist: int
) -> None:
    short = _adjust(client, wrist, action="accept_unmet", accept_unmet="ok")
    assert short.status_code == 422 and "at least 3 characters" in _inline(short, "accept_unmet")
    saved = _adjust(client, wrist, action="accept_unmet", accept_unmet="hand therapy instead")
    assert saved.status_code == 303
    assert _adjust(client, wrist, action="drop", exercise="finger_and_wrist_rom").status_code == 303


def test_minutes_above_the_ability_s_most_are_refused(
    client: Client, app: WorkbenchApp, easy: int
) -> None:
    before = _stored(app, easy)
    above = _adjust(client, easy, action="minutes_per_day", minutes_per_day="80")
    assert above.status_code == 422
    assert "Time a day: is above 75 minutes, the most for ability 'independent'" in _inline(
        above, "minutes_per_day"
    )
    assert 'value="80"' in above.text  # the form as posted
    words = _adjust(client, easy, action="minutes_per_day", minutes_per_day="lots")
    assert words.status_code == 422 and "Time a day:" in _inline(words, "minutes_per_day")
    late = _adjust(client, easy, action="start_on", start_on="2999-01-01")
    assert late.status_code == 422 and "more than 90 days" in _inline(late, "start_on")
    assert _stored(app, easy) == before


def test_rest_days_leaving_a_requirement_unmet_are_refused(client: Client, wrist: int) -> None:
    response = _adjust(client, wrist, action="rest_days", rest_days=["sun"])
    assert response.status_code == 422
    assert "R-WR-1" in _inline(response, "rest_days")
    assert 'id="rest-days-sun" name="rest_days" value="sun" checked' in response.text


def test_a_form_without_an_exercise_or_of_no_kind(client: Client, wrist: int) -> None:
    empty = _adjust(client, wrist, action="drop", exercise="")
    assert empty.status_code == 422 and "Choose the exercise first." in _inline(empty, "drop")
    nonsense = _adjust(client, wrist, action="explode")
    assert nonsense.status_code == 422


def test_the_forms_need_the_session_token(client: Client, wrist: int) -> None:
    url = f"/patients/{wrist}/adjust"
    data = {"action": "drop", "exercise": "sideways_walking"}
    assert client.post(url, data=data).status_code == 403
    assert client.post(url, data={**data, "csrf_token": "forged"}).status_code == 403
    cross = client.post(
        url,
        data={**data, "csrf_token": client.token()},
        headers={"sec-fetch-site": "cross-site"},
    )
    assert cross.status_code == 403
    assert client.get(url).status_code == 200 and "None yet" in client.get(url).text
    missing = client.post("/patients/999999/adjust", data={**data, "csrf_token": client.token()})
    assert missing.status_code == 404
    assert client.get("/patients/999999/adjust").status_code == 404


def test_each_change_is_audited_by_id_only(client: Client, app: WorkbenchApp) -> None:
    key = client.add_patient(id="AUDIT-ADJ", name="Bartholomew Quince", **WRIST)
    _adjust(client, key, action="drop", exercise="sideways_walking", reason="Bartholomew dizzy")
    _adjust(client, key, action="add", exercise="wall_push_up", reason="refused, not audited")
    with app.bench.db.session() as session:
        entries = list(
            session.scalars(select(AuditEntry).where(AuditEntry.patient_id == "AUDIT-ADJ"))
        )
    adjusted = [e for e in entries if e.action == "adjusted"]
    assert [e.detail for e in adjusted] == ["drop"]  # the refused change wrote nothing
    for entry in entries:
        for value in (entry.action, entry.detail or "", entry.patient_id or ""):
            assert "Bartholomew" not in value and "dizzy" not in value and "Quince" not in value
    assert "adjusted" in client.get("/audit").text


def test_saved_adjustments_the_rules_now_refuse_can_be_removed(
    client: Client, app: WorkbenchApp, wrist: int
) -> None:
    with app.bench.db.session() as session, session.begin():
        record = patients.patient(session, wrist)
        assert record is not None
        data = json.loads(record.profile_json)
        data["adjust"]["add"] = [{"exercise": "wall_push_up", "reason": None}]
        record.profile_json = json.dumps(data)  # as if the rules had changed since
    page = client.get(f"/patients/{wrist}/adjust")
    assert page.status_code == 200
    text = _text(page)
    assert "The saved adjustments give no plan with the rules in use" in text
    assert "Wall push-up: no weight through the hands" in text
    assert client.get(f"/patients/{wrist}/plan").status_code == 409
    fixed = _adjust(client, wrist, action="remove", remove="add:wall_push_up")
    assert fixed.status_code == 303
    assert client.get(f"/patients/{wrist}/plan").status_code == 200


def test_a_prescription_keeps_the_adjustments(
    client: Client, app: WorkbenchApp, wrist: int
) -> None:
    _adjust(client, wrist, action="drop", exercise="sideways_walking", reason="dizzy")
    assert client.submit(f"/patients/{wrist}/prescriptions", {}).status_code == 303
    with app.bench.db.session() as session:
        record = patients.patient(session, wrist)
        assert record is not None
        saved = patients.prescription(session, record, 1)
        assert saved is not None
        kept = json.loads(saved.adjustments_json)
    assert kept["drop"] == [{"exercise": "sideways_walking", "reason": "dizzy"}]
    assert PATIENT["name"] in client.get(f"/patients/{wrist}/prescriptions/1").text


def test_a_second_note_for_the_patient_is_refused(client: Client, app: WorkbenchApp) -> None:
    key = client.add_patient(id="NOTE-ADJ", note="Ring the clinic first.")
    page = client.get(f"/patients/{key}/adjust").text
    assert "The assessment already has a note for the patient" in page
    response = _adjust(client, key, action="note", note="Walk on Saturdays.")
    assert response.status_code == 422
    assert "Note for the patient: the patient's note is given twice" in _inline(response, "note")
    assert _stored(app, key)["adjust"]["note"] is None


def test_a_slug_posted_by_hand_is_checked_not_shown(client: Client, wrist: int) -> None:
    response = _adjust(client, wrist, action="add", exercise="<b>Tai Chi</b>")
    assert response.status_code == 422
    assert "<b>Tai Chi</b>" not in response.text
    assert "Exercise:" in _inline(response, "add")
