"""The workbench's server times: the plan page (a new plan each time, and the same plan again),
the live preview the assessment form asks for, and a booklet PDF download.

    python bench/web.py [N]      # N requests of each kind (default 50)

Requests go through Starlette's test client, in this process: the times are the server's
(routing, database, planning, rendering), with no network. Prints figures; asserts nothing.
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from planner.web.app import create_app
from planner.web.config import WebConfig

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

PATIENT = {
    "name": "Bench Mark",
    "sex": "female",
    "ability": "limited",
    "falls_12m": "1",
    "fracture": "0",
    "fractures-0-site": "vertebral",
    "fractures-0-weeks_since": "3",
    "fractures-0-cause": "fall",
}


def timed(call: Callable[[], object], count: int) -> list[float]:
    """Milliseconds each of ``count`` calls took."""
    out = []
    for _ in range(count):
        start = time.perf_counter()
        call()
        out.append((time.perf_counter() - start) * 1000)
    return out


def report(label: str, times: list[float]) -> None:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    print(
        f"{label:44} median {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms"
        f"   (n={len(times)})"
    )


def main(count: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="osteoplan-bench-"))
    config = WebConfig(db_url=f"sqlite:///{folder / 'bench.db'}", allowed_hosts=("testserver",))
    started = time.perf_counter()
    app = create_app(config)
    print(f"start-up (migrations, rulebook): {(time.perf_counter() - started) * 1000:.0f} ms")
    with TestClient(app) as client:
        found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/patients/new").text)
        assert found
        token = found.group(1)
        keys = []
        for i in range(count):  # each patient a different plan: no plan is ever reused
            data = {**PATIENT, "csrf_token": token, "id": f"B-{i}", "age": str(50 + i % 60)}
            data["fractures-0-weeks_since"] = str(1 + i)
            response = client.post("/patients/new", data=data, follow_redirects=False)
            keys.append(response.headers["location"])
        fresh = iter(keys)
        report("plan page, a new plan each time", timed(lambda: client.get(next(fresh)), count))
        report("plan page, the same plan again", timed(lambda: client.get(keys[0]), count))
        ages = iter(range(count))

        def preview() -> object:
            data = {**PATIENT, "csrf_token": token, "age": str(40 + next(ages))}
            return client.post("/patients/new/preview", data=data)

        report("live preview, a new plan each time", timed(preview, count))
        client.post(f"{keys[0].removesuffix('/plan')}/prescriptions", data={"csrf_token": token})
        pdf = f"{keys[0].removesuffix('/plan')}/prescriptions/1/download/booklet"
        report("booklet PDF, first", timed(lambda: client.get(pdf), 1))
        report("booklet PDF, again (shared pages reused)", timed(lambda: client.get(pdf), 5))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
