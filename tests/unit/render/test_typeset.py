"""Laying out one HTML document: its pages, where each id starts, its headings for the outline,
fixed dates, tags, nothing fetched; and the part cache that lays out shared pages once."""

from __future__ import annotations

import io
import os
import pickle
from pathlib import Path

import pikepdf
import pytest

from planner.errors import OutputError
from planner.render.typeset import Bookmark, PartCache, Typeset, typeset

STAMP = "2026-11-23T00:00:00Z"
TWO_PAGES = (
    '<html lang="en"><body><h1 id="top">Your plan</h1><p>First page.</p>'
    '<section id="next" style="break-before: page"><h2>Second</h2><p>More.</p>'
    "<h3>Third</h3></section></body></html>"
)


@pytest.fixture(scope="module")
def laid_out() -> Typeset:
    return typeset(TWO_PAGES, stamp=STAMP)


def test_pages_ids_and_headings_are_known_after_layout(laid_out: Typeset) -> None:
    assert laid_out.pages == 2
    assert laid_out.first_page == {"top": 0, "next": 1}
    marks = [(b.level, b.label, b.page) for b in laid_out.bookmarks]
    assert marks == [(1, "Your plan", 0), (2, "Second", 1), (3, "Third", 1)]
    second, third = laid_out.bookmarks[1:]
    assert second.top > third.top, "positions in PDF points, measured from the page's foot"
    with pikepdf.open(io.BytesIO(laid_out.pdf)) as pdf:
        assert len(pdf.pages) == 2


def test_the_pdf_is_tagged_and_dated_by_the_stamp(laid_out: Typeset) -> None:
    with pikepdf.open(io.BytesIO(laid_out.pdf)) as pdf:
        assert bool(pdf.Root.MarkInfo.Marked) and "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "en"
        assert pdf.open_metadata()["pdfuaid:part"] == "1"
        assert pdf.docinfo.CreationDate == pdf.docinfo.ModDate == "D:20261123000000Z"
    plain = typeset(TWO_PAGES, stamp=STAMP, tagged=False)
    with pikepdf.open(io.BytesIO(plain.pdf)) as pdf:
        assert "/StructTreeRoot" not in pdf.Root and "/MarkInfo" not in pdf.Root


def test_the_same_html_and_stamp_give_the_same_bytes(laid_out: Typeset) -> None:
    assert typeset(TWO_PAGES, stamp=STAMP).pdf == laid_out.pdf
    assert typeset(TWO_PAGES, stamp="2026-11-24T00:00:00Z").pdf != laid_out.pdf


def test_the_font_date_setting_is_put_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234567890")
    typeset("<p>x</p>", stamp=STAMP)
    assert os.environ["SOURCE_DATE_EPOCH"] == "1234567890"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    typeset("<p>x</p>", stamp=STAMP)
    assert "SOURCE_DATE_EPOCH" not in os.environ


@pytest.mark.parametrize(
    "html",
    [
        '<img src="http://example.invalid/x.png" alt="">',
        '<div style="background: url(file:///etc/passwd)">x</div>',
        '<link rel="stylesheet" href="http://example.invalid/a.css"><p>x</p>',
        "<style>@import url(http://example.invalid/a.css);</style><p>x</p>",
    ],
)
def test_nothing_outside_the_document_is_fetched(html: str) -> None:
    with pytest.raises(OutputError, match="nothing was fetched"):
        typeset(html, stamp=STAMP)


def test_the_cache_lays_out_the_same_part_once() -> None:
    cache = PartCache()
    first = cache.get("<p>shared</p>", stamp=STAMP)
    assert cache.get("<p>shared</p>", stamp=STAMP) is first
    assert (cache.typeset, cache.reused) == (1, 1)
    cache.get("<p>shared</p>", stamp="2000-01-01T00:00:00Z")
    cache.get("<p>shared</p>", stamp=STAMP, tagged=False)
    cache.get("<p>other</p>", stamp=STAMP)
    assert (cache.typeset, cache.reused) == (4, 1), "the stamp, tags and html are the key"


def test_the_cache_keeps_its_most_recent_parts_in_memory() -> None:
    cache = PartCache(size=2)
    for html in ("<p>a</p>", "<p>b</p>", "<p>a</p>", "<p>c</p>", "<p>a</p>"):
        cache.get(html, stamp=STAMP)
    assert (cache.typeset, cache.reused) == (3, 2)
    cache.get("<p>b</p>", stamp=STAMP)
    assert cache.typeset == 4, "the least recently used part was let go"


def test_workers_share_parts_through_the_cache_folder(tmp_path: Path) -> None:
    one = PartCache(tmp_path)
    made = one.get("<p>shared</p>", stamp=STAMP)
    (stored,) = tmp_path.glob("*.part")
    other = PartCache(tmp_path)
    assert other.get("<p>shared</p>", stamp=STAMP) == made
    assert (other.typeset, other.reused) == (0, 1)
    # a damaged or foreign file is laid out again, never trusted
    stored.write_bytes(b"not a pickle")
    third = PartCache(tmp_path)
    assert third.get("<p>shared</p>", stamp=STAMP) == made and third.typeset == 1
    stored.write_bytes(pickle.dumps(Bookmark(1, "x", 0, 0.0, 0.0)))
    fourth = PartCache(tmp_path)
    assert fourth.get("<p>shared</p>", stamp=STAMP) == made and fourth.typeset == 1
