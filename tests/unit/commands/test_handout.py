"""``handout`` and ``demo`` on their own: where the two documents go and what they are called,
the options passed through, and the errors raised before anything is written (HTML only here;
the PDFs are tested in tests/render and tests/golden)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import planner.render.documents
from planner.commands.handout import demo, handout, make_folder
from planner.errors import OutputError, SourceError, UserError
from planner.profile.model import load_profile
from planner.render.clinic import load_clinic
from planner.resources import templates_dir

PROFILE = ("--age", "74", "--ability", "limited", "--assessed-on", "2026-11-21")


def invoke(command: object, *args: str) -> Result:
    return CliRunner().invoke(command, list(args))  # type: ignore[arg-type]


def html_handout(*args: str) -> Result:
    return invoke(handout, *PROFILE, "--html", *args)


def test_the_clinicians_copy_is_written_beside_the_booklet(tmp_path: Path) -> None:
    booklet = tmp_path / "ann.html"
    result = html_handout("-o", str(booklet))
    assert result.exit_code == 0, result.output
    copy = tmp_path / "ann-clinician.html"
    assert result.stdout.splitlines() == [str(booklet), str(copy)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ann-clinician.html", "ann.html"]
    assert 'class="standard-print booklet"' in booklet.read_text(encoding="utf-8")
    assert "Rules fired" in copy.read_text(encoding="utf-8")


def test_a_folder_ending_in_a_slash_is_made_and_the_files_named_by_the_id(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "out"
    result = html_handout("--id", "P-7", "-o", f"{folder}/")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        str(folder / "P-7-booklet.html"),
        str(folder / "P-7-clinician.html"),
    ]
    assert sorted(p.name for p in folder.iterdir()) == ["P-7-booklet.html", "P-7-clinician.html"]


def test_an_existing_folder_is_written_into(tmp_path: Path) -> None:
    result = html_handout("--id", "P-7", "-o", str(tmp_path))
    assert result.exit_code == 0
    assert (tmp_path / "P-7-booklet.html").is_file() and (tmp_path / "P-7-clinician.html").is_file()


def test_without_an_id_the_files_are_named_by_the_profile_file(tmp_path: Path) -> None:
    path = tmp_path / "mrs-x.yaml"
    path.write_text("age: 70\nability: fit\nassessed_on: 2026-11-21\n", encoding="utf-8")
    out = tmp_path / "out"
    result = invoke(handout, str(path), "--html", "-o", f"{out}/")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["mrs-x-booklet.html", "mrs-x-clinician.html"]


def test_without_an_id_or_a_file_the_files_are_named_osteoplan(tmp_path: Path) -> None:
    assert html_handout("-o", f"{tmp_path}/").exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "osteoplan-booklet.html",
        "osteoplan-clinician.html",
    ]


def test_an_id_that_is_a_windows_device_name_is_made_safe(tmp_path: Path) -> None:
    assert html_handout("--id", "con", "-o", f"{tmp_path}/").exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "_con-booklet.html",
        "_con-clinician.html",
    ]


def test_clinician_copy_puts_the_copy_elsewhere(tmp_path: Path) -> None:
    (tmp_path / "records").mkdir()
    copy = tmp_path / "records" / "copy.html"
    result = html_handout("--id", "P-7", "-o", f"{tmp_path}/", "--clinician-copy", str(copy))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [str(tmp_path / "P-7-booklet.html"), str(copy)]
    assert not (tmp_path / "P-7-clinician.html").exists()


def test_large_print_and_paper_reach_the_booklet(tmp_path: Path) -> None:
    booklet = tmp_path / "b.html"
    assert html_handout("-o", str(booklet), "--large-print", "--paper", "letter").exit_code == 0
    text = booklet.read_text(encoding="utf-8")
    assert 'class="large-print booklet"' in text
    assert "size: letter" in text and "size: A4" not in text
    assert invoke(handout, *PROFILE, "--html", "-o", str(booklet), "--paper", "a5").exit_code == 2


def test_one_name_for_both_documents_is_refused_before_writing(tmp_path: Path) -> None:
    out = str(tmp_path / "x.html")
    result = html_handout("-o", out, "--clinician-copy", out)
    assert isinstance(result.exception, UserError)
    assert "need different file names" in str(result.exception)
    assert not list(tmp_path.iterdir())


def test_a_missing_clinic_file_is_an_error_before_writing(tmp_path: Path) -> None:
    result = html_handout("-o", str(tmp_path / "b.html"), "--clinic", str(tmp_path / "c.yaml"))
    assert isinstance(result.exception, SourceError)
    assert "c.yaml: file not found" in str(result.exception)
    assert not list(tmp_path.iterdir())


def test_a_folder_that_cannot_be_made_is_an_output_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = html_handout("-o", f"{blocker}/sub/")
    assert isinstance(result.exception, OutputError)
    assert "cannot make the folder" in str(result.exception)
    with pytest.raises(OutputError) as caught:
        make_folder(blocker / "sub")
    assert caught.value.problems[0].path == blocker / "sub"


def test_make_folder_makes_parents_and_accepts_an_existing_folder(tmp_path: Path) -> None:
    make_folder(tmp_path / "a" / "b")
    make_folder(tmp_path / "a" / "b")
    assert (tmp_path / "a" / "b").is_dir()


def test_the_plans_notes_go_to_stderr(tmp_path: Path) -> None:
    args = ("--site", "hip", "--weeks-since", "3", "--treatment", "arthroplasty")
    result = html_handout(*args, "-o", str(tmp_path / "b.html"))
    assert result.exit_code == 0
    assert "note: fracture 1 (hip replacement): approach not given" in result.stderr
    assert "note:" not in result.stdout


def test_a_booklet_path_is_required() -> None:
    result = invoke(handout, *PROFILE)
    assert result.exit_code == 2 and "Missing option '-o' / '--output'" in result.output


# --- demo -----------------------------------------------------------------------------------


def test_demo_writes_the_example_patients_two_pdfs_into_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []

    def fake(plan: Any, booklet: Path, rulebook: Any, **options: Any) -> tuple[Path, Path]:
        calls.append({"plan": plan, "booklet": booklet, **options})
        return booklet, booklet.with_name("osteoplan-demo-clinician.pdf")

    monkeypatch.setattr(planner.render.documents, "write_handouts", fake)
    folder = tmp_path / "new"
    result = invoke(demo, "-o", str(folder))
    assert result.exit_code == 0, result.output
    assert folder.is_dir()
    assert result.stdout.splitlines() == [
        str(folder / "osteoplan-demo-booklet.pdf"),
        str(folder / "osteoplan-demo-clinician.pdf"),
    ]
    (call,) = calls
    patient = load_profile(templates_dir() / "demo-profile.yaml")
    assert call["booklet"] == folder / "osteoplan-demo-booklet.pdf"
    assert call["plan"].profile.id == patient.id and call["plan"].profile.age == patient.age
    assert call["today"] == patient.assessed_on, "the demo is dated as its example assessment"
    assert isinstance(call["today"], dt.date)
    assert call["clinic"] == load_clinic(templates_dir() / "demo-clinic.yaml")


def test_demo_into_a_folder_that_cannot_be_made_is_an_output_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = invoke(demo, "-o", str(blocker / "sub"))
    assert isinstance(result.exception, OutputError)
    assert list(tmp_path.iterdir()) == [blocker]
