"""Both documents of a plan, as bytes and as files: the booklet and, beside it, the
clinician's copy, written atomically once both are made."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

from planner.errors import UserError
from planner.output import check_target, write_atomic
from planner.plan import Plan
from planner.render.clinic import Clinic
from planner.render.html import render_html
from planner.render.layout import Document, Paper
from planner.render.pdf import booklet_pdf, clinician_pdf
from planner.render.typeset import PartCache
from planner.rulebook import Rulebook, load_rulebook

#: The clinician's copy is a file beside the booklet: "-booklet" in the booklet's name becomes
#: "-clinician", or "-clinician" is added.
BOOKLET_SUFFIX, CLINICIAN_SUFFIX = "-booklet", "-clinician"


def clinician_path(booklet: Path) -> Path:
    """Where the clinician's copy of a booklet goes: beside it, "-booklet" in its name turned
    into "-clinician" (or "-clinician" added): ``mary.pdf`` -> ``mary-clinician.pdf``,
    ``P1-booklet.pdf`` -> ``P1-clinician.pdf``."""
    stem = booklet.stem
    if stem.endswith(BOOKLET_SUFFIX):
        stem = stem[: -len(BOOKLET_SUFFIX)]
    return booklet.with_name(f"{stem}{CLINICIAN_SUFFIX}{booklet.suffix}")


def handout_documents(
    plan: Plan,
    rulebook: Rulebook | None = None,
    *,
    fmt: Literal["pdf", "html"] = "pdf",
    large_print: bool = False,
    paper: Paper = "a4",
    clinic: Clinic | None = None,
    today: dt.date | None = None,
    cache: PartCache | None = None,
) -> dict[Document, bytes]:
    """Both documents of a plan, as PDF or HTML bytes: ``{"booklet": ..., "clinician": ...}``."""
    book = rulebook if rulebook is not None else load_rulebook()
    options: dict[str, Any] = {"paper": paper, "clinic": clinic, "today": today}
    if fmt == "html":
        return {
            doc: render_html(plan, book, document=doc, large_print=large_print, **options).encode(
                "utf-8"
            )
            for doc in ("booklet", "clinician")
        }
    return {
        "booklet": booklet_pdf(plan, book, large_print=large_print, cache=cache, **options),
        "clinician": clinician_pdf(plan, book, cache=cache, **options),
    }


def write_handouts(
    plan: Plan,
    booklet: Path | str,
    rulebook: Rulebook | None = None,
    *,
    clinician: Path | str | None = None,
    fmt: Literal["pdf", "html"] = "pdf",
    large_print: bool = False,
    paper: Paper = "a4",
    clinic: Clinic | None = None,
    today: dt.date | None = None,
) -> tuple[Path, Path]:
    """Write the booklet at ``booklet`` and the clinician's copy at ``clinician`` (default:
    :func:`clinician_path`), each atomically, both made before either is written."""
    targets = (Path(booklet), Path(clinician) if clinician else clinician_path(Path(booklet)))
    if targets[0].resolve() == targets[1].resolve():
        raise UserError.single("the booklet and the clinician's copy need different file names")
    for target in targets:
        check_target(target)
    data = handout_documents(
        plan,
        rulebook,
        fmt=fmt,
        large_print=large_print,
        paper=paper,
        clinic=clinic,
        today=today,
    )
    write_atomic(targets[0], data["booklet"])
    write_atomic(targets[1], data["clinician"])
    return targets
