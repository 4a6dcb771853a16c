"""Every check over every prescribable entry, in file and line order, and the error that
``osteoplan rules check`` reports them with."""

from __future__ import annotations

from typing import Any

import pytest

from planner.errors import RulebookError
from planner.rulebook.checks.entries import Entry, Finding
from planner.rulebook.checks.run import check_library, findings_error
from tests.unit.rulebook.checks.library import entry, library, picture

RAISED_ARM = {"start": {}, "end": {"near": {"shoulder": 160}}}
FLOOR_LABEL = {
    "firm_bed_or_mat": "a firm bed or an exercise mat",
    "counter_or_sturdy_support": "a kitchen counter",
}


def defective(**fields: Any) -> Entry:
    """An entry with one defect for each check but the picture's."""
    data: dict[str, Any] = {
        "position": "standing_support",
        "equipment": ["firm_bed_or_mat", "counter_or_sturdy_support"],
        "instructions": [
            "Lie on a mat.",  # the floor, without floor_transfer
            "Let go of the counter.",  # a hand off the support
            "Do 10, rest and repeat.",  # a second set where weeks 1-4 print one
            "Hold a ball.",  # an item not listed
        ],
        "support": "Hold the counter.",
        **fields,
    }
    return entry(**data)


def test_every_check_runs_and_findings_come_in_file_line_and_field_order() -> None:
    findings = check_library(
        library(
            defective(),
            pictures={"sit_to_stand": picture(RAISED_ARM)},
            labels=FLOOR_LABEL,
        )
    )
    assert [(str(f.file), f.field) for f in findings] == [
        ("equipment.yaml", "labels.firm_bed_or_mat"),
        ("exercises/test.yaml", "exercises[0].tags.shoulder_load"),
        ("exercises/test.yaml", "exercises[0].instructions[0]"),
        ("exercises/test.yaml", "exercises[0].instructions[1]"),
        ("exercises/test.yaml", "exercises[0].instructions[2]"),
        ("exercises/test.yaml", "exercises[0].instructions[3]"),
    ]
    lines = [f.line or 0 for f in findings[1:]]
    assert lines == sorted(lines)


def test_an_entry_without_a_picture_is_checked_for_everything_else() -> None:
    findings = check_library(library(defective()))
    assert len(findings) == 4
    assert not any("tags" in f.field for f in findings)


def test_a_do_not_prescribe_entry_is_not_checked() -> None:
    banned = defective(do_not_prescribe=True, ability=[])
    findings = check_library(
        library(banned, pictures={"sit_to_stand": picture(RAISED_ARM)}, labels=FLOOR_LABEL)
    )
    assert findings == []  # nor is a label printed only for it


def test_a_clean_library_has_no_findings() -> None:
    seated = picture({"start": {"place": "seated"}, "end": {"place": "seated"}})
    labels = {"firm_chair": "a firm chair"}
    assert check_library(library(entry(), pictures={"sit_to_stand": seated}, labels=labels)) == []


def finding(slug: str, line: int) -> Finding:
    return Finding("exercises/balance.yaml", line, slug, "exercises[0].safety_cue", "says so")


@pytest.mark.parametrize(
    ("count", "summary"),
    [
        (1, "The exercise library in rules has 1 finding:"),
        (3, "The exercise library in rules has 3 findings:"),
    ],
)
def test_findings_are_reported_as_one_error_naming_each(count: int, summary: str) -> None:
    findings = [finding(f"entry_{i}", 10 + i) for i in range(count)]
    error = findings_error("rules", findings)
    assert isinstance(error, RulebookError) and error.exit_code == 2
    assert str(error).splitlines() == [summary] + [
        f"exercises/balance.yaml:{10 + i}: exercises[0].safety_cue: entry_{i}: says so"
        for i in range(count)
    ]
