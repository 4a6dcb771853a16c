"""A row's output files: safe names, Windows device names, nothing outside the output folder,
and which files written earlier are whole."""

from __future__ import annotations

import json
from pathlib import Path

import pikepdf
import pytest

from planner.batch.outputs import (
    RESERVED_NAMES,
    is_complete,
    output_path,
    remove_stale_tmp,
    row_outputs,
    safe_name,
)
from planner.errors import OutputError, UserError

# --- safe_name ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "stem"),
    [
        ("A1", "A1"),
        ("P-001_b.2", "P-001_b.2"),
        (" A1 ", "A1"),
        ("Smith, Ann", "Smith__Ann"),
        ("a/b\\c", "a_b_c"),
        ("Zoë", "Zo_"),
        ("../../etc/passwd", "_.._etc_passwd"),
        (".hidden", "hidden"),
        ("x:y*z?", "x_y_z_"),
    ],
)
def test_ids_keep_only_letters_digits_dot_underscore_and_dash(raw: str, stem: str) -> None:
    assert safe_name(raw, 4) == stem


@pytest.mark.parametrize("raw", [None, "", "   ", ".", "...", ".."])
def test_a_row_without_a_usable_id_is_named_by_its_line(raw: str | None) -> None:
    assert safe_name(raw, 7) == "row-7"


@pytest.mark.parametrize(
    "raw", ["CON", "con", "Prn", "AUX", "nul", "COM1", "com9", "LPT1", "lpt9", "NUL.txt", "con.a.b"]
)
def test_windows_device_names_get_a_leading_underscore(raw: str) -> None:
    assert safe_name(raw, 2) == f"_{raw}"


@pytest.mark.parametrize("raw", ["CONSOLE", "COM10", "LPT", "xNUL", "AUX1", "CON-1"])
def test_names_that_only_resemble_device_names_are_kept(raw: str) -> None:
    assert safe_name(raw, 2) == raw


def test_the_reserved_names_are_the_windows_device_names() -> None:
    assert {"CON", "PRN", "AUX", "NUL"} <= RESERVED_NAMES
    assert {f"COM{i}" for i in range(1, 10)} | {f"LPT{i}" for i in range(1, 10)} <= RESERVED_NAMES


def test_a_long_id_is_cut_to_100_characters() -> None:
    assert safe_name("x" * 300, 2) == "x" * 100


# --- output_path and row_outputs -------------------------------------------------------------


def test_output_path_is_the_stem_and_extension_inside_the_folder(tmp_path: Path) -> None:
    target = output_path(tmp_path, "A1", "json")
    assert target == tmp_path.resolve() / "A1.json"


@pytest.mark.parametrize("stem", ["../A1", "sub/A1", "/tmp/A1", "a/../../b"])
def test_output_path_refuses_a_name_that_would_leave_the_folder(tmp_path: Path, stem: str) -> None:
    with pytest.raises(OutputError) as caught:
        output_path(tmp_path / "out", stem, "json")
    assert isinstance(caught.value, UserError)
    assert "would leave the output folder" in str(caught.value)
    assert stem not in str(caught.value), "the message does not repeat the id"


def test_output_path_refuses_a_link_pointing_out_of_the_folder(tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "A1.json").symlink_to(elsewhere / "A1.json")
    with pytest.raises(OutputError):
        output_path(out, "A1", "json")


def test_every_safe_name_stays_inside_the_folder(tmp_path: Path) -> None:
    for raw in ("../x", "..\\x", "/abs", "..", "a/../../b", "CON", "~", "$HOME", "%TEMP%"):
        target = output_path(tmp_path, safe_name(raw, 3), "json")
        assert target.parent == tmp_path.resolve()


def test_a_json_row_has_one_file_named_by_its_stem(tmp_path: Path) -> None:
    assert [p.name for p in row_outputs(tmp_path, "A1", "json")] == ["A1.json"]


@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_a_handout_row_has_the_booklet_then_the_clinicians_copy(tmp_path: Path, fmt: str) -> None:
    paths = row_outputs(tmp_path, "A1", fmt)
    assert [p.name for p in paths] == [f"A1-booklet.{fmt}", f"A1-clinician.{fmt}"]
    assert all(p.parent == tmp_path.resolve() for p in paths)


# --- is_complete ----------------------------------------------------------------------------


def test_missing_empty_or_folder_outputs_are_not_complete(tmp_path: Path) -> None:
    (tmp_path / "empty.json").write_bytes(b"")
    (tmp_path / "dir.json").mkdir()
    for fmt in ("json", "html", "pdf"):
        assert not is_complete(tmp_path / f"missing.{fmt}", fmt)
    assert not is_complete(tmp_path / "empty.json", "json")
    assert not is_complete(tmp_path / "dir.json", "json")


def test_json_is_complete_when_it_parses(tmp_path: Path) -> None:
    whole = tmp_path / "whole.json"
    whole.write_text(json.dumps({"schema": "osteoplan/plan-v1", "weeks": [1, 2]}) + "\n")
    cut = tmp_path / "cut.json"
    cut.write_bytes(whole.read_bytes()[:20])
    assert is_complete(whole, "json")
    assert not is_complete(cut, "json")


def test_html_is_complete_when_it_ends_with_the_closing_tag(tmp_path: Path) -> None:
    whole = tmp_path / "whole.html"
    whole.write_text("<!doctype html><html><body>" + "x" * 500 + "</body></html>\n\n")
    cut = tmp_path / "cut.html"
    cut.write_bytes(whole.read_bytes()[:300])
    assert is_complete(whole, "html")
    assert not is_complete(cut, "html")


def _pdf(path: Path, pages: int) -> Path:
    with pikepdf.new() as pdf:
        for _ in range(pages):
            pdf.add_blank_page()
        pdf.save(path)
    return path


def test_pdf_is_complete_when_it_ends_with_eof_and_has_pages(tmp_path: Path) -> None:
    whole = _pdf(tmp_path / "whole.pdf", 2)
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole.read_bytes()[: len(whole.read_bytes()) // 2])
    no_pages = _pdf(tmp_path / "none.pdf", 0)
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"not a pdf at all\n%%EOF\n")
    assert is_complete(whole, "pdf")
    assert not is_complete(cut, "pdf")
    assert not is_complete(no_pages, "pdf")
    assert not is_complete(fake, "pdf")


def test_a_file_is_judged_by_the_format_asked_for(tmp_path: Path) -> None:
    html = tmp_path / "page.html"
    html.write_text("<html></html>")
    assert is_complete(html, "html")
    assert not is_complete(html, "json")
    assert not is_complete(html, "pdf")


# --- remove_stale_tmp -----------------------------------------------------------------------


def test_only_the_temporary_files_of_a_killed_batch_are_removed(tmp_path: Path) -> None:
    stale = tmp_path / ".A1.json.x7k2.tmp"
    stale.write_text("{")
    keep = [tmp_path / "A1.json", tmp_path / "notes.tmp", tmp_path / ".hidden"]
    for path in keep:
        path.write_text("{}")
    (tmp_path / ".dir.tmp").mkdir()
    remove_stale_tmp(tmp_path)
    assert not stale.exists()
    assert all(path.exists() for path in keep)
    assert (tmp_path / ".dir.tmp").is_dir()
