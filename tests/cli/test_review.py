"""``osteoplan review``: the next block written, and the errors users see, each located at its
file, line and field, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from planner import Rulebook, build_plan
from planner.cli import Funnel
from planner.commands.review import review
from tests.conftest import make_profile


@click.group(cls=Funnel)
def osteoplan() -> None:
    """The command line with the review command, behind the same error funnel."""


osteoplan.add_command(review)


@pytest.fixture
def saved(tmp_path: Path, rulebook: Rulebook) -> Path:
    """A first plan assessed on 21 November 2026, saved as JSON."""
    profile = make_profile(
        bone_status="osteoporosis", fractures=[{"site": "wrist", "weeks_since": 30}]
    )
    path = tmp_path / "plan.json"
    path.write_text(build_plan(profile, rulebook).to_json(), encoding="utf-8")
    return path


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str) -> Result:
    return CliRunner().invoke(osteoplan, ["review", *args])


def test_a_visit_not_after_the_plans_assessment_is_refused_at_its_field(
    tmp_path: Path, saved: Path
) -> None:
    visit = write(tmp_path / "visit.yaml", "kind: in_person\nvisit_date: 2026-11-21\n")
    result = run(str(saved), "--visit", str(visit), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"error: {visit}:2: visit_date: is not after the last plan's assessment "
        "(2026-11-21); a review comes after the plan it reviews\n"
    )
    assert not (tmp_path / "out").exists()


def test_a_clearance_of_a_fracture_the_profile_lacks_is_located(
    tmp_path: Path, saved: Path
) -> None:
    visit = write(
        tmp_path / "visit.yaml",
        "visit_date: 2027-02-15\nclearances:\n  - fracture: 3\n    on: 2027-02-01\n"
        "    by: surgeon\n",
    )
    result = run(str(saved), "--visit", str(visit), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2, result.output
    assert f"{visit}:3: clearances[0].fracture: names fracture 3" in result.stderr
    assert "Traceback" not in result.output


def test_a_malformed_visit_and_log_are_refused_with_their_lines(
    tmp_path: Path, saved: Path
) -> None:
    visit = write(tmp_path / "visit.yaml", "visit_date: 2027-02-15\nkind: video\n")
    result = run(str(saved), "--visit", str(visit), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert f"{visit}:2: kind:" in result.stderr
    good = write(tmp_path / "good.yaml", "visit_date: 2027-02-15\n")
    log = write(
        tmp_path / "log.yaml",
        "plan: {block: 1, start: 2026-11-23, review: 2027-02-15}\n"
        "days:\n  - date: 2026-11-23\n    morning_pain: 12\n",
    )
    result = run(str(saved), "--visit", str(good), "--log", str(log), "-o", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert f"{log}:4: days[0].morning_pain:" in result.stderr
    assert "Traceback" not in result.output


def test_a_log_kept_for_another_plan_is_refused(tmp_path: Path, saved: Path) -> None:
    good = write(tmp_path / "good.yaml", "visit_date: 2027-02-15\n")
    log = write(
        tmp_path / "log.yaml",
        "plan: {block: 1, start: 2026-11-30, review: 2027-02-22}\ndays: []\n",
    )
    result = run(str(saved), "--visit", str(good), "--log", str(log), "-o", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert f"{log}: plan: is the log of a plan from 2026-11-30" in result.stderr


def test_the_next_block_is_written(tmp_path: Path, saved: Path) -> None:
    visit = write(tmp_path / "visit.yaml", "visit_date: 2027-02-15\nkind: phone\n")
    out = tmp_path / "out"
    result = run(str(saved), "--visit", str(visit), "-o", str(out))
    assert result.exit_code == 0, result.output
    written = Path(result.stdout.splitlines()[0])
    plan = json.loads(written.read_text(encoding="utf-8"))
    assert written.parent == out and plan["programme"]["block"] == 2
    assert plan["review"]["kind"] == "phone" and plan["profile"]["assessed_on"] == "2027-02-15"
