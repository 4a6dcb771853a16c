"""Every library check over every prescribable entry, and the error that reports the findings."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from planner.errors import RulebookError
from planner.rulebook.checks.dose import check_step_doses
from planner.rulebook.checks.entries import Finding, Library
from planner.rulebook.checks.equipment import check_step_equipment
from planner.rulebook.checks.pose import check_pose_tags
from planner.rulebook.checks.words import (
    check_equipment_labels,
    check_floor_words,
    check_support_words,
)


def check_library(library: Library) -> list[Finding]:
    """Every check over every prescribable entry, in file and line order."""
    findings: list[Finding] = []
    for entry in library.entries:
        if entry.exercise.do_not_prescribe:
            continue
        picture = library.pictures.get(entry.exercise.slug)
        if picture is not None:
            findings += check_pose_tags(entry, picture)
        findings += check_support_words(entry)
        findings += check_floor_words(entry)
        findings += check_step_doses(entry)
        findings += check_step_equipment(entry)
    findings += check_equipment_labels(library)
    return sorted(findings, key=lambda f: (str(f.file), f.line or 0, f.field))


def findings_error(folder: Path | str, findings: Sequence[Finding]) -> RulebookError:
    """The error ``osteoplan rules check`` raises for findings (exit code 2)."""
    n = len(findings)
    return RulebookError(
        problems=[f.problem() for f in findings],
        summary=f"The exercise library in {folder} has {n} finding{'s' if n > 1 else ''}:",
    )
