"""A document as a tagged PDF, typeset in parts.

Each patient's own pages (the booklet's cover, the clinician's copy) are typeset for them; the
pages that depend only on the plan (exercise cards, safety, build-up, log; sources) come from a
:class:`~planner.render.typeset.PartCache` that many patients share. :mod:`planner.render.compose`
joins them and lays the footer with page numbers on every page. The PDFs fetch nothing and carry
fixed metadata, so the same plan and date give the same bytes.
"""

from __future__ import annotations

import datetime as dt

from planner.plan import Plan
from planner.render.clinic import Clinic
from planner.render.html import document_context, footer_html, page_html
from planner.render.layout import PERSONAL_SECTIONS, TITLES, Document, Paper, in_large_print, parts
from planner.render.typeset import PartCache, typeset
from planner.rulebook import Rulebook

#: The creation date inside shared parts: never seen (the patient's part gives the handout's).
SHARED_STAMP = "2000-01-01T00:00:00Z"


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
    context = document_context(plan, rulebook, paper, clinic, day, document)
    large_print = in_large_print(document, large_print)
    cache = cache if cache is not None else PartCache()
    groups = parts(context, document)
    own = [g for g in groups if PERSONAL_SECTIONS.intersection(g)]
    personal = typeset(
        page_html(context, [n for g in own for n in g], large_print=large_print), stamp=stamp
    )
    starts = [personal.first_page[g[0]] for g in own] + [personal.pages]
    pieces = []
    for group in groups:
        if group in own:
            i = own.index(group)
            pieces.append(Piece(personal, starts[i], starts[i + 1]))
        else:
            part = cache.get(
                page_html(context, list(group), large_print=large_print), stamp=SHARED_STAMP
            )
            pieces.append(Piece(part, 0, part.pages))
    total = sum(p.stop - p.start for p in pieces)
    if document == "booklet":
        notes = [f"Questions? Call {context['clinic'].phone}"] if context["clinic"].phone else []
    else:
        notes = [f"Patient id {context['patient_id']}"] if context["patient_id"] else []
    footers = cache.get(
        footer_html(
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
