"""Joining typeset parts: the chosen pages in order, one structure tree over all of them, one
outline, the first part's metadata, and a footer laid on every page as an artifact."""

from __future__ import annotations

import io
import re
from typing import Any

import pikepdf
import pytest

from planner.render.compose import Piece, compose
from planner.render.typeset import Typeset, typeset

STAMP = "2026-11-23T00:00:00Z"
BREAK = '<section style="break-before: page">'


def pages_html(*headings: tuple[str, str]) -> str:
    """One page a heading: (tag, text), each page with a paragraph under its heading."""
    body = "".join(
        f"{BREAK if n else '<section>'}<{tag}>{text}</{tag}><p>About {text}.</p></section>"
        for n, (tag, text) in enumerate(headings)
    )
    return f'<html lang="en"><head><title>Joined</title></head><body>{body}</body></html>'


@pytest.fixture(scope="module")
def first() -> Typeset:
    return typeset(pages_html(("h1", "Cover"), ("h2", "Cards")), stamp=STAMP)


@pytest.fixture(scope="module")
def second() -> Typeset:
    return typeset(pages_html(("h2", "Log")), stamp="2000-01-01T00:00:00Z")


def footers(pages: int) -> Typeset:
    html = pages_html(*[("p", f"Page {n} of {pages}") for n in range(1, pages + 1)])
    return typeset(html, stamp="2000-01-01T00:00:00Z", tagged=False)


def elements(root: pikepdf.Object) -> list[pikepdf.Dictionary]:
    out, todo = [], [root]
    while todo:
        kids = todo.pop().get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                out.append(kid)
                todo.append(kid)
    return out


def marked_ids(page: pikepdf.Page) -> list[int]:
    streams = page.obj.Contents
    data = b"\n".join(
        s.read_bytes() for s in (streams if isinstance(streams, pikepdf.Array) else [streams])
    )
    return [int(m) for m in re.findall(rb"/MCID\s+(\d+)", data)]


def test_the_pieces_pages_in_order_under_one_structure_tree(
    first: Typeset, second: Typeset
) -> None:
    data = compose([Piece(first, 0, 2), Piece(second, 0, 1)], footers(3))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 3
        root = pdf.Root.StructTreeRoot
        (document,) = root.K
        assert document.S == "/Document" and document.P.objgen == root.objgen
        found = elements(root)
        known = {root.objgen} | {e.objgen for e in found}
        assert all(e.P.objgen in known for e in found)
        pages = {page.objgen for page in pdf.pages}
        assert all(e.Pg.objgen in pages for e in found if "/Pg" in e)
        nums = root.ParentTree.Nums
        parents = {int(k): v for k, v in zip(nums[::2], nums[1::2], strict=True)}
        assert int(root.ParentTreeNextKey) == len(parents)
        for n, page in enumerate(pdf.pages):
            ids = marked_ids(page)
            assert ids, f"page {n + 1} has tagged content"
            owners = parents[int(page.obj.StructParents)]
            for mcid in ids:
                assert owners[mcid].objgen in known and owners[mcid].Pg.objgen == page.objgen


def test_one_outline_of_every_pieces_headings(first: Typeset, second: Typeset) -> None:
    data = compose([Piece(first, 0, 2), Piece(second, 0, 1)], footers(3))
    with pikepdf.open(io.BytesIO(data)) as pdf, pdf.open_outline() as outline:
        (top,) = outline.root
        assert top.title == "Cover"
        assert [child.title for child in top.children] == ["Cards", "Log"]
        destinations: list[Any] = [c.destination for c in top.children]
        targets = [pdf.pages.index(pdf.get_object(d[0].objgen)) for d in destinations]
        assert targets == [1, 2]


def test_a_piece_brings_only_its_own_pages_and_headings(first: Typeset) -> None:
    data = compose([Piece(first, 1, 2)], footers(1))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 1
        with pdf.open_outline() as outline:
            assert [item.title for item in outline.root] == ["Cards"]
        page = pdf.pages[0]
        for element in elements(pdf.Root.StructTreeRoot):
            if "/Pg" in element:
                assert element.Pg.objgen == page.objgen, "no tag of a page left behind"


def test_the_first_parts_metadata_and_language_are_kept(first: Typeset, second: Typeset) -> None:
    data = compose([Piece(first, 0, 1), Piece(second, 0, 1)], footers(2))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.Root.Lang) == "en" and bool(pdf.Root.MarkInfo.Marked)
        assert pdf.docinfo.Title == "Joined"
        assert pdf.docinfo.CreationDate == "D:20261123000000Z"
        assert pdf.open_metadata()["pdfuaid:part"] == "1"


def test_every_page_wears_its_own_footer_as_an_artifact(first: Typeset, second: Typeset) -> None:
    data = compose([Piece(first, 0, 2), Piece(second, 0, 1)], footers(3))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for n, page in enumerate(pdf.pages, start=1):
            streams = page.obj.Contents
            assert streams[0].read_bytes() == b"q\n"
            ops = pikepdf.parse_content_stream(streams[-1])
            assert [str(op.operator) for op in ops] == ["Q", "BDC", "q", "Do", "Q", "EMC"]
            tag, props = ops[1].operands
            assert tag == "/Artifact" and props.Type == "/Pagination"
            assert ops[3].operands[0] == f"/Footer{n}"
    with pytest.raises(ValueError):
        compose([Piece(first, 0, 2)], footers(3))


def test_the_same_pieces_give_the_same_bytes(first: Typeset, second: Typeset) -> None:
    pieces = [Piece(first, 0, 2), Piece(second, 0, 1)]
    bottom = footers(3)
    assert compose(pieces, bottom) == compose(pieces, bottom)


def table_part(heading: str, work: str) -> Typeset:
    """One page with a small data table, whose header cells WeasyPrint gives element IDs."""
    html = (
        f'<html lang="en"><head><title>Joined</title></head><body><h1>{heading}</h1>'
        f"<table><tr><th>Day</th><th>Work</th></tr><tr><td>Mon</td><td>{work}</td></tr></table>"
        "</body></html>"
    )
    return typeset(html, stamp=STAMP)


def embedded_fonts(pdf: pikepdf.Pdf) -> dict[str, set[bytes]]:
    """Each subset name used on the pages (footers included) and the font programs it names,
    checking that the font, its descendant and its descriptor agree on the name."""
    found: dict[str, set[bytes]] = {}

    def walk(resources: pikepdf.Object | None) -> None:
        if resources is None:
            return
        for _, font in resources.get("/Font", {}).items():
            descendant = font.DescendantFonts[0] if font.Subtype == "/Type0" else font
            descriptor = descendant.FontDescriptor
            name = str(descriptor.FontName)
            assert re.fullmatch(r"/[A-Z]{6}\+.+", name), name
            assert str(descendant.BaseFont) == name and str(font.BaseFont).startswith(name)
            found.setdefault(name, set()).add(descriptor.FontFile2.read_bytes())
        for _, form in resources.get("/XObject", {}).items():
            if form.get("/Subtype") == "/Form":
                walk(form.get("/Resources"))

    for page in pdf.pages:
        walk(page.obj.get("/Resources"))
    return found


def test_each_font_subset_name_names_one_font_program() -> None:
    # every part (and the footers) subsets its fonts under the same tags: joined, each
    # subset must have its own name (ISO 32000-1 9.6.4)
    data = compose(
        [Piece(table_part("A", "walk"), 0, 1), Piece(table_part("B", "swim"), 0, 1)], footers(2)
    )
    with pikepdf.open(io.BytesIO(data)) as pdf:
        fonts = embedded_fonts(pdf)
    assert len(fonts) >= 4
    assert all(len(programs) == 1 for programs in fonts.values()), sorted(fonts)


def test_element_ids_are_unique_and_listed_in_the_id_tree() -> None:
    """Header cells keep their IDs (data cells name them in /Headers), made unique across parts
    and listed in the structure tree root's /IDTree (ISO 32000-1 Table 322)."""
    data = compose(
        [Piece(table_part("A", "walk"), 0, 1), Piece(table_part("B", "swim"), 0, 1)], footers(2)
    )
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root.StructTreeRoot
        found = elements(root)
        with_ids = [e for e in found if "/ID" in e]
        ids = [bytes(e.ID) for e in with_ids]
        assert len(ids) == 4 and len(set(ids)) == len(ids)
        names = root.IDTree.Names
        keys = [bytes(k) for k in names[::2]]
        assert keys == sorted(ids)
        tree = dict(zip(keys, names[1::2], strict=True))
        assert all(tree[bytes(e.ID)].objgen == e.objgen for e in with_ids)
        cells = [e for e in found if e.S == "/TD" and "/A" in e]
        assert cells
        for cell in cells:
            for header in cell.A.Headers:
                th = tree[bytes(header)]
                assert th.S == "/TH" and th.Pg.objgen == cell.Pg.objgen, "a header of its own table"
