"""The printable handout: one self-contained HTML document, or a tagged PDF made in parts.

Output stage for the ``handout``, ``demo`` and ``batch`` commands. :func:`render_html` fills the
Jinja templates in ``templates/`` (stylesheet inlined, exercise pictures as inline SVG, nothing
external). :func:`handout_pdf` typesets the same sections as separate documents: the patient's
own pages (the cover with their name and dates, and the clinician's pages with their profile)
and the pages that depend only on the plan (exercise cards, safety, build-up, log and sources),
which a :class:`~planner.typeset.PartCache` lets many patients share; :mod:`planner.compose` joins
them and lays the footer with page numbers on every page. The PDF fetches nothing, carries fixed
metadata (so the same plan and date give the same bytes) and is written atomically.
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
from planner.handout_view import handout_context
from planner.output import check_target, write_atomic
from planner.plan import Plan
from planner.resources import templates_dir
from planner.rulebook import Rulebook, load_rulebook
from planner.typeset import PartCache, stylesheet_text, typeset
from planner.yamlfile import read_source, validation_problems

Paper = Literal["a4", "letter"]
PAGE_SIZES: dict[str, str] = {"a4": "A4", "letter": "letter"}
#: The sections of the handout in order (each a template in ``templates/sections/``).
SECTIONS = ("cover", "exercises", "safety", "build-up", "log", "clinician", "sources")
#: The sections that print the patient's own details: typeset for each patient, never shared.
PERSONAL_SECTIONS = frozenset({"cover", "clinician"})
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


def parts(context: dict[str, Any]) -> list[tuple[str, ...]]:
    """The handout's sections in reading order, grouped by the page break that starts each group
    (a stopped plan's safety advice follows its cover on the same page)."""
    if context["stopped"]:
        return [("cover", "safety"), ("clinician",), ("sources",)]
    return [(name,) for name in SECTIONS]


def render_html(
    plan: Plan,
    rulebook: Rulebook | None = None,
    *,
    large_print: bool = False,
    paper: Paper = "a4",
    clinic: Clinic | None = None,
    today: dt.date | None = None,
) -> str:
    """The handout as one HTML document: inline CSS and SVG, readable printed or on a phone."""
    context = _context(plan, rulebook, paper, clinic, today)
    names = [name for part in parts(context) for name in part]
    return _page(context, names, large_print=large_print, inline_css=True)


def handout_pdf(
    plan: Plan,
    rulebook: Rulebook | None = None,
    *,
    large_print: bool = False,
    paper: Paper = "a4",
    clinic: Clinic | None = None,
    today: dt.date | None = None,
    cache: PartCache | None = None,
) -> bytes:
    """The handout as a tagged PDF.

    The patient's own sections are typeset together as one document; each run of shared
    sections (from one page break to the next) is its own document, taken from ``cache`` when
    another patient's handout had the very same one.
    """
    from planner.compose import Piece, compose

    day = today or dt.date.today()
    stamp = f"{day.isoformat()}T00:00:00Z"
    context = _context(plan, rulebook, paper, clinic, day)
    cache = cache if cache is not None else PartCache()
    groups = parts(context)
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
    footers = cache.get(
        environment()
        .get_template("page-footers.html.j2")
        .render(
            pages=total,
            phone=context["clinic"].phone,
            page_size=context["page_size"],
            large_print=large_print,
        ),
        stamp=SHARED_STAMP,
        tagged=False,
    )
    return compose(pieces, footers)


def render_pdf(
    plan: Plan,
    path: Path | str,
    rulebook: Rulebook | None = None,
    *,
    large_print: bool = False,
    paper: Paper = "a4",
    clinic: Clinic | None = None,
    today: dt.date | None = None,
) -> Path:
    """Write the handout as a PDF at ``path`` (atomically) and return the path."""
    target = Path(path)
    check_target(target)
    data = handout_pdf(
        plan, rulebook, large_print=large_print, paper=paper, clinic=clinic, today=today
    )
    write_atomic(target, data)
    return target


def _context(
    plan: Plan,
    rulebook: Rulebook | None,
    paper: str,
    clinic: Clinic | None,
    today: dt.date | None,
) -> dict[str, Any]:
    if paper not in PAGE_SIZES:
        raise UserError.single(f"unknown paper size '{paper}'; use a4 or letter")
    book = rulebook if rulebook is not None else load_rulebook()
    context = handout_context(plan, book, clinic or Clinic(), today or dt.date.today())
    context["page_size"] = PAGE_SIZES[paper]
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
