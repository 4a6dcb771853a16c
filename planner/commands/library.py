"""``osteoplan rules check`` and ``osteoplan exercises``: the rulebook and its exercise library."""

from __future__ import annotations

from pathlib import Path

import click

from planner.commands.options import load_book
from planner.vocabulary import COMPONENTS


@click.group()
def rules() -> None:
    """Work with rulebooks."""


@rules.command("check")
@click.argument("path", required=False, type=click.Path(path_type=Path))
def rules_check(path: Path | None) -> None:
    """Validate a rulebook folder (default: the built-in rules) and check its exercise library:
    tags against pictures, wording against position, steps against dose and equipment."""
    from planner.rulebook.checks import check_library, findings_error, read_library

    book = load_book(path)
    findings = check_library(read_library(book.path))
    if findings:
        raise findings_error(book.path, findings)
    click.echo(
        f"ok: {book.path}: {len(book.rules)} rules, {len(book.review_rules)} review rules, "
        f"{len(book.exercises)} exercises, "
        f"{len(book.warnings)} warnings, {len(book.sources)} sources "
        f"(version {book.info.version}, sha256 {book.sha256[:12]})"
    )


@click.command()
@click.option("--component", type=click.Choice(COMPONENTS), help="only this component")
@click.option("--equipment", "show_equipment", is_flag=True, help="list the equipment names")
@click.option("--rules", "rules_path", type=click.Path(path_type=Path), help="a rulebook folder")
def exercises(component: str | None, show_equipment: bool, rules_path: Path | None) -> None:
    """List the exercise library (or the equipment vocabulary)."""
    book = load_book(rules_path)
    if show_equipment:
        for group, names in (
            ("household (default)", book.equipment.household),
            ("on request", book.equipment.on_request),
        ):
            click.echo(f"{group}:")
            for name in names:
                click.echo(f"  {name:28} {book.equipment.labels[name]}")
        return
    for ex in book.exercises.values():
        if component and ex.component != component:
            continue
        flag = "  do not prescribe" if ex.do_not_prescribe else ""
        click.echo(
            f"{ex.slug:32} {ex.component:10} {ex.position:16} {','.join(ex.ability):28}{flag}"
        )
