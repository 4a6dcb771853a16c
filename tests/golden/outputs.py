"""The outputs a change must not alter by accident, for the golden test.

Each case is a profile: the public vignettes, the demo and every row of examples/patients.csv.
For each, the plan-v1 JSON (its sha256, beside the plan as text, which a diff can show) and the
explanation text; for the demo, also both documents as PDF (the sha256 of their bytes, which are
deterministic) and their text. ``python -m tests.golden.outputs`` writes them
into ``tests/golden/recorded/`` after a change that means to alter them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import yaml

from planner import Profile, Rulebook, booklet_pdf, build_plan, clinician_pdf, load_rulebook
from planner.explain import render_explanation
from planner.profile.csvrows import CsvRows, profile_from_row
from planner.profile.model import load_profile
from planner.render.clinic import load_clinic
from planner.render.text import render_text
from planner.resources import templates_dir

HERE = Path(__file__).resolve().parent
RECORDED = HERE / "recorded"
REPO = HERE.parent.parent


def cases() -> Iterator[tuple[str, Profile]]:
    """Every case's name and profile, in a fixed order."""
    data = yaml.safe_load((HERE / "vignette-profiles.yaml").read_text(encoding="utf-8"))
    for name, profile in data["profiles"].items():
        yield f"vignette-{name}", Profile.model_validate(profile)
    yield "demo", load_profile(templates_dir() / "demo-profile.yaml")
    with CsvRows(REPO / "examples" / "patients.csv") as rows:
        for row in rows:
            yield f"csv-{row.given_id}", profile_from_row(row)


def outputs(name: str, profile: Profile, book: Rulebook) -> dict[str, str]:
    """The recorded outputs of one case: file name -> text."""
    plan = build_plan(profile, book)
    out = {
        f"{name}.plan.json.sha256": hashlib.sha256(plan.to_json().encode()).hexdigest() + "\n",
        f"{name}.plan.txt": render_text(plan),
        f"{name}.explain.txt": render_explanation(plan, book),
    }
    if name == "demo":
        clinic = load_clinic(templates_dir() / "demo-clinic.yaml")
        for document, data in (
            ("booklet", booklet_pdf(plan, book, clinic=clinic, today=profile.assessed_on)),
            ("clinician", clinician_pdf(plan, book, clinic=clinic, today=profile.assessed_on)),
        ):
            out[f"{name}.{document}.txt"] = pdf_text(data)
            out[f"{name}.{document}.pdf.sha256"] = hashlib.sha256(data).hexdigest() + "\n"
    return out


def pdf_text(data: bytes) -> str:
    """Every page's text, pages separated by a form feed line."""
    pdf = pdfium.PdfDocument(data)
    try:
        pages = [page.get_textpage().get_text_range().replace("\r\n", "\n") for page in pdf]
    finally:
        pdf.close()
    return "\n\f\n".join(pages) + "\n"


def record() -> list[str]:
    """Write every case's outputs into ``recorded/``; the names written."""
    book = load_rulebook()
    RECORDED.mkdir(exist_ok=True)
    written: dict[str, Any] = {}
    for name, profile in cases():
        for file, text in outputs(name, profile, book).items():
            (RECORDED / file).write_text(text, encoding="utf-8")
            written[file] = len(text)
    for stale in RECORDED.iterdir():
        if stale.name not in written:
            stale.unlink()
    return sorted(written)


if __name__ == "__main__":
    print(json.dumps(record(), indent=1))
