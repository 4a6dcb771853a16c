"""Writing output files: atomically, so no half-written file ever sits under its final name."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from planner.errors import OutputError


def check_target(target: Path) -> None:
    """Fail early, before any rendering, if ``target`` cannot be written."""
    if not target.parent.is_dir():
        raise OutputError.single("the folder to write into does not exist", path=target.parent)
    if target.is_dir():
        raise OutputError.single("is a folder; give a file name", path=target)


def write_atomic(target: Path, data: bytes) -> None:
    """Write to ``.<name>.<random>.tmp`` beside ``target``, then move it into place."""
    check_target(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            Path(tmp).chmod(0o644)
            Path(tmp).replace(target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputError.single(f"cannot write the file ({exc.strerror})", path=target) from None


@contextmanager
def atomic_files(*targets: Path) -> Iterator[list[BinaryIO]]:
    """Write several files as one: a temporary file beside each target is opened for the block,
    and only when the block ends and every file is written and flushed are they moved into place
    (a rename needs no space, so a full disk leaves all the old files or none). On any error
    every temporary file is removed and the targets are left as they were.

    Raises:
        OutputError: a file cannot be written (its reason, never its contents).
    """
    opened: list[tuple[Path, Path, BinaryIO]] = []
    try:
        try:
            for target in targets:
                check_target(target)
                fd, name = tempfile.mkstemp(
                    prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
                )
                opened.append((target, Path(name), os.fdopen(fd, "wb")))
            yield [f for _, _, f in opened]
            for _, tmp, f in opened:
                f.flush()
                os.fsync(f.fileno())
                f.close()
                tmp.chmod(0o644)
            for target, tmp, _ in opened:
                tmp.replace(target)
        except OSError as exc:
            names = " and ".join(t.name for t in targets)
            raise OutputError.single(
                f"cannot write {names} ({exc.strerror})", path=targets[0].parent
            ) from None
    finally:
        for _, tmp, f in opened:
            f.close()
            tmp.unlink(missing_ok=True)
