"""Fixtures of the workbench's tests: an app with its own database per test module, a client
that knows its form token, and a live server in a thread (the browser is ``tests/browser.py``'s).

Starlette's test client warns, on import, that it would rather have ``httpx2``; the warning is
about the test client only, so it is silenced here, where the client is imported once.
"""

from __future__ import annotations

import contextlib
import logging
import re
import socket
import threading
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from planner.web.app import WorkbenchApp, create_app
from planner.web.config import WebConfig

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
#: The hosts a test client and a live server are reached by.
TEST_HOSTS = ("testserver", "127.0.0.1", "localhost")
#: A patient for the forms: every value a clinician would type.
PATIENT = {
    "id": "P-0042",
    "name": "Zelda Quixote",
    "age": "74",
    "sex": "female",
    "ability": "limited",
    "bone_status": "osteoporosis",
    "falls_12m": "1",
    "unsteady": "yes",
    "fracture": "0",
    "fractures-0-site": "vertebral",
    "fractures-0-weeks_since": "3",
    "fractures-0-cause": "fall",
    "fractures-0-treatment": "conservative",
    "fractures-0-count": "1",
}


def make_app(folder: Path, **options: Any) -> WorkbenchApp:
    """A workbench with its database in ``folder``."""
    config = WebConfig(
        db_url=f"sqlite:///{folder / 'workbench.db'}", allowed_hosts=TEST_HOSTS, **options
    )
    return create_app(config)


class Client(TestClient):
    """A test client that reads the form token off the pages and posts it with each form."""

    def token(self) -> str:
        found = TOKEN.search(self.get("/patients/new").text)
        assert found, "no form token on the page"
        return found.group(1)

    def submit(self, url: str, data: dict[str, Any], **options: Any) -> Any:
        """Post ``data`` with the form token, not following the redirect."""
        options.setdefault("follow_redirects", False)
        return self.post(url, data={"csrf_token": self.token(), **data}, **options)

    def add_patient(self, **changes: str) -> int:
        """Add a patient through the form; their database key."""
        response = self.submit("/patients/new", {**PATIENT, **changes})
        assert response.status_code == 303, response.text[:2000]
        return int(response.headers["location"].split("/")[2])


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> WorkbenchApp:
    """One workbench (and database) shared by a test module."""
    return make_app(tmp_path_factory.mktemp("workbench"))


@pytest.fixture
def client(app: WorkbenchApp) -> Iterator[Client]:
    """A client of the module's workbench with a session of its own."""
    with Client(app) as found:
        yield found


@dataclass
class LiveServer:
    """A workbench served by uvicorn in a thread."""

    url: str
    app: WorkbenchApp
    log: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def live_server(folder: Path, **options: Any) -> Iterator[LiveServer]:
    """Serve a new workbench on a free port of 127.0.0.1, its log written to a file."""
    import uvicorn

    from planner.web.logs import log_config

    app = make_app(folder, **options)
    log = folder / "server.log"
    config = log_config()
    for name in ("default", "access"):
        config["handlers"][name] = {
            "class": "logging.FileHandler",
            "filename": str(log),
            "formatter": name,
        }
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_config=config, lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", app, log)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        for name in ("uvicorn", "uvicorn.access", "uvicorn.error", "osteoplan.web"):
            logger = logging.getLogger(name)
            for handler in list(logger.handlers):
                handler.close()
                logger.removeHandler(handler)
