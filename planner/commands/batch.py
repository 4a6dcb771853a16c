"""``osteoplan batch`` and ``osteoplan batch-template``: a clinic's CSV of patients; and what
every command over a clinic's CSV shares (its options, its progress bar)."""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

import click

if TYPE_CHECKING:
    from planner.batch.context import ReviewInputs
    from planner.batch.run import BatchReport, Progress

F = Callable[..., Any]


@dataclass(frozen=True)
class BatchOptions:
    """The options of a command over a clinic's CSV, as one value."""

    out_dir: Path
    jobs: int | None
    resume: bool
    large_print: bool
    fmt: str
    clinic: Path | None
    encoding: str
    rules_path: Path | None

    def run(
        self, csv_path: Path, progress: Progress, review: ReviewInputs | None = None
    ) -> BatchReport:
        """:func:`~planner.batch.run.run_batch` over ``csv_path`` with these options."""
        from planner.batch.run import run_batch

        return run_batch(
            csv_path,
            self.out_dir,
            jobs=self.jobs,
            resume=self.resume,
            large_print=self.large_print,
            fmt=cast(Literal["pdf", "html", "json"], self.fmt),
            clinic=self.clinic,
            rules_path=self.rules_path,
            progress=progress,
            encoding=self.encoding,
            review=review,
        )


_OPTIONS: tuple[Callable[[F], F], ...] = (
    click.option(
        "-o",
        "--out",
        "out_dir",
        required=True,
        type=click.Path(path_type=Path),
        help="output folder",
    ),
    click.option(
        "--jobs", type=click.IntRange(min=1), help="worker processes (default: all cores)"
    ),
    click.option("--resume", is_flag=True, help="skip rows whose files are already complete"),
    click.option("--large-print", is_flag=True, help="booklets in 16 pt type, labels included"),
    click.option(
        "--format",
        "fmt",
        type=click.Choice(["pdf", "html", "json"]),
        default="pdf",
        show_default=True,
        help="booklet and clinician's copy as PDF or HTML, or the plan-v1 JSON",
    ),
    click.option("--clinic", type=click.Path(path_type=Path), help="clinic details (YAML)"),
    click.option(
        "--encoding",
        type=click.Choice(["utf-8", "cp1252", "latin-1"], case_sensitive=False),
        default="utf-8",
        show_default=True,
        help=(
            "the CSV's encoding: a 'CSV UTF-8' export, or an older Windows (cp1252) or latin-1 one"
        ),
    ),
    click.option(
        "--rules", "rules_path", type=click.Path(path_type=Path), help="a rulebook folder"
    ),
)


def batch_options(func: F) -> F:
    """Add the options every command over a clinic's CSV shares; they reach ``func`` as one
    :class:`BatchOptions` called ``options``."""

    @functools.wraps(func)
    def command(*args: Any, **kwargs: Any) -> Any:
        shared = {name: kwargs.pop(name) for name in BatchOptions.__dataclass_fields__}
        return func(*args, options=BatchOptions(**shared), **kwargs)

    decorated: F = command
    for option in reversed(_OPTIONS):
        decorated = option(decorated)
    return decorated


def run_with_progress(
    ctx: click.Context, csv_path: Path, run: Callable[[Progress], BatchReport]
) -> None:
    """Run a batch with a progress bar on stderr (drawn on a terminal), print its summary and
    exit with its code."""
    started = time.monotonic()

    def show_rate(done: int | None) -> str:
        seconds = time.monotonic() - started
        return f"{(done or 0) / seconds:.1f} rows/s" if seconds > 0 and done else ""

    # The rate is shown from the rows done, passed as the bar's current item: the bar draws
    # itself on entering, before any name for it exists.
    with click.progressbar(
        length=count_rows(csv_path) or 0,
        label="rows" if sys.stderr.isatty() else "",
        file=sys.stderr,
        show_eta=True,
        show_pos=True,
        item_show_func=show_rate,
    ) as bar:
        report = run(lambda _row: bar.update(1, bar.pos + 1))
    click.echo(report.summary())
    ctx.exit(report.code)


@click.command()
@click.argument("patients", type=click.Path(path_type=Path))
@batch_options
@click.pass_context
def batch(ctx: click.Context, patients: Path, options: BatchOptions) -> None:
    """A booklet and a clinician's copy per row of PATIENTS (a CSV; see 'osteoplan
    batch-template'): OUT/<id>-booklet.pdf and OUT/<id>-clinician.pdf."""
    run_with_progress(ctx, patients, lambda progress: options.run(patients, progress))


def count_rows(path: Path) -> int | None:
    """Non-blank lines after the header (an estimate for the progress bar), streamed."""
    try:
        with path.open("rb") as f:
            return max(0, sum(1 for line in f if line.strip()) - 1)
    except OSError:
        return None


@click.command("batch-template")
def batch_template_command() -> None:
    """Print the batch CSV header with one example row."""
    from planner.profile.csvrows import LIST_SEPARATOR, batch_template
    from planner.profile.fields import SCHEMA

    lists = " or ".join(f.name for f in SCHEMA.fields if f.kind == "list")
    click.echo(batch_template(), nl=False)
    click.echo(
        "note: one patient per row; dates are YYYY-MM-DD or DD/MM/YYYY (day first, always); "
        f"separate several {lists} names with '{LIST_SEPARATOR}'",
        err=True,
    )
