"""The printed documents: what a patient finds in the booklet, what a clinician finds in the
clinician's copy, and what neither ever does.

Each profile's two PDFs are rendered once per module and read back with pypdfium2 (text, font
sizes, drawn objects, pixels), so these tests check the printed documents rather than the HTML
behind them. Where a check is about layout (nothing split over two pages) it also reads
WeasyPrint's page boxes.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import statistics
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from click.testing import CliRunner

from planner.build import build_plan
from planner.cli import cli
from planner.errors import OutputError, UserError
from planner.plan import Plan
from planner.profile.model import Profile
from planner.render import typeset
from planner.render.clinic import Clinic
from planner.render.documents import handout_documents, write_handouts
from planner.render.html import document_context, render_html
from planner.render.pdf import booklet_pdf, clinician_pdf
from planner.rulebook import Rulebook
from tests.conftest import ASSESSED

TODAY = dt.date(2026, 11, 23)
CLINIC = Clinic(name="Test Clinic", clinician="A. Physio", phone="0100 000 000")
PROFILES: dict[str, dict[str, Any]] = {
    "acute_vertebral": {
        "id": "T-VERT",
        "name": "Vera Spine",
        "age": 74,
        "ability": "limited",
        "bone_status": "osteoporosis",
        "back_pain": 6,
        "fractures": [{"site": "vertebral", "weeks_since": 3, "cause": "lifting"}],
        "note": "Bring your walking stick to the review.",
    },
    "posterior_hip": {
        "id": "T-HIP",
        "name": "Harold Hip",
        "age": 79,
        "ability": "limited",
        "fractures": [
            {
                "site": "hip",
                "weeks_since": 3,
                "cause": "fall",
                "treatment": "arthroplasty",
                "approach": "posterior",
            }
        ],
    },
    "wrist_in_cast": {
        "id": "T-WRIST",
        "name": "Wendy Wrist",
        "age": 66,
        "ability": "independent",
        "fractures": [
            {
                "site": "wrist",
                "weeks_since": 3,
                "cause": "fall",
                "treatment": "cast",
                "in_cast": True,
            }
        ],
    },
    "fit_osteopenia": {
        "id": "T-FIT",
        "name": "Fiona Fit",
        "age": 58,
        "sex": "female",
        "ability": "fit",
        "bone_status": "osteopenia",
        "t_score": -1.8,
    },
    "frail_faller": {
        "id": "T-FRAIL",
        "name": "Frank Frail",
        "age": 85,
        "ability": "frail",
        "falls_12m": 3,
        "injurious_fall_12m": True,
        "long_lie_12m": True,
    },
    "red_flag_gentle": {
        "id": "T-GENTLE",
        "name": "Greta Gentle",
        "age": 72,
        "ability": "independent",
        "red_flags": ["new_back_pain"],
    },
    "red_flag_stop": {
        "id": "T-STOP",
        "name": "Rita Redflag",
        "age": 70,
        "ability": "independent",
        "red_flags": ["chest_symptoms"],
    },
}
PAPER = {"posterior_hip": "letter"}
BOOKLET_HEADINGS = [
    "Your exercise plan",
    "Your week at a glance",
    "Your exercises",
    "Never do these",
    "Stop and get help if",
    "How your plan builds up",
    "Your tick-box log",
]
STOP_HEADINGS = ["Your exercise plan", "Never do these", "Stop and get help if"]
CLINICIAN_HEADINGS = [
    "Clinician's copy",
    "Summary",
    "Profile",
    "Could not be met",
    "Rules fired (",
    "Left out by the rules (",
    "Rule set",
]
SOURCES = "Sources Every source cited"
#: Words of the rule language that must never reach the clinician's copy.
SNAKE_CASE = re.compile(r"\b[a-z]+_[a-z_]+\b")
KEY_VALUE = re.compile(r"\b[a-z_]+\s*=\s*\S")


@dataclass
class Doc:
    data: bytes
    pages: list[str]  # each page's text, whitespace collapsed
    lines: list[str]  # every printed line, in order

    @property
    def text(self) -> str:
        return " ".join(self.pages)

    def heading_order(self, headings: list[str]) -> list[int]:
        """Where each heading first stands on a line of its own (or, ending in "(", starts one)."""
        return [
            next(
                i
                for i, line in enumerate(self.lines)
                if line == h or h[-1] == "(" and line.startswith(h)
            )
            for h in headings
        ]


@dataclass
class Rendered:
    plan: Plan
    booklet: Doc
    clinician: Doc


def flat(text: str) -> str:
    # pdfium reports a hyphen that ends a line as U+FFFE; the handout never hyphenates words.
    return " ".join(text.replace("\ufffe", "-").split())


def read_pdf(data: bytes) -> list[str]:
    return [flat(text) for text in page_texts(data)]


def page_texts(data: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


def doc(data: bytes) -> Doc:
    raw = page_texts(data)
    lines = [line.strip() for text in raw for line in text.splitlines()]
    return Doc(data, [flat(t) for t in raw], lines)


def make_plan(rulebook: Rulebook, fields: dict[str, Any]) -> Plan:
    return build_plan(Profile.model_validate({"assessed_on": ASSESSED, **fields}), rulebook)


def clinician_body(rendered: Rendered) -> str:
    """The clinician's copy up to its bibliography (whose titles and addresses are quoted)."""
    text = rendered.clinician.text
    return text[: text.rindex(SOURCES)]


@pytest.fixture(scope="module")
def fetched() -> Iterator[list[str]]:
    """Every URL the renderer was asked for during this module (there must be none)."""
    asked: list[str] = []
    original = typeset.refuse_url

    def record(url: str) -> None:
        asked.append(url)
        original(url)

    typeset.refuse_url = record
    yield asked
    typeset.refuse_url = original


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture(scope="module")
def renderer_log() -> Iterator[list[str]]:
    """WeasyPrint's warnings during this module (unsupported CSS, missing resources...)."""
    handler = _Records()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    yield handler.messages
    logger.removeHandler(handler)


@pytest.fixture(scope="module")
def rendered(
    rulebook: Rulebook,
    fetched: list[str],
    renderer_log: list[str],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Rendered]:
    folder = tmp_path_factory.mktemp("handouts")
    out = {}
    for key, fields in PROFILES.items():
        plan = make_plan(rulebook, fields)
        booklet, clinician = write_handouts(
            plan,
            folder / f"{key}-booklet.pdf",
            rulebook,
            clinic=CLINIC,
            today=TODAY,
            paper=PAPER.get(key, "a4"),
        )
        assert clinician == folder / f"{key}-clinician.pdf"
        out[key] = Rendered(plan, doc(booklet.read_bytes()), doc(clinician.read_bytes()))
    return out


# --- the patient's booklet ------------------------------------------------------------------------


@pytest.mark.parametrize("key", [k for k in PROFILES if k != "red_flag_stop"])
def test_every_section_exercise_and_warning_is_in_the_booklet(
    key: str, rendered: dict[str, Rendered], rulebook: Rulebook
) -> None:
    r = rendered[key]
    text = r.booklet.text
    assert r.plan.weeks
    positions = r.booklet.heading_order(BOOKLET_HEADINGS)
    assert positions == sorted(positions), "sections out of order"
    for ex in r.plan.exercises():
        assert ex.name in text, ex.slug
        for step in rulebook.exercises[ex.slug].instructions:
            assert flat(step) in text, ex.slug
    for warning in r.plan.warnings:
        phrase = " ".join(warning.text.split()[:8])
        assert phrase in text, warning.code
    review = r.plan.review_date
    assert f"Come back for review by {review:%A} {review.day} {review:%B %Y}" in text
    assert "Test Clinic" in text and "0100 000 000" in text


@pytest.mark.parametrize("key", list(PROFILES))
def test_the_booklet_holds_nothing_for_the_clinician(
    key: str, rendered: dict[str, Rendered]
) -> None:
    r = rendered[key]
    text = r.booklet.text
    for absent in ("Clinician's copy", "Rules fired", "Left out by the rules", "Could not be met"):
        assert absent not in text
    assert r.plan.ruleset.sha256 not in text.replace(" ", "")
    assert not re.search(r"\bR-[A-Z]+-\d", text), "a rule id in the booklet"
    assert not re.search(r"\bW_[A-Z_]+", text), "a warning code in the booklet"
    assert not SNAKE_CASE.search(text), SNAKE_CASE.search(text)


def test_the_patients_note_is_on_the_cover(rendered: dict[str, Rendered]) -> None:
    r = rendered["acute_vertebral"]
    assert "A note for you Bring your walking stick to the review." in r.booklet.pages[0]
    assert "A note for you" not in rendered["posterior_hip"].booklet.text


@pytest.mark.parametrize("key", [k for k in PROFILES if k != "red_flag_stop"])
def test_the_cover_uses_its_page(key: str, rendered: dict[str, Rendered]) -> None:
    cover = rendered[key].booklet.pages[0]
    assert "Your week at a glance" in cover and "Minutes" in cover
    assert "below" not in cover


@pytest.mark.parametrize("key", list(PROFILES))
def test_page_numbers_footers_and_the_name_only_on_the_first_pages(
    key: str, rendered: dict[str, Rendered]
) -> None:
    r, name = rendered[key], PROFILES[key]["name"]
    pages = r.booklet.pages
    for n, page in enumerate(pages, start=1):
        assert page.endswith(
            f"Your exercise plan Questions? Call 0100 000 000 Page {n} of {len(pages)}"
        )
    assert [n for n, p in enumerate(pages) if name in p] == [0]
    pages = r.clinician.pages
    patient_id = PROFILES[key]["id"]
    for n, page in enumerate(pages, start=1):
        assert page.endswith(
            f"Clinician's copy, not for the patient Patient id {patient_id} "
            f"Page {n} of {len(pages)}"
        )
    assert [n for n, p in enumerate(pages) if name in p] == [0]


def test_the_renderer_raised_no_warnings(
    rendered: dict[str, Rendered], renderer_log: list[str]
) -> None:
    assert renderer_log == []


def test_a_stopped_plan_says_do_not_start_and_holds_no_exercise(
    rendered: dict[str, Rendered],
) -> None:
    r = rendered["red_flag_stop"]
    assert not r.plan.weeks
    text = r.booklet.text
    positions = r.booklet.heading_order(STOP_HEADINGS)
    assert positions == sorted(positions)
    assert "Do not start this programme until a doctor has reviewed you" in r.booklet.pages[0]
    for absent in ("Your week at a glance", "Your exercises", "Your tick-box log", "How much"):
        assert absent not in text
    for warning in r.plan.warnings:
        assert " ".join(warning.text.split()[:8]) in text
    assert len(r.booklet.pages) <= 3
    assert "Programme stopped" in r.clinician.pages[0]


def test_a_red_flag_plan_with_weeks_is_gentle_and_never_says_do_not_start(
    rendered: dict[str, Rendered], rulebook: Rulebook
) -> None:
    r = rendered["red_flag_gentle"]
    assert r.plan.weeks and "R-RED-1" in {rule.id for rule in r.plan.rules_fired}
    assert "W_GENTLE_UNTIL_REVIEWED" in {w.code for w in r.plan.warnings}
    text = r.booklet.text
    assert "Do not start" not in text and "do not start" not in text.lower()
    cover = r.booklet.pages[0]
    gentle = rulebook.warnings["W_GENTLE_UNTIL_REVIEWED"]
    assert gentle.title in cover and flat(gentle.text) in cover
    assert "Your exercises" in text
    assert "Gentle plan until reviewed" in r.clinician.pages[0]


def test_a_plan_with_weeks_never_prints_the_do_not_start_warning(rulebook: Rulebook) -> None:
    # A rulebook that still sends W_MEDICAL_REVIEW_FIRST with a plan of weeks gets the gentle box.
    plan = make_plan(rulebook, PROFILES["red_flag_gentle"])
    stop = rulebook.warnings["W_MEDICAL_REVIEW_FIRST"]
    old = plan.warnings[0].model_copy(update={"code": "W_MEDICAL_REVIEW_FIRST", "text": stop.text})
    plan = plan.model_copy(
        update={"warnings": [old, *(w for w in plan.warnings if "GENTLE" not in w.code)]}
    )
    html = render_html(plan, rulebook, today=TODAY)
    assert "Do not start" not in html
    assert rulebook.warnings["W_GENTLE_UNTIL_REVIEWED"].title in html


def test_letter_and_a4_paper_sizes(rendered: dict[str, Rendered]) -> None:
    sizes = {}
    for key in ("posterior_hip", "acute_vertebral"):
        for which in ("booklet", "clinician"):
            pdf = pdfium.PdfDocument(getattr(rendered[key], which).data)
            sizes[key, which] = tuple(round(v) for v in pdf[0].get_size())
            pdf.close()
    assert sizes == {
        ("posterior_hip", "booklet"): (612, 792),
        ("posterior_hip", "clinician"): (612, 792),
        ("acute_vertebral", "booklet"): (595, 842),
        ("acute_vertebral", "clinician"): (595, 842),
    }


def _paths(page: Any) -> list[tuple[float, float, float, float]]:
    return [
        obj.get_bounds()
        for obj in page.get_objects(max_depth=6)
        if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH
    ]


def _dark_share(image: Any, box: tuple[int, int, int, int] | None = None) -> float:
    gray = image.convert("L")
    if box is not None:
        gray = gray.crop(box)
    histogram = gray.histogram()
    return sum(histogram[:128]) / max(1, sum(histogram))


@pytest.mark.parametrize("key", ["acute_vertebral", "wrist_in_cast", "frail_faller"])
def test_pages_are_not_blank_and_cards_carry_large_drawn_pictures(
    key: str, rendered: dict[str, Rendered]
) -> None:
    pdf = pdfium.PdfDocument(rendered[key].booklet.data)
    scale = 40 / 72
    card_pages = 0
    try:
        for n, page in enumerate(pdf, start=1):
            image = page.render(scale=scale).to_pil()
            assert _dark_share(image) > 0.002, f"page {n} looks blank"
            if "How much:" not in rendered[key].booklet.pages[n - 1]:
                continue
            card_pages += 1
            width, height = page.get_size()
            # Figure strokes: small path objects in the left half, where the pictures sit.
            strokes = [b for b in _paths(page) if b[2] < width * 0.55 and b[2] - b[0] < width * 0.4]
            assert len(strokes) >= 20, f"page {n}: only {len(strokes)} drawn shapes"
            left, bottom = min(b[0] for b in strokes), min(b[1] for b in strokes)
            right, top = max(b[2] for b in strokes), max(b[3] for b in strokes)
            assert right - left > width * 0.3, f"page {n}: pictures under 30% of the page width"
            box = (
                int(left * scale),
                int((height - top) * scale),
                int(right * scale),
                int((height - bottom) * scale),
            )
            assert _dark_share(image, box) > 0.03, f"page {n}: picture area nearly empty"
    finally:
        pdf.close()
    cards = len(rendered[key].plan.exercises())
    assert card_pages >= (cards + 1) // 2


def _font_sizes(data: bytes, words: tuple[str, ...] = ()) -> list[float]:
    """The size of every printed character (pdfium reports CSS pixels: 16 px = 12 pt), or of
    the characters of each occurrence of ``words``."""
    pdf = pdfium.PdfDocument(data)
    sizes: list[float] = []
    try:
        for page in pdf:
            textpage = page.get_textpage()
            count = textpage.count_chars()
            chars = "".join(textpage.get_text_range(i, 1)[:1] or " " for i in range(count))
            size = [pdfium_c.FPDFText_GetFontSize(textpage.raw, i) for i in range(count)]
            height = page.get_size()[1]
            bottom = [textpage.get_charbox(i)[1] for i in range(count)]
            body = [i for i in range(count) if bottom[i] > height * 0.06 and not chars[i].isspace()]
            if not words:
                sizes += [size[i] for i in body]
                continue
            for word in words:
                for match in re.finditer(re.escape(word), chars):
                    sizes += [size[i] for i in range(match.start(), match.end())]
    finally:
        pdf.close()
    return sizes


def test_start_and_finish_are_printed_at_body_size(rendered: dict[str, Rendered]) -> None:
    data = rendered["acute_vertebral"].booklet.data
    labels = _font_sizes(data, ("Start", "Finish"))
    assert labels and min(labels) >= 16 - 0.01  # 12 pt


def test_large_print_enlarges_everything(rendered: dict[str, Rendered], rulebook: Rulebook) -> None:
    r = rendered["acute_vertebral"]
    large = booklet_pdf(r.plan, rulebook, clinic=CLINIC, today=TODAY, large_print=True)
    pages = read_pdf(large)
    assert len(pages) > len(r.booklet.pages)
    assert "Your week at a glance" in pages[0] and "below" not in pages[0]
    cards = [p for p in pages if "How much:" in p]
    assert len(cards) == len(r.plan.exercises()), "one card per page in large print"
    standard, bigger = _font_sizes(r.booklet.data), _font_sizes(large)
    assert statistics.median(standard) >= 16  # 12 pt body
    assert statistics.median(bigger) >= 16 * 16 / 12 - 0.01  # 16 pt body
    # labels, tables, the week grid, the log and the picture captions grow too
    assert min(bigger) >= min(standard) * 16 / 12 - 0.01
    labels = _font_sizes(large, ("Start", "Finish", "Session", "Minutes", "Pain"))
    assert min(labels) >= 16 * 16 / 12 - 0.01


def _split_elements(html: str) -> list[str]:
    """The blocks that must stay whole (warnings, never-do lines, cards, sessions, table rows)
    and that WeasyPrint laid over more than one page."""
    from weasyprint import HTML

    document = HTML(string=html, url_fetcher=typeset._fetcher()).render(
        font_config=typeset._fonts(), stylesheets=[typeset._stylesheet()]
    )
    pages: dict[int, set[int]] = defaultdict(set)
    names: dict[int, str] = {}
    for number, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is None:
                continue
            classes = set((element.get("class") or "").split())
            if element.tag == "tr" and all(cell.get("scope") == "col" for cell in element):
                continue  # a table's header row, repeated on every page it spans
            whole = {"warning", "card", "session", "alert", "review", "build-intro", "never"}
            if element.tag == "tr" or element.tag == "li" or classes & whole:
                pages[id(element)].add(number)
                names[id(element)] = f"{element.tag}.{'.'.join(sorted(classes))}"
    return [names[key] for key, found in pages.items() if len(found) > 1]


@pytest.mark.parametrize("key", ["acute_vertebral", "posterior_hip", "wrist_in_cast"])
@pytest.mark.parametrize("large_print", [False, True])
def test_no_advice_block_card_or_table_row_is_split_over_two_pages(
    key: str, large_print: bool, rendered: dict[str, Rendered], rulebook: Rulebook
) -> None:
    html = render_html(rendered[key].plan, rulebook, large_print=large_print, today=TODAY)
    assert _split_elements(html) == []


@pytest.mark.parametrize("key", ["posterior_hip", "frail_faller"])
def test_every_warning_and_never_do_line_is_printed_on_one_page(
    key: str, rendered: dict[str, Rendered], rulebook: Rulebook
) -> None:
    r = rendered[key]
    context = document_context(r.plan, rulebook, "a4", CLINIC, TODAY, "booklet")
    for warning in context["stop"] + context["advice"]:
        whole = flat(f"{warning['title']} {warning['text']}")
        assert any(whole in page for page in r.booklet.pages), warning["code"]
    for line in context["never"]:
        assert any(flat(line) in page for page in r.booklet.pages), line


def test_the_demo_booklet_fits_ten_pages(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["demo", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    booklet = tmp_path / "out" / "osteoplan-demo-booklet.pdf"
    clinician = tmp_path / "out" / "osteoplan-demo-clinician.pdf"
    assert result.stdout.split() == [str(booklet), str(clinician)]
    pages = read_pdf(booklet.read_bytes())
    assert len(pages) <= 10
    assert "Margaret Example" in pages[0] and "Clinician's copy" not in " ".join(pages)
    copy = read_pdf(clinician.read_bytes())
    assert "Clinician's copy" in copy[0] and "Margaret Example" in copy[0]


# --- the clinician's copy -------------------------------------------------------------------------


@pytest.mark.parametrize("key", list(PROFILES))
def test_the_clinicians_copy_explains_the_plan(
    key: str, rendered: dict[str, Rendered], rulebook: Rulebook
) -> None:
    r = rendered[key]
    text, plan = r.clinician.text, r.plan
    positions = r.clinician.heading_order(CLINICIAN_HEADINGS)
    assert positions == sorted(positions), "sections out of order"
    assert text.rindex(SOURCES) > text.index("Rule set")
    # the profile
    assert f"Age and sex {plan.profile.age}" in text
    assert f"Falls risk {plan.fall_risk}" in text
    for reason in plan.explanation.fall_risk_reasons:
        assert reason in text
    # the rules fired, why, and their sources
    for rule in plan.rules_fired:
        assert f"{rule.id} {flat(rule.title)}" in text, rule.id
        for why in plan.explanation.because[rule.id]:
            assert flat(why) in text, rule.id
        for source in rule.sources:
            assert source in text
    # every exclusion with each rule's reason, by exercise name
    for slug, pairs in {
        e.slug: [(r.rule, r.reason) for r in e.reasons] for e in plan.excluded
    }.items():
        assert rulebook.exercises[slug].name in text, slug
        for rule, _reason in pairs:
            assert rule in text
    assert f"Left out by the rules ({len(plan.excluded)} exercises)" in text
    # what could not be met
    for item in plan.unmet:
        assert flat(item.label) in text and item.rule in text
    if not plan.unmet:
        assert "every requirement of the rules that fired is in the plan" in text
    # the rule set
    assert plan.ruleset.sha256 in text.replace(" ", "")
    assert f"version {plan.ruleset.version}" in text


def test_exclusion_reasons_are_the_rules_own_words(rendered: dict[str, Rendered]) -> None:
    text = rendered["wrist_in_cast"].clinician.text
    assert (
        "R-WR-1 Wrist fracture under 6 weeks, or still in a cast or splint: no weight through "
        "the hands and nothing gripped while the wrist fracture is fresh"
    ) in text
    assert "Wrist fracture under 6 weeks (3 weeks ago, in a cast or splint)" in text
    assert "Falls risk high: the wrist fracture 3 weeks ago was caused by a fall" in text
    assert "impact higher than low" in text


def test_unmet_requirements_say_what_was_required_and_found(
    rendered: dict[str, Rendered],
) -> None:
    r = rendered["frail_faller"]
    assert r.plan.unmet, "this profile is expected to leave a requirement unmet"
    text = r.clinician.text
    for item in r.plan.unmet:
        assert flat(f"{item.required}") in text and flat(f"{item.found}") in text


@pytest.mark.parametrize("key", list(PROFILES))
def test_the_clinicians_copy_is_in_plain_words(key: str, rendered: dict[str, Rendered]) -> None:
    body = clinician_body(rendered[key])
    assert not SNAKE_CASE.search(body), SNAKE_CASE.search(body)
    assert not KEY_VALUE.search(body), KEY_VALUE.search(body)


# --- both documents -----------------------------------------------------------------------------


def test_the_same_plan_gives_the_same_bytes(
    rendered: dict[str, Rendered], rulebook: Rulebook, tmp_path: Path
) -> None:
    r = rendered["acute_vertebral"]
    booklet, clinician = write_handouts(
        r.plan, tmp_path / "again.pdf", rulebook, clinic=CLINIC, today=TODAY
    )
    assert clinician == tmp_path / "again-clinician.pdf"
    assert booklet.read_bytes() == r.booklet.data
    assert clinician.read_bytes() == r.clinician.data
    for data, title in (
        (r.booklet.data, "Your exercise plan"),
        (r.clinician.data, "Clinician's copy, not for the patient"),
    ):
        with pikepdf.open(io.BytesIO(data)) as pdf:
            info = pdf.docinfo
            assert info.Title == title
            assert info.CreationDate == info.ModDate == "D:20261123000000Z"
            xmp = pdf.open_metadata()
            assert xmp["pdfuaid:part"] == "1" and xmp["xmp:CreateDate"] == "2026-11-23T00:00:00Z"
    assert not list(tmp_path.glob(".again*")), "temporary file left behind"


def test_hostile_text_prints_literally_and_nothing_is_fetched(
    rulebook: Rulebook, fetched: list[str], tmp_path: Path
) -> None:
    name = '<img src="file:///etc/passwd"> {{ 7*7 }}'
    note = '<link rel="stylesheet" href="http://example.invalid/y.css"> {% raw %}'
    plan = make_plan(rulebook, {**PROFILES["red_flag_gentle"], "name": name, "note": note})
    clinic = Clinic(name='<link rel="stylesheet" href="http://example.invalid/x.css">')
    for document in ("booklet", "clinician"):
        html = render_html(plan, rulebook, document=document, clinic=clinic, today=TODAY)
        assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt; {{ 7*7 }}" in html
    booklet, clinician = write_handouts(
        plan, tmp_path / "hostile.pdf", rulebook, clinic=clinic, today=TODAY
    )
    text = " ".join(read_pdf(booklet.read_bytes()))
    squeezed = text.replace(" ", "")  # the name is printed large on the cover, and may wrap
    assert name.replace(" ", "") in squeezed and note.replace(" ", "") in squeezed
    assert "example.invalid" in text
    assert name in " ".join(read_pdf(clinician.read_bytes()))
    assert fetched == []


def test_the_fetcher_refuses_every_url(fetched: list[str]) -> None:
    before = len(fetched)
    with pytest.raises(OutputError, match="nothing was fetched"):
        typeset.typeset('<p>x</p><img src="file:///etc/passwd">', stamp="2026-01-01")
    assert fetched[before:] == ["file:///etc/passwd"]
    del fetched[before:]


QUICK = ["--age", "74", "--ability", "limited", "--site", "vertebral", "--weeks-since", "3"]


def test_handout_html_is_self_contained(tmp_path: Path) -> None:
    out = tmp_path / "plan.html"
    result = CliRunner().invoke(cli, ["handout", *QUICK, "--html", "-o", str(out), "--weeks", "6"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split() == [str(out), str(tmp_path / "plan-clinician.html")]
    for path in (out, tmp_path / "plan-clinician.html"):
        html = path.read_text(encoding="utf-8")
        assert html.startswith("<!DOCTYPE html>")
        assert "<script" not in html.lower()
        assert "file:" not in html
        assert not re.search(r"(?:src|href)\s*=", html, flags=re.I)
        assert not re.search(r"url\((?!#)", html), "only in-document references"
        assert "@import" not in html and "<link" not in html
    booklet = out.read_text(encoding="utf-8")
    # The only "http" is the SVG namespace name; citations are in the clinician's copy.
    assert "<svg" in booklet
    assert "http" not in booklet.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "Week 6" in booklet or "Weeks 5 to 6" in booklet
    assert "Rules fired" in (tmp_path / "plan-clinician.html").read_text(encoding="utf-8")


def test_handout_rejects_a_missing_output_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["handout", "--age", "70", "--ability", "fit", "-o", str(tmp_path / "no" / "x.pdf")]
    )
    assert result.exit_code == 2
    assert "the folder to write into does not exist" in result.stderr


def test_clinician_pdf_is_the_same_in_large_print(
    rendered: dict[str, Rendered], rulebook: Rulebook
) -> None:
    r = rendered["fit_osteopenia"]
    copy = clinician_pdf(r.plan, rulebook, clinic=CLINIC, today=TODAY)
    assert copy == r.clinician.data
    large = handout_documents(r.plan, rulebook, large_print=True, clinic=CLINIC, today=TODAY)
    assert large["clinician"] == r.clinician.data


def test_a_plan_made_with_other_rules_is_refused(tmp_path: Path, rulebook: Rulebook) -> None:
    import shutil

    from planner import load_rulebook
    from planner.resources import rules_dir

    plan = make_plan(rulebook, PROFILES["acute_vertebral"])
    copy = tmp_path / "rules"
    shutil.copytree(rules_dir(), copy)
    info = copy / "ruleset.yaml"
    info.write_text(info.read_text().replace('version: "2026.12"', 'version: "local-1"'))
    other = load_rulebook(copy)
    with pytest.raises(UserError, match="made with rule set version 2026.12"):
        render_html(plan, other, today=TODAY)
    with pytest.raises(UserError, match="version local-1"):
        booklet_pdf(plan, other, today=TODAY)


LONG_NAME = "Bartholomew" * 18 + "Xy"  # 200 characters without a space


def test_a_long_name_without_spaces_stays_on_the_page(rulebook: Rulebook) -> None:
    plan = make_plan(rulebook, {**PROFILES["fit_osteopenia"], "name": LONG_NAME})
    data = handout_documents(plan, rulebook, clinic=CLINIC, today=TODAY)
    for which, first in (("booklet", 0), ("clinician", 0)):
        pdf = pdfium.PdfDocument(data[which])
        try:
            page = pdf[first]
            width = page.get_width()
            text = page.get_textpage()
            printed = text.get_text_range()
            assert printed.replace("\r\n", "").replace("\n", "").count("Bartholomew") == 18
            for i in range(text.count_chars()):
                left, _, right, _ = text.get_charbox(i)
                assert 0 <= left and right <= width, (which, i)
        finally:
            pdf.close()
