"""The worked clinical cases: every vignette's checks hold for the plan the rules give.

The vignettes and their checker live in ``../shared`` beside the repository. Without them the
test is skipped, saying they were not run; on CI (``CI`` set), which has them, it fails instead.
Each vignette is its own test, so a failure names the case and every failed check.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import cache
from typing import Any

import pytest
import yaml

from tests.conftest import REPO, SHARED

CHECKER = SHARED / "tools" / "check_vignettes.py"
VIGNETTES = SHARED / "guidance" / "vignettes-public.yaml"
MISSING = (
    "the clinical vignettes were NOT run: they need ../shared/tools/check_vignettes.py and "
    "../shared/guidance/vignettes-public.yaml beside the repository"
)


def _ids() -> list[str]:
    if not VIGNETTES.exists():
        return []
    return [v["id"] for v in yaml.safe_load(VIGNETTES.read_text(encoding="utf-8"))["vignettes"]]


@cache
def _results() -> dict[str, dict[str, Any]]:
    """The checker's verdict on every public vignette, run once against this repository."""
    result = subprocess.run(
        [sys.executable, str(CHECKER), str(VIGNETTES), "--planner-path", str(REPO), "--json"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode in (0, 1), result.stdout + result.stderr
    return {r["id"]: r for r in json.loads(result.stdout)["results"]}


@pytest.mark.parametrize("vignette", _ids() or ["none"])
def test_public_vignette_passes(vignette: str) -> None:
    if not CHECKER.exists() or not VIGNETTES.exists():
        if os.environ.get("CI"):
            pytest.fail(MISSING + "; CI must run them")
        pytest.skip(MISSING)
    verdict = _results()[vignette]
    assert verdict["status"] == "pass", json.dumps(verdict, indent=2)
