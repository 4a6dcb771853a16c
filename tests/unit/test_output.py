"""Atomic writes: a file appears whole under its final name or not at all, and no temporary
file is left behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from planner.errors import OutputError
from planner.output import check_target, write_atomic


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_the_file_is_written_whole_and_readable_by_others(tmp_path: Path) -> None:
    target = tmp_path / "plan.pdf"
    write_atomic(target, b"%PDF-1.7 whole")
    assert target.read_bytes() == b"%PDF-1.7 whole"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert _leftovers(tmp_path) == []


def test_an_existing_file_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "plan.txt"
    target.write_bytes(b"old plan, longer than the new one")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"


def test_a_failed_write_leaves_no_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.pdf"
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, fd: int, mode: str) -> None:
            self.file = real_fdopen(fd, mode)

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.file.close()

        def write(self, data: bytes) -> int:
            self.file.write(data[:3])  # part of it reaches the disk, then the disk is full
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fdopen", Full)
    with pytest.raises(OutputError) as err:
        write_atomic(target, b"%PDF-1.7 whole")
    (problem,) = err.value.problems
    assert problem.path == target
    assert problem.message == "cannot write the file (No space left on device)"
    assert not target.exists()
    assert _leftovers(tmp_path) == []


def test_a_failed_write_keeps_the_previous_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.pdf"
    target.write_bytes(b"yesterday's plan")

    def refuse(self: Path, other: Path) -> Path:
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(Path, "replace", refuse)
    with pytest.raises(OutputError, match=r"cannot write the file \(Permission denied\)"):
        write_atomic(target, b"today's plan")
    assert target.read_bytes() == b"yesterday's plan"
    assert _leftovers(tmp_path) == []


def test_an_interrupted_write_cleans_up_and_is_not_swallowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.pdf"

    def interrupted(self: Path, mode: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "chmod", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"data")
    assert not target.exists()
    assert _leftovers(tmp_path) == []


def test_a_temporary_that_cannot_be_made_is_an_output_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_temp(**kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("planner.output.tempfile.mkstemp", no_temp)
    with pytest.raises(OutputError, match="Permission denied"):
        write_atomic(tmp_path / "plan.pdf", b"data")
    assert list(tmp_path.iterdir()) == []


def test_the_temporary_sits_beside_the_target_under_a_hidden_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Path] = []
    real_replace = Path.replace

    def spy(self: Path, other: Path) -> Path:
        seen.append(self)
        assert self.read_bytes() == b"data"  # complete before it takes the final name
        return real_replace(self, other)

    monkeypatch.setattr(Path, "replace", spy)
    write_atomic(tmp_path / "plan.pdf", b"data")
    (tmp,) = seen
    assert tmp.parent == tmp_path
    assert tmp.name.startswith(".plan.pdf.") and tmp.name.endswith(".tmp")


def test_a_missing_folder_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "plan.pdf"
    with pytest.raises(OutputError) as err:
        write_atomic(target, b"data")
    (problem,) = err.value.problems
    assert problem.path == tmp_path / "nowhere"
    assert problem.message == "the folder to write into does not exist"
    assert not (tmp_path / "nowhere").exists()


def test_a_folder_is_no_file_name(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a folder; give a file name"):
        check_target(tmp_path)
    check_target(tmp_path / "plan.pdf")  # a new file in an existing folder is fine
    assert list(tmp_path.iterdir()) == []
