"""A document as one self-contained HTML page: the stylesheet inlined, pictures as inline SVG,
nothing fetched, patient text escaped, and only for the rule set the plan was made with."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from planner import Rulebook, build_plan
from planner.errors import UserError
from planner.plan import Plan, RulesetRef
from planner.render.clinic import Clinic
from planner.render.html import render_html
from planner.render.layout import Document
from planner.render.typeset import stylesheet_text
from tests.conftest import make_profile

TODAY = dt.date(2026, 11, 23)
SVG_NAMESPACE = 'xmlns="http://www.w3.org/2000/svg"'
BOOKLET_IDS = ("cover", "glance", "exercises", "card-1", "safety", "build-up", "log")
CLINICIAN_IDS = ("clinician", "summary", "profile", "unmet", "rules", "excluded", "ruleset")


@pytest.fixture(scope="module")
def plan(rulebook: Rulebook) -> Plan:
    return build_plan(make_profile(id="P-7", name="Ann Example"), rulebook)


def ids(html: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', html))


@pytest.mark.parametrize("document", ["booklet", "clinician"])
def test_each_document_is_self_contained(
    document: Document, plan: Plan, rulebook: Rulebook
) -> None:
    html = render_html(plan, rulebook, document=document, today=TODAY)
    assert html.startswith("<!DOCTYPE html>")
    assert stylesheet_text(screen=True) in html, "the stylesheet is inlined, phone layout too"
    assert "<script" not in html.lower() and "<link" not in html and "@import" not in html
    assert not re.search(r"\b(?:src|href)\s*=", html, flags=re.I), "nothing to fetch"
    assert not re.search(r"url\((?!#)", html), "only in-document references"


def test_the_booklet_names_no_outside_address(plan: Plan, rulebook: Rulebook) -> None:
    html = render_html(plan, rulebook, today=TODAY)
    assert html.count("<svg") == len(plan.exercises()), "a drawing on every card"
    own = html.replace(SVG_NAMESPACE, "")
    assert "http" not in own and "www." not in own


def test_patient_and_clinic_text_is_escaped_never_markup(rulebook: Rulebook) -> None:
    name = '<img src="file:///etc/passwd"> {{ 7*7 }}'
    note = "<b>Bring</b> & {% raw %}"
    plan = build_plan(make_profile(name=name, note=note), rulebook)
    clinic = Clinic(name="<i>Riverside</i>", address="1 <River> Road\nTownley")
    booklet = render_html(plan, rulebook, clinic=clinic, today=TODAY)
    clinician = render_html(plan, rulebook, document="clinician", clinic=clinic, today=TODAY)
    shown = "&lt;img src=&#34;file:///etc/passwd&#34;&gt; {{ 7*7 }}"
    assert shown in booklet and shown in clinician
    assert "&lt;b&gt;Bring&lt;/b&gt; &amp; {% raw %}" in booklet
    assert (
        "&lt;i&gt;Riverside&lt;/i&gt;" in booklet and "1 &lt;River&gt; Road<br>Townley" in booklet
    )
    for html in (booklet, clinician):
        assert "<img" not in html and "<b>" not in html and "<i>" not in html


def test_the_booklet_and_the_clinicians_copy_hold_their_own_sections(
    plan: Plan, rulebook: Rulebook
) -> None:
    booklet = render_html(plan, rulebook, today=TODAY)
    clinician = render_html(plan, rulebook, document="clinician", today=TODAY)
    assert set(BOOKLET_IDS) <= ids(booklet) and not set(CLINICIAN_IDS) & ids(booklet)
    assert set(CLINICIAN_IDS) | {"sources"} <= ids(clinician)
    assert not set(BOOKLET_IDS) & ids(clinician)
    assert "<title>Your exercise plan</title>" in booklet
    assert "<title>Clinician&#39;s copy, not for the patient</title>" in clinician
    assert rulebook.sha256 in clinician and rulebook.sha256 not in booklet
    assert "Rules fired" not in booklet


def test_a_stopped_booklet_is_the_cover_and_the_safety_advice(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(red_flags=["chest_symptoms"]), rulebook)
    html = render_html(plan, rulebook, today=TODAY)
    assert {"cover", "safety"} <= ids(html)
    assert not {"glance", "exercises", "build-up", "log"} & ids(html)
    assert "Do not start this programme until a doctor has reviewed you" in html


def test_large_print_and_paper_size(plan: Plan, rulebook: Rulebook) -> None:
    large = render_html(plan, rulebook, large_print=True, paper="letter", today=TODAY)
    assert '<html lang="en" class="large-print booklet">' in large
    assert "@page { size: letter; }" in large
    copy = render_html(plan, rulebook, document="clinician", large_print=True, today=TODAY)
    assert '<html lang="en" class="standard-print clinician">' in copy
    assert "@page { size: A4; }" in copy


def test_a_plan_made_with_another_rule_set_is_refused(plan: Plan, rulebook: Rulebook) -> None:
    other = plan.model_copy(update={"ruleset": RulesetRef(version="2025.1", sha256="0" * 64)})
    for document in ("booklet", "clinician"):
        with pytest.raises(UserError) as caught:
            render_html(other, rulebook, document=document, today=TODAY)
        message = str(caught.value)
        assert "made with rule set version 2025.1 (sha256 000000000000)" in message
        assert f"version {rulebook.info.version}, sha256 {rulebook.sha256[:12]}" in message


def test_an_unknown_paper_size_or_document_is_refused(plan: Plan, rulebook: Rulebook) -> None:
    with pytest.raises(UserError, match="unknown paper size 'a5'; use a4 or letter"):
        render_html(plan, rulebook, paper="a5", today=TODAY)  # type: ignore[arg-type]
    with pytest.raises(UserError, match="unknown document 'summary'; use booklet or clinician"):
        render_html(plan, rulebook, document="summary", today=TODAY)  # type: ignore[arg-type]


@pytest.mark.parametrize("document", ["booklet", "clinician"])
def test_one_main_landmark_and_no_label_on_a_plain_span(
    document: Document, plan: Plan, rulebook: Rulebook
) -> None:
    html = render_html(plan, rulebook, document=document, today=TODAY)
    assert html.count("<main") == 1 and html.count("</main>") == 1
    body = html[html.index("<body") :]
    assert body.index("<main") < body.index("<h1")
    assert not re.search(r"<span[^>]*\baria-label=", html), "a span's aria-label is never read"
    assert ".table-wrap { overflow-x" not in html, "nothing scrolls sideways"


def test_each_week_grid_cell_says_yes_or_no_in_text(plan: Plan, rulebook: Rulebook) -> None:
    html = render_html(plan, rulebook, today=TODAY)
    grid = html[html.index('<table class="grid"') : html.index("</table>")]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", grid, flags=re.S)
    rows = grid.count('<tr><th scope="row"')
    marks = [c for c in cells if "tick" in c or "none" in c]
    assert len(marks) == 7 * (rows - 1)
    for cell in marks:
        assert re.search(r'<span class="visually-hidden">(yes|no)</span>', cell), cell
        assert re.search(r'<span class="day-name">\w{3}</span>', cell), cell
    assert "visually-hidden" in stylesheet_text()


def test_each_stacked_reference_cell_names_its_column_for_sighted_readers_only(
    plan: Plan, rulebook: Rulebook
) -> None:
    """On a phone the clinician's reference tables stack, so each cell after a row's first shows
    its column's name; screen readers have the column headings, and print shows none."""
    html = render_html(plan, rulebook, document="clinician", today=TODAY)
    rules = html.split('class="ref rules-table"')[1].split("</table>")[0]
    rows = re.findall(r"<tr><td>.*?</tr>", rules, flags=re.S)
    assert rows
    for row in rows:
        names = re.findall(r'<span class="col-name" aria-hidden="true">([^<]*)</span>', row)
        assert names == ["Why it applies: ", "Sources: "]
    css = stylesheet_text()
    assert ".col-name { display: none; }" in css.split("@media screen")[0]
