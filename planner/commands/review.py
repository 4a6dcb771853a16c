"""``osteoplan review``: a review visit turns the last plan into the next block's documents."""

from __future__ import annotations

from pathlib import Path

import click

from planner.commands.handout import make_folder
from planner.commands.options import load_book, rules_option


@click.command()
@click.argument("prescription", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--visit",
    "visit_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="the review visit (YAML or JSON): date, kind, falls, fractures, clearances, findings",
)
@click.option(
    "--log",
    "log_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="the patient's log (YAML, JSON or CSV)",
)
@click.option(
    "-o",
    "--output",
    "folder",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="the folder for the next block's plan JSON, booklet and clinician's copy",
)
@rules_option
def review(
    prescription: Path,
    visit_path: Path,
    log_path: Path | None,
    folder: Path,
    rules_path: Path | None,
) -> None:
    """Apply the review rules to PRESCRIPTION (the last plan's JSON) and write the next block."""
    from planner.output import write_atomic
    from planner.render.documents import write_handouts
    from planner.review.block import review as next_block
    from planner.review.files import read_any_log, read_prescription, read_visit
    from planner.review.log import check_matches

    book = load_book(rules_path)
    previous = read_prescription(prescription)
    visit = read_visit(visit_path, previous)
    log = read_any_log(log_path) if log_path is not None else None
    if log is not None:
        check_matches(log, previous, log_path)
    result = next_block(previous, visit, book, log)
    plan = result.plan
    make_folder(folder)
    stem = f"{plan.profile.id or 'patient'}-block{plan.programme.block}"
    json_path = folder / f"{stem}-plan.json"
    write_atomic(json_path, plan.to_json().encode())
    paths = write_handouts(plan, folder / f"{stem}-booklet.pdf", book)
    for path in (json_path, *paths):
        click.echo(str(path))
    for change in plan.review.changes if plan.review else []:
        click.echo(
            f"note: {change.slug}: {change.change.replace('_', ' ')} ({', '.join(change.rules)})",
            err=True,
        )
