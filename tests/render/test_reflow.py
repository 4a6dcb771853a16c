"""The HTML handouts in a real browser: at a desktop width and at phone widths (375 and 320
CSS pixels, WCAG 1.4.10 reflow) nothing is wider than the screen, no table cell's words spill
out of it, and nothing scrolls sideways.

Each document is laid out by Chromium in a page of the exact width (the ``browser`` fixture of
``tests/browser.py``), and a small script measures every element. Without Chromium the test is
skipped, saying so; on CI (``CI`` set), where the browser is installed, it fails instead.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest

from planner.build import build_plan
from planner.plan import Plan
from planner.profile.model import Profile, load_profile
from planner.render.clinic import Clinic, load_clinic
from planner.render.html import render_html
from planner.resources import templates_dir
from planner.rulebook import Rulebook
from tests.browser import open_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser

WIDTHS = (1280, 375, 320)
TODAY = dt.date(2026, 11, 23)
LONG_NAME = "Bartholomew" * 18 + "Xy"  # 200 characters, no space to break at

#: Evaluated in a page: what of its document is wider than the page, spills or breaks.
MEASURE = """
() => {
function describe(el) {
  return el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '')
    + ' "' + (el.textContent || '').trim().slice(0, 30) + '"';
}
function measure() {
  const w = window, d = document, vw = w.innerWidth;
  const wide = [], spill = [], text = [];
  for (const el of d.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > vw + 0.5 || r.left < -0.5) wide.push(describe(el));
    if ((el.tagName === 'TD' || el.tagName === 'TH') && r.width > 1  // not visually hidden
        && el.scrollWidth > el.clientWidth + 1)
      spill.push(describe(el));
    const style = w.getComputedStyle(el);
    if (['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth)
      wide.push('scrolls sideways: ' + describe(el));
  }
  const walker = d.createTreeWalker(d.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const shown = node.parentElement.getBoundingClientRect();
    if (!node.textContent.trim() || (shown.width <= 1 && shown.height <= 1)) continue;  // hidden
    const range = d.createRange(); range.selectNodeContents(node);
    const cell = node.parentElement.closest('td, th');
    const box = cell ? cell.getBoundingClientRect() : {left: 0, right: vw};
    for (const r of range.getClientRects()) {
      if (r.width > 0 && (r.right > box.right + 1 || r.left < box.left - 1))
        text.push(describe(node.parentElement));
    }
  }
  // A word (letters and digits; a break at a space, hyphen or comma is fine) split over two lines
  // although it is short enough to fit on one: a table squeezed narrower than its words.
  const broken = [];
  const words = d.createTreeWalker(d.body, NodeFilter.SHOW_TEXT);
  for (let node = words.nextNode(); node; node = words.nextNode()) {
    for (const token of node.textContent.matchAll(/\\S+/g)) {
      if (token[0].length > 20) continue;  // a 200-letter name, a web address: these must break
      for (const m of token[0].matchAll(/[A-Za-z0-9]{2,}/g)) {
        const range = d.createRange(), at = token.index + m.index;
        range.setStart(node, at); range.setEnd(node, at + m[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0)
          .map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(m[0] + ' in ' + describe(node.parentElement));
      }
    }
  }
  return {width: vw, scroll: d.documentElement.scrollWidth, wide, spill, text, broken};
}
return measure();
}
"""


#: A patient after a hip replacement by the posterior approach, and the clinic that saw him.
HIP = {
    "id": "HIP-1",
    "name": "Alan Example",
    "age": 81,
    "ability": "independent",
    "falls_12m": 2,
    "assessed_on": dt.date(2026, 11, 21),
    "fractures": [
        {"site": "hip", "weeks_since": 10, "treatment": "arthroplasty", "approach": "posterior"}
    ],
}
HIP_CLINIC = Clinic(name="Riverside Fracture Liaison Service", phone="0161 555 0123")


def demo_plan(rulebook: Rulebook) -> Plan:
    """The demo patient's plan, her name 200 letters without a space."""
    demo = load_profile(templates_dir() / "demo-profile.yaml")
    return build_plan(demo.model_copy(update={"name": LONG_NAME}), rulebook)


def hip_plan(rulebook: Rulebook) -> Plan:
    return build_plan(Profile.model_validate(HIP), rulebook)


def documents(rulebook: Rulebook) -> dict[str, str]:
    """The HTML documents checked: the demo's booklet (with a 200-character name), in standard
    and large print, and a hip patient's clinician's copy."""
    plan = demo_plan(rulebook)
    clinic = load_clinic(templates_dir() / "demo-clinic.yaml")
    return {
        "booklet": render_html(plan, rulebook, clinic=clinic, today=TODAY),
        "large": render_html(plan, rulebook, large_print=True, clinic=clinic, today=TODAY),
        "clinician": render_html(
            hip_plan(rulebook), rulebook, document="clinician", clinic=HIP_CLINIC, today=TODAY
        ),
    }


@pytest.fixture(scope="module")
def measured(rulebook: Rulebook, browser: Browser) -> list[dict[str, Any]]:
    """Each document measured at each width, named ``booklet@320``."""
    out = []
    handouts = documents(rulebook)
    for width in WIDTHS:
        with open_page(browser, width) as page:
            for name, doc in handouts.items():
                page.set_content(doc)
                out.append({"name": f"{name}@{width}", **page.evaluate(MEASURE)})
    return out


def test_every_document_reflows_at_phone_widths(measured: list[dict[str, Any]]) -> None:
    assert len(measured) == 3 * len(WIDTHS)
    for frame in measured:
        assert frame["width"] == int(frame["name"].split("@")[1])
        assert frame["scroll"] <= frame["width"], frame["name"]
        assert frame["wide"] == [], frame["name"]


def test_no_words_spill_out_of_a_table_cell(measured: list[dict[str, Any]]) -> None:
    for frame in measured:
        assert frame["spill"] == [], frame["name"]
        assert frame["text"] == [], frame["name"]


def test_no_word_is_broken_mid_word(measured: list[dict[str, Any]]) -> None:
    """At 320 px the clinician's tables stack (a heading over its value, a row as a box) rather
    than squeeze their columns until words break mid-word ("Hyperkypho|sis", "BW2|022")."""
    for frame in measured:
        assert frame["broken"] == [], frame["name"]
