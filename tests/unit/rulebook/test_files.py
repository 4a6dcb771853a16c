"""The rulebook's other files: warnings, sources and their printed citation, the equipment
vocabulary with its labels, and the rule set's name and version."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pydantic import ValidationError

from planner.rulebook.files import (
    EquipmentFile,
    ExerciseFile,
    RulesetInfo,
    Source,
    SourceFile,
    WarningFile,
    WarningText,
)

WARNING = {
    "title": "Cast care",
    "text": "Keep your cast dry.",
    "kind": "advice",
    "sources": ["NHS-wrist"],
}


def source(**fields: Any) -> Source:
    data: dict[str, Any] = {
        "authors": "Yu M, Zhou P",
        "title": "Exercise after fracture",
        "published_in": "J Orthop Surg Res",
        "year": 2025,
        "tier": "trial",
    }
    data.update(fields)
    return Source.model_validate(data)


# --- warnings --------------------------------------------------------------------------------


def test_a_warning_file_maps_codes_to_wording() -> None:
    loaded = WarningFile.model_validate({"warnings": {"W_CAST_CARE": WARNING}})
    assert loaded.warnings["W_CAST_CARE"].kind == "advice"
    assert loaded.warnings["W_CAST_CARE"].text == "Keep your cast dry."


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "info"}, "Input should be 'stop' or 'advice'"),
        ({"sources": []}, "at least 1 item"),
        ({"colour": "red"}, "Extra inputs are not permitted"),
    ],
)
def test_a_warning_without_its_kind_or_sources_is_refused(
    change: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        WarningText.model_validate({**WARNING, **change})


def test_a_warning_needs_the_words_the_patient_reads() -> None:
    without_text = {k: v for k, v in WARNING.items() if k != "text"}
    with pytest.raises(ValidationError, match=r"text\n  Field required"):
        WarningText.model_validate(without_text)


@pytest.mark.parametrize("code", ["CAST_CARE", "W_cast", "W_", "w_CAST"])
def test_a_warning_code_is_w_and_capitals(code: str) -> None:
    with pytest.raises(ValidationError, match="String should match pattern"):
        WarningFile.model_validate({"warnings": {code: WARNING}})


# --- sources ---------------------------------------------------------------------------------


def test_a_journal_article_prints_every_part_in_order() -> None:
    src = source(details="20(1):45", doi="10.1186/s13018-025-05636-z", pmid=12345)
    assert src.citation == (
        "Yu M, Zhou P. Exercise after fracture. J Orthop Surg Res. 2025;20(1):45. "
        "doi:10.1186/s13018-025-05636-z. PMID: 12345."
    )


def test_an_undated_source_prints_undated_and_keeps_its_details() -> None:
    assert source(year=None).citation == (
        "Yu M, Zhou P. Exercise after fracture. J Orthop Surg Res. Undated."
    )
    assert source(year=None, details="CG161").citation == (
        "Yu M, Zhou P. Exercise after fracture. J Orthop Surg Res. Undated; CG161."
    )
    assert ("year", "Undated.") in source(year=None).citation_parts()


def test_a_publisher_named_as_its_author_prints_once() -> None:
    src = source(
        authors="Royal Osteoporosis Society",
        published_in="Royal Osteoporosis Society.",
        note="Table 2",
        url="https://theros.org.uk/exercise",
        year=None,
    )
    assert [field for field, _ in src.citation_parts()] == [
        "authors",
        "title",
        "year",
        "note",
        "url",
    ]
    assert src.citation == (
        "Royal Osteoporosis Society. Exercise after fracture. Undated. Table 2. "
        "Available from: https://theros.org.uk/exercise"
    )


def test_a_part_ending_in_an_address_or_a_stop_gets_no_extra_full_stop() -> None:
    src = source(title="Guidance at https://example.org/page", authors="Yu M.")
    assert src.citation.startswith("Yu M. Guidance at https://example.org/page J Orthop")


def test_the_year_is_required_even_when_it_is_null() -> None:
    data = source().model_dump(exclude={"year"})
    with pytest.raises(ValidationError, match="year"):
        Source.model_validate(data)
    assert Source.model_validate({**data, "year": None}).year is None


@pytest.mark.parametrize(
    "change",
    [{"year": 1899}, {"year": 2101}, {"tier": "blog"}, {"pmid": 0}, {"details": " "}],
)
def test_a_source_outside_its_bounds_is_refused(change: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        source(**change)


def test_a_source_file_is_keyed_by_source() -> None:
    loaded = SourceFile.model_validate({"sources": {"YU2025": source().model_dump()}})
    assert loaded.sources["YU2025"].year == 2025


# --- equipment -------------------------------------------------------------------------------


def equipment(labels: dict[str, str]) -> dict[str, Any]:
    return {"household": ["firm_chair", "wall"], "on_request": ["mat"], "labels": labels}


def test_labels_that_cover_the_vocabulary_load() -> None:
    labels = {"firm_chair": "a firm chair", "wall": "a wall", "mat": "an exercise mat"}
    loaded = EquipmentFile.model_validate(equipment(labels))
    assert loaded.labels["mat"] == "an exercise mat"
    assert loaded.household == ["firm_chair", "wall"]


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        (
            {"firm_chair": "a firm chair", "wall": "a wall"},
            "labels must cover exactly the vocabulary: missing ['mat'], extra []",
        ),
        (
            {"firm_chair": "a chair", "wall": "a wall", "mat": "a mat", "pool": "a pool"},
            "labels must cover exactly the vocabulary: missing [], extra ['pool']",
        ),
        (
            {"firm_chair": "a chair"},
            "labels must cover exactly the vocabulary: missing ['mat', 'wall'], extra []",
        ),
    ],
)
def test_labels_must_cover_exactly_the_vocabulary(labels: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        EquipmentFile.model_validate(equipment(labels))


# --- ruleset info and exercise files ---------------------------------------------------------


def test_ruleset_info_needs_a_name_and_a_version() -> None:
    info = RulesetInfo.model_validate({"name": "clinic rules", "version": "2026.12"})
    assert (info.name, info.version, info.description) == ("clinic rules", "2026.12", None)
    with pytest.raises(ValidationError, match="version"):
        RulesetInfo.model_validate({"name": "clinic rules"})
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        RulesetInfo.model_validate({"name": "n", "version": "1", "author": "me"})


def test_an_exercise_file_lists_exercises() -> None:
    assert ExerciseFile.model_validate({"exercises": []}).exercises == []
    with pytest.raises(ValidationError, match="exercises"):
        ExerciseFile.model_validate({"entries": []})
