"""Writing output files: atomically, so no half-written file ever sits under its final name."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

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
