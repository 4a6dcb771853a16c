"""The workbench in a real Chromium: a patient from the form to the printed booklet (the plan
adjusted on the way: an exercise dropped, one swapped, a swap the rules refuse), the plan
updating as the form changes (and everything working without script), keyboard use, reflow at
320 px, and axe-core finding no accessibility violation on any page at 1280 and 375 px (the
review visit's pages, its form with errors, the timeline and the charts at 1280 and 320 px).

Screenshots of the form, the plan and the Adjust page at both widths go to /tmp/web-shots/ for a
person to look at, with the README's (``workbench-*.png``, the 1280 px window only, copied by
hand into docs/). Without Chromium these tests are skipped, saying so (failing on CI): see
tests/browser.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pypdfium2
import pytest

from tests.browser import open_page
from tests.web.conftest import Client, LiveServer, live_server
from tests.web.test_review_visits import VISIT, WRIST, _prescribed

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

SHOTS = Path("/tmp/web-shots")
WIDTHS = (1280, 375)
NAME = "Zelda Quixote"
#: The swap the rules refuse for the journey's patient: the wrist fracture's rule (R-WR-1) asks
#: for finger and wrist movement every day, which another mobility exercise does not give.
REFUSED_SWAP = ("finger_and_wrist_rom", "calf_stretch")


def _shots(page: Page, name: str) -> None:
    """The page at both widths, whole, for a person to look at; and the 1280 px window for the
    README (docs/workbench-NAME.png)."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(SHOTS / f"workbench-{name}.png"))


def _refuse_a_swap(page: Page, base: str) -> None:
    """Choose the swap the rules refuse, in two steps, and post it."""
    old, new = REFUSED_SWAP
    page.goto(f"{base}/adjust")
    page.select_option("#swap-exercise", old)
    page.click("text=Show its alternatives")
    page.wait_for_url(re.compile(f"swap={old}"))
    page.select_option("#swap-for", new)
    page.click("text=Swap them")
    page.wait_for_selector(".error-summary")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("live")) as found:
        yield found


@pytest.fixture(scope="module")
def journey(browser: Browser, server: LiveServer) -> dict[str, Any]:
    """A patient made through the form, their plan saved, their booklet downloaded; the
    addresses of the pages it passed through."""
    from playwright.sync_api import expect

    SHOTS.mkdir(exist_ok=True)
    found: dict[str, Any] = {"requests": [], "console": []}
    with open_page(browser, 1280) as page:
        page.on("request", lambda r: found["requests"].append(r.url))
        page.on("console", lambda m: found["console"].append(m.text))
        page.goto(f"{server.url}/patients/new")
        page.fill("#f-id", "P-0042")
        page.fill("#f-name", NAME)
        page.fill("#f-age", "74")
        page.select_option("#f-sex", "female")
        page.select_option("#f-ability", "limited")
        page.click("#add-fracture")
        page.select_option("#f-fractures-0-site", "vertebral")
        page.fill("#f-fractures-0-weeks_since", "3")
        page.select_option("#f-fractures-0-cause", "fall")
        page.click("#add-fracture")
        page.select_option("#f-fractures-1-site", "wrist")
        page.fill("#f-fractures-1-weeks_since", "3")
        page.select_option("#f-fractures-1-cause", "fall")
        page.check("#f-unsteady")
        expect(page.locator("#preview-status")).to_have_text(re.compile("^Plan updated"))
        found["preview"] = page.inner_text("#preview")
        page.evaluate("window.scrollTo(0, 0)")
        _shots(page, "form")
        page.click(".form-end button")
        page.wait_for_url(re.compile(r"/patients/\d+/plan$"))
        found["plan"] = page.url
        _shots(page, "plan")
        found["planned"] = page.locator(".card .card-name").all_inner_texts()
        # Adjust: drop one exercise, swap another, and try a swap the rules refuse.
        page.click("text=Adjust the plan")
        page.wait_for_url(re.compile(r"/adjust$"))
        page.select_option("#drop-exercise", "sideways_walking")
        page.fill("#drop-reason", "dizzy when stepping sideways")
        page.click("text=Drop it")
        page.wait_for_url(re.compile(r"done=drop$"))
        found["dropped"] = page.inner_text("#notice")
        page.select_option("#swap-exercise", "sit_to_stand")
        page.click("text=Show its alternatives")
        page.wait_for_url(re.compile(r"swap=sit_to_stand"))
        page.wait_for_function("document.activeElement.id == 'swap-for'")
        page.select_option("#swap-for", "calf_raises")
        page.click("text=Swap them")
        page.wait_for_url(re.compile(r"done=swap$"))
        found["adjustments"] = page.inner_text(".adjustments")
        base = found["plan"].rsplit("/", 1)[0]
        _refuse_a_swap(page, base)
        found["refused_focus"] = page.evaluate("document.activeElement.id")
        found["refused_summary"] = page.inner_text(".error-summary")
        found["refused_inline"] = page.inner_text("#e-swap")
        _shots(page, "adjust")
        page.goto(found["plan"])
        found["cards"] = page.locator(".card .card-name").all_inner_texts()
        page.click("text=Save as a prescription")
        page.wait_for_url(re.compile(r"/prescriptions/1$"))
        found["prescription"] = page.url
        with page.expect_download() as download:
            page.click("text=Booklet (PDF)")
        found["booklet_name"] = download.value.suggested_filename
        found["booklet"] = Path(download.value.path()).read_bytes()
    return found


def test_the_preview_follows_the_form(journey: dict[str, Any]) -> None:
    assert "Week at a glance" in journey["preview"] and "Exercises" in journey["preview"]


def test_an_exercise_dropped_and_one_swapped(journey: dict[str, Any]) -> None:
    assert "The exercise is dropped." in journey["dropped"]
    assert "Walking sideways" in journey["planned"] and "Walking sideways" not in journey["cards"]
    assert "Calf raises" in journey["cards"] and "Sit to stand" not in journey["cards"]
    listed = journey["adjustments"]
    assert "Dropped Walking sideways: dizzy when stepping sideways" in listed
    assert "Swapped Sit to stand for Calf raises" in listed


def test_a_refused_swap_names_its_rule_and_reason(journey: dict[str, Any]) -> None:
    assert journey["refused_focus"] == "error-summary"
    for shown in (journey["refused_summary"], journey["refused_inline"]):
        assert "R-WR-1" in shown and "finger, thumb and elbow movement every day" in shown
        assert "Wrist fracture under 6 weeks" in shown


def test_the_booklet_names_the_patient_and_every_exercise(journey: dict[str, Any]) -> None:
    assert journey["booklet_name"] == "P-0042-booklet.pdf"
    pdf = pypdfium2.PdfDocument(journey["booklet"])
    text = " ".join(page.get_textpage().get_text_range() for page in pdf)
    text = re.sub(r"\s+", " ", text.replace("\u00ad", "").replace("\ufffe", ""))
    assert NAME in text
    names = journey["cards"]
    assert len(names) >= 5
    for name in names:
        assert name in text, name


def test_nothing_came_from_another_site_and_no_policy_was_broken(
    journey: dict[str, Any], server: LiveServer
) -> None:
    assert journey["requests"]
    assert all(url.startswith(server.url) for url in journey["requests"])
    assert not [m for m in journey["console"] if "Content Security Policy" in m]


def _pages(server: LiveServer, journey: dict[str, Any]) -> dict[str, str]:
    base = journey["plan"].rsplit("/", 1)[0]
    return {
        "patients": f"{server.url}/patients",
        "new": f"{server.url}/patients/new",
        "assessment": f"{base}/assessment",
        "patient": base,
        "plan": journey["plan"],
        "adjust": f"{base}/adjust",
        "prescription": journey["prescription"],
        "import": f"{server.url}/patients/import",
        "audit": f"{server.url}/audit",
    }


def _axe(page: Page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({', '.join(str(n['target']) for n in v['nodes'][:3])})"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_no_accessibility_violations(
    browser: Browser, server: LiveServer, journey: dict[str, Any], width: int
) -> None:
    found = {}
    with open_page(browser, width) as page:
        for name, url in _pages(server, journey).items():
            page.goto(url)
            found[name] = _axe(page)
        page.goto(f"{server.url}/patients/new")  # a form with errors
        page.fill("#f-age", "7")
        page.click(".form-end button")
        page.wait_for_selector(".error-summary")
        found["errors"] = _axe(page)
        _refuse_a_swap(page, journey["plan"].rsplit("/", 1)[0])
        found["adjust-refused"] = _axe(page)
    assert not {k: v for k, v in found.items() if v}


@pytest.mark.parametrize("width", (320, 375))
def test_every_page_reflows(
    browser: Browser, server: LiveServer, journey: dict[str, Any], width: int
) -> None:
    wide = {}
    with open_page(browser, width) as page:
        for name, url in _pages(server, journey).items():
            page.goto(url)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                wide[name] = scroll
        _refuse_a_swap(page, journey["plan"].rsplit("/", 1)[0])  # the second step, refused
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            wide["adjust-refused"] = scroll
    assert not wide


def test_keyboard_only(browser: Browser, server: LiveServer) -> None:
    with open_page(browser, 1280) as page:
        page.goto(f"{server.url}/patients/new")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
        page.focus("#f-id")
        page.keyboard.type("KEY-1")
        for _ in range(2):  # name, age
            page.keyboard.press("Tab")
        page.keyboard.type("70")
        page.focus("#f-ability")
        page.keyboard.press("ArrowDown")  # frail
        page.focus("#add-fracture")
        page.keyboard.press("Enter")
        page.wait_for_selector("#f-fractures-0-site")
        assert page.evaluate("document.activeElement.id") == "f-fractures-0-site"
        page.keyboard.press("ArrowDown")
        page.focus("#f-fractures-0-weeks_since")
        page.keyboard.type("8")
        page.focus("#f-age")
        page.keyboard.press("Enter")  # Enter in a text box saves the form
        page.wait_for_url(re.compile(r"/plan$"))
        assert "Plan for KEY-1" in page.inner_text("h1")
        page.focus("text=Adjust the plan")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/adjust$"))
        page.focus("#hold-exercise")
        page.keyboard.press("ArrowDown")  # the first planned exercise
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "hold-phase"
        page.keyboard.press("Tab")
        page.keyboard.type("sore knees")
        page.keyboard.press("Enter")  # Enter in the reason saves the hold
        page.wait_for_url(re.compile(r"done=hold$"))
        assert page.evaluate("document.activeElement.id") == "notice"
        assert "Held the dose of" in page.inner_text(".adjustments")


def test_the_form_works_without_script(browser: Browser, server: LiveServer) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/patients/new")
        page.fill("#f-id", "NOJS-1")
        page.fill("#f-age", "81")
        page.select_option("#f-ability", "frail")
        page.click("#add-fracture")
        page.select_option("#f-fractures-0-site", "hip")
        page.fill("#f-fractures-0-weeks_since", "5")
        page.click(".form-end button")
        page.wait_for_url(re.compile(r"/plan$"))
        assert "Plan for NOJS-1" in page.inner_text("h1")
        page.click("text=Adjust the plan")
        page.select_option("#swap-exercise", index=1)
        page.click("text=Show its alternatives")  # the second step, from the server
        page.select_option("#swap-for", index=1)
        page.fill("#swap-reason", "prefers it")
        page.click("text=Swap them")
        page.wait_for_selector("#notice, .error-summary")
    finally:
        context.close()


def test_the_login_page(browser: Browser, tmp_path: Path) -> None:
    from planner.web.store import accounts

    with live_server(tmp_path, login_required=True) as guarded:
        with guarded.app.bench.db.session() as session, session.begin():
            accounts.set_user(session, "sam", "correct horse battery staple")
        for width in WIDTHS:
            with open_page(browser, width) as page:
                page.goto(f"{guarded.url}/patients")
                assert page.url.endswith("/login")
                assert not _axe(page)
                page.fill("#f-name", "sam")
                page.fill("#f-password", "correct horse battery staple")
                page.click("button[type=submit]")
                page.wait_for_url(re.compile(r"/patients$"))


@pytest.fixture(scope="module")
def reviewed(server: LiveServer) -> str:
    """A patient with a wrist fracture in a cast, reviewed once (block 2 made from a visit, so
    the next visit's form asks for the fracture's clearance): the address of their page."""
    with Client(server.app) as client:
        key = _prescribed(client, "REV-B", **WRIST)
        response = client.submit(f"/patients/{key}/prescriptions/1/review", VISIT)
        assert response.status_code == 303
    return f"{server.url}/patients/{key}"


@pytest.mark.parametrize("width", (1280, 320))
def test_the_review_pages_are_accessible_and_reflow(
    browser: Browser, reviewed: str, width: int
) -> None:
    pages = {
        "review-visit": f"{reviewed}/prescriptions/2/review",
        "review-patient": reviewed,
        "review-block": f"{reviewed}/prescriptions/2",
    }
    found, wide = {}, {}
    SHOTS.mkdir(exist_ok=True)
    with open_page(browser, width) as page:
        for name, url in pages.items():
            page.goto(url)
            found[name] = _axe(page)
            wide[name] = page.evaluate("document.documentElement.scrollWidth")
            page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        page.goto(pages["review-visit"])
        assert page.locator("text=Fracture 1: wrist").count() >= 1, "the clearance fieldset"
        page.fill("#v-falls-0-date", "2099-01-01")
        page.click(".form-end button")
        page.wait_for_selector(".error-summary")
        assert page.evaluate("document.activeElement.id") == "error-summary"
        found["review-errors"] = _axe(page)
        wide["review-errors"] = page.evaluate("document.documentElement.scrollWidth")
    assert not {k: v for k, v in found.items() if v}
    assert not {k: v for k, v in wide.items() if v > width}
