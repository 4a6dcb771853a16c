"""A loaded rulebook: what a rule's match selects, the household default and the equipment
vocabulary, rules by id, and a fingerprint that names the exact files behind a plan."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from planner import Rulebook, load_rulebook
from planner.resources import rules_dir
from planner.rulebook.effects import Exclude
from planner.rulebook.matches import ExerciseMatch
from planner.vocabulary import COMPONENTS


def fresh(rulebook: Rulebook) -> Rulebook:
    """The shared rulebook with an empty cache of selections, so a test cannot leave one behind."""
    return dataclasses.replace(rulebook, _selected={})


def test_selected_is_every_entry_the_match_holds_for_in_library_order(rulebook: Rulebook) -> None:
    book = fresh(rulebook)
    match = ExerciseMatch(component=["balance"], do_not_prescribe=False)
    chosen = book.selected(match)
    assert chosen
    assert chosen == tuple(s for s in book.exercises if match.matches(book.exercises[s]))
    assert all(book.exercises[s].component == "balance" for s in chosen)


def test_a_rules_selection_is_computed_once(rulebook: Rulebook) -> None:
    book = fresh(rulebook)
    exclude = next(e for r in book.rules for e in r.then if isinstance(e, Exclude))
    first = book.selected(exclude.exclude)
    assert book.selected(exclude.exclude) is first


def test_matches_held_at_once_get_their_own_selections(rulebook: Rulebook) -> None:
    book = fresh(rulebook)
    matches = [ExerciseMatch(component=[c]) for c in COMPONENTS]
    for match in matches:
        expected = tuple(s for s, ex in book.exercises.items() if ex.component in match.component)
        assert book.selected(match) == expected


def test_a_match_made_for_one_question_gets_its_own_answer(rulebook: Rulebook) -> None:
    book = fresh(rulebook)
    answers = {c: book.selected(ExerciseMatch(component=[c])) for c in COMPONENTS * 2}
    for component, slugs in answers.items():
        assert all(book.exercises[s].component == component for s in slugs), component


def test_the_household_is_the_default_and_the_vocabulary_every_name(rulebook: Rulebook) -> None:
    equipment = rulebook.equipment
    assert rulebook.household == frozenset(equipment.household)
    assert rulebook.vocabulary == frozenset(equipment.household) | frozenset(equipment.on_request)
    assert rulebook.vocabulary == frozenset(equipment.labels)
    assert "firm_chair" in rulebook.household
    assert "resistance_band" in rulebook.vocabulary - rulebook.household


def test_every_exercise_names_equipment_of_the_vocabulary(rulebook: Rulebook) -> None:
    for slug, exercise in rulebook.exercises.items():
        assert exercise.equipment_names() <= rulebook.vocabulary, slug


def test_a_rule_by_its_id(rulebook: Rulebook) -> None:
    first = rulebook.rules[0]
    assert rulebook.rule(first.id) is first
    assert rulebook.rule("R-WR-1").title.startswith("Wrist fracture")
    assert rulebook.rule_files["R-WR-1"].startswith(str(rulebook.path / "arm.yaml") + ":")


def copy_rules(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(rules_dir(), folder)
    return folder


def test_the_fingerprint_changes_when_a_rule_file_changes(
    rulebook: Rulebook, tmp_path: Path
) -> None:
    folder = copy_rules(tmp_path)
    arm = folder / "arm.yaml"
    text = arm.read_text(encoding="utf-8")
    assert "title: Wrist fracture" in text
    arm.write_text(
        text.replace("title: Wrist fracture", "title: Broken wrist", 1), encoding="utf-8"
    )
    changed = load_rulebook(folder)
    assert changed.sha256 != rulebook.sha256
    assert len(changed.sha256) == 64 and int(changed.sha256, 16) >= 0


def test_the_fingerprint_is_of_the_yaml_files_only(rulebook: Rulebook, tmp_path: Path) -> None:
    folder = copy_rules(tmp_path)
    (folder / "README.md").write_text("local notes\n", encoding="utf-8")
    assert load_rulebook(folder).sha256 == rulebook.sha256
