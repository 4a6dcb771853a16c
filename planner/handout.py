"""The printable handout: one self-contained HTML document, and the PDF WeasyPrint makes of it.

Output stage for the ``handout`` and ``demo`` commands. :func:`render_html` fills the Jinja
templates in ``templates/`` (stylesheet inlined, exercise pictures as inline SVG, nothing
external); :func:`render_pdf` lays that document out with WeasyPrint, which is imported only
there. The PDF refuses every URL it might be asked to fetch, carries fixed metadata (so the same
plan and date give the same bytes) and is written atomically.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import jinja2
from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError, field_validator

from planner.errors import OutputError, UserError
from planner.handout_view import handout_context
from planner.output import check_target, write_atomic
from planner.plan import Plan
from planner.resources import templates_dir
from planner.rulebook import Rulebook, load_rulebook
from planner.yamlfile import read_source, validation_problems

Paper = Literal["a4", "letter"]
PAGE_SIZES: dict[str, str] = {"a4": "A4", "letter": "letter"}
#: Tagged PDF (PDF/UA-1) so screen readers can follow the handout; see bench/render.py.
PDF_VARIANT = "pdf/ua-1"

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


@cache
def _stylesheet() -> Markup:
    css = (templates_dir() / "handout.css").read_text(encoding="utf-8")
    if "</" in css:
        raise ValueError("handout.css must not contain '</'")
    return Markup(css)


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
    book = rulebook if rulebook is not None else load_rulebook()
    if paper not in PAGE_SIZES:
        raise UserError.single(f"unknown paper size '{paper}'; use a4 or letter")
    context = handout_context(plan, book, clinic or Clinic(), today or dt.date.today())
    return (
        environment()
        .get_template("handout.html.j2")
        .render(
            **context,
            css=_stylesheet(),
            page_size=PAGE_SIZES[paper],
            large_print=large_print,
        )
    )


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
    day = today or dt.date.today()
    target = Path(path)
    check_target(target)
    html = render_html(
        plan, rulebook, large_print=large_print, paper=paper, clinic=clinic, today=day
    )
    write_atomic(target, pdf_bytes(html, stamp=f"{day.isoformat()}T00:00:00Z"))
    return target


def pdf_bytes(html: str, *, stamp: str) -> bytes:
    """Lay out ``html`` with WeasyPrint; ``stamp`` is the fixed creation and change date."""
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    try:
        document = HTML(string=html, url_fetcher=_fetcher()).render(font_config=_fonts())
    except FatalURLFetchingError:
        raise OutputError.single(
            "the handout refers to an outside file or address; nothing was fetched"
        ) from None
    document.metadata.created = document.metadata.modified = stamp
    data: bytes = document.write_pdf(pdf_variant=PDF_VARIANT)
    return data


def refuse_url(url: str) -> None:
    """Every URL is refused: the handout holds all it shows, and patient text fetches nothing."""
    raise PermissionError("the handout fetches nothing")


@cache
def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher

    class RefusingFetcher(URLFetcher):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(allowed_protocols=(), fail_on_errors=True)

        def fetch(self, url: str, headers: Any = None) -> Any:
            refuse_url(url)
            raise PermissionError("the handout fetches nothing")

    return RefusingFetcher


def _fetcher() -> Any:
    return _fetcher_class()()


@cache
def _fonts() -> Any:
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()
