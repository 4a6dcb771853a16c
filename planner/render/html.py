"""A document as HTML: the Jinja templates in ``templates/`` filled from the plan.

:func:`render_html` gives one self-contained document (stylesheet inlined, exercise pictures as
inline SVG, nothing external); :func:`page_html` gives the pages the PDF is typeset from.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from planner.errors import UserError
from planner.plan import Plan
from planner.render.booklet import booklet_context
from planner.render.clinic import Clinic
from planner.render.clinician import clinician_context
from planner.render.layout import (
    PAGE_SIZES,
    SECTIONS,
    TITLES,
    Document,
    Paper,
    in_large_print,
    parts,
)
from planner.render.typeset import stylesheet_text
from planner.resources import templates_dir
from planner.rulebook import Rulebook, load_rulebook


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
    context = document_context(plan, rulebook, paper, clinic, today, document)
    names = [name for part in parts(context, document) for name in part]
    large = in_large_print(document, large_print)
    return page_html(context, names, large_print=large, inline_css=True)


def document_context(
    plan: Plan,
    rulebook: Rulebook | None,
    paper: str,
    clinic: Clinic | None,
    today: dt.date | None,
    document: Document = "booklet",
) -> dict[str, Any]:
    """Everything one document prints, by name; refuses a plan made with other rules."""
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


def page_html(
    context: dict[str, Any], names: list[str], *, large_print: bool, inline_css: bool = False
) -> str:
    """One HTML document holding the named sections; ``inline_css`` makes it a standalone page
    (its stylesheet inlined, its sections in a ``<main>`` landmark) rather than a PDF part."""
    return (
        environment()
        .get_template("handout.html.j2")
        .render(
            **context,
            sections=names,
            css=Markup(stylesheet_text(screen=True)) if inline_css else "",
            large_print=large_print,
            standalone=inline_css,
        )
    )


def footer_html(
    *, pages: int, title: str, notes: list[str], page_size: str, large_print: bool
) -> str:
    """The footer-only pages laid over a document's pages: title, notes, "Page n of N"."""
    return (
        environment()
        .get_template("page-footers.html.j2")
        .render(
            pages=pages,
            title=title,
            notes=notes,
            page_size=page_size,
            large_print=large_print,
        )
    )
