"""Recorded outputs stay identical unless a change means to alter them.

The plan JSON and explanation of every public vignette, the demo and every example CSV row, and
the demo's two PDFs (text and bytes), as ``tests/golden/recorded/`` holds them. A change that
alters them on purpose re-records them (``python -m tests.golden.outputs``) in the same commit,
and its message says why.
"""

from __future__ import annotations

import difflib

import pytest

from planner import Rulebook
from tests.golden.outputs import RECORDED, cases, outputs

CASES = list(cases())


@pytest.mark.parametrize(("name", "profile"), CASES, ids=[name for name, _ in CASES])
def test_outputs_match_the_recorded_ones(name: str, profile: object, rulebook: Rulebook) -> None:
    for file, text in outputs(name, profile, rulebook).items():  # type: ignore[arg-type]
        recorded = RECORDED / file
        assert recorded.exists(), f"{file} is not recorded: run python -m tests.golden.outputs"
        expected = recorded.read_text(encoding="utf-8")
        if text != expected:
            diff = difflib.unified_diff(
                expected.splitlines(), text.splitlines(), "recorded", "now", lineterm="", n=2
            )
            pytest.fail(f"{file} changed:\n" + "\n".join(list(diff)[:60]))


def test_every_recorded_file_belongs_to_a_case(rulebook: Rulebook) -> None:
    names = {f"{name}." for name, _ in CASES}
    stray = [p.name for p in RECORDED.iterdir() if not any(p.name.startswith(n) for n in names)]
    assert not stray, f"recorded outputs of no case: {stray}"
