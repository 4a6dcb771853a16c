"""A real browser for the tests: the system's Chromium, driven by Playwright's sync API.

``browser`` is one headless Chromium for the whole session (one per pytest-xdist worker);
``new_page(width)`` gives a fresh page of that many CSS pixels wide, in a context of its own that
is closed after the test; :func:`open_page` does the same in a fixture of a wider scope.

Playwright never downloads a browser here: it launches the Debian ``chromium`` (or the program
``CHROMIUM`` names) through ``executable_path``. Without it, or without the ``playwright``
package, the tests that ask for a browser are skipped and the skip reason says the browser checks
were NOT run; on CI (``CI`` set), where ``.ci/run`` installs both, they fail instead. The fixtures
reach every test through ``pytest_plugins`` in ``tests/conftest.py``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, NoReturn

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

#: Headless, and quiet: no sandbox (CI runs as root), no GPU, nothing fetched or updated.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
#: The height of a page; the tests are about its width.
PAGE_HEIGHT = 900
NO_CHROMIUM = (
    "the browser checks were NOT run: they need Chromium (apt-get install chromium, or CHROMIUM "
    "naming the browser)"
)
NO_PLAYWRIGHT = "the browser checks were NOT run: they need playwright (pip install '.[test]')"


def missing(reason: str) -> NoReturn:
    """Skip for want of a tool, saying so; fail on CI, where every tool is installed."""
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def chromium_path() -> str | None:
    """The Chromium to launch: ``CHROMIUM`` (a path or a name on PATH), else ``chromium``."""
    return shutil.which(os.environ.get("CHROMIUM") or "chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the session."""
    executable = chromium_path()
    if executable is None:
        missing(NO_CHROMIUM)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing(NO_PLAYWRIGHT)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, headless=True, args=list(CHROMIUM_ARGS)
        )
        try:
            yield launched
        finally:
            launched.close()


@contextlib.contextmanager
def open_page(browser: Browser, width: int, height: int = PAGE_HEIGHT) -> Iterator[Page]:
    """A fresh page ``width`` CSS pixels wide, in a context of its own (no shared cookies or
    storage), closed on leaving."""
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[[int], Page]]:
    """``new_page(375)``: a fresh page 375 CSS pixels wide; every one is closed after the test."""
    with contextlib.ExitStack() as stack:

        def make(width: int) -> Page:
            return stack.enter_context(open_page(browser, width))

        yield make
