"""``osteoplan review-batch`` and ``osteoplan review-batch-template``: a clinic's review day,
one visit a row, each patient's next block from their last plan."""

from __future__ import annotations

from pathlib import Path

import click

from planner.commands.batch import BatchOptions, batch_options, run_with_progress


@click.command("review-batch")
@click.argument("visits", type=click.Path(path_type=Path))
@click.option(
    "--prescriptions",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="the folder of last plans: <id>.json, or the latest <id>-block<N>-plan.json",
)
@click.option(
    "--logs",
    type=click.Path(file_okay=False, path_type=Path),
    help="the folder of the patients' logs the 'log' column names",
)
@click.option(
    "--visits-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="the folder of the visit files the 'visit_file' column names (default: the CSV's)",
)
@batch_options
@click.pass_context
def review_batch(
    ctx: click.Context,
    visits: Path,
    prescriptions: Path,
    logs: Path | None,
    visits_dir: Path | None,
    options: BatchOptions,
) -> None:
    """The next block for each row of VISITS (a CSV of review visits; see 'osteoplan
    review-batch-template'), as 'osteoplan review' makes it: OUT/<id>-block<N>-booklet.pdf,
    -clinician.pdf and -plan.json (only the plan with --format json)."""
    from planner.batch.context import ReviewInputs

    review = ReviewInputs(prescriptions=prescriptions, logs=logs, visits=visits_dir)
    run_with_progress(ctx, visits, lambda progress: options.run(visits, progress, review))


@click.command("review-batch-template")
def review_batch_template() -> None:
    """Print the review-day CSV header with one example row."""
    from planner.review.visit_rows import visit_template

    click.echo(visit_template(), nl=False)
    click.echo(
        "note: one patient per row, id naming the prescription <id>.json; dates are YYYY-MM-DD "
        "or DD/MM/YYYY (day first); separate list items with '|'; findings are "
        "exercise=value (achieved, pain, support) or exercise names (top_of_range); new "
        "fractures and clearances go in a visit file named by 'visit_file' instead",
        err=True,
    )
