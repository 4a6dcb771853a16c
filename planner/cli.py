"""The ``osteoplan`` command line: a thin click layer over the library.

The commands live in :mod:`planner.commands`; this module gathers them into one group whose
:class:`Funnel` is the only place errors are shown. Every
:class:`~planner.errors.PlannerError` a command raises, from bad input to a batch that cannot
start, ends there: a clear message on stderr, no traceback, and the error's exit code (2 for
bad input). Anything else is a fault of osteoplan's: it is named by its type only (its text
could hold a patient's details) with exit code 1; ``OSTEOPLAN_DEBUG=1`` shows the traceback.
Heavy imports (WeasyPrint) happen inside the commands that need them, so
``osteoplan --help`` stays fast.
"""

from __future__ import annotations

import os
import re
from typing import Any

import click

from planner.commands.batch import batch, batch_template_command
from planner.commands.calendar import calendar
from planner.commands.handout import demo, handout
from planner.commands.library import exercises, rules
from planner.commands.plan import explain, plan, profile_template
from planner.commands.review import review
from planner.commands.review_batch import review_batch, review_batch_template
from planner.commands.serve import serve
from planner.errors import PlannerError


class Funnel(click.Group):
    """Turns osteoplan's own errors into a message and an exit code, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PlannerError as exc:
            click.echo(f"error: {printable(str(exc))}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            if os.environ.get("OSTEOPLAN_DEBUG") == "1":
                raise
            click.echo(
                f"error: an unexpected error ({type(exc).__name__}) stopped osteoplan. Please "
                "report it; OSTEOPLAN_DEBUG=1 shows the details.",
                err=True,
            )
            ctx.exit(1)


#: Control characters (C0 but tab and newline, DEL, C1): escape sequences a file could carry.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with every control character shown as ``\\xNN``: a file's contents may name a
    field, and must never colour, retitle or clear the terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


@click.group(cls=Funnel, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="osteoplan")
def cli() -> None:
    """Personalised exercise plans for osteoporosis and fragility fractures."""


for _command in (
    plan,
    explain,
    rules,
    exercises,
    handout,
    demo,
    profile_template,
    batch,
    batch_template_command,
    serve,
    review,
    review_batch,
    review_batch_template,
    calendar,
):
    cli.add_command(_command)


def main() -> None:
    """Console entry point."""
    cli(prog_name="osteoplan")


if __name__ == "__main__":  # pragma: no cover (python -m planner.cli)
    main()
