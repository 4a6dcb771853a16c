"""Commands as a person runs them: in a real (pseudo-)terminal, where progress bars draw."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

CSV = "id,age,ability,assessed_on\nT1,70,independent,2026-11-21\nT2,81,limited,2026-11-21\n"


def run_in_terminal(*args: str, cwd: Path) -> tuple[int, str]:
    """Run ``osteoplan ARGS`` with stdin, stdout and stderr on a pseudo-terminal."""
    main, child = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "planner", *args],
        stdin=child,
        stdout=child,
        stderr=child,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "100"},
    )
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(main, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(main)
    return process.wait(timeout=120), b"".join(chunks).decode("utf-8", "replace")


def test_batch_draws_its_progress_bar_in_a_terminal(tmp_path: Path) -> None:
    (tmp_path / "patients.csv").write_text(CSV, encoding="utf-8")
    code, screen = run_in_terminal(
        "batch", "patients.csv", "-o", "out/", "--format", "json", "--jobs", "1", cwd=tmp_path
    )
    assert code == 0, screen
    assert "Traceback" not in screen
    assert "rows" in screen and "2 ok" in screen
    assert sorted(p.name for p in (tmp_path / "out").glob("*.json")) == [
        "T1.json",
        "T2.json",
        "manifest.json",
    ]
