"""Join typeset parts into one tagged PDF: pages in order, one structure tree, one outline, and
a footer laid on every page.

The handout is typeset in parts (:mod:`planner.render.pdf`): the patient's own pages, and
pages many patients share. :func:`compose` copies the chosen page ranges into a new PDF with
pikepdf and rebuilds what a simple page merge would lose: the structure tree (reading order and
tags for screen readers, with each page's marked-content keys renumbered), the outline of
headings, and the document's language and accessibility metadata, taken from the first part.
Each page then gets its footer (title, clinic phone, "Page n of N") from an untagged document of
footer-only pages, drawn as a pagination artifact so screen readers skip it.

Two things every part brings under the same names are renamed while joining: the element IDs
(WeasyPrint numbers the header cells of each part's tables alike; the IDs get the part's number
and are listed in the ``/IDTree``), and the font subsets (each part subsets the same fonts under
the same six-letter tags; each subset gets a tag taken from a hash of its own program)."""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, PageLocation

from planner.render.typeset import Typeset

_CATALOG_KEYS = ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata")
_SUBSET = re.compile(r"/[A-Z]{6}\+")
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")

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
                src = opened.enter_context(_open_detached(piece.part, len(sources)))
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
        _rename_subsets(out)
        buffer = io.BytesIO()
        out.save(
            buffer,
            deterministic_id=True,
            min_version=first.pdf_version,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
    return buffer.getvalue()


def _open_detached(part: Typeset, number: int) -> pikepdf.Pdf:
    """Open a part with its top structure elements cut from their parent, so that copying one
    copies its own subtree and not, through ``/P``, the whole tree; its element IDs, and the
    table headers that name them, get the prefix ``p<number>-`` (parts number theirs alike)."""
    src = pikepdf.open(io.BytesIO(part.pdf))
    for document in _as_list(src.Root.StructTreeRoot.get("/K")):
        for kid in _as_list(document.get("/K")):
            if isinstance(kid, Dictionary):
                del kid["/P"]
    prefix = f"p{number}-".encode()
    for obj in src.objects:
        if not isinstance(obj, Dictionary) or obj.get("/Type") != Name.StructElem:
            continue
        if "/ID" in obj:
            obj.ID = pikepdf.String(prefix + bytes(obj.ID))
        for attributes in _as_list(obj.get("/A")):
            if isinstance(attributes, Dictionary) and "/Headers" in attributes:
                attributes.Headers = Array(
                    [pikepdf.String(prefix + bytes(h)) for h in attributes.Headers]
                )
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
    ids = _element_ids(kids)
    if ids:
        names: list[pikepdf.Object] = []
        for key in sorted(ids):
            names += [pikepdf.String(key), ids[key]]
        root.IDTree = out.make_indirect(Dictionary(Names=Array(names)))
    if role_map:
        root.RoleMap = Dictionary(role_map)
    out.Root.StructTreeRoot = root


def _element_ids(kids: list[pikepdf.Object]) -> dict[bytes, pikepdf.Object]:
    """The structure elements under ``kids`` that have an ``/ID``, by ID (each once)."""
    found: dict[bytes, pikepdf.Object] = {}
    todo = [kid for kid in kids if isinstance(kid, Dictionary)]
    while todo:
        element = todo.pop()
        if "/ID" in element:
            key = bytes(element.ID)
            if key in found and found[key].objgen != element.objgen:
                raise ValueError(f"structure element ID {key!r} repeats")
            found[key] = element
        todo += [k for k in _as_list(element.get("/K")) if isinstance(k, Dictionary) and "/S" in k]
    return found


def _rename_subsets(out: pikepdf.Pdf) -> None:
    """Give each embedded font subset a tag of its own: each part (and the footers) subsets the
    same fonts under the same tags, and different subsets must not share a name (ISO 32000-1
    9.6.4). The tag comes from a hash of the old name and the font program, so it is the same
    for the same subset, and a clash is resolved in the fixed order of the objects."""
    tags: dict[tuple[int, int], str] = {}  # a font descriptor's new tag
    owners: dict[str, bytes] = {}  # a new tag's font program
    for font in list(out.objects):
        if not isinstance(font, Dictionary) or font.get("/Type") != Name.Font:
            continue
        if font.get("/Subtype") == Name.Type0:
            named = [font, *font.get("/DescendantFonts", [])]
        elif font.get("/Subtype") == Name.CIDFontType2 or "/FontDescriptor" not in font:
            continue  # CID fonts are renamed with their Type0 font; Type3 fonts have no tag
        else:
            named = [font]
        descriptor = named[-1].get("/FontDescriptor")
        if descriptor is None or not _SUBSET.match(str(descriptor.get("/FontName", ""))):
            continue
        tag = tags.get(descriptor.objgen)
        if tag is None:
            program = next((descriptor[k] for k in _FONT_FILES if k in descriptor), None)
            if program is None:
                continue
            key = str(descriptor.FontName).encode() + b"\0" + program.read_raw_bytes()
            tag = _subset_tag(key, owners)
            tags[descriptor.objgen] = tag
            descriptor.FontName = Name("/" + tag + str(descriptor.FontName)[7:])
        for dictionary in named:
            base = str(dictionary.get("/BaseFont", ""))
            if _SUBSET.match(base):
                dictionary.BaseFont = Name("/" + tag + base[7:])


def _subset_tag(key: bytes, owners: dict[str, bytes]) -> str:
    """Six capital letters from a hash of ``key``, not yet taken by another key."""
    for salt in range(1000):
        number = int.from_bytes(hashlib.sha256(key + salt.to_bytes(2, "big")).digest()[:8])
        letters = ""
        for _ in range(6):
            number, digit = divmod(number, 26)
            letters += chr(ord("A") + digit)
        if owners.setdefault(letters, key) == key:
            return letters
    raise AssertionError("no free subset tag")  # pragma: no cover


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
