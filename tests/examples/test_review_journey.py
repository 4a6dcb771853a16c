"""The worked example in examples/review-journey/: a hip-fracture patient through four reviews.

The whole journey runs as its README tells it: ``osteoplan plan`` for block 1, then each review
from the previous block's plan JSON with that block's visit and log. Reviews 1 to 3 use the
functions ``osteoplan review`` calls (no PDFs); review 4 runs the command itself. The tests
assert the story's decisions: progress, a fall, a painful exercise, maintenance.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from planner import Rulebook
from planner.cli import cli
from planner.plan import Plan, ReviewChange
from planner.render.documents import handout_documents
from planner.render.findings import profile_rows
from planner.review.block import review as next_block
from planner.review.files import read_any_log, read_prescription, read_visit
from tests.conftest import REPO

EXAMPLE = REPO / "examples" / "review-journey"
PATIENT = "HIP-DEMO-01"
#: The review visits, at programme weeks 12, 24, 36 and 48 (guidance 12.4).
VISITS = [dt.date(2027, 4, 5), dt.date(2027, 6, 28), dt.date(2027, 9, 20), dt.date(2027, 12, 13)]
PHASE_RUNG = {"foundation": 0, "build": 1, "progress": 2}
BALANCE = {
    "semi_tandem_stance",
    "tandem_stance",
    "backwards_walking",
    "sideways_walking",
    "weight_shifts_supported",
    "walking_and_turning",
    "seated_reaching_balance",
}


@dataclass(frozen=True)
class Journey:
    """Block 1's plan and the four blocks the reviews made (blocks 2 to 5)."""

    plans: list[Plan]
    last_folder: Path

    def block(self, n: int) -> Plan:
        return self.plans[n - 1]


@pytest.fixture(scope="module")
def journey(tmp_path_factory: pytest.TempPathFactory, rulebook: Rulebook) -> Journey:
    folder = tmp_path_factory.mktemp("journey")
    runner = CliRunner()
    made = runner.invoke(cli, ["plan", str(EXAMPLE / "profile.yaml"), "--format", "json"])
    assert made.exit_code == 0, made.output
    prescription = folder / f"{PATIENT}-block1-plan.json"
    prescription.write_text(made.stdout)
    plans = [read_prescription(prescription)]
    for n in (1, 2, 3):
        visit = read_visit(EXAMPLE / f"visit-{n}.yaml")
        log = read_any_log(EXAMPLE / f"log-{n}.csv")
        plan = next_block(plans[-1], visit, rulebook, log).plan
        prescription = folder / f"{PATIENT}-block{n + 1}-plan.json"
        prescription.write_text(plan.to_json())
        plans.append(plan)
    out = folder / "block5"
    ran = runner.invoke(
        cli,
        [
            "review",
            str(prescription),
            "--visit",
            str(EXAMPLE / "visit-4.yaml"),
            "--log",
            str(EXAMPLE / "log-4.csv"),
            "-o",
            str(out),
        ],
    )
    assert ran.exit_code == 0, ran.output
    plans.append(read_prescription(out / f"{PATIENT}-block5-plan.json"))
    return Journey(plans, out)


def changes(plan: Plan) -> dict[str, ReviewChange]:
    assert plan.review is not None
    return {c.slug: c for c in plan.review.changes}


def fired(plan: Plan) -> list[str]:
    assert plan.review is not None
    return plan.review.rules_fired


def warning_rules(plan: Plan) -> dict[str, list[str]]:
    return {w.code: w.rules for w in plan.warnings}


def rungs(plan: Plan, slug: str) -> tuple[int, int, int]:
    return plan.programme.rungs.get(slug, (0, 1, 2))


def test_blocks_follow_the_12_month_programme(journey: Journey) -> None:
    first = journey.block(1)
    assert (first.programme.block, first.programme.week) == (1, 1)
    assert first.review_date == VISITS[0]
    for n, visit in enumerate(VISITS, start=2):
        plan = journey.block(n)
        assert plan.programme.block == n
        assert plan.programme.week == 12 * (n - 1) + 1
        assert plan.start_date == visit
        assert len(plan.weeks) == 12
        assert plan.review is not None and plan.review.visit_date == visit
        if n < 5:
            assert plan.review_date == VISITS[n - 1]
    assert [journey.block(n).programme.maintenance for n in range(1, 6)] == [
        False,
        False,
        True,
        True,
        True,
    ]


def test_review_1_good_progress(journey: Journey) -> None:
    before, after = journey.block(1), journey.block(2)
    found = changes(after)
    # The surgeon's clearance lifts the posterior precautions (R-REV-15): the raised seat
    # progresses to an ordinary sit to stand, which enters at its starting dose.
    assert "R-REV-15" in fired(after)
    assert "W_HIP_PRECAUTIONS_POSTERIOR" in warning_rules(before)
    assert "W_HIP_PRECAUTIONS_POSTERIOR" not in warning_rules(after)
    assert found["sit_to_stand_raised_seat"].change == "progress"
    assert found["sit_to_stand_raised_seat"].replacement == "sit_to_stand"
    assert found["sit_to_stand_raised_seat"].rules == ["R-REV-10"]
    assert rungs(after, "sit_to_stand") == (0, 1, 2)
    # Done at the top of the range, the rest meet their rules' conditions for progress, but
    # they are at the top of their ladders: their harder entries do not suit limited mobility
    # (R-GEN-5), and no hand support was recorded for the balance work. They hold at the top
    # and say why, with the rule that would have progressed them.
    for slug, rule in [
        ("glute_bridge", "R-REV-10"),
        ("wall_push_up", "R-REV-10"),
        ("comfortable_walking", "R-REV-14"),
        ("chin_tuck", "R-REV-13"),
        ("weight_shifts_supported", "R-REV-11"),
        ("backwards_walking", "R-REV-11"),
        ("sideways_walking", "R-REV-11"),
    ]:
        assert (found[slug].change, found[slug].rules) == ("hold", [rule]), slug
        assert found[slug].because[0].startswith("At the top of its ladder"), slug
        assert rungs(after, slug) == (2, 2, 2), slug
    # The heel-to-toe stand was done only to its build dose: it holds there (R-REV-17).
    assert found["tandem_stance"].change == "hold"
    assert rungs(after, "tandem_stance") == (1, 1, 1)
    assert not any(c.change == "step_back" for c in found.values())


def test_review_2_a_fall_raises_no_dose(journey: Journey) -> None:
    before, after = journey.block(2), journey.block(3)
    visit = read_visit(EXAMPLE / "visit-2.yaml")
    found = changes(after)
    assert "R-REV-5" in fired(after)
    assert after.profile.falls_12m == 2
    # Every balance exercise steps one rung down; nothing carried over stands higher than the
    # rung it was done at.
    for slug, change in found.items():
        if change.change in ("new", "dropped"):
            continue
        assert change.change != "progress" or slug not in BALANCE, slug
        achieved = visit.exercises[slug].achieved
        done = rungs(before, slug)[PHASE_RUNG[achieved]]
        assert max(rungs(after, slug)) <= done, slug
        if slug in BALANCE:
            assert (change.change, change.rules) == ("step_back", ["R-REV-5"])
            assert max(rungs(after, slug)) == done - 1
    assert rungs(after, "tandem_stance") == (0, 0, 0)
    assert all(c.change != "progress" for s, c in found.items() if s in BALANCE)
    # A second fall in 12 months: the falls referral and supervised sessions, by R-REV-5.
    warned = warning_rules(after)
    assert "R-REV-5" in warned["W_FALLS_REFERRAL"]
    assert "R-REV-5" in warned["W_SUPERVISED_SESSIONS"]
    assert after.supervision.required and "R-REV-5" in after.supervision.rules
    assert not [u for u in after.unmet if u.rule == "R-REV-5"]  # supervision is available


def test_review_3_the_painful_exercise_steps_back(journey: Journey) -> None:
    after = journey.block(4)
    found = changes(after)
    # Shoulder (joint) pain logged on the wall push-ups: the step-back band (R-REV-7).
    assert (found["wall_push_up"].change, found["wall_push_up"].rules) == (
        "step_back",
        ["R-REV-7"],
    )
    assert rungs(after, "wall_push_up") == (1, 1, 1)
    assert "R-REV-7" in warning_rules(after)["W_PAIN_GUIDE"]
    # The sit to stand met R-REV-10 but is at the top of its ladder: it holds there.
    assert (found["sit_to_stand"].change, found["sit_to_stand"].rules) == ("hold", ["R-REV-10"])
    assert found["sit_to_stand"].because[0].startswith("At the top of its ladder")
    # A phone review in maintenance (R-REV-19): no balance support or entry changes.
    assert "R-REV-19" in fired(after)
    for slug in BALANCE & found.keys():
        assert found[slug].change == "hold", slug
        assert found[slug].replacement is None


def test_review_4_plans_a_further_maintenance_block(journey: Journey) -> None:
    after = journey.block(5)
    found = changes(after)
    assert "R-REV-19" in fired(after)
    assert after.programme.week == 49 and after.programme.maintenance
    assert after.weeks and after.review_date == VISITS[-1] + dt.timedelta(weeks=12)
    # Seen in person again: the balance work moves on (R-REV-11); the shoulder has settled.
    assert (found["tandem_stance"].change, found["tandem_stance"].rules) == (
        "progress",
        ["R-REV-11"],
    )
    assert found["wall_push_up"].change == "progress"
    assert rungs(after, "wall_push_up") == (1, 2, 2)
    files = sorted(p.name for p in journey.last_folder.iterdir())
    assert files == [f"{PATIENT}-block5-{kind}" for kind in ("booklet.pdf", "clinician.pdf")] + [
        f"{PATIENT}-block5-plan.json"
    ]
    saved = json.loads((journey.last_folder / f"{PATIENT}-block5-plan.json").read_text())
    assert saved["programme"]["block"] == 5


def test_the_painful_block_booklet_says_what_the_patient_needs(
    journey: Journey, rulebook: Rulebook
) -> None:
    docs = handout_documents(journey.block(4), rulebook, fmt="html")
    booklet = docs["booklet"].decode()
    clinician = docs["clinician"].decode()
    assert "Part 4: weeks 37 to 48" in booklet
    assert "What changed and why" in clinician
    assert "programme weeks 37 to 48 (maintenance)" in clinician
    assert "Stepped back: Wall push-up (R-REV-7" in clinician
    assert "Held: Sit to stand (R-REV-10: At the top of its ladder" in clinician
    assert "Progressed" not in clinician


def test_the_re_tests_are_her_latest_results_and_the_grade_is_derived(
    journey: Journey, rulebook: Rulebook
) -> None:
    # Each in-person visit's re-tests become her latest results; the phone review (3) keeps
    # review 2's. No clinician gave a grade and none is written for one: her falls risk stays
    # high from the facts (the fall that broke her hip, then two falls in 12 months), which a
    # re-test, past its cut-off or not, neither raises nor lowers (R-REV-16).
    results = {2: (13.5, 8, 2, 2), 3: (13, 9, 2, 3), 4: (13, 9, 2, 3), 5: (12.5, 10, 3, 4)}
    for n, found in results.items():
        plan = journey.block(n)
        p = plan.profile
        assert (p.tug_s, p.chair_stands, p.balance_stage, p.one_leg_s) == found, n
        assert (p.fall_risk, plan.fall_risk) == (None, "high"), n
    last = journey.block(5)
    rows = dict(profile_rows(last, rulebook))
    assert rows["Clinician's falls-risk grade"] == "not given"
    assert rows["Chair stand and balance tests"] == (
        "30-second chair stand: 10 stands; 4-stage balance test: stage 3 held 10 s; "
        "single-leg stance: 4 s"
    )
    clinician = handout_documents(last, rulebook, fmt="html")["clinician"].decode()
    assert "you gave" not in clinician and "single-leg stance: 4 s" in clinician
