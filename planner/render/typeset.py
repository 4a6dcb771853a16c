"""Lay out one HTML document as a PDF with WeasyPrint, and keep what the composer needs of it.

A handout is made of several such documents (see :mod:`planner.render.pdf`): each is typeset
here into a :class:`Typeset` (the PDF bytes, its page count, the page where each element id
first appears and the headings for the outline), and :mod:`planner.render.compose` joins them.
:class:`PartCache` remembers typeset parts by their HTML, so the pages many patients share are
laid out once. WeasyPrint is imported only inside these functions; every URL it might fetch is
refused."""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from planner.errors import OutputError
from planner.output import write_atomic
from planner.resources import templates_dir

#: Tagged PDF (PDF/UA-1) so screen readers can follow the handout.
PDF_VARIANT = "pdf/ua-1"
_PX_TO_PT = 0.75


@dataclass(frozen=True)
class Bookmark:
    """A heading for the PDF outline: its level (h1 = 1), text, page and position in points."""

    level: int
    label: str
    page: int
    left: float
    top: float


@dataclass(frozen=True)
class Typeset:
    """One laid-out document: the PDF, its pages, where each id starts and its headings."""

    pdf: bytes
    pages: int
    first_page: dict[str, int]
    bookmarks: tuple[Bookmark, ...]


def typeset(html: str, *, stamp: str, tagged: bool = True) -> Typeset:
    """Lay out ``html``; ``stamp`` is the fixed creation and change date of the PDF."""
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    try:
        document = HTML(string=html, url_fetcher=_fetcher()).render(
            font_config=_fonts(), stylesheets=[_stylesheet()]
        )
    except FatalURLFetchingError:
        raise OutputError.single(
            "the handout refers to an outside file or address; nothing was fetched"
        ) from None
    document.metadata.created = document.metadata.modified = stamp
    first_page: dict[str, int] = {}
    bookmarks = []
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            first_page.setdefault(anchor, number)
        height = page.height * _PX_TO_PT
        for level, label, (x, y), _state in page.bookmarks:
            bookmarks.append(
                Bookmark(
                    level, label, number, round(x * _PX_TO_PT, 3), round(height - y * _PX_TO_PT, 3)
                )
            )
    with _fixed_font_dates():
        pdf = document.write_pdf(pdf_variant=PDF_VARIANT if tagged else None)
    return Typeset(pdf, len(document.pages), first_page, tuple(bookmarks))


#: The date written into embedded font subsets (2000-01-01), so that the same document gives
#: the same bytes at any time: without HarfBuzz's subsetter, WeasyPrint subsets fonts with
#: fontTools, which stamps each subset with the current time unless SOURCE_DATE_EPOCH is set.
FONT_EPOCH = "946684800"


@contextlib.contextmanager
def _fixed_font_dates() -> Iterator[None]:
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = FONT_EPOCH
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


class PartCache:
    """Typeset documents by the hash of their HTML: a few in memory and, given a folder, all of
    them on disk, where the worker processes of a batch share them."""

    def __init__(self, folder: Path | None = None, size: int = 32) -> None:
        self.folder = folder
        self.size = size
        self.typeset = self.reused = 0
        self._memory: OrderedDict[str, Typeset] = OrderedDict()

    def get(self, html: str, *, stamp: str, tagged: bool = True) -> Typeset:
        """``html`` typeset, from memory, the folder, or WeasyPrint (then remembered)."""
        key = hashlib.sha256(f"{stamp}\0{tagged}\0{html}".encode()).hexdigest()
        found = self._memory.get(key) or self._read(key)
        if found is not None:
            self.reused += 1
        else:
            found = typeset(html, stamp=stamp, tagged=tagged)
            self.typeset += 1
            if self.folder is not None:
                try:
                    write_atomic(self.folder / f"{key}.part", pickle.dumps(found))
                except OutputError:  # a full disk only costs the other workers a re-typeset
                    pass
        self._memory[key] = found
        self._memory.move_to_end(key)
        if len(self._memory) > self.size:
            self._memory.popitem(last=False)
        return found

    def _read(self, key: str) -> Typeset | None:
        if self.folder is None:
            return None
        try:
            found = pickle.loads((self.folder / f"{key}.part").read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, ValueError):
            return None
        return found if isinstance(found, Typeset) else None


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


@cache
def _stylesheet() -> Any:
    """handout.css, parsed once per process (the PDF parts carry no inline copy)."""
    from weasyprint import CSS

    return CSS(string=stylesheet_text(), font_config=_fonts(), url_fetcher=_fetcher())


@cache
def stylesheet_text(*, screen: bool = False) -> str:
    """handout.css; with ``screen``, and the phone layout of the HTML handouts (a separate file,
    as WeasyPrint does not read media queries with features)."""
    css = (templates_dir() / "handout.css").read_text(encoding="utf-8")
    if screen:
        css += "\n" + (templates_dir() / "handout-phone.css").read_text(encoding="utf-8")
    if "</" in css:
        raise ValueError("handout.css must not contain '</'")
    return css
