"""``osteoplan plan``, ``explain`` and ``profile-template``: one profile's plan, in words."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from planner.commands.options import (
    clinic_option,
    load_book,
    load_presets,
    profile_options,
    resolve_profile,
    weeks_option,
)
from planner.errors import UserError
from planner.resources import templates_dir

if TYPE_CHECKING:
    from planner.plan import Plan


@click.command()
@profile_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for reading, json for the plan-v1 contract",
)
@click.option("--week", type=click.IntRange(min=1), help="show this week (text format)")
@weeks_option
@clinic_option
def plan(
    profile: Path | None,
    fmt: str,
    week: int | None,
    n_weeks: int,
    clinic_path: Path | None,
    rules_path: Path | None,
    **values: Any,
) -> None:
    """Write the weekly plan for PROFILE (a YAML or JSON file) or for the flags given."""
    from planner.build import build_plan
    from planner.render.text import render_text

    book = load_book(rules_path)
    patient = resolve_profile(profile, values, book=book)
    result = build_plan(patient, book, weeks=n_weeks, presets=load_presets(clinic_path))
    if week is not None and result.weeks and week > len(result.weeks):
        raise UserError.single(f"--week {week} is past the plan's {len(result.weeks)} weeks")
    notes_to_stderr(result)
    if fmt == "json":
        click.echo(result.to_json(), nl=False)
    else:
        click.echo(render_text(result, week=week), nl=False)


def notes_to_stderr(result: Plan) -> None:
    """The plan's notes and unmet requirements, for the clinician at the terminal."""
    for note in result.explanation.notes:
        click.echo(f"note: {note}", err=True)
    for item in result.unmet:
        click.echo(
            f"note: could not meet {item.rule} ({item.label}): required {item.required}, "
            f"found {item.found}: {item.reason}",
            err=True,
        )


@click.command()
@profile_options
@clinic_option
def explain(
    profile: Path | None, clinic_path: Path | None, rules_path: Path | None, **values: Any
) -> None:
    """Why each rule fired, why each exercise is in the plan or left out, with sources."""
    from planner.build import build_plan
    from planner.explain import render_explanation

    book = load_book(rules_path)
    patient = resolve_profile(profile, values, book=book)
    result = build_plan(patient, book, presets=load_presets(clinic_path))
    click.echo(render_explanation(result, book), nl=False)


@click.command("profile-template")
def profile_template() -> None:
    """Print an annotated example profile to fill in."""
    click.echo((templates_dir() / "profile-template.yaml").read_text(encoding="utf-8"), nl=False)
