"""Stopping a batch cleanly on SIGINT (Ctrl-C) or SIGTERM.

While a batch runs, :class:`Interrupt` catches both signals and only records them: the batch
reads no further row, lets the rows already handed to a worker finish, writes the manifest of
every row done with a failed row at the first line not processed, releases its lock and returns
the code a shell expects of a process the signal ended (128 + the signal: 130 for SIGINT, 143 for
SIGTERM). A second signal stops at once: the rows still in progress are reported as not
processed. Nothing is raised at an arbitrary point, so no row's result is half recorded.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType, TracebackType
from typing import Any

SIGNALS: tuple[signal.Signals, ...] = (signal.SIGINT, signal.SIGTERM)


class StopNow(BaseException):
    """A second signal while a row is worked on in this process (``--jobs 1``)."""


class Interrupt:
    """``with Interrupt() as stop:`` records SIGINT and SIGTERM for the block (in the main
    thread only; elsewhere it never fires) and restores the handlers after it."""

    def __init__(self) -> None:
        self.signal: signal.Signals | None = None
        self.count = 0
        self._armed = False
        self._old: dict[signal.Signals, Any] = {}

    def __enter__(self) -> Interrupt:
        if threading.current_thread() is threading.main_thread():
            for sig in SIGNALS:
                self._old[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for sig, old in self._old.items():
            signal.signal(sig, old if old is not None else signal.SIG_DFL)
        self._old.clear()

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        self.count += 1
        if self.signal is None:
            self.signal = signal.Signals(signum)
        if self.count > 1 and self._armed:
            self._armed = False
            raise StopNow

    @property
    def requested(self) -> bool:
        """A signal came: read no further row."""
        return self.signal is not None

    @property
    def at_once(self) -> bool:
        """A second signal came: do not wait for the rows in progress."""
        return self.count > 1

    @property
    def name(self) -> str:
        return self.signal.name if self.signal is not None else ""

    @property
    def code(self) -> int:
        """The exit code of a process this signal ended (128 + its number)."""
        return 128 + int(self.signal) if self.signal is not None else 0

    @contextlib.contextmanager
    def stoppable(self) -> Iterator[None]:
        """Within the block a second signal raises :class:`StopNow` (work done in this
        process, which no flag can stop)."""
        self._armed = True
        try:
            yield
        finally:
            self._armed = False
