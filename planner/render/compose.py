"""Join typeset parts into one tagged PDF: pages in order, one structure tree, one outline, and
a footer laid on every page.

The handout is typeset in parts (:mod:`planner.render.pdf`): the patient's own pages, and
pages many patients share. :func:`compose` copies the chosen page ranges into a new PDF with
pikepdf and rebuilds what a simple page merge would lose: the structure tree (reading order and
tags for screen readers, with each page's marked-content keys renumbered), the outline of
headings, and the document's language and accessibility metadata, taken from the first part.
Each page then gets its footer (title, clinic phone, "Page n of N") from an untagged document of
footer-only pages, drawn as a pagination artifact so screen readers skip it."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Sequence
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, PageLocation

from planner.render.typeset import Typeset

_CATALOG_KEYS = ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata")

#: A parent tree's ``/Nums`` array as built: integer keys alternating with their entries.
_Nums = list[int | pikepdf.Object]


@dataclass(frozen=True)
class Piece:
    """Pages ``start`` to ``stop`` (exclusive) of a typeset part."""

    part: Typeset
    start: int
    stop: int


def compose(pieces: Sequence[Piece], footers: Typeset) -> bytes:
    """The pieces' pages in order as one tagged PDF, each page wearing its footer.

    The document information, language and XMP metadata come from the first piece's part;
    ``footers`` has one page per output page.
    """
    with contextlib.ExitStack() as opened:
        out = opened.enter_context(pikepdf.new())
        sources: dict[int, pikepdf.Pdf] = {}
        kids: list[pikepdf.Object] = []
        nums: _Nums = []
        role_map: dict[str, pikepdf.Object] = {}
        for piece in pieces:
            src = sources.get(id(piece.part))
            if src is None:
                src = opened.enter_context(_open_detached(piece.part))
                sources[id(piece.part)] = src
                role_map.update(src.Root.StructTreeRoot.get("/RoleMap", {}).items())
            _copy_pages(out, src, piece, kids, nums)
        first = sources[id(pieces[0].part)]
        for key in _CATALOG_KEYS:
            if key in first.Root:
                out.Root[key] = _foreign(out, first, first.Root[key])
        for key, value in first.docinfo.items():
            out.docinfo[key] = _foreign(out, first, value)
        _structure_tree(out, kids, nums, role_map)
        _outline(out, pieces)
        _footers(out, opened.enter_context(pikepdf.open(io.BytesIO(footers.pdf))))
        buffer = io.BytesIO()
        out.save(
            buffer,
            deterministic_id=True,
            min_version=first.pdf_version,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
    return buffer.getvalue()


def _open_detached(part: Typeset) -> pikepdf.Pdf:
    """Open a part with its top structure elements cut from their parent, so that copying one
    copies its own subtree and not, through ``/P``, the whole tree."""
    src = pikepdf.open(io.BytesIO(part.pdf))
    for document in _as_list(src.Root.StructTreeRoot.get("/K")):
        for kid in _as_list(document.get("/K")):
            if isinstance(kid, Dictionary):
                del kid["/P"]
    return src


def _copy_pages(
    out: pikepdf.Pdf,
    src: pikepdf.Pdf,
    piece: Piece,
    kids: list[pikepdf.Object],
    nums: _Nums,
) -> None:
    """Copy a piece's pages, the parent-tree entries of their content and their structure."""
    parents = _number_tree(src.Root.StructTreeRoot.get("/ParentTree"))
    index = {page.obj.objgen: n for n, page in enumerate(src.pages)}
    for n in range(piece.start, piece.stop):
        out.pages.append(src.pages[n])
        page = out.pages[-1].obj
        if "/StructParents" in page:
            key = len(nums) // 2
            nums += [key, _entry(out, src, parents.get(int(page.StructParents)))]
            page.StructParents = key
        for annot in page.get("/Annots", []):
            if "/StructParent" in annot:
                key = len(nums) // 2
                nums += [key, _entry(out, src, parents.get(int(annot.StructParent)))]
                annot.StructParent = key
    for document in _as_list(src.Root.StructTreeRoot.get("/K")):
        for kid in _as_list(document.get("/K")):
            first = _first_page(kid, index)
            if first is not None and piece.start <= first < piece.stop:
                kids.append(_foreign(out, src, kid))


def _foreign(out: pikepdf.Pdf, src: pikepdf.Pdf, value: pikepdf.Object) -> pikepdf.Object:
    """``value`` of ``src`` as an object of ``out`` (containers are copied, scalars are not)."""
    if isinstance(value, Dictionary | Array | pikepdf.Stream):
        return out.copy_foreign(value if value.is_indirect else src.make_indirect(value))
    return value


def _entry(out: pikepdf.Pdf, src: pikepdf.Pdf, value: pikepdf.Object | None) -> pikepdf.Object:
    """A parent-tree entry (a page's array of elements by MCID, or one element) copied to
    ``out``; the elements are the same copies as those under the structure tree."""
    if value is None:
        return Array()
    if isinstance(value, Array) and not value.is_indirect:
        return Array([_foreign(out, src, v) for v in value])
    return _foreign(out, src, value)


def _structure_tree(
    out: pikepdf.Pdf,
    kids: list[pikepdf.Object],
    nums: _Nums,
    role_map: dict[str, pikepdf.Object],
) -> None:
    """One structure tree root and ``Document`` element over the copied elements."""
    root = out.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = out.make_indirect(
        Dictionary(Type=Name.StructElem, S=Name.Document, P=root, K=Array(kids))
    )
    for kid in kids:
        if isinstance(kid, Dictionary):
            kid.P = document
    root.K = Array([document])
    root.ParentTree = out.make_indirect(Dictionary(Nums=Array(nums)))
    root.ParentTreeNextKey = len(nums) // 2
    if role_map:
        root.RoleMap = Dictionary(role_map)
    out.Root.StructTreeRoot = root


def _outline(out: pikepdf.Pdf, pieces: Sequence[Piece]) -> None:
    """The headings of every piece, nested by level, pointing at their output pages."""
    with out.open_outline() as outline:
        stack: list[tuple[int, OutlineItem]] = []
        offset = 0
        for piece in pieces:
            for mark in piece.part.bookmarks:
                if not piece.start <= mark.page < piece.stop:
                    continue
                item = OutlineItem(
                    mark.label,
                    offset + mark.page - piece.start,
                    PageLocation.XYZ,
                    left=mark.left,
                    top=mark.top,
                )
                while stack and stack[-1][0] >= mark.level:
                    stack.pop()
                (stack[-1][1].children if stack else outline.root).append(item)
                stack.append((mark.level, item))
            offset += piece.stop - piece.start


def _footers(out: pikepdf.Pdf, footers: pikepdf.Pdf) -> None:
    """Lay footer page n over page n, marked as a pagination artifact (the page's own drawing
    is wrapped in q/Q first, since it may leave the coordinate system changed)."""
    for n, (page, footer) in enumerate(zip(out.pages, footers.pages, strict=True), start=1):
        form = out.copy_foreign(footer.as_form_xobject())
        # pages of one part may share a resource dictionary, so each footer has its own name
        name = page.add_resource(form, Name.XObject, Name(f"/Footer{n}"))
        page.contents_add(pikepdf.Stream(out, b"q\n"), prepend=True)
        page.contents_add(
            pikepdf.Stream(
                out,
                b"Q\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC\nq "
                + name.unparse()
                + b" Do Q\nEMC\n",
            )
        )


def _number_tree(tree: pikepdf.Object | None) -> dict[int, pikepdf.Object]:
    """A PDF number tree (``/Nums``, possibly under ``/Kids``) as a dict."""
    found: dict[int, pikepdf.Object] = {}
    if tree is None:
        return found
    nums: pikepdf.Object | list[pikepdf.Object] = tree.get("/Nums", [])
    for i in range(0, len(nums) - 1, 2):
        found[int(nums[i])] = nums[i + 1]
    for kid in tree.get("/Kids", []):
        found.update(_number_tree(kid))
    return found


def _first_page(element: pikepdf.Object, index: dict[tuple[int, int], int]) -> int | None:
    """The page index of the first content under a structure element."""
    if not isinstance(element, Dictionary):
        return None
    page = element.get("/Pg")
    if page is not None and page.objgen in index:
        return index[page.objgen]
    for kid in _as_list(element.get("/K")):
        found = _first_page(kid, index)
        if found is not None:
            return found
    return None


def _as_list(value: pikepdf.Object | None) -> list[pikepdf.Object]:
    if value is None:
        return []
    return list(value) if isinstance(value, Array) else [value]
