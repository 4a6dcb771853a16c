"""Loading and validating a rulebook folder: rules, exercise library, warnings, sources.

Everything is checked before any profile is seen: unknown or duplicate keys, values outside the
vocabularies, unknown facts, and every cross-reference (rule and exercise sources, warning codes,
exercise slugs, progression links, equipment names, rule ids). Every problem in every file is
collected and reported at once as ``file:line: field: message`` with a did-you-mean.

Folder layout::

    ruleset.yaml        name and version
    sources.yaml        bibliography: key -> citation
    warnings.yaml       warning code -> handout wording
    equipment.yaml      equipment vocabulary, household default, plain labels
    exercises/*.yaml    the exercise library
    poses.yaml          one picture per exercise (see planner.pictures)
    *.yaml              rule files, each ``rules: [...]``
    review/*.yaml       review rules (guidance section 12), ``review_rules: [...]``
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from planner.errors import Problem, RulebookError, SourceError, suggest
from planner.pictures.pose import PoseFile
from planner.resources import rules_dir
from planner.review.facts import REVIEW_FACTS
from planner.rulebook.book import Rulebook
from planner.rulebook.conditions import facts_tested
from planner.rulebook.effects import Cap, Exclude, SuppressWarnings, Warn
from planner.rulebook.exercises import Exercise
from planner.rulebook.files import (
    EquipmentFile,
    ExerciseFile,
    RulesetInfo,
    Source,
    SourceFile,
    WarningFile,
    WarningText,
)
from planner.rulebook.matches import ExerciseMatch
from planner.rulebook.review_check import review_problems
from planner.rulebook.review_rules import ReviewRuleFile
from planner.rulebook.rules import Rule, RuleFile
from planner.vocabulary import COMPONENTS, level_rank
from planner.yamlfile import Loc, SourceDoc, loc_text, read_source, validation_problems

RESERVED = {"ruleset.yaml", "sources.yaml", "warnings.yaml", "equipment.yaml", "poses.yaml"}
M = TypeVar("M", bound=BaseModel)


class _Collector:
    """Gathers problems across files, so one run reports them all."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def parse_all(
        self, paths: list[Path], model: type[M], if_none: Problem
    ) -> list[tuple[SourceDoc, M]]:
        """Each file parsed as ``model``; ``if_none`` is the problem when there are no files."""
        if not paths:
            self.problems.append(if_none)
        parsed = [self.parse(path, model) for path in paths]
        return [(doc, data) for data, doc in parsed if data and doc]

    def parse(
        self, path: Path, model: type[M], prefix: Loc = ()
    ) -> tuple[M | None, SourceDoc | None]:
        try:
            doc = read_source(path)
        except SourceError as exc:
            self.problems += exc.problems
            return None, None
        if doc.data is None:
            self.problems.append(Problem("file is empty", path=path))
            return None, doc
        try:
            return model.model_validate(doc.data), doc
        except ValidationError as exc:
            self.problems += validation_problems(exc, doc, model=model, prefix=prefix)
            return None, doc

    def unknown(self, doc: SourceDoc, loc: Loc, what: str, name: str, known: Any) -> None:
        hint = suggest(name, known)
        self.problems.append(
            Problem(
                f"unknown {what} '{name}'",
                path=doc.path,
                line=doc.line_of(loc),
                field=loc_text(loc),
                suggestion=hint,
            )
        )


def load_rulebook(path: Path | str | None = None) -> Rulebook:
    """Load and validate a rulebook folder (the packaged default when ``path`` is None).

    Raises:
        RulebookError: listing every problem found, each with its file and line.
    """
    if path is None:
        return _load_default()
    return _load(Path(path))


@cache
def _load_default() -> Rulebook:
    return _load(rules_dir())


def _load(folder: Path) -> Rulebook:
    if not folder.is_dir():
        raise RulebookError.single("is not a folder holding a rulebook", path=folder)
    c = _Collector()
    info, _ = c.parse(folder / "ruleset.yaml", RulesetInfo)
    source_file, _ = c.parse(folder / "sources.yaml", SourceFile)
    warning_file, warning_doc = c.parse(folder / "warnings.yaml", WarningFile)
    equipment, equipment_doc = c.parse(folder / "equipment.yaml", EquipmentFile)
    pose_file, pose_doc = c.parse(folder / "poses.yaml", PoseFile)

    exercise_docs = c.parse_all(
        sorted((folder / "exercises").glob("*.yaml")),
        ExerciseFile,
        Problem("no exercise files (exercises/*.yaml)", path=folder),
    )
    rule_docs = c.parse_all(
        sorted(p for p in folder.glob("*.yaml") if p.name not in RESERVED),
        RuleFile,
        Problem("no rule files (*.yaml beside ruleset.yaml)", path=folder),
    )

    review_docs = c.parse_all(
        sorted((folder / "review").glob("*.yaml")) if (folder / "review").is_dir() else [],
        ReviewRuleFile,
        Problem("no review rule files (review/*.yaml)", path=folder),
    )

    sources = source_file.sources if source_file else {}
    warnings = warning_file.warnings if warning_file else {}
    vocabulary = set(equipment.household) | set(equipment.on_request) if equipment else set()

    exercises: dict[str, Exercise] = {}
    first_seen: dict[str, str] = {}
    for doc, ex_file in exercise_docs:
        for i, exercise in enumerate(ex_file.exercises):
            loc: Loc = ("exercises", i, "slug")
            if exercise.slug in exercises:
                c.problems.append(_dup(doc, loc, "exercise slug", exercise.slug, first_seen))
            first_seen.setdefault(exercise.slug, f"{doc.path}:{doc.line_of(loc)}")
            exercises[exercise.slug] = exercise
    for doc, ex_file in exercise_docs:
        for i, exercise in enumerate(ex_file.exercises):
            _check_exercise(c, doc, ("exercises", i), exercise, exercises, sources, vocabulary)

    # Library order: by component as the library defines them, then as listed in the files
    # (each file lists its preferred entries first); do-not-prescribe entries last.
    exercises = dict(
        sorted(
            exercises.items(),
            key=lambda kv: (kv[1].do_not_prescribe, COMPONENTS.index(kv[1].component)),
        )
    )
    rules: list[Rule] = []
    rule_files: dict[str, str] = {}
    for doc, rule_file in rule_docs:
        for i, rule in enumerate(rule_file.rules):
            loc = ("rules", i, "id")
            if rule.id in rule_files:
                c.problems.append(_dup(doc, loc, "rule id", rule.id, rule_files))
            rule_files.setdefault(rule.id, f"{doc.path}:{doc.line_of(loc)}")
            rules.append(rule)
    for doc, rule_file in rule_docs:
        for i, rule in enumerate(rule_file.rules):
            _check_rule(c, doc, ("rules", i), rule, exercises, sources, warnings, rule_files)

    c.problems += review_problems(review_docs, sources, warnings, rule_files)
    review_rules = tuple(r for _, f in review_docs for r in f.review_rules)

    if warning_file and warning_doc:
        for code, text in warnings.items():
            for j, key in enumerate(text.sources):
                if key not in sources:
                    c.unknown(warning_doc, ("warnings", code, "sources", j), "source", key, sources)
    if pose_file and pose_doc:
        for slug in pose_file.poses:
            if exercises and slug not in exercises:
                c.unknown(pose_doc, ("poses", slug), "exercise slug", slug, exercises)
        for slug in exercises:
            if slug not in pose_file.poses:
                c.problems.append(
                    Problem(f"exercise '{slug}' has no picture; add a pose", path=pose_doc.path)
                )
    if equipment and equipment_doc:
        overlap = set(equipment.household) & set(equipment.on_request)
        if overlap:
            c.problems.append(
                Problem(
                    f"listed both as household and on request: {sorted(overlap)}",
                    path=equipment_doc.path,
                )
            )

    if c.problems:
        count = len(c.problems)
        raise RulebookError(
            problems=c.problems,
            summary=f"The rulebook in {folder} has {count} problem{'s' if count > 1 else ''}:",
        )
    assert info and equipment and pose_file  # no problems means every file parsed
    return Rulebook(
        path=folder,
        info=info,
        sha256=_digest(folder),
        rules=tuple(rules),
        exercises=exercises,
        warnings=warnings,
        sources=sources,
        equipment=equipment,
        poses=dict(pose_file.poses),
        rule_files=rule_files,
        review_rules=review_rules,
    )


def _check_exercise(
    c: _Collector,
    doc: SourceDoc,
    loc: Loc,
    exercise: Exercise,
    exercises: dict[str, Exercise],
    sources: dict[str, Source],
    vocabulary: set[str],
) -> None:
    for key in ("progression", "regression"):
        for j, slug in enumerate(getattr(exercise, key)):
            if slug not in exercises:
                c.unknown(doc, (*loc, key, j), "exercise slug", slug, exercises)
    for j, key in enumerate(exercise.sources):
        if key not in sources:
            c.unknown(doc, (*loc, "sources", j), "source", key, sources)
    if vocabulary:
        for name in sorted(exercise.equipment_names() - vocabulary):
            c.unknown(doc, (*loc, "equipment"), "equipment", name, vocabulary)


def _check_rule(
    c: _Collector,
    doc: SourceDoc,
    loc: Loc,
    rule: Rule,
    exercises: dict[str, Exercise],
    sources: dict[str, Source],
    warnings: dict[str, WarningText],
    rule_ids: dict[str, str],
) -> None:
    for j, key in enumerate(rule.sources):
        if key not in sources:
            c.unknown(doc, (*loc, "sources", j), "source", key, sources)
    conditions = [("when", rule.when)] + [(f"then[{k}]", e.when) for k, e in enumerate(rule.then)]
    for where, condition in conditions:
        for fact in facts_tested(condition):
            if fact in REVIEW_FACTS:
                c.problems.append(
                    Problem(
                        f"'{fact}' is a review fact; only rules in review/ may test it",
                        path=doc.path,
                        line=doc.line_of(loc),
                        field=f"{loc_text(loc)}.{where}",
                    )
                )
    for k, effect in enumerate(rule.then):
        at: Loc = (*loc, "then", k)
        codes = [effect.warn] if isinstance(effect, Warn) else []
        if isinstance(effect, SuppressWarnings):
            codes = effect.suppress_warnings
        for code in codes:
            if warnings and code not in warnings:
                c.unknown(doc, at, "warning code", code, warnings)
        for waiver in getattr(effect, "waived_by", []):
            if waiver not in rule_ids:
                c.unknown(doc, (*at, "waived_by"), "rule id", waiver, rule_ids)
        for sub_loc, match in _matches(effect, at):
            for slug in match.slugs():
                if exercises and slug not in exercises:
                    c.unknown(doc, sub_loc, "exercise slug", slug, exercises)
        idle = _selects_nothing(effect, exercises)
        if idle:
            key = "exclude" if isinstance(effect, Exclude) else "cap"
            c.problems.append(
                Problem(idle, path=doc.path, line=doc.line_of((*at, key)), field=loc_text(at))
            )


def _selects_nothing(effect: object, exercises: dict[str, Exercise]) -> str | None:
    """Why an exclusion or cap leaves the library as it is, or None when it removes something."""
    if not exercises:
        return None
    if isinstance(effect, Exclude):
        if any(effect.exclude.matches(ex) for ex in exercises.values()):
            return None
        return (
            "this exclude selects no exercise in the library, so it leaves nothing out; "
            "check its selector (an empty list selects nothing)"
        )
    if isinstance(effect, Cap):
        levels = effect.cap.items()
        for ex in exercises.values():
            for tag, level in levels:
                if level_rank(tag, ex.tags.level(tag)) > level_rank(tag, level):
                    return None
        return (
            "this cap is above every exercise in the library, so it leaves nothing out; "
            "lower it or remove it"
        )
    return None


def _matches(model: BaseModel, loc: Loc) -> Iterator[tuple[Loc, ExerciseMatch]]:
    """Every exercise match inside an effect, with its location."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        key = info.alias or name
        if isinstance(value, ExerciseMatch):
            yield (*loc, key), value
        elif isinstance(value, BaseModel):
            yield from _matches(value, (*loc, key))


def _dup(doc: SourceDoc, loc: Loc, what: str, name: str, first: dict[str, str]) -> Problem:
    return Problem(
        f"duplicate {what} '{name}' (first at {first[name]}); ids must be unique across the "
        "rulebook",
        path=doc.path,
        line=doc.line_of(loc),
        field=loc_text(loc),
    )


def _digest(folder: Path) -> str:
    """A fingerprint of every data file, so a plan names the exact rule set behind it."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.yaml")):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()
