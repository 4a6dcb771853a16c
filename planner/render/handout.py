"""The printed handout: the patient's booklet and the clinician's copy, each as one
self-contained HTML document or a tagged PDF made in parts.

Output stage for the ``handout``, ``demo`` and ``batch`` commands. A plan gives two documents:

- the **booklet** the patient takes home: the cover (name, dates, clinic, any note, the week at
  a glance), one card per exercise, "Never do these" and "Stop and get help if", how the plan
  builds up, and the log to bring back;
- the **clinician's copy**: the profile, the falls-risk grade and its reasons, the rules fired
  with their sources, every exclusion with its reason, what could not be met, supervision, the
  rule set's version and sha256, then the sources. It is never given to the patient.

:func:`render_html` fills the Jinja templates in ``templates/`` (stylesheet inlined, exercise
pictures as inline SVG, nothing external). :func:`booklet_pdf` and :func:`clinician_pdf` typeset
the same sections as separate documents: each patient's own pages (the booklet's cover, the
clinician's copy) and the pages that depend only on the plan (exercise cards, safety, build-up,
log; sources), which a :class:`~planner.render.typeset.PartCache` lets many patients share;
:mod:`planner.render.compose` joins them and lays the footer with page numbers on every page.
The PDFs
fetch nothing, carry fixed metadata (so the same plan and date give the same bytes) and
:func:`write_handouts` writes both atomically.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import jinja2
from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError, field_validator

from planner.errors import UserError
from planner.output import check_target, write_atomic
from planner.plan import Plan
from planner.render.typeset import PartCache, stylesheet_text, typeset
from planner.render.view import booklet_context, clinician_context
from planner.resources import templates_dir
from planner.rulebook.load import Rulebook, load_rulebook
from planner.yamlfile import read_source, validation_problems

Paper = Literal["a4", "letter"]
PAGE_SIZES: dict[str, str] = {"a4": "A4", "letter": "letter"}
Document = Literal["booklet", "clinician"]
#: The two documents of a plan: their sections in order (templates in ``templates/sections/``),
#: grouped by the page break that starts each group (the safety advice and how the plan builds
#: up follow the last exercise card; the log the patient brings back has pages of its own).
GROUPS: dict[str, tuple[tuple[str, ...], ...]] = {
    "booklet": (("cover",), ("exercises", "safety", "build-up"), ("log",)),
    "clinician": (("clinician",), ("sources",)),
}
SECTIONS = {doc: tuple(n for group in groups for n in group) for doc, groups in GROUPS.items()}
#: Each document's title (PDF metadata, outline, page footers).
TITLES = {"booklet": "Your exercise plan", "clinician": "Clinician's copy, not for the patient"}
#: The sections that print the patient's own details: typeset for each patient, never shared.
PERSONAL_SECTIONS = frozenset({"cover", "clinician"})
#: The clinician's copy is a file beside the booklet: "-booklet" in the booklet's name becomes
#: "-clinician", or "-clinician" is added.
BOOKLET_SUFFIX, CLINICIAN_SUFFIX = "-booklet", "-clinician"
#: The creation date inside shared parts: never seen (the patient's part gives the handout's).
SHARED_STAMP = "2000-01-01T00:00:00Z"

_Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class Clinic(BaseModel):
    """Who gave the handout: printed on the cover and in the page footer."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: _Line | None = None
    clinician: _Line | None = None
    phone: Annotated[str, StringConstraints(strip_whitespace=True, max_length=60)] | None = None
    address: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] | None = None

    @field_validator("phone", mode="before")
    @classmethod
    def _phone_is_text(cls, value: Any) -> Any:
        if isinstance(value, int | float):
            raise ValueError('write the phone number in quotes, e.g. phone: "0161 555 0123"')
        return value


def load_clinic(path: Path | str) -> Clinic:
    """Read a clinic file (YAML or JSON); problems name the file, line and field."""
    try:
        doc = read_source(Path(path))
    except ValueError as exc:
        raise UserError(problems=[exc.args[0]]) from None
    if not isinstance(doc.data, dict):
        raise UserError.single(
            "a clinic file is a mapping of name, clinician, phone and address", path=doc.path
        )
    try:
        return Clinic.model_validate(doc.data)
    except ValidationError as exc:
        raise UserError(
            problems=validation_problems(exc, doc, model=Clinic),
            summary="The clinic file is not valid:",
        ) from None


@cache
def environment() -> jinja2.Environment:
    """The one Jinja environment: templates folder, everything escaped, no silent blanks."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def parts(context: dict[str, Any], document: Document = "booklet") -> list[tuple[str, ...]]:
    """A document's sections in reading order, grouped by the page break that starts each group
    (a stopped plan's safety advice follows its cover on the same page)."""
    if document == "booklet" and context["stopped"]:
        return [("cover", "safety")]
    return list(GROUPS[document])


def render_html(
    plan: Plan,
    rulebook: Rulebook | None = None,
    *,
    document: Document = "booklet",
    large_print: bool = False,
    paper: Paper = "a4",
    clinic: Clinic | None = None,
    today: dt.date | None = None,
) -> str:
    """One document as HTML: inline CSS and SVG, readable printed or on a phone."""
    context = _context(plan, rulebook, paper, clinic, today, document)
    names = [name for part in parts(context, document) for name in part]
    return _page(context, names, large_print=_large(document, large_print), inline_css=True)


def booklet_pdf(
    plan: Plan,
    rulebook: Rulebook | None = None,
    *,
    large_print: bool = False,
    paper: Paper = "a4",
    clinic: Clinic | None = None,
    today: dt.date | None = None,
    cache: PartCache | None = None,
) -> bytes:
    """The patient's booklet as a tagged PDF."""
    return _pdf(plan, rulebook, "booklet", large_print, paper, clinic, today, cache)


def clinician_pdf(
    plan: Plan,
    rulebook: Rulebook | None = None,
    *,
    paper: Paper = "a4",
    clinic: Clinic | None = None,
    today: dt.date | None = None,
    cache: PartCache | None = None,
) -> bytes:
    """The clinician's copy as a tagged PDF (reference material: the same in large print)."""
    return _pdf(plan, rulebook, "clinician", False, paper, clinic, today, cache)


def _large(document: Document, large_print: bool) -> bool:
    return large_print and document == "booklet"


def _pdf(
    plan: Plan,
    rulebook: Rulebook | None,
    document: Document,
    large_print: bool,
    paper: Paper,
    clinic: Clinic | None,
    today: dt.date | None,
    cache: PartCache | None,
) -> bytes:
    """One document as a tagged PDF.

    The patient's own sections are typeset together as one document; each run of shared
    sections (from one page break to the next) is its own document, taken from ``cache`` when
    another patient's document had the very same one.
    """
    from planner.render.compose import Piece, compose

    day = today or dt.date.today()
    stamp = f"{day.isoformat()}T00:00:00Z"
    context = _context(plan, rulebook, paper, clinic, day, document)
    large_print = _large(document, large_print)
    cache = cache if cache is not None else PartCache()
    groups = parts(context, document)
    own = [g for g in groups if PERSONAL_SECTIONS.intersection(g)]
    personal = typeset(
        _page(context, [n for g in own for n in g], large_print=large_print), stamp=stamp
    )
    starts = [personal.first_page[g[0]] for g in own] + [personal.pages]
    pieces = []
    for group in groups:
        if group in own:
            i = own.index(group)
            pieces.append(Piece(personal, starts[i], starts[i + 1]))
        else:
            part = cache.get(
                _page(context, list(group), large_print=large_print), stamp=SHARED_STAMP
            )
            pieces.append(Piece(part, 0, part.pages))
    total = sum(p.stop - p.start for p in pieces)
    if document == "booklet":
        notes = [f"Questions? Call {context['clinic'].phone}"] if context["clinic"].phone else []
    else:
        notes = [f"Patient id {context['patient_id']}"] if context["patient_id"] else []
    footers = cache.get(
        environment()
        .get_template("page-footers.html.j2")
        .render(
            pages=total,
            title=TITLES[document],
            notes=notes,
            page_size=context["page_size"],
            large_print=large_print,
        ),
        stamp=SHARED_STAMP,
        tagged=False,
    )
    return compose(pieces, footers)


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


def _context(
    plan: Plan,
    rulebook: Rulebook | None,
    paper: str,
    clinic: Clinic | None,
    today: dt.date | None,
    document: Document = "booklet",
) -> dict[str, Any]:
    if paper not in PAGE_SIZES:
        raise UserError.single(f"unknown paper size '{paper}'; use a4 or letter")
    if document not in SECTIONS:
        raise UserError.single(f"unknown document '{document}'; use booklet or clinician")
    book = rulebook if rulebook is not None else load_rulebook()
    if plan.ruleset.sha256 != book.sha256:
        raise UserError.single(
            f"this plan was made with rule set version {plan.ruleset.version} "
            f"(sha256 {plan.ruleset.sha256[:12]}), not the one given (version "
            f"{book.info.version}, sha256 {book.sha256[:12]}): the handout would print another "
            "rule set's wording; make the plan again with these rules, or render it with its own"
        )
    make = booklet_context if document == "booklet" else clinician_context
    context = make(plan, book, clinic or Clinic(), today or dt.date.today())
    context["page_size"] = PAGE_SIZES[paper]
    context["document"] = document
    context["doc_title"] = TITLES[document]
    return context


def _page(
    context: dict[str, Any], names: list[str], *, large_print: bool, inline_css: bool = False
) -> str:
    """One HTML document holding the named sections."""
    return (
        environment()
        .get_template("handout.html.j2")
        .render(
            **context,
            sections=names,
            css=Markup(stylesheet_text()) if inline_css else "",
            large_print=large_print,
        )
    )
