"""A brake on guessing passwords: after a few failed logins to one account name, that name is
closed to logins for a while."""

from __future__ import annotations

import threading
import time
from collections import deque

#: Failed logins allowed in the window before the account is closed to logins.
MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
#: Account names remembered at most (the oldest are forgotten first).
MAX_NAMES = 10_000


class Throttle:
    """Counts failed logins per account name, in this process."""

    def __init__(self) -> None:
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def blocked(self, name: str) -> bool:
        """Whether ``name`` has failed too often lately."""
        with self._lock:
            return len(self._recent(name)) >= MAX_FAILURES

    def failed(self, name: str) -> None:
        """Count one failed login."""
        with self._lock:
            self._failures.setdefault(name, deque()).append(time.monotonic())
            while len(self._failures) > MAX_NAMES:
                self._failures.pop(next(iter(self._failures)))

    def succeeded(self, name: str) -> None:
        """Forget the failures of ``name``."""
        with self._lock:
            self._failures.pop(name, None)

    def _recent(self, name: str) -> deque[float]:
        found = self._failures.get(name, deque())
        while found and found[0] < time.monotonic() - WINDOW_SECONDS:
            found.popleft()
        return found
