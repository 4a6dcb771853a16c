"""What a batch run owns outside its rows: a lock on its output folder, so two runs never write
into one folder, and the temporary folder of shared PDF parts, named with the run's process id
so that a later run can remove those whose run is gone."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from pathlib import Path
from types import TracebackType

from planner.errors import OutputError, Problem

#: The lock file in the output folder (hidden: no patient id can name it).
LOCK_NAME = ".osteoplan-batch.lock"
PARTS_PREFIX = "osteoplan-parts-"
_PARTS = re.compile(rf"^{PARTS_PREFIX}(\d+)-")
_STARTING = "the batch cannot start (nothing was processed):"

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None  # type: ignore[assignment]


class FolderLock:
    """``with FolderLock(out):`` holds ``out/.osteoplan-batch.lock`` for the block.

    The lock is the operating system's (``flock``), so it is released however the run ends,
    even killed; the file holds the run's process id and start time for the message another
    run shows. Taking it is also the check that the folder can be written.

    Raises:
        OutputError: the folder cannot be written, or another run holds the lock.
    """

    def __init__(self, out: Path) -> None:
        self.path = out / LOCK_NAME
        self._fd: int | None = None

    def __enter__(self) -> FolderLock:
        while True:
            fd = self._open()
            if fcntl is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    holder = _read_holder(fd)
                    os.close(fd)
                    raise OutputError(
                        problems=[_problem(f"another batch is writing into it ({holder})", self)],
                        summary=_STARTING,
                    ) from None
            try:  # the file may have been removed by the run that held it; then take the next
                same = os.path.samestat(os.fstat(fd), self.path.stat())
            except OSError:
                same = False
            if same:
                break
            os.close(fd)
        started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()} {started}\n".encode())
        self._fd = fd
        return self

    @property
    def fd(self) -> int | None:
        """The lock file's descriptor while held (workers close their inherited copy)."""
        return self._fd

    def _open(self) -> int:
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutputError(
                problems=[_problem(f"cannot write into the output folder ({exc.strerror})", self)],
                summary=_STARTING,
            ) from None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._fd is not None:
            self.path.unlink(missing_ok=True)  # while still held: the next run makes a new one
            os.close(self._fd)
            self._fd = None


def _problem(message: str, lock: FolderLock) -> Problem:
    return Problem(message, path=lock.path.parent)


def _read_holder(fd: int) -> str:
    """``pid N, started T`` from a held lock file (numbers and a time only)."""
    try:
        text = os.pread(fd, 200, 0).decode("ascii", "replace").split()
    except OSError:
        text = []
    if len(text) >= 2 and text[0].isdigit():
        return f"pid {text[0]}, started {text[1][:32]}"
    return "its process id is not recorded yet"


def make_parts_folder() -> Path:
    """A new temporary folder for shared PDF parts, named with this process's id."""
    return Path(tempfile.mkdtemp(prefix=f"{PARTS_PREFIX}{os.getpid()}-"))


def remove_stale_parts() -> list[Path]:
    """Remove the parts folders of runs that are gone (this user's, whose process has ended)."""
    removed: list[Path] = []
    try:
        candidates = list(Path(tempfile.gettempdir()).glob(f"{PARTS_PREFIX}*"))
    except OSError:
        return removed
    for folder in candidates:
        match = _PARTS.match(folder.name)
        if not match or not folder.is_dir() or _alive(int(match.group(1))):
            continue
        try:
            if hasattr(os, "getuid") and folder.stat().st_uid != os.getuid():
                continue
        except OSError:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process, or a number we cannot judge: leave it
    return True
