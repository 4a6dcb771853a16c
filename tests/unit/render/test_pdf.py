"""A plan's documents as tagged PDFs, typeset in parts: the patient's own pages for them, the
pages that depend only on the plan shared through the part cache, the same bytes for the same
plan and date."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import pikepdf
import pypdfium2 as pdfium
import pytest

from planner import Rulebook, build_plan
from planner.plan import Plan
from planner.render.clinic import Clinic
from planner.render.pdf import booklet_pdf, clinician_pdf
from planner.render.typeset import PartCache
from tests.conftest import make_profile

TODAY = dt.date(2026, 11, 23)
CLINIC = Clinic(name="Riverside", phone="0161 555 0123")
#: A short gentle plan: few cards and a two-week log, so that it typesets quickly.
GENTLE = {"red_flags": ["new_back_pain"]}


@dataclass
class Run:
    """Two patients with one plan, their booklets made one after the other with one cache."""

    plans: tuple[Plan, Plan]
    booklets: tuple[bytes, bytes]
    typeset: tuple[int, int]  # parts the cache had typeset after each booklet
    reused: tuple[int, int]  # and the parts it had reused
    cache: PartCache


@pytest.fixture(scope="module")
def run(rulebook: Rulebook) -> Run:
    plans = (
        build_plan(make_profile(id="A1", name="Ada Example", **GENTLE), rulebook, weeks=2),
        build_plan(make_profile(id="B2", name="Bea Example", **GENTLE), rulebook, weeks=2),
    )
    cache = PartCache()
    first = booklet_pdf(plans[0], rulebook, clinic=CLINIC, today=TODAY, cache=cache)
    counts = cache.typeset, cache.reused
    second = booklet_pdf(plans[1], rulebook, clinic=CLINIC, today=TODAY, cache=cache)
    return Run(
        plans,
        (first, second),
        (counts[0], cache.typeset),
        (counts[1], cache.reused),
        cache,
    )


def page_texts(data: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    try:
        return [" ".join(page.get_textpage().get_text_range().split()) for page in pdf]
    finally:
        pdf.close()


def test_the_booklet_is_a_tagged_pdf_titled_and_dated(run: Run) -> None:
    with pikepdf.open(io.BytesIO(run.booklets[0])) as pdf:
        assert bool(pdf.Root.MarkInfo.Marked) and str(pdf.Root.Lang) == "en"
        (document,) = pdf.Root.StructTreeRoot.K
        assert document.S == "/Document"
        assert pdf.open_metadata()["pdfuaid:part"] == "1"
        assert pdf.docinfo.Title == "Your exercise plan"
        assert pdf.docinfo.CreationDate == pdf.docinfo.ModDate == "D:20261123000000Z"
        with pdf.open_outline() as outline:
            (top,) = outline.root
            assert top.title == "Your exercise plan"
            assert "Your exercises" in [child.title for child in top.children]


def test_every_page_has_its_footer_and_only_the_cover_names_the_patient(run: Run) -> None:
    pages = page_texts(run.booklets[0])
    for n, text in enumerate(pages, start=1):
        assert f"Page {n} of {len(pages)}" in text
        assert "Questions? Call 0161 555 0123" in text
    assert "Ada Example" in pages[0]
    assert not any("Ada Example" in text for text in pages[1:])


def test_patients_with_one_plan_share_its_pages(run: Run) -> None:
    # the cards with the safety advice and build-up, the log and the footers: typeset once
    assert run.typeset == (3, 3) and run.reused == (0, 3)
    first, second = (page_texts(data) for data in run.booklets)
    assert len(first) == len(second) and first[1:] == second[1:]
    assert "Bea Example" in second[0] and "Ada Example" not in second[0]


def test_the_same_plan_and_date_give_the_same_bytes(run: Run, rulebook: Rulebook) -> None:
    plan = run.plans[1]
    again = booklet_pdf(plan, rulebook, clinic=CLINIC, today=TODAY, cache=run.cache)
    assert again == run.booklets[1]
    later = booklet_pdf(
        plan, rulebook, clinic=CLINIC, today=TODAY + dt.timedelta(days=1), cache=run.cache
    )
    assert later != run.booklets[1]
    with pikepdf.open(io.BytesIO(later)) as pdf:
        assert pdf.docinfo.CreationDate == "D:20261124000000Z"


def test_a_stopped_booklet_is_made_the_same_way_every_time(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(name="Rita Redflag", red_flags=["chest_symptoms"]), rulebook)
    cache = PartCache()
    data = booklet_pdf(plan, rulebook, today=TODAY, cache=cache)
    assert cache.typeset == 1, "its cover and safety advice are its own; only footers are shared"
    assert booklet_pdf(plan, rulebook, today=TODAY) == data
    (text,) = page_texts(data)
    assert "Do not start this programme until a doctor has reviewed you" in text
    assert "Page 1 of 1" in text


def test_the_clinicians_copy_has_each_patients_id_in_its_footers(
    run: Run, rulebook: Rulebook
) -> None:
    cache = PartCache()
    first = clinician_pdf(run.plans[0], rulebook, clinic=CLINIC, today=TODAY, cache=cache)
    assert cache.typeset == 2  # the sources and the footers
    second = clinician_pdf(run.plans[1], rulebook, clinic=CLINIC, today=TODAY, cache=cache)
    assert (cache.typeset, cache.reused) == (3, 1), "the sources are shared, the footers not"
    for data, patient in ((first, "A1"), (second, "B2")):
        with pikepdf.open(io.BytesIO(data)) as pdf:
            assert pdf.docinfo.Title == "Clinician's copy, not for the patient"
            assert bool(pdf.Root.MarkInfo.Marked)
        pages = page_texts(data)
        assert all(f"Patient id {patient}" in text for text in pages)
        assert not any("0161 555 0123" in text for text in pages[1:])
