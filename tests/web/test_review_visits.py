"""Review visits in the workbench: a prescription's calendar file, the visit form making the
next block (what changed and why, with the rule ids), clearances lifting a fracture's
restrictions and new fractures adding theirs, its problems shown beside their fields with nothing
stored, the token every post needs, and the patient's timeline and charts."""

from __future__ import annotations

import re
from typing import Any

import icalendar
import pytest
from sqlalchemy import func, select

from planner.plan import Plan
from planner.review.log_summary import planned_days
from planner.web.app import WorkbenchApp
from planner.web.store import patients
from planner.web.store.tables import AuditEntry, Prescription, ReviewVisit
from tests.web.conftest import Client

NAME = "Ada <b>Lovelace</b>"
#: A plain patient: a Monday assessment, a 12-week block, a review on 29 March 2027.
PERSON = {
    "name": NAME,
    "age": "70",
    "sex": "female",
    "ability": "independent",
    "bone_status": "osteoporosis",
    "assessed_on": "2027-01-04",
}
#: The visit at the end of the block: one fall at home, most sessions done; the sit to stand
#: done at the top of its range at its build dose, so it has a rung to progress to.
VISIT = {
    "visit_date": "2027-03-29",
    "kind": "in_person",
    "falls-0-date": "2027-03-01",
    "sessions-resistance-done": "20",
    "sessions-resistance-planned": "24",
    "sessions-balance-done": "30",
    "sessions-balance-planned": "36",
    "exercises-sit_to_stand-achieved": "build",
    "exercises-sit_to_stand-top_of_range": "yes",
    "exercises-sit_to_stand-pain": "expected",
    "exercises-tandem_stance-achieved": "progress",
    "exercises-tandem_stance-top_of_range": "yes",
    "retests-tug_s": "11,5",
    "retests-chair_stands": "11",
    "note-to-nobody": "ignored",
}


#: A wrist fracture three weeks before the assessment, still in its cast.
WRIST = {
    "fracture": "0",
    "fractures-0-site": "wrist",
    "fractures-0-weeks_since": "3",
    "fractures-0-cause": "fall",
    "fractures-0-in_cast": "yes",
}
#: The fracture clinic lifted the wrist's restrictions and took the cast off before the visit.
CLEARED = {
    "clearances-0-by": "fracture_clinic",
    "clearances-0-on": "2027-03-15",
    "clearances-0-cleared": "yes",
    "clearances-0-cast_off": "yes",
}


def _prescribed(client: Client, patient_id: str, **more: str) -> int:
    """A new patient with their plan saved as prescription 1; their key."""
    response = client.submit("/patients/new", {"id": patient_id, **PERSON, **more})
    assert response.status_code == 303, response.text[:2000]
    key = int(response.headers["location"].split("/")[2])
    assert client.submit(f"/patients/{key}/prescriptions", {}).status_code == 303
    return key


def _plan(app: WorkbenchApp, key: int, number: int) -> Plan:
    """The plan of a patient's prescription."""
    with app.bench.db.session() as session:
        record = patients.patient(session, key)
        saved = patients.prescription(session, record, number) if record else None
        plan = patients.stored_plan(saved) if saved else None
    assert plan is not None
    return plan


def _fired(plan: Plan) -> set[str]:
    return {rule.id for rule in plan.rules_fired}


def _count(app: WorkbenchApp, table: Any) -> int:
    with app.bench.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


@pytest.fixture(scope="module")
def reviewed(app: WorkbenchApp) -> dict[str, Any]:
    """A patient reviewed once: their key, and the answer to the visit's post."""
    with Client(app) as client:
        key = _prescribed(client, "REV-1")
        form = client.get(f"/patients/{key}/prescriptions/1/review")
        response = client.submit(f"/patients/{key}/prescriptions/1/review", VISIT)
        return {"key": key, "form": form.text, "response": response}


def test_the_calendar_parses_and_is_the_same_each_time(client: Client, app: WorkbenchApp) -> None:
    key = _prescribed(client, "CAL-1")
    url = f"/patients/{key}/prescriptions/1/calendar?when=timed&time=9:30&alarm=15"
    first, second = client.get(url), client.get(url)
    assert first.status_code == 200
    assert first.headers["content-type"].startswith("text/calendar")
    assert first.headers["content-disposition"] == 'attachment; filename="plan-block1.ics"'
    calendars = [icalendar.Calendar.from_ical(r.content) for r in (first, second)]
    uids = [[str(e["uid"]) for e in c.walk("VEVENT")] for c in calendars]
    assert len(uids[0]) > 12 and uids[0] == uids[1]
    sessions = [e for e in calendars[0].walk("VEVENT") if "exercises" in str(e["summary"])]
    assert sessions[0].decoded("dtstart").strftime("%H:%M") == "09:30"
    assert "Ada" not in first.text and "CAL-1" not in first.text
    all_day = client.get(f"/patients/{key}/prescriptions/1/calendar?when=all_day&alarm=30")
    assert all_day.status_code == 200 and "VALUE=DATE" in all_day.text
    with app.bench.db.session() as session:
        details = session.scalars(select(AuditEntry.detail).where(AuditEntry.patient_id == "CAL-1"))
        assert "prescription 1, calendar" in list(details)


def test_a_calendar_form_with_a_bad_time_says_so_beside_it(client: Client) -> None:
    key = _prescribed(client, "CAL-2")
    page = client.get(f"/patients/{key}/prescriptions/1/calendar?when=timed&time=25:00&alarm=x")
    assert page.status_code == 400
    assert re.search(r'id="cal-time"[^>]*aria-describedby="h-cal-time e-cal-time"', page.text)
    assert re.search(r'id="cal-alarm"[^>]*aria-invalid="true"', page.text)
    assert 'id="e-cal-time"' in page.text and "HH:MM" in page.text


def test_the_visit_form_offers_the_plan_s_exercises_and_sessions(reviewed: dict[str, Any]) -> None:
    form = reviewed["form"]
    assert '<label for="v-visit_date">' in form
    assert 'name="sessions-balance-planned" value="36"' in form
    assert 'name="visit_date" value="2027-03-29"' in form
    assert 'id="exercise-tandem_stance"' in form and "Heel-to-toe stand" in form
    assert "Ada &lt;b&gt;Lovelace&lt;/b&gt;" in form and NAME not in form


def test_a_fall_makes_block_2_hold_and_step_back(
    reviewed: dict[str, Any], client: Client, app: WorkbenchApp
) -> None:
    response = reviewed["response"]
    key = reviewed["key"]
    assert response.status_code == 303, response.text[:3000]
    assert response.headers["location"] == f"/patients/{key}/prescriptions/2"
    with app.bench.db.session() as session:
        record = patients.patient(session, key)
        assert record is not None
        saved = patients.prescription(session, record, 2)
        assert saved is not None
        plan = patients.stored_plan(saved)
        stored = session.scalars(select(ReviewVisit).where(ReviewVisit.made_key == saved.key))
        visit = stored.one()
    assert plan is not None and plan.programme.block == 2 and plan.review is not None
    changes = {c.slug: c for c in plan.review.changes}
    assert changes["tandem_stance"].change == "step_back"
    assert "R-REV-5" in changes["tandem_stance"].rules
    assert not [c for c in plan.review.changes if c.change == "progress" and "balance" in c.slug]
    # A fall holds no strength work (R-REV-5): 20 of 24 done, top of range, one rung up.
    assert (changes["sit_to_stand"].change, changes["sit_to_stand"].rules) == (
        "progress",
        ["R-REV-10"],
    )
    assert plan.programme.rungs["sit_to_stand"] == (1, 2, 2)
    assert '"date":"2027-03-01"' in visit.visit_json.replace(" ", "")
    page = client.get(response.headers["location"]).text
    section = page.split('id="changes-title"')[1]
    assert "What changed and why" in page and "Stepped back" in section
    assert "R-REV-5" in section and "1 fall(s) since the last visit" in section
    with app.bench.db.session() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.patient_id == "REV-1"))
        saved_entries = [e.detail or "" for e in entries if e.action == "review saved"]
    assert saved_entries == ["prescription 1 reviewed; block 2 is prescription 2"]


def test_a_bad_visit_is_shown_beside_its_fields_and_nothing_is_stored(
    client: Client, app: WorkbenchApp
) -> None:
    key = _prescribed(client, "BAD-1")
    before = (_count(app, Prescription), _count(app, ReviewVisit))
    bad = {**VISIT, "falls-0-date": "2027-04-02", "sessions-balance-done": "40"}
    page = client.submit(f"/patients/{key}/prescriptions/1/review", bad)
    assert page.status_code == 400
    text = page.text
    assert "The visit was not saved" in text and "Traceback" not in text
    assert re.search(r'id="v-falls-0-date"[^>]*aria-describedby="e-falls-0-date"', text)
    assert re.search(r'id="v-sessions-balance-done"[^>]*aria-invalid="true"', text)
    assert "The fall is dated after the visit." in text
    assert "More sessions done than planned." in text
    assert 'value="2027-04-02"' in text  # what was typed stays in the form
    early = client.submit(f"/patients/{key}/prescriptions/1/review", {"visit_date": "2026-12-01"})
    assert early.status_code == 400 and 'id="e-visit_date"' in early.text
    assert (_count(app, Prescription), _count(app, ReviewVisit)) == before


def test_a_visit_needs_the_form_token(client: Client, app: WorkbenchApp) -> None:
    key = _prescribed(client, "TOK-1")
    before = _count(app, ReviewVisit)
    url = f"/patients/{key}/prescriptions/1/review"
    assert client.post(url, data=VISIT).status_code == 403
    assert client.post(url, data={**VISIT, "csrf_token": "forged"}).status_code == 403
    assert _count(app, ReviewVisit) == before


def test_only_the_latest_prescription_is_reviewed(reviewed: dict[str, Any], client: Client) -> None:
    key = reviewed["key"]
    assert client.get(f"/patients/{key}/prescriptions/1/review").status_code == 409
    assert client.get(f"/patients/{key}/prescriptions/2/review").status_code == 200


def test_the_plan_page_says_the_programme_has_moved_on(
    reviewed: dict[str, Any], client: Client
) -> None:
    """After a review the assessment's plan is a new block 1: the page says so and links to the
    block the programme is at, so nobody prints it by mistake for the next block."""
    key = reviewed["key"]
    text = re.sub(r"\s+", " ", client.get(f"/patients/{key}/plan").text)
    assert "This patient's programme has moved on: block 2 is" in text
    assert f'<a href="/patients/{key}/prescriptions/2">prescription 2</a>' in text
    fresh = _prescribed(client, "NEW-1")
    assert "has moved on" not in client.get(f"/patients/{fresh}/plan").text


def test_the_timeline_lists_both_blocks_and_the_visit(
    reviewed: dict[str, Any], client: Client
) -> None:
    key = reviewed["key"]
    text = client.get(f"/patients/{key}").text
    timeline = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text.split('id="timeline-title"')[1]))
    timeline = timeline.split("Sessions, pain and re-tests")[0]
    assert "Block 1 (prescription 1) Programme weeks 1–12: 4 Jan 2027 to 28 Mar 2027" in timeline
    assert "Review visit, 29 Mar 2027 (in person)" in timeline
    assert "Block 2 (prescription 2) Programme weeks 13–24" in timeline
    assert re.search(r"Step back: 1 .*Progress: |Progress: \d+ .*Step back: 1", timeline)
    assert f'href="/patients/{key}/prescriptions/2#changes-title"' in text


def test_the_charts_tables_hold_the_numbers(reviewed: dict[str, Any], client: Client) -> None:
    text = client.get(f"/patients/{reviewed['key']}").text
    cells = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text.split('id="adherence-table"')[1]))
    assert "20 of 24 (83%)" in cells and "30 of 36 (83%)" in cells
    pain = text.split('id="pain-table"')[1].split("</table>")[0]
    assert re.search(r"Block 1</th><td>1</td><td>0</td><td>0</td><td>\d+</td>", pain)
    retests = text.split('id="retest-table"')[1].split("</table>")[0]
    assert "<td>11.5</td><td>11</td>" in retests
    assert re.search(r'<svg viewBox="0 0 \d+ \d+" role="img" aria-labelledby="adherence-t', text)
    assert len(re.findall(r'<rect x="[\d.]+" y=[^>]*class="c-(balance|resistance)"', text)) == 2
    assert " style=" not in text and "<script>" not in text


def test_the_log_typed_in_day_by_day(client: Client, app: WorkbenchApp) -> None:
    key = _prescribed(client, "LOG-1")
    url = f"/patients/{key}/prescriptions/1/review"
    grid = client.get(f"{url}?log=days").text
    assert '<caption id="lw-12">Week 12</caption>' in grid
    assert re.search(
        r'id="v-log-2027-01-04-pain"[^>]*aria-labelledby="ld-2027-01-04 lw-1-pain"', grid
    )
    with app.bench.db.session() as session:
        record = patients.patient(session, key)
        assert record is not None
        saved = patients.prescription(session, record, 1)
        assert saved is not None
        plan = patients.stored_plan(saved)
    assert plan is not None
    ticks = {
        f"log-{day.isoformat()}-{component}": "yes"
        for day, components in planned_days(plan).items()
        for component in components
    }
    visit = {"visit_date": "2027-03-29", "log": "days", **ticks, "log-2027-02-01-fall": "yes"}
    bad = client.submit(url, {**visit, "log-2027-01-05-pain": "12"})
    assert bad.status_code == 400
    assert re.search(r'id="v-log-2027-01-05-pain"[^>]*aria-invalid="true"', bad.text)
    assert 'id="e-log-2027-01-05-pain"' in bad.text and "A score from 0 to 10." in bad.text
    good = client.submit(url, {**visit, "log-2027-01-05-pain": "3", "log-2027-01-05-note": "<i>"})
    assert good.status_code == 303, good.text[:3000]
    with app.bench.db.session() as session:
        stored = session.scalars(select(ReviewVisit).order_by(ReviewVisit.key.desc())).first()
        assert stored is not None and stored.log_json is not None
        assert '"fall":{' in stored.log_json.replace(" ", "")
    page = client.get(f"/patients/{key}").text
    cells = re.sub(r"<[^>]+>", " ", page.split('id="adherence-table"')[1].split("</table>")[0])
    assert "36 of 36 (100%)" in cells
    changed = client.get(good.headers["location"]).text
    assert "1 fall(s) since the last visit" in changed


def test_a_clearance_lifts_the_cast_s_restrictions(client: Client, app: WorkbenchApp) -> None:
    cleared, kept = _prescribed(client, "WR-1", **WRIST), _prescribed(client, "WR-2", **WRIST)
    form = client.get(f"/patients/{cleared}/prescriptions/1/review").text
    assert "<legend>Fracture 1: wrist, 14 Dec 2026, in a cast or splint, not yet cleared" in form
    assert '<label for="v-clearances-0-cast_off">Cast or splint off</label>' in form
    assert "v-clearances-0-approach" not in form  # no joint replacement
    before = _plan(app, cleared, 1)
    assert "R-WR-1" in _fired(before)
    assert "R-WR-1" in {r for e in before.excluded if e.slug == "wall_push_up" for r in e.rules}
    for key, visit in ((cleared, {**VISIT, **CLEARED}), (kept, VISIT)):
        response = client.submit(f"/patients/{key}/prescriptions/1/review", visit)
        assert response.status_code == 303, response.text[:3000]
    lifted, still = _plan(app, cleared, 2), _plan(app, kept, 2)
    assert "R-WR-3" in _fired(lifted) and not {"R-WR-1", "R-WR-2"} & _fired(lifted)
    assert not [e for e in lifted.excluded if {"R-WR-1", "R-WR-2"} & set(e.rules)]
    assert "wall_push_up" not in {e.slug for e in lifted.excluded}
    assert lifted.profile.fractures[0].cleared and not lifted.profile.fractures[0].in_cast
    # The same visit without the clearance: 15 weeks on, still in the cast, still restricted.
    assert {"R-WR-1", "R-WR-2"} <= _fired(still)
    assert "R-WR-1" in {r for e in still.excluded if e.slug == "wall_push_up" for r in e.rules}
    assert still.profile.fractures[0].in_cast and not still.profile.fractures[0].cleared


def test_a_partly_lifted_clearance_keeps_the_fracture_restricted(
    client: Client, app: WorkbenchApp
) -> None:
    key = _prescribed(client, "WR-3", **WRIST)
    partly = {**VISIT, **CLEARED, "clearances-0-cleared": "partly"}
    response = client.submit(f"/patients/{key}/prescriptions/1/review", partly)
    assert response.status_code == 303, response.text[:3000]
    plan = _plan(app, key, 2)
    assert not plan.profile.fractures[0].in_cast and not plan.profile.fractures[0].cleared
    assert "R-WR-2" in _fired(plan) and "R-WR-1" not in _fired(plan)


def test_a_new_fracture_makes_its_rules_fire(client: Client, app: WorkbenchApp) -> None:
    key = _prescribed(client, "VF-1")
    assert not any(r.startswith("R-VF-") for r in _fired(_plan(app, key, 1)))
    form = client.get(f"/patients/{key}/prescriptions/1/review").text
    assert 'id="new-fracture-1"' in form and "clearance-0" not in form  # no fracture on record
    new = {
        "new_fractures-0-site": "vertebral",
        "new_fractures-0-date": "2027-03-10",
        "new_fractures-0-cause": "lifting",
        "new_fractures-0-treatment": "conservative",
    }
    no_fall = {k: v for k, v in VISIT.items() if not k.startswith("falls-")}
    response = client.submit(f"/patients/{key}/prescriptions/1/review", {**no_fall, **new})
    assert response.status_code == 303, response.text[:3000]
    plan = _plan(app, key, 2)
    assert any(r.startswith("R-VF-") for r in _fired(plan))
    (fracture,) = plan.profile.fractures
    assert (fracture.site, fracture.cause, fracture.cleared) == ("vertebral", "lifting", False)
    assert fracture.date is not None and fracture.date.isoformat() == "2027-03-10"
    # Block 3's visit offers its clearance.
    again = client.get(f"/patients/{key}/prescriptions/2/review").text
    assert "<legend>Fracture 1: vertebral, 10 Mar 2027, not yet cleared" in again


def test_an_equipment_change_is_kept(client: Client, app: WorkbenchApp) -> None:
    key = _prescribed(client, "EQ-1")
    url = f"/patients/{key}/prescriptions/1/review"
    form = client.get(url).text
    assert 'id="v-changes-equipment"' in form and 'id="v-changes-lacks"' in form
    assert not re.search(r'name="changes-equipment"[^>]*checked', form)
    changed = {**VISIT, "changes-equipment-shown": "yes", "changes-equipment": "resistance_band"}
    response = client.submit(url, changed)
    assert response.status_code == 303, response.text[:3000]
    assert "resistance_band" in _plan(app, key, 2).profile.equipment
    again = client.get(f"/patients/{key}/prescriptions/2/review").text
    assert re.search(r'value="resistance_band" checked', again)


def test_a_bad_clearance_or_new_fracture_is_shown_and_nothing_is_stored(
    client: Client, app: WorkbenchApp
) -> None:
    key = _prescribed(client, "WR-BAD", **WRIST)
    before = (_count(app, Prescription), _count(app, ReviewVisit))
    bad = {
        **VISIT,
        **CLEARED,
        "clearances-0-on": "2027-04-02",
        "new_fractures-0-site": "hip",
        "new_fractures-0-approach": "posterior",
        "new_fractures-1-in_cast": "yes",
    }
    page = client.submit(f"/patients/{key}/prescriptions/1/review", bad)
    assert page.status_code == 400
    text = page.text
    assert re.search(r'id="v-clearances-0-on"[^>]*aria-describedby="e-clearances-0-on"', text)
    assert "The clearance is dated after the visit." in text
    assert 'href="#v-clearances-0-on">Fracture 1, date of the clearance:' in text
    assert re.search(r'id="v-new_fractures-0-date"[^>]*aria-invalid="true"', text)
    assert "Give the date of the fracture or its operation." in text
    assert re.search(r'id="v-new_fractures-0-approach"[^>]*aria-invalid="true"', text)
    assert 'id="e-new_fractures-1-site"' in text
    assert 'value="2027-04-02"' in text  # what was typed stays in the form
    url = f"/patients/{key}/prescriptions/1/review"
    missing = client.submit(url, {**VISIT, **CLEARED, "clearances-0-on": ""})
    assert missing.status_code == 400 and "Give the date of the clearance." in missing.text
    too_early = client.submit(url, {**VISIT, **CLEARED, "clearances-0-on": "2026-12-01"})
    assert "The clearance is dated before the fracture (14 Dec 2026)." in too_early.text
    nobody = client.submit(url, {**VISIT, "clearances-0-cast_off": "yes"})
    assert re.search(r'id="v-clearances-0-by"[^>]*aria-invalid="true"', nobody.text)
    assert (_count(app, Prescription), _count(app, ReviewVisit)) == before
