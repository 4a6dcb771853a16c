"""Where the clinician's copy of a booklet is written."""

from __future__ import annotations

from pathlib import Path

from planner.render.documents import clinician_path


def test_the_clinicians_copy_goes_beside_the_booklet() -> None:
    assert clinician_path(Path("a/mary.pdf")) == Path("a/mary-clinician.pdf")
    assert clinician_path(Path("P1-booklet.html")) == Path("P1-clinician.html")
