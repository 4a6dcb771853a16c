"""The booklet and the clinician's copy are each joined from parts: each must still read as one
tagged document, and sharing parts between patients must never change a byte of anyone's
documents."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any

import pikepdf
import pytest

from planner.build import build_plan
from planner.profile.model import Profile
from planner.render.pdf import booklet_pdf, clinician_pdf
from planner.render.typeset import PartCache
from planner.rulebook import Rulebook
from tests.conftest import ASSESSED

TODAY = dt.date(2026, 11, 23)
HIP = {
    "age": 81,
    "ability": "limited",
    "falls_12m": 1,
    "fractures": [{"site": "hip", "weeks_since": 10, "cause": "fall", "treatment": "fixation"}],
}
HEADINGS = {
    "booklet": [
        (1, "Your exercise plan"),
        (2, "Your week at a glance"),
        (2, "Your exercises"),
        (2, "Never do these"),
        (2, "Stop and get help if"),
        (2, "How your plan builds up"),
        (2, "Your tick-box log"),
    ],
    "clinician": [
        (1, "Clinician's copy"),
        (2, "Summary"),
        (2, "Profile"),
        (2, "Could not be met"),
        (2, "Rule set"),
        (2, "Sources"),
    ],
}


def documents(
    rulebook: Rulebook, fields: dict[str, Any], cache: PartCache | None = None
) -> dict[str, bytes]:
    plan = build_plan(Profile.model_validate({"assessed_on": ASSESSED, **fields}), rulebook)
    return {
        "booklet": booklet_pdf(plan, rulebook, today=TODAY, cache=cache),
        "clinician": clinician_pdf(plan, rulebook, today=TODAY, cache=cache),
    }


@dataclass
class SharedRun:
    """Two patients with one plan, made one after the other with one part cache."""

    first: dict[str, bytes]
    second: dict[str, bytes]
    typeset_first: int
    cache: PartCache


@pytest.fixture(scope="module")
def shared(rulebook: Rulebook) -> SharedRun:
    cache = PartCache()
    first = documents(rulebook, {**HIP, "name": "Ada Example", "id": "A1"}, cache)
    typeset_first = cache.typeset
    second = documents(rulebook, {**HIP, "name": "Bea Example", "id": "B2"}, cache)
    return SharedRun(first, second, typeset_first, cache)


@pytest.fixture(scope="module", params=["booklet", "clinician"])
def hip_pdf(request: pytest.FixtureRequest, shared: SharedRun) -> tuple[str, bytes]:
    return request.param, shared.first[request.param]


def content(page: pikepdf.Page) -> list[bytes]:
    streams = page.obj.Contents
    return [s.read_bytes() for s in (streams if isinstance(streams, pikepdf.Array) else [streams])]


def marked_content_ids(page: pikepdf.Page) -> list[int]:
    """The MCIDs of a page's tagged content, in drawing order."""
    return [int(m) for m in re.findall(rb"/MCID\s+(\d+)", b"\n".join(content(page)))]


def structure_elements(root: pikepdf.Object) -> list[pikepdf.Dictionary]:
    out, todo = [], [root]
    while todo:
        node = todo.pop()
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                out.append(kid)
                todo.append(kid)
    return out


def test_every_tagged_piece_of_every_page_is_in_one_structure_tree(
    hip_pdf: tuple[str, bytes],
) -> None:
    with pikepdf.open(io.BytesIO(hip_pdf[1])) as pdf:
        assert pdf.Root.MarkInfo.Marked is True and str(pdf.Root.Lang) == "en"
        root = pdf.Root.StructTreeRoot
        (document,) = root.K
        assert document.S == "/Document" and document.P.objgen == root.objgen
        elements = structure_elements(root)
        known = {root.objgen} | {e.objgen for e in elements}
        pages = {page.objgen for page in pdf.pages}
        for element in elements:
            assert element.P.objgen in known
            if "/Pg" in element:
                assert element.Pg.objgen in pages, "a tag points at a page outside the document"
        parents = dict(zip(root.ParentTree.Nums[::2], root.ParentTree.Nums[1::2], strict=True))
        assert int(root.ParentTreeNextKey) == len(parents)
        tagged = 0
        for n, page in enumerate(pdf.pages):
            ids = marked_content_ids(page)
            assert ids, f"page {n + 1} has no tagged content"
            owners = parents[int(page.obj.StructParents)]
            for mcid in ids:
                owner = owners[mcid]
                assert owner.objgen in known, f"page {n + 1} MCID {mcid}"
                assert owner.Pg.objgen == page.objgen
            tagged += len(ids)
        assert tagged > 100


def test_the_footer_is_a_pagination_artifact_on_every_page(hip_pdf: tuple[str, bytes]) -> None:
    with pikepdf.open(io.BytesIO(hip_pdf[1])) as pdf:
        for n, page in enumerate(pdf.pages, start=1):
            streams = page.obj.Contents  # the page's own drawing wrapped in q/Q, then the footer
            assert streams[0].read_bytes() == b"q\n"
            ops = pikepdf.parse_content_stream(streams[-1])
            assert [str(op.operator) for op in ops] == ["Q", "BDC", "q", "Do", "Q", "EMC"]
            (tag, props), (form,) = ops[1].operands, ops[3].operands
            assert tag == "/Artifact" and props.Type == "/Pagination"
            assert form == f"/Footer{n}" and form in page.Resources.XObject


def test_the_outline_lists_every_section_under_the_title(hip_pdf: tuple[str, bytes]) -> None:
    which, data = hip_pdf
    with pikepdf.open(io.BytesIO(data)) as pdf, pdf.open_outline() as outline:
        (top,) = outline.root
        found = [(1, top.title)] + [(2, child.title) for child in top.children]
        pages = [pdf.pages.index(pdf.get_object(c.destination[0].objgen)) for c in top.children]
    assert [h for h in found if h in HEADINGS[which]] == HEADINGS[which]
    assert pages == sorted(pages), "outline entries follow the page order"


def test_patients_with_one_plan_share_its_pages_and_each_handout_stays_the_same(
    rulebook: Rulebook, shared: SharedRun
) -> None:
    # The booklet's cards with the safety advice and build-up, its log and its footers, and the
    # clinician's sources: typeset once, then reused. The clinician's footers carry the patient
    # id, so each patient has their own.
    assert shared.typeset_first == 5
    assert shared.cache.typeset == 6 and shared.cache.reused == 4
    assert shared.second == documents(rulebook, {**HIP, "name": "Bea Example", "id": "B2"})
    for which in ("booklet", "clinician"):
        a_data, b_data = shared.first[which], shared.second[which]
        assert a_data != b_data
        with pikepdf.open(io.BytesIO(a_data)) as a, pikepdf.open(io.BytesIO(b_data)) as b:
            assert len(a.pages) == len(b.pages)


def _kids(element: pikepdf.Object) -> list[pikepdf.Object]:
    kids = element.get("/K")
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []


def _tagged(element: pikepdf.Object) -> list[pikepdf.Dictionary]:
    return [k for k in _kids(element) if isinstance(k, pikepdf.Dictionary) and "/S" in k]


def _first_content(element: pikepdf.Object) -> pikepdf.Object | None:
    """The first structure element, in reading order, that holds marked content itself."""
    if any(
        isinstance(k, int) or (isinstance(k, pikepdf.Dictionary) and "/MCID" in k)
        for k in _kids(element)
    ):
        return element
    for kid in _tagged(element):
        found = _first_content(kid)
        if found is not None:
            return found
    return None


def test_lists_are_tagged_l_li_lbl_lbody(hip_pdf: tuple[str, bytes]) -> None:
    """Every list is L of LI, each LI a label (its number or mark) and a body (Matterhorn 16)."""
    with pikepdf.open(io.BytesIO(hip_pdf[1])) as pdf:
        lists = [e for e in structure_elements(pdf.Root.StructTreeRoot) if e.S == "/L"]
        assert lists
        for element in lists:
            items = _tagged(element)
            assert items and all(item.S == "/LI" for item in items)
            for item in items:
                assert [k.S for k in _tagged(item)] in (["/Lbl", "/LBody"], ["/LBody"])


def test_layout_grids_are_not_tagged_as_data_tables(hip_pdf: tuple[str, bytes]) -> None:
    """A table is data with headers (the week at a glance, the log, the profile); the cover's
    two columns are layout, not a table."""
    with pikepdf.open(io.BytesIO(hip_pdf[1])) as pdf:
        for element in structure_elements(pdf.Root.StructTreeRoot):
            if element.S == "/Table":
                assert any(e.S == "/TH" for e in structure_elements(element))


def test_the_card_heading_is_read_first_and_pictures_describe_the_movement(
    shared: SharedRun, rulebook: Rulebook
) -> None:
    with pikepdf.open(io.BytesIO(shared.first["booklet"])) as pdf:
        elements = structure_elements(pdf.Root.StructTreeRoot)
        cards = [e for e in elements if e.S == "/Art"]
        figures = [e for e in elements if e.S == "/Figure"]
        assert cards and len(figures) == len(cards)
        for card in cards:
            first = _first_content(card)
            assert first is not None
            heading = next(e for e in structure_elements(card) if e.S == "/H3")
            assert first.objgen in {heading.objgen} | {
                e.objgen for e in structure_elements(heading)
            }
        names = {e.name for e in rulebook.exercises.values()}
        for figure in figures:
            alt = str(figure.Alt)
            name = alt.split(". ")[0]
            assert name in names and len(alt) > len(name) + 30, alt
            assert "Start: " in alt and "Finish: " in alt, alt


def _fonts(resources: pikepdf.Object | None, found: dict[str, set[bytes]]) -> None:
    if resources is None:
        return
    for _, font in resources.get("/Font", {}).items():
        descendant = font.DescendantFonts[0] if font.Subtype == "/Type0" else font
        descriptor = descendant.FontDescriptor
        name = str(descriptor.FontName)
        assert str(descendant.BaseFont) == name and str(font.BaseFont).startswith(name)
        found.setdefault(name, set()).add(descriptor.FontFile2.read_bytes())
    for _, form in resources.get("/XObject", {}).items():
        if form.get("/Subtype") == "/Form":
            _fonts(form.get("/Resources"), found)


def test_each_font_subset_name_names_one_font_program(hip_pdf: tuple[str, bytes]) -> None:
    """Each part (and the footers) subsets the same fonts under the same tags; joined, different
    subsets must have different names (ISO 32000-1 9.6.4)."""
    with pikepdf.open(io.BytesIO(hip_pdf[1])) as pdf:
        found: dict[str, set[bytes]] = {}
        for page in pdf.pages:
            _fonts(page.obj.get("/Resources"), found)
    assert all(re.fullmatch(r"/[A-Z]{6}\+.+", name) for name in found), sorted(found)
    assert all(len(programs) == 1 for programs in found.values()), sorted(found)


def test_element_ids_are_unique_and_listed_in_the_id_tree(hip_pdf: tuple[str, bytes]) -> None:
    """Table header cells carry IDs that data cells name in /Headers: each ID once, listed in
    the structure tree root's /IDTree (ISO 32000-1 Table 322)."""
    with pikepdf.open(io.BytesIO(hip_pdf[1])) as pdf:
        root = pdf.Root.StructTreeRoot
        elements = structure_elements(root)
        with_ids = [e for e in elements if "/ID" in e]
        ids = [bytes(e.ID) for e in with_ids]
        assert ids and len(set(ids)) == len(ids)
        names = root.IDTree.Names
        keys = [bytes(k) for k in names[::2]]
        assert keys == sorted(ids)
        tree = dict(zip(keys, names[1::2], strict=True))
        assert all(tree[bytes(e.ID)].objgen == e.objgen for e in with_ids)
        for cell in (e for e in elements if e.S == "/TD" and "/A" in e):
            for header in cell.A.get("/Headers", []):
                assert tree[bytes(header)].S == "/TH"
