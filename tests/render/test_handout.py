"""The printed handout: what a patient and a clinician find in the PDF, and what it never does.

Each profile's PDF is rendered once per module and read back with pypdfium2 (text, drawn objects,
pixels), so these tests check the printed document rather than the HTML behind it.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from click.testing import CliRunner

from planner import handout, typeset
from planner.cli import cli
from planner.errors import OutputError, UserError
from planner.handout import Clinic, load_clinic, render_html, render_pdf
from planner.plan import Plan
from planner.profile import Profile
from planner.rulebook import Rulebook
from planner.schedule import build_plan
from tests.conftest import ASSESSED

TODAY = dt.date(2026, 11, 23)
CLINIC = Clinic(name="Test Clinic", clinician="A. Physio", phone="0100 000 000")
PROFILES: dict[str, dict[str, Any]] = {
    "acute_vertebral": {
        "name": "Vera Spine",
        "age": 74,
        "ability": "limited",
        "bone_status": "osteoporosis",
        "back_pain": 6,
        "fractures": [{"site": "vertebral", "weeks_since": 3, "cause": "lifting"}],
    },
    "posterior_hip": {
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
        "name": "Fiona Fit",
        "age": 58,
        "sex": "female",
        "ability": "fit",
        "bone_status": "osteopenia",
        "t_score": -1.8,
    },
    "frail_faller": {
        "name": "Frank Frail",
        "age": 85,
        "ability": "frail",
        "falls_12m": 3,
        "injurious_fall_12m": True,
        "long_lie_12m": True,
    },
    "red_flag_stop": {
        "name": "Rita Redflag",
        "age": 70,
        "ability": "independent",
        "red_flags": ["chest_symptoms"],
    },
}
PAPER = {"posterior_hip": "letter"}
HEADINGS = [
    "Your exercise plan",
    "Your week at a glance",
    "Your exercises",
    "Never do these",
    "Stop and get help if",
    "How your plan builds up",
    "Your tick-box log",
    "For the clinician",
]
STOP_HEADINGS = [
    "Your exercise plan",
    "Never do these",
    "Stop and get help if",
    "For the clinician",
]


@dataclass
class Rendered:
    plan: Plan
    data: bytes
    pages: list[str]  # each page's text, whitespace collapsed
    lines: list[str]  # every printed line, in order

    @property
    def text(self) -> str:
        return " ".join(self.pages)

    def heading_order(self, headings: list[str]) -> list[int]:
        """Where each heading first stands on a line of its own."""
        return [self.lines.index(h) for h in headings]


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


def make_plan(rulebook: Rulebook, fields: dict[str, Any]) -> Plan:
    return build_plan(Profile.model_validate({"assessed_on": ASSESSED, **fields}), rulebook)


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
        path = render_pdf(
            plan,
            folder / f"{key}.pdf",
            rulebook,
            clinic=CLINIC,
            today=TODAY,
            paper=PAPER.get(key, "a4"),
        )
        data = path.read_bytes()
        raw = page_texts(data)
        lines = [line.strip() for text in raw for line in text.splitlines()]
        out[key] = Rendered(plan, data, [flat(t) for t in raw], lines)
    return out


@pytest.mark.parametrize("key", [k for k in PROFILES if k != "red_flag_stop"])
def test_every_section_exercise_and_warning_is_printed(
    key: str, rendered: dict[str, Rendered], rulebook: Rulebook
) -> None:
    doc = rendered[key]
    text = doc.text
    assert doc.plan.weeks
    for heading in HEADINGS:
        assert heading in doc.lines, heading
    positions = doc.heading_order(HEADINGS)
    assert positions == sorted(positions), "sections out of order"
    for ex in doc.plan.exercises():
        assert ex.name in text, ex.slug
        for step in rulebook.exercises[ex.slug].instructions:
            assert flat(step) in text, ex.slug
    for warning in doc.plan.warnings:
        phrase = " ".join(warning.text.split()[:8])
        assert phrase in text, warning.code
    advice = [w for w in doc.plan.warnings if rulebook.warnings[w.code].kind == "advice"]
    assert ("Advice for you" in text) == bool(advice)
    review = doc.plan.review_date
    assert f"Come back for review by {review:%A} {review.day} {review:%B %Y}" in text
    assert "Test Clinic" in text and "0100 000 000" in text
    assert doc.plan.ruleset.sha256 in text.replace(" ", "")


@pytest.mark.parametrize("key", list(PROFILES))
def test_page_numbers_and_clinic_phone_on_every_page_and_the_name_on_its_own_pages(
    key: str, rendered: dict[str, Rendered]
) -> None:
    pages = rendered[key].pages
    for n, page in enumerate(pages, start=1):
        assert page.endswith(
            f"Your exercise plan Questions? Call 0100 000 000 Page {n} of {len(pages)}"
        )
    name = PROFILES[key]["name"]
    clinician = next(n for n, p in enumerate(pages) if p.startswith("For the clinician"))
    assert [n for n, p in enumerate(pages) if name in p] == [0, clinician]


def test_the_renderer_raised_no_warnings(
    rendered: dict[str, Rendered], renderer_log: list[str]
) -> None:
    assert renderer_log == []


def test_a_red_flag_stop_plan_still_renders_the_essentials(
    rendered: dict[str, Rendered], rulebook: Rulebook
) -> None:
    doc = rendered["red_flag_stop"]
    assert not doc.plan.weeks
    text = doc.text
    positions = doc.heading_order(STOP_HEADINGS)
    assert positions == sorted(positions)
    assert "Do not start this programme until a doctor has reviewed you" in doc.pages[0]
    for absent in ("Your week at a glance", "Your exercises", "Your tick-box log", "This week"):
        assert absent not in text
    for warning in doc.plan.warnings:
        assert " ".join(warning.text.split()[:8]) in text
    assert "Stop and get help if" in " ".join(doc.pages[:2])
    assert len(doc.pages) <= 5


def test_letter_and_a4_paper_sizes(rendered: dict[str, Rendered]) -> None:
    sizes = {}
    for key in ("posterior_hip", "acute_vertebral"):
        pdf = pdfium.PdfDocument(rendered[key].data)
        sizes[key] = tuple(round(v) for v in pdf[0].get_size())
        pdf.close()
    assert sizes == {"posterior_hip": (612, 792), "acute_vertebral": (595, 842)}


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
def test_pages_are_not_blank_and_cards_carry_drawn_pictures(
    key: str, rendered: dict[str, Rendered]
) -> None:
    pdf = pdfium.PdfDocument(rendered[key].data)
    scale = 40 / 72
    card_pages = 0
    try:
        for n, page in enumerate(pdf, start=1):
            image = page.render(scale=scale).to_pil()
            assert _dark_share(image) > 0.002, f"page {n} looks blank"
            if "Where and what to hold" not in rendered[key].pages[n - 1]:
                continue
            card_pages += 1
            width, height = page.get_size()
            # Figure strokes: small path objects in the left half, where the pictures sit.
            strokes = [b for b in _paths(page) if b[2] < width * 0.55 and b[2] - b[0] < width * 0.4]
            assert len(strokes) >= 20, f"page {n}: only {len(strokes)} drawn shapes"
            left, bottom = min(b[0] for b in strokes), min(b[1] for b in strokes)
            right, top = max(b[2] for b in strokes), max(b[3] for b in strokes)
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


def _body_font_size(data: bytes) -> float:
    pdf = pdfium.PdfDocument(data)
    sizes = []
    try:
        for page in pdf:
            if "Where and what to hold" not in page.get_textpage().get_text_range():
                continue
            textpage = page.get_textpage()
            sizes += [
                pdfium_c.FPDFText_GetFontSize(textpage.raw, i)
                for i in range(textpage.count_chars())
            ]
    finally:
        pdf.close()
    return statistics.median(sizes)


def test_large_print_is_larger(rendered: dict[str, Rendered], rulebook: Rulebook) -> None:
    doc = rendered["acute_vertebral"]
    large = handout.handout_pdf(doc.plan, rulebook, clinic=CLINIC, today=TODAY, large_print=True)
    pages = read_pdf(large)
    assert len(pages) > len(doc.pages)
    cards = [p for p in pages if "Where and what to hold" in p]
    assert len(cards) == len(doc.plan.exercises()), "one card per page in large print"
    standard, bigger = _body_font_size(doc.data), _body_font_size(large)
    assert bigger >= standard * 16 / 12 - 0.01
    assert standard >= 16  # pdfium reports CSS pixels: 16 px = 12 pt


def test_the_same_plan_gives_the_same_bytes(
    rendered: dict[str, Rendered], rulebook: Rulebook, tmp_path: Path
) -> None:
    doc = rendered["acute_vertebral"]
    again = render_pdf(doc.plan, tmp_path / "again.pdf", rulebook, clinic=CLINIC, today=TODAY)
    assert again.read_bytes() == doc.data
    with pikepdf.open(io.BytesIO(doc.data)) as pdf:
        info = pdf.docinfo
        assert info.Title == "Your exercise plan"
        assert info.CreationDate == info.ModDate == "D:20261123000000Z"
        xmp = pdf.open_metadata()
        assert xmp["pdfuaid:part"] == "1" and xmp["xmp:CreateDate"] == "2026-11-23T00:00:00Z"
    assert not list(tmp_path.glob(".osteoplan-*")), "temporary file left behind"


def test_hostile_text_prints_literally_and_nothing_is_fetched(
    rulebook: Rulebook, fetched: list[str], tmp_path: Path
) -> None:
    name = '<img src="file:///etc/passwd"> {{ 7*7 }}'
    plan = make_plan(rulebook, {**PROFILES["red_flag_stop"], "name": name})
    clinic = Clinic(name='<link rel="stylesheet" href="http://example.invalid/x.css">')
    html = render_html(plan, rulebook, clinic=clinic, today=TODAY)
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt; {{ 7*7 }}" in html
    path = render_pdf(plan, tmp_path / "hostile.pdf", rulebook, clinic=clinic, today=TODAY)
    text = " ".join(read_pdf(path.read_bytes()))
    assert name in text
    assert "example.invalid" in text
    assert fetched == []


def test_the_fetcher_refuses_every_url(fetched: list[str]) -> None:
    before = len(fetched)
    with pytest.raises(OutputError, match="nothing was fetched"):
        typeset.typeset('<p>x</p><img src="file:///etc/passwd">', stamp="2026-01-01")
    assert fetched[before:] == ["file:///etc/passwd"]
    del fetched[before:]


def test_clinic_file_errors_name_the_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "clinic.yaml"
    path.write_text("name: Riverside\nphone: 01615550123\nclinican: Sam\n")
    with pytest.raises(UserError) as caught:
        load_clinic(path)
    message = str(caught.value)
    assert f"{path}:2: phone: write the phone number in quotes" in message
    assert f"{path}:3: clinican: unknown field (did you mean 'clinician'?)" in message
    path.write_text('name: Riverside\nphone: "0161 555 0123"\n')
    assert load_clinic(path) == Clinic(name="Riverside", phone="0161 555 0123")


def test_demo_command_writes_the_example_patients_handout(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["demo", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    path = tmp_path / "out" / "osteoplan-demo.pdf"
    assert result.stdout.strip() == str(path)
    pages = read_pdf(path.read_bytes())
    assert "Margaret Example" in pages[0] and "For the clinician" in " ".join(pages)


def test_handout_html_is_self_contained(tmp_path: Path) -> None:
    out = tmp_path / "plan.html"
    result = CliRunner().invoke(
        cli,
        [
            "handout",
            "--age",
            "74",
            "--ability",
            "limited",
            "--site",
            "vertebral",
            "--weeks-since",
            "3",
            "--html",
            "-o",
            str(out),
            "--weeks",
            "6",
        ],
    )
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html
    assert "<script" not in html.lower()
    assert "file:" not in html
    assert not re.search(r"(?:src|href)\s*=", html, flags=re.I)
    assert not re.search(r"url\((?!#)", html), "only in-document references"
    assert "@import" not in html and "<link" not in html
    # The only "http" is the SVG namespace name; citations print their addresses as plain text.
    stripped = html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    clinician = stripped.index('<section class="clinician"')
    assert "http" not in stripped[:clinician]
    assert "Week 6" in html or "Weeks 5 to 6" in html


def test_handout_rejects_a_missing_output_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["handout", "--age", "70", "--ability", "fit", "-o", str(tmp_path / "no" / "x.pdf")]
    )
    assert result.exit_code == 2
    assert "the folder to write into does not exist" in result.stderr
