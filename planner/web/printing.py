"""A prescription's downloads, each named after the patient's id: the booklet (normal and
large print) and the clinician's copy as PDF or HTML, made by the library's renderers, and the
plan JSON as it was prescribed."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from typing import Literal

from planner.batch.outputs import safe_name
from planner.plan import Plan
from planner.render.clinic import Clinic
from planner.render.html import render_html
from planner.render.pdf import booklet_pdf, clinician_pdf
from planner.render.typeset import PartCache
from planner.rulebook import Rulebook

Kind = Literal["booklet", "booklet-large", "clinician", "booklet-html", "clinician-html", "json"]


@dataclass(frozen=True)
class Download:
    """One file a prescription can be downloaded as."""

    kind: Kind
    title: str
    suffix: str
    media_type: str

    def filename(self, patient_id: str) -> str:
        """``P-0001-booklet.pdf``: the patient's id made safe for a file name."""
        return f"{safe_name(patient_id, 0)}{self.suffix}"


PDF, HTML = "application/pdf", "text/html; charset=utf-8"
DOWNLOADS: dict[str, Download] = {
    d.kind: d
    for d in (
        Download("booklet", "Booklet (PDF)", "-booklet.pdf", PDF),
        Download("booklet-large", "Booklet in large print (PDF)", "-booklet-large-print.pdf", PDF),
        Download("clinician", "Clinician's copy (PDF)", "-clinician.pdf", PDF),
        Download("booklet-html", "Booklet (HTML)", "-booklet.html", HTML),
        Download("clinician-html", "Clinician's copy (HTML)", "-clinician.html", HTML),
        Download("json", "Plan (JSON, as prescribed)", ".json", "application/json"),
    )
}


class Printer:
    """Renders documents one at a time (WeasyPrint is not made for threads), reusing the
    typeset pages that depend on the plan alone."""

    def __init__(self, book: Rulebook, clinic: Clinic | None) -> None:
        self.book = book
        self.clinic = clinic
        self.parts = PartCache()
        self._lock = threading.Lock()

    def render(self, download: Download, plan: Plan, today: dt.date) -> bytes:
        """The document ``download`` names, for ``plan``, given on ``today`` (not the JSON)."""
        book, clinic, parts = self.book, self.clinic, self.parts
        with self._lock:
            if download.kind in ("booklet", "booklet-large"):
                large = download.kind == "booklet-large"
                return booklet_pdf(
                    plan, book, large_print=large, clinic=clinic, today=today, cache=parts
                )
            if download.kind == "clinician":
                return clinician_pdf(plan, book, clinic=clinic, today=today, cache=parts)
        document: Literal["booklet", "clinician"] = (
            "booklet" if download.kind == "booklet-html" else "clinician"
        )
        html = render_html(plan, book, document=document, clinic=clinic, today=today)
        return html.encode("utf-8")
