"""``osteoplan handout`` and ``osteoplan demo`` on the command line: which format a file is
written in, and where the demo goes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from planner.cli import cli

QUICK = ["--age", "74", "--ability", "limited", "--site", "vertebral", "--weeks-since", "3"]


def handout(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["handout", *QUICK, "--weeks", "4", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("name", "flags", "kind"),
    [
        ("out.html", (), "html"),
        ("out.HTM", (), "html"),
        ("out.pdf", (), "pdf"),
        ("out.html", ("--html",), "html"),
        ("out", ("--html",), "html"),
        ("out", (), "pdf"),
    ],
)
def test_the_format_follows_the_file_name(
    tmp_path: Path, name: str, flags: tuple[str, ...], kind: str
) -> None:
    out = tmp_path / name
    code, stdout, stderr = handout("-o", str(out), *flags)
    assert code == 0, stderr
    booklet, clinician = (Path(p) for p in stdout.split())
    assert booklet == out and clinician.parent == tmp_path
    for path in (booklet, clinician):
        start = path.read_bytes()[:15]
        assert start.startswith(b"%PDF-" if kind == "pdf" else b"<!DOCTYPE html>"), path


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("-o", "x.pdf", "--html"), "x.pdf"),
        (("-o", "x.html", "--clinician-copy", "c.pdf"), "c.pdf"),
        (("-o", "x.pdf", "--clinician-copy", "c.html"), "c.html"),
        (("-o", "x.docx"), "x.docx"),
    ],
)
def test_a_format_the_file_name_contradicts_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], said: str
) -> None:
    monkeypatch.chdir(tmp_path)
    code, stdout, stderr = handout(*args)
    assert code == 2 and stdout == ""
    assert said in stderr and ("HTML" in stderr or "PDF" in stderr), stderr
    assert list(tmp_path.iterdir()) == []


def test_the_demo_goes_into_a_folder_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["demo"])
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["osteoplan-demo"]
    assert sorted(p.name for p in (tmp_path / "osteoplan-demo").iterdir()) == [
        "osteoplan-demo-booklet.pdf",
        "osteoplan-demo-clinician.pdf",
    ]
    assert result.stdout.split() == [
        str(Path("osteoplan-demo") / "osteoplan-demo-booklet.pdf"),
        str(Path("osteoplan-demo") / "osteoplan-demo-clinician.pdf"),
    ]
    # demo -o DIR: tests/cli/test_terminal.py, in a terminal


def test_the_demo_folder_is_ignored_by_git() -> None:
    ignored = (Path(__file__).resolve().parents[2] / ".gitignore").read_text().split()
    assert "/osteoplan-demo/" in ignored
