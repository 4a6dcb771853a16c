"""The review rules (guidance section 12) are data: loaded, checked and cited like any rule."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planner import Rulebook, load_rulebook
from planner.errors import RulebookError
from planner.rulebook.review_rules import PRINCIPLES, Outcome
from tests.conftest import REPO


def copy_rules(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(REPO / "rules", folder)
    return folder


def test_every_review_rule_of_the_guidance_is_loaded_with_sources(rulebook: Rulebook) -> None:
    ids = [r.id for r in rulebook.review_rules]
    assert ids == [f"R-REV-{n}" for n in range(1, 20)]
    for rule in rulebook.review_rules:
        assert rule.sources and set(rule.sources) <= set(rulebook.sources)


def test_progress_comes_only_from_the_per_component_rules(rulebook: Rulebook) -> None:
    progress = [
        r.id
        for r in rulebook.review_rules
        for e in r.then
        if isinstance(e, Outcome) and e.outcome == "progress"
    ]
    assert progress == ["R-REV-10", "R-REV-11", "R-REV-12", "R-REV-13", "R-REV-14"]


def test_a_review_fact_outside_the_review_rules_is_refused(tmp_path: Path) -> None:
    folder = copy_rules(tmp_path)
    general = folder / "general.yaml"
    text = general.read_text()
    general.write_text(
        text.replace(
            "title: Strength, posture and walking every week\n",
            "title: Strength, posture and walking every week\n"
            "    when: {fact: pain_band, eq: hold}\n",
            1,
        )
    )
    with pytest.raises(RulebookError, match="'pain_band' is a review fact"):
        load_rulebook(folder)


def test_an_outcome_in_a_visit_rule_and_a_missing_step_are_refused(tmp_path: Path) -> None:
    folder = copy_rules(tmp_path)
    review = folder / "review" / "review.yaml"
    text = review.read_text()
    text = text.replace("      - principle: most_cautious_wins\n", "      - outcome: hold\n")
    review.write_text(text)
    with pytest.raises(RulebookError) as caught:
        load_rulebook(folder)
    message = str(caught.value)
    assert "'outcome' acts on an exercise; give the rule scope: exercise" in message
    assert "leave out steps of the review procedure: most_cautious_wins" in message
    assert "most_cautious_wins" in PRINCIPLES


def test_an_unknown_source_in_a_review_rule_names_its_line(tmp_path: Path) -> None:
    folder = copy_rules(tmp_path)
    review = folder / "review" / "review.yaml"
    review.write_text(review.read_text().replace("sources: [OTAGO]\n", "sources: [OTAGOO]\n", 1))
    with pytest.raises(RulebookError, match=r"review\.yaml:\d+: .*unknown source 'OTAGOO'"):
        load_rulebook(folder)


def test_a_rule_of_every_plan_carries_warnings_only_and_tests_no_review_fact(
    tmp_path: Path,
) -> None:
    folder = copy_rules(tmp_path)
    review = folder / "review" / "review.yaml"
    text = review.read_text()
    old = "      - warn: W_KEEP_LOG\n"
    assert old in text
    review.write_text(
        text.replace(
            old, old + "      - supervision: true\n        when: {fact: in_person, eq: true}\n"
        )
    )
    with pytest.raises(RulebookError) as caught:
        load_rulebook(folder)
    message = str(caught.value)
    assert "'supervision' needs a review visit; a rule of every plan cannot carry it" in message
    assert "'in_person' is a review fact; a rule of every plan cannot test it" in message


def test_the_warnings_of_every_plan_reach_a_first_plan(rulebook: Rulebook) -> None:
    from planner import build_plan
    from tests.conftest import make_profile

    plan = build_plan(make_profile(), rulebook)
    keep = {"W_KEEP_LOG", "W_REVIEW_EARLY", "W_RESTART_AFTER_BREAK"}
    assert {w.code: w.rules for w in plan.warnings if w.code in keep} == dict.fromkeys(
        keep, ["R-REV-18"]
    )
    stopped = build_plan(make_profile(red_flags=["chest_symptoms"]), rulebook)
    assert not keep & {w.code for w in stopped.warnings}  # no sessions, no log, no review date
