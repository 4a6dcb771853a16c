"""Commands as a person runs them: in a real (pseudo-)terminal, where progress bars draw.

osteoplan prints no colour and no styles: what a terminal shows is plain text, the same bytes a
pipe or a file gets (but for the terminal's line ends), and ``NO_COLOR`` has nothing to turn
off. Notes for the clinician go to stderr, so a plan redirected to a file holds only the plan
while the notes stay on the screen.
"""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from planner.resources import rules_dir
from tests.conftest import REPO

CSV = "id,age,ability,assessed_on\nT1,70,independent,2026-11-21\nT2,81,limited,2026-11-21\n"
#: A hip replacement without its approach: a plan, and a note about the approach on stderr.
HIP = {
    "id": "T-HIP",
    "name": "Mary Example",
    "age": 79,
    "ability": "limited",
    "assessed_on": "2026-11-21",
    "fractures": [{"site": "hip", "weeks_since": 6, "treatment": "arthroplasty"}],
}
APPROACH_NOTE = "note: fracture 1 (hip replacement): approach not given: treated as unknown"
#: Any control character but tabs and line ends: escape sequences (colour, styles, cursor
#: moves), the bell, and the C1 controls (U+0080 to U+009F, the 8-bit CSI among them).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
BAD_RULES = REPO / "tests" / "fixtures" / "bad_rules"


def environment(**extra: str) -> dict[str, str]:
    """The test's environment as a terminal user's: no NO_COLOR, no debug tracebacks."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "OSTEOPLAN_DEBUG")}
    return {**env, "PYTHONPATH": str(REPO), "COLUMNS": "100", "TERM": "xterm", **extra}


def run_in_terminal(
    *args: str, cwd: Path, env: dict[str, str] | None = None, stdout: Path | None = None
) -> tuple[int, str]:
    """Run ``osteoplan ARGS`` with stdin, stdout and stderr on a pseudo-terminal, or with stdout
    redirected to the file ``stdout`` (``> FILE``); return the exit code and the screen."""
    main, child = pty.openpty()
    out = stdout.open("wb") if stdout is not None else None
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "planner", *args],
            stdin=child,
            stdout=out or child,
            stderr=child,
            cwd=cwd,
            env=env or environment(),
        )
    finally:
        os.close(child)
        if out is not None:
            out.close()
    chunks = []
    while True:
        try:
            data = os.read(main, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(main)
    code = process.wait(timeout=120)
    return code, b"".join(chunks).decode("utf-8", "replace")


def run_piped(*args: str, cwd: Path, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run ``osteoplan ARGS`` with stdout and stderr to pipes: exit code, stdout, stderr."""
    run = subprocess.run(
        [sys.executable, "-m", "planner", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        cwd=cwd,
        env=env or environment(),
        timeout=120,
        check=False,
    )
    return run.returncode, run.stdout.decode(), run.stderr.decode()


def lines(screen: str) -> str:
    """The screen with the terminal's line ends (``\\r\\n``) as a file has them."""
    return screen.replace("\r\n", "\n")


@pytest.fixture
def hip(tmp_path: Path) -> Path:
    (tmp_path / "hip.yaml").write_text(yaml.safe_dump(HIP), encoding="utf-8")
    return tmp_path / "hip.yaml"


def test_batch_draws_its_progress_bar_in_a_terminal(tmp_path: Path) -> None:
    (tmp_path / "patients.csv").write_text(CSV, encoding="utf-8")
    code, screen = run_in_terminal(
        "batch", "patients.csv", "-o", "out/", "--format", "json", "--jobs", "1", cwd=tmp_path
    )
    assert code == 0, screen
    assert "Traceback" not in screen
    assert "rows" in screen and "2 ok" in screen
    assert sorted(p.name for p in (tmp_path / "out").glob("*.json")) == [
        "T1.json",
        "T2.json",
        "manifest.json",
    ]


# --- plan and explain ------------------------------------------------------------------------


def test_plan_in_a_terminal_is_plain_readable_text(hip: Path) -> None:
    code, screen = run_in_terminal("plan", hip.name, cwd=hip.parent)
    assert code == 0, screen
    text = lines(screen)
    assert text.startswith(APPROACH_NOTE), text[:300]
    for heading in ("Exercise plan for T-HIP", "at a glance", "Monday (day 1)", "Sunday (day 7)"):
        assert heading in text
    assert not CONTROL.search(text), CONTROL.findall(text)
    assert "Traceback" not in text


@pytest.mark.parametrize("command", ["plan", "explain"])
def test_a_terminal_shows_what_a_pipe_gets_and_no_color_changes_nothing(
    command: str, hip: Path
) -> None:
    """No colour or style on a terminal (so none to strip from a pipe, and none for
    ``NO_COLOR=1`` to turn off): the three outputs are the same text."""
    code, screen = run_in_terminal(command, hip.name, cwd=hip.parent)
    assert code == 0, screen
    no_color = run_in_terminal(command, hip.name, cwd=hip.parent, env=environment(NO_COLOR="1"))
    piped_code, stdout, stderr = run_piped(command, hip.name, cwd=hip.parent)
    assert piped_code == 0, stderr
    assert no_color == (code, screen)
    assert lines(screen) == stderr + stdout
    assert not CONTROL.search(lines(screen))


def test_explain_in_a_terminal_gives_each_rule_its_reason_and_sources(hip: Path) -> None:
    code, screen = run_in_terminal("explain", hip.name, cwd=hip.parent)
    assert code == 0, screen
    text = lines(screen)
    assert "Rules fired (" in text
    fired = re.findall(r"^  (R-[A-Z]+-\d+)  .+  \[[^\]]+\]$", text, flags=re.M)
    assert "R-HIP-5" in fired, text[:1000]  # every precaution while the approach is unknown
    assert text.count("      because: ") >= len(fired)


def test_a_plan_redirected_to_a_file_keeps_the_notes_on_the_screen(hip: Path) -> None:
    saved = hip.parent / "plan.txt"
    code, screen = run_in_terminal("plan", hip.name, cwd=hip.parent, stdout=saved)
    assert code == 0, screen
    assert lines(screen).startswith(APPROACH_NOTE) and "Exercise plan" not in screen
    plan = saved.read_text(encoding="utf-8")
    assert plan.startswith("Exercise plan for T-HIP\n")
    assert "note: " not in plan and not CONTROL.search(plan)


# --- errors ----------------------------------------------------------------------------------


def test_a_bad_profile_says_what_is_wrong_exits_2_and_keeps_the_patient_private(
    tmp_path: Path,
) -> None:
    """Each problem at its file, line and field; no traceback; the name not repeated."""
    name = "Mary Example " * 20  # over the 200 characters a name may have
    (tmp_path / "bad.yaml").write_text(f"name: {name}\nage: 300\nsex: female\n", encoding="utf-8")
    code, screen = run_in_terminal("plan", "bad.yaml", cwd=tmp_path)
    assert code == 2, screen
    assert "Mary" not in screen and "300" not in screen
    assert lines(screen).splitlines() == [
        "error: The profile is not valid:",
        "bad.yaml:1: name: string should have at most 200 characters",
        "bad.yaml:2: age: input should be less than or equal to 120",
        "bad.yaml:1: ability: is required",
    ]


def test_a_missing_profile_file_is_named_with_exit_2(tmp_path: Path) -> None:
    code, screen = run_in_terminal("explain", "mary.yaml", cwd=tmp_path)
    assert (code, lines(screen)) == (2, "error: mary.yaml: file not found\n")


def test_escape_sequences_in_a_profile_do_not_reach_the_terminal(tmp_path: Path) -> None:
    """A profile from elsewhere cannot colour, retitle or clear the clinician's terminal."""
    (tmp_path / "p.yaml").write_text(
        'age: 70\nability: fit\n"\\e]0;owned\\a\\e[2Jfalls": 1\n', encoding="utf-8"
    )
    code, screen = run_in_terminal("plan", "p.yaml", cwd=tmp_path)
    assert code == 2 and "p.yaml:3: " in screen
    assert not CONTROL.search(lines(screen)), repr(screen)


# --- files written ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "start"), [("mary.pdf", b"%PDF-"), ("mary.html", b"<!DOCTYPE")])
def test_handout_writes_the_booklet_and_the_clinicians_copy(
    hip: Path, name: str, start: bytes
) -> None:
    code, screen = run_in_terminal("handout", hip.name, "-o", name, cwd=hip.parent)
    assert code == 0, screen
    stem, suffix = name.split(".")
    written = [f"{stem}.{suffix}", f"{stem}-clinician.{suffix}"]
    shown = lines(screen).splitlines()
    assert shown[0].startswith(APPROACH_NOTE) and shown[1:] == written
    for file in written:
        assert (hip.parent / file).read_bytes().startswith(start), file


def test_demo_writes_its_two_pdfs_into_the_folder_given(tmp_path: Path) -> None:
    code, screen = run_in_terminal("demo", "-o", "handouts", cwd=tmp_path)
    assert code == 0, screen
    written = ["handouts/osteoplan-demo-booklet.pdf", "handouts/osteoplan-demo-clinician.pdf"]
    assert lines(screen).splitlines() == written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handouts"]
    for file in written:
        assert (tmp_path / file).read_bytes().startswith(b"%PDF-"), file


def test_rules_check_says_ok_with_the_counts() -> None:
    code, screen = run_in_terminal("rules", "check", cwd=REPO)
    assert code == 0, screen
    assert re.fullmatch(
        r"ok: \S+/rules: \d+ rules, \d+ review rules, \d+ exercises, \d+ warnings, \d+ sources "
        r"\(version [\w.]+, sha256 [0-9a-f]{12}\)\n",
        lines(screen),
    ), screen


def test_rules_check_names_the_broken_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(rules_dir(), folder)
    shutil.copy(BAD_RULES / "unknown_fact.yaml", folder / "unknown_fact.yaml")
    code, screen = run_in_terminal("rules", "check", "rules", cwd=tmp_path)
    assert code == 2, screen
    assert "rules/unknown_fact.yaml:5: " in screen
    assert "unknown fact 'fall_risks' (did you mean 'fall_risk'?)" in screen
    assert lines(screen).startswith("error: ") and "Traceback" not in screen
