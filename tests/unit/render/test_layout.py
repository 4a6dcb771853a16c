"""The two documents' sections, the page breaks between them, which of them carry the patient's
own details, and which document is printed large."""

from __future__ import annotations

import datetime as dt

import pytest

from planner import Rulebook, build_plan
from planner.render.clinic import Clinic
from planner.render.html import document_context, page_html
from planner.render.layout import (
    GROUPS,
    PAGE_SIZES,
    PERSONAL_SECTIONS,
    SECTIONS,
    TITLES,
    Document,
    in_large_print,
    parts,
)
from planner.resources import templates_dir
from tests.conftest import make_profile

TODAY = dt.date(2026, 11, 25)  # the day the handout is given, after the assessment


def test_each_document_reads_in_its_order() -> None:
    assert SECTIONS == {
        "booklet": ("cover", "exercises", "safety", "build-up", "log"),
        "clinician": ("clinician", "sources"),
    }
    for sections in SECTIONS.values():
        for name in sections:
            assert (templates_dir() / "sections" / f"{name}.html.j2").is_file(), name
    assert TITLES == {
        "booklet": "Your exercise plan",
        "clinician": "Clinician's copy, not for the patient",
    }
    assert PAGE_SIZES == {"a4": "A4", "letter": "letter"}


def test_the_log_and_the_cards_start_new_pages_and_the_safety_advice_follows_the_cards() -> None:
    assert parts({"stopped": False}, "booklet") == [
        ("cover",),
        ("exercises", "safety", "build-up"),
        ("log",),
    ]
    assert parts({"stopped": False}, "clinician") == [("clinician",), ("sources",)]


def test_a_stopped_booklet_is_its_cover_and_the_safety_advice_on_one_page() -> None:
    assert parts({"stopped": True}, "booklet") == [("cover", "safety")]
    assert parts({"stopped": True}, "clinician") == list(GROUPS["clinician"])


@pytest.mark.parametrize(
    ("document", "asked", "large"),
    [
        ("booklet", True, True),
        ("booklet", False, False),
        ("clinician", True, False),
        ("clinician", False, False),
    ],
)
def test_only_the_booklet_is_printed_large(document: Document, asked: bool, large: bool) -> None:
    assert in_large_print(document, asked) is large


@pytest.mark.parametrize("document", ["booklet", "clinician"])
def test_only_the_personal_sections_print_the_patients_details(
    document: Document, rulebook: Rulebook
) -> None:
    # The other sections are shared between patients (and kept in the part cache's folder).
    profile = make_profile(id="Q-4711", name="Zelda Quagmire", note="Ring Xavier Yellowhammer.")
    plan = build_plan(profile, rulebook)
    context = document_context(plan, rulebook, "a4", Clinic(), TODAY, document)
    personal = {"Zelda Quagmire", "Q-4711", "Wednesday 25 November 2026"}
    if document == "booklet":
        personal.add("Ring Xavier Yellowhammer.")
    for name in SECTIONS[document]:
        html = page_html(context, [name], large_print=False)
        found = {detail for detail in personal if detail in html}
        if name in PERSONAL_SECTIONS:
            assert found >= {"Zelda Quagmire", "Wednesday 25 November 2026"}, name
        else:
            assert found == set(), name
