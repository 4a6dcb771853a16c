"""The library as written: entries and pictures with the file and line they were read from, and
the :class:`Finding` a check reports there."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from planner.errors import Problem, RulebookError, SourceError
from planner.pictures.pose import ExercisePose, PoseFile
from planner.rulebook.exercises import Exercise
from planner.rulebook.files import EquipmentFile, ExerciseFile
from planner.yamlfile import Loc, SourceDoc, loc_text, read_source, validation_problems

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Finding:
    """One disagreement inside the library, located where it is written."""

    file: Path | str
    line: int | None
    slug: str  # the entry (or, for an equipment label, the equipment name)
    field: str  # key path in the file, e.g. exercises[3].tags.hip_flex_gt90
    message: str

    def problem(self) -> Problem:
        """The finding as a load problem, printed ``file:line: field: slug: message``."""
        return Problem(f"{self.slug}: {self.message}", self.file, self.line, self.field)

    def __str__(self) -> str:
        return str(self.problem())


@dataclass(frozen=True)
class Entry:
    """A library entry with the file it was read from and its key path there."""

    exercise: Exercise
    doc: SourceDoc
    loc: Loc

    def finding(self, keys: Loc, message: str) -> Finding:
        at = (*self.loc, *keys)
        return Finding(
            self.doc.path, self.doc.line_of(at), self.exercise.slug, loc_text(at), message
        )


@dataclass(frozen=True)
class Picture:
    """One pose record with the file it was read from."""

    slug: str
    pose: ExercisePose
    doc: SourceDoc

    def where(self, keys: Loc) -> str:
        """``file:line`` of a key inside this record (or of the record)."""
        return f"{self.doc.path}:{self.doc.line_of(('poses', self.slug, *keys))}"


@dataclass(frozen=True)
class Library:
    """A rulebook folder's library as written: entries, pictures and equipment labels."""

    folder: Path
    entries: tuple[Entry, ...]
    pictures: Mapping[str, Picture]
    equipment: EquipmentFile | None
    equipment_doc: SourceDoc | None


def read_library(folder: Path | str) -> Library:
    """Read ``exercises/*.yaml``, ``poses.yaml`` and ``equipment.yaml`` keeping every line.

    The last two may be missing (a folder of a few entries); their checks are then skipped.

    Raises:
        RulebookError: a file that does not parse or validate, with its file and line.
    """
    folder = Path(folder)
    problems: list[Problem] = []
    entries: list[Entry] = []
    for path in sorted((folder / "exercises").glob("*.yaml")):
        doc, ex_file = _parse(path, ExerciseFile, problems)
        if doc and ex_file:
            entries += [Entry(ex, doc, ("exercises", i)) for i, ex in enumerate(ex_file.exercises)]
    pictures: dict[str, Picture] = {}
    if (folder / "poses.yaml").exists():
        doc, pose_file = _parse(folder / "poses.yaml", PoseFile, problems)
        if doc and pose_file:
            pictures = {s: Picture(s, pose, doc) for s, pose in pose_file.poses.items()}
    equipment, equipment_doc = None, None
    if (folder / "equipment.yaml").exists():
        equipment_doc, equipment = _parse(folder / "equipment.yaml", EquipmentFile, problems)
    if problems:
        raise RulebookError(problems=problems, summary=f"The library in {folder} does not load:")
    return Library(folder, tuple(entries), pictures, equipment, equipment_doc)


def _parse(
    path: Path, model: type[M], problems: list[Problem]
) -> tuple[SourceDoc | None, M | None]:
    try:
        doc = read_source(path)
    except SourceError as exc:
        problems += exc.problems
        return None, None
    try:
        return doc, model.model_validate(doc.data)
    except ValidationError as exc:
        problems += validation_problems(exc, doc, model=model)
        return doc, None
