"""Library entries, pictures and equipment written in memory for the check tests: each is parsed
from YAML text as the checks read a file, so findings carry real lines and key paths."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from planner.pictures.pose import ExercisePose
from planner.rulebook.checks.entries import Entry, Library, Picture
from planner.rulebook.exercises import Exercise
from planner.rulebook.files import EquipmentFile
from planner.vocabulary import BOOL_TAGS
from planner.yamlfile import SourceDoc, parse_yaml_text

EXERCISES = "exercises/test.yaml"
POSES = "poses.yaml"
EQUIPMENT = "equipment.yaml"


def exercise_data(tags: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    """A valid prescribable entry: seated, every tag off, sets of repetitions; then overrides."""
    data: dict[str, Any] = {
        "slug": "sit_to_stand",
        "name": "Sit to stand",
        "component": "resistance",
        "region": ["lower_limb"],
        "position": "seated",
        "equipment": ["firm_chair"],
        "ability": ["limited", "independent"],
        "tags": {
            **dict.fromkeys(BOOL_TAGS, False),
            "impact": "none",
            "aerobic_intensity": "none",
            "balance_challenge": "low",
            **(tags or {}),
        },
        "dose": {
            "text": "10, 1-2 sets",
            "start": {"sets": 1, "reps": 10},
            "target": {"sets": 2, "reps": 10},
        },
        "sources": ["S"],
        "instructions": ["Sit tall near the front of the seat.", "Stand up slowly."],
        "support": "Sit on the firm chair.",
        "safety_cue": "Stop if it hurts.",
    }
    data.update(fields)
    return data


def written(data: Any, path: str | Path) -> SourceDoc:
    """``data`` as a file would hold it, one key a line."""
    return parse_yaml_text(yaml.safe_dump(data, sort_keys=False, width=1000), path)


def entry(tags: dict[str, Any] | None = None, **fields: Any) -> Entry:
    """One entry, the first of its file (``exercises[0]``)."""
    doc = written({"exercises": [exercise_data(tags, **fields)]}, EXERCISES)
    return Entry(Exercise.model_validate(doc.data["exercises"][0]), doc, ("exercises", 0))


def picture(pose: dict[str, Any], slug: str = "sit_to_stand") -> Picture:
    """One pose record, the only one of its file."""
    doc = written({"poses": {slug: pose}}, POSES)
    return Picture(slug, ExercisePose.model_validate(pose), doc)


def library(
    *entries: Entry,
    pictures: dict[str, Picture] | None = None,
    labels: dict[str, str] | None = None,
) -> Library:
    """A library of these entries; ``labels`` gives it an equipment file (all on request)."""
    equipment, doc = None, None
    if labels is not None:
        data = {"household": [], "on_request": list(labels), "labels": labels}
        doc = written(data, EQUIPMENT)
        equipment = EquipmentFile.model_validate(data)
    return Library(Path(), entries, pictures or {}, equipment, doc)
