"""A run's lock on its output folder (one run at a time, the other named), and the parts
folders of runs that are gone."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from planner.batch.lock import (
    LOCK_NAME,
    PARTS_PREFIX,
    FolderLock,
    make_parts_folder,
    remove_stale_parts,
)
from planner.errors import OutputError


def test_the_lock_is_held_for_the_block_and_gone_after(tmp_path: Path) -> None:
    with FolderLock(tmp_path) as lock:
        assert lock.fd is not None
        pid, started = (tmp_path / LOCK_NAME).read_text().split()
        assert pid == str(os.getpid()) and "T" in started
    assert lock.fd is None and not (tmp_path / LOCK_NAME).exists()


def test_a_second_lock_is_refused_naming_the_first(tmp_path: Path) -> None:
    with FolderLock(tmp_path):
        with pytest.raises(OutputError) as caught, FolderLock(tmp_path):
            pass
    message = str(caught.value)
    assert message.startswith("the batch cannot start (nothing was processed):")
    assert f"another batch is writing into it (pid {os.getpid()}, started " in message
    with FolderLock(tmp_path):  # free again
        pass


def test_a_lock_left_by_a_killed_run_is_taken(tmp_path: Path) -> None:
    (tmp_path / LOCK_NAME).write_text("999999 2026-01-01T00:00:00+00:00\n")  # no one holds it
    with FolderLock(tmp_path):
        assert (tmp_path / LOCK_NAME).read_text().split()[0] == str(os.getpid())


def test_a_folder_that_cannot_be_written_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="cannot write into the output folder"):
        with FolderLock(tmp_path / "missing"):
            pass


def test_parts_folders_of_gone_runs_are_removed_and_others_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    mine = make_parts_folder()
    assert mine.parent == tmp_path and mine.name.startswith(f"{PARTS_PREFIX}{os.getpid()}-")
    stale = tmp_path / f"{PARTS_PREFIX}{gone.pid}-x"
    unmarked = tmp_path / f"{PARTS_PREFIX}abc"
    for folder in (stale, unmarked):
        folder.mkdir()
    assert remove_stale_parts() == [stale]
    assert mine.is_dir() and unmarked.is_dir() and not stale.exists()
