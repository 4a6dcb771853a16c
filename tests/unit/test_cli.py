"""The command group and its error funnel: osteoplan's errors become one message on stderr and
their exit code, never a traceback; ``--help`` stays free of the renderers."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner, Result

import planner.build
from planner.cli import Funnel, cli, main
from planner.errors import (
    OutputError,
    PlannerError,
    Problem,
    ProfileError,
    UserError,
)
from tests.conftest import REPO


def funnel_running(error: BaseException) -> click.Group:
    """A group with the funnel and one command, ``go``, that prints a line and raises ``error``."""

    @click.group(cls=Funnel)
    def group() -> None:
        pass

    @group.command()
    def go() -> None:
        click.echo("started")
        raise error

    return group


def run(group: click.Group, *args: str) -> Result:
    return CliRunner().invoke(group, list(args))


@pytest.mark.parametrize(
    "error",
    [
        UserError.single("give a profile file"),
        OutputError.single("cannot write the file (Permission denied)", path="/out/a.pdf"),
        ProfileError.single("input should be 'fit'", path="p.yaml", line=2, field="ability"),
    ],
)
def test_a_user_error_exits_2_with_its_message_and_no_traceback(error: UserError) -> None:
    result = run(funnel_running(error), "go")
    assert result.exit_code == 2
    assert result.stderr == f"error: {error}\n"
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit), "handled, not propagated"


def test_an_error_of_several_problems_shows_the_summary_then_each_problem() -> None:
    error = ProfileError(
        problems=[
            Problem("is required", path="p.yaml", field="age"),
            Problem("unknown field", path="p.yaml", line=4, field="falls_12mo", suggestion="x"),
        ],
        summary="The profile is not valid:",
    )
    result = run(funnel_running(error), "go")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: The profile is not valid:",
        "p.yaml: age: is required",
        "p.yaml:4: falls_12mo: unknown field (did you mean 'x'?)",
    ]


def test_what_was_printed_before_the_error_stays_on_stdout() -> None:
    result = run(funnel_running(UserError.single("bad")), "go")
    assert result.stdout == "started\n"
    assert "error: bad" not in result.stdout


def test_any_other_planner_error_exits_1_with_its_message() -> None:
    result = run(funnel_running(PlannerError("the plan could not be laid out")), "go")
    assert result.exit_code == 1
    assert result.stderr == "error: the plan could not be laid out\n"
    assert isinstance(result.exception, SystemExit)


def test_the_exit_code_is_the_errors_own() -> None:
    assert (PlannerError.exit_code, UserError.exit_code, OutputError.exit_code) == (1, 2, 2)


def test_an_unexpected_error_says_so_briefly_without_its_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("Ann Example, 12 Acacia Avenue")

    monkeypatch.setattr(planner.build, "build_plan", broken)
    result = CliRunner().invoke(cli, ["plan", "--age", "70", "--ability", "fit"])
    assert isinstance(result.exception, SystemExit), "handled by the funnel"
    assert result.exit_code not in (0, 2)
    assert result.stderr.startswith("error: ")
    assert "unexpected" in result.stderr.lower()
    assert len(result.stderr.splitlines()) <= 3
    assert "Ann Example" not in result.output and "Traceback" not in result.output


def test_errors_from_real_commands_go_through_the_funnel() -> None:
    result = CliRunner().invoke(cli, ["plan", "--age", "300", "--ability", "fit"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: The profile is not valid:\n")
    assert "--age: input should be less than or equal to 120" in result.stderr
    assert isinstance(result.exception, SystemExit)


def test_usage_errors_stay_clicks_own() -> None:
    result = CliRunner().invoke(cli, ["plan", "--weeks", "0"])
    assert result.exit_code == 2
    assert "Usage: " in result.stderr and "error: " not in result.stderr


def test_the_group_holds_every_command() -> None:
    assert isinstance(cli, Funnel)
    assert sorted(cli.commands) == [
        "batch",
        "batch-template",
        "calendar",
        "demo",
        "exercises",
        "explain",
        "handout",
        "plan",
        "profile-template",
        "review",
        "review-batch",
        "review-batch-template",
        "rules",
        "serve",
    ]
    assert sorted(cli.commands["rules"].commands) == ["check"]  # type: ignore[attr-defined]


def test_help_and_version() -> None:
    result = CliRunner().invoke(cli, ["-h"])
    assert result.exit_code == 0
    assert "Personalised exercise plans for osteoporosis" in result.stdout
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and "0.1.0" in result.stdout


def test_main_runs_as_osteoplan(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["anything", "--help"])
    with pytest.raises(SystemExit) as caught:
        main()
    assert caught.value.code == 0
    assert capsys.readouterr().out.startswith("Usage: osteoplan [OPTIONS] COMMAND [ARGS]...")


def test_help_loads_no_renderer() -> None:
    code = (
        "import sys\n"
        "from planner.cli import cli\n"
        "for args in (['--help'], ['plan', '--help'], ['handout', '--help'],\n"
        "             ['batch', '--help'], ['demo', '--help'], ['rules', 'check', '--help']):\n"
        "    try:\n"
        "        cli(args)\n"
        "    except SystemExit as exit:\n"
        "        assert exit.code == 0, args\n"
        "heavy = ('weasyprint', 'pikepdf', 'jinja2', 'planner.render', 'planner.pictures')\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(heavy))\n"
        "assert not loaded, loaded\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_control_characters_are_shown_not_sent_to_the_terminal() -> None:
    from planner.cli import printable

    assert printable("a\x1b]0;owned\x07b\x9bc") == "a\\x1b]0;owned\\x07b\\x9bc"
    assert printable("line one\nline\ttwo é") == "line one\nline\ttwo é"
