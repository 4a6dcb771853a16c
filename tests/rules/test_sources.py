"""The bibliography: every entry names the publication itself, completely, and prints in one style.

That every key a rule, exercise or warning cites exists is the loader's check (and
test_data_lint's); these tests are about what each entry says.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from pydantic import ValidationError

from planner import Rulebook
from planner.render.html import environment
from planner.rulebook.files import Source

# Hosts that hold copies of other people's publications (repositories of uploads, aggregators,
# syndication and reproduction sites, full-text archives), never the publication itself. Where a
# source has a DOI, the DOI is its address; otherwise the publisher's or organisation's own page.
MIRROR_HOSTS = (
    "researchgate.net",
    "academia.edu",
    "semanticscholar.org",
    "scribd.com",
    "slideshare.net",
    "docplayer.net",
    "pdfslide.net",
    "vdocument.in",
    "studylib.net",
    "cupdf.com",
    "fdocuments.us",
    "healthdocbox.com",
    "springermedicine.com",
    "springermedizin.de",
    "springermedizin.at",
    "europepmc.org",
    "pmc.ncbi.nlm.nih.gov",
    "scilit.net",
    "scilit.com",
    "researcher.life",
    "ouci.dntb.gov.ua",
    "booksci.cn",
    "paperexplained.cn",
    "physio-pedia.com",
    "mymlc.com",
    "getdoc.com",
    "zana.com",
    "bestrateddocs.com",
    "ahpts.com",
    "cmja.info",
)
# Crossref's recommended pattern for modern DOIs.
DOI = re.compile(r"^10\.\d{4,9}/[-._;()/:A-Z0-9]+$", re.IGNORECASE)
ADDRESS = re.compile(r"https?://[^\s,;)]+")


def _host(address: str) -> str:
    return (urlsplit(address).hostname or "").removeprefix("www.")


def _is_mirror(address: str) -> bool:
    host = _host(address)
    if host == "ncbi.nlm.nih.gov" and urlsplit(address).path.lower().startswith("/pmc"):
        return True  # PubMed Central's full-text copies
    return any(host == mirror or host.endswith("." + mirror) for mirror in MIRROR_HOSTS)


def _sources(rulebook: Rulebook) -> list[tuple[str, Source]]:
    return sorted(rulebook.sources.items())


def test_every_source_names_authors_title_and_where_it_was_published(rulebook: Rulebook) -> None:
    assert rulebook.sources
    for key, src in _sources(rulebook):
        for field in ("authors", "title", "published_in"):
            assert getattr(src, field).strip(), f"{key}: no {field}"
        assert "http" not in src.authors + src.title + src.published_in, key


def test_every_source_has_a_year_or_says_it_is_undated(rulebook: Rulebook) -> None:
    assert Source.model_fields["year"].is_required(), "year must be written out, null if undated"
    this_year = dt.date.today().year
    for key, src in _sources(rulebook):
        if src.year is None:
            assert "Undated." in src.citation, key
        else:
            assert 1900 <= src.year <= this_year + 1, key
            assert str(src.year) in src.citation, key


def test_no_source_points_at_a_mirror_copy(rulebook: Rulebook) -> None:
    for key, src in _sources(rulebook):
        addresses = ([src.url] if src.url else []) + ADDRESS.findall(src.citation)
        for address in addresses:
            assert not _is_mirror(address), f"{key}: {address} is a copy, cite the publication"
        for mirror in MIRROR_HOSTS:
            assert mirror not in src.citation.lower(), f"{key} names {mirror}"


def test_a_source_with_a_doi_needs_no_other_address(rulebook: Rulebook) -> None:
    for key, src in _sources(rulebook):
        if src.doi:
            assert src.url is None, f"{key}: the DOI is the address"


def test_dois_and_pmids_are_well_formed(rulebook: Rulebook) -> None:
    for key, src in _sources(rulebook):
        if src.doi is not None:
            assert DOI.match(src.doi), f"{key}: {src.doi}"
            assert not src.doi.lower().startswith(("doi:", "http")), key
        if src.pmid is not None:
            assert str(src.pmid).isdigit() and len(str(src.pmid)) <= 9, f"{key}: {src.pmid}"


def test_addresses_are_web_addresses(rulebook: Rulebook) -> None:
    for key, src in _sources(rulebook):
        for address in ([src.url] if src.url else []) + ADDRESS.findall(src.citation):
            assert _host(address), f"{key}: {address}"


def test_no_two_sources_print_the_same_entry(rulebook: Rulebook) -> None:
    seen: dict[str, str] = {}
    for key, src in _sources(rulebook):
        assert src.citation not in seen, f"{key} and {seen.get(src.citation)} print the same"
        seen[src.citation] = key


def test_the_citation_reads_in_vancouver_order() -> None:
    src = Source(
        authors="Giangregorio LM, Papaioannou A, MacIntyre NJ, et al.",
        title="Too Fit To Fracture: exercise recommendations",
        published_in="Osteoporos Int",
        year=2014,
        details="25(3):821-835",
        doi="10.1007/s00198-013-2523-2",
        pmid=24281053,
        tier="guideline",
    )
    assert src.citation == (
        "Giangregorio LM, Papaioannou A, MacIntyre NJ, et al. Too Fit To Fracture: exercise "
        "recommendations. Osteoporos Int. 2014;25(3):821-835. doi:10.1007/s00198-013-2523-2. "
        "PMID: 24281053."
    )
    assert [field for field, _ in src.citation_parts()] == [
        "authors",
        "title",
        "published_in",
        "year",
        "doi",
        "pmid",
    ]


def test_an_organisation_page_prints_once_with_its_address_and_undated() -> None:
    src = Source(
        authors="Royal Osteoporosis Society",
        title="Caring for your back",
        published_in="Royal Osteoporosis Society",
        year=None,
        note="Posture advice",
        url="https://theros.org.uk/back/",
        tier="patient-information",
    )
    assert src.citation == (
        "Royal Osteoporosis Society. Caring for your back. Undated. Posture advice. "
        "Available from: https://theros.org.uk/back/"
    )


def test_a_title_ending_in_a_question_mark_keeps_it() -> None:
    src = Source(
        authors="Leyland S",
        title="What's new?",
        published_in="Frontline",
        year=2023,
        tier="patient-information",
    )
    assert src.citation == "Leyland S. What's new? Frontline. 2023."


@pytest.mark.parametrize(
    "change",
    [
        {"doi": "doi:10.1000/xyz"},
        {"doi": "https://doi.org/10.1000/xyz"},
        {"pmid": "PMC5101068"},
        {"url": "www.example.org"},
        {"authors": " "},
        {"citation": "the old free-text field"},
    ],
)
def test_a_malformed_entry_is_refused(change: dict[str, object]) -> None:
    data: dict[str, object] = {
        "authors": "A B",
        "title": "T",
        "published_in": "J",
        "year": 2020,
        "tier": "trial",
    }
    data.update(change)
    with pytest.raises(ValidationError):
        Source.model_validate(data)


def test_the_year_must_be_written_even_when_unknown() -> None:
    with pytest.raises(ValidationError):
        Source.model_validate({"authors": "A", "title": "T", "published_in": "J", "tier": "seed"})


def test_the_sources_page_prints_each_field(rulebook: Rulebook) -> None:
    entries = [(k, rulebook.sources[k]) for k in ("TFTF2014", "ROS-back")]
    html = (
        environment()
        .get_template("sections/sources.html.j2")
        .render(sources=entries, clinician={"sources": entries})
    )
    tftf = rulebook.sources["TFTF2014"]
    expected = [
        "[TFTF2014]",
        "Giangregorio LM",
        "Osteoporos Int.",
        "2014;25(3):821-835.",
        f"doi:{tftf.doi}.",
        f"PMID: {tftf.pmid}.",
        "[ROS-back]",
        "Undated.",
    ]
    for text in expected:
        assert text in html, text
    assert 'class="source-authors"' in html and 'class="source-published-in"' in html
    assert "href=" not in html
