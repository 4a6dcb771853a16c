"""The worked clinical cases: every vignette's checks hold for the plan the rules give."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO, SHARED

CHECKER = SHARED / "tools" / "check_vignettes.py"
VIGNETTES = SHARED / "guidance" / "vignettes-public.yaml"


@pytest.mark.skipif(
    not CHECKER.exists(), reason="the shared vignette checker is not beside the repo"
)
def test_public_vignettes_all_pass() -> None:
    result = subprocess.run(
        [sys.executable, str(CHECKER), str(VIGNETTES), "--planner-path", str(REPO)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "vignettes: 10/10 pass" in result.stdout
