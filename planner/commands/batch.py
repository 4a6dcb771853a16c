"""``osteoplan batch`` and ``osteoplan batch-template``: a clinic's CSV of patients."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Literal, cast

import click


@click.command()
@click.argument("patients", type=click.Path(path_type=Path))
@click.option(
    "-o", "--out", "out_dir", required=True, type=click.Path(path_type=Path), help="output folder"
)
@click.option("--jobs", type=click.IntRange(min=1), help="worker processes (default: all cores)")
@click.option("--resume", is_flag=True, help="skip rows whose files are already complete")
@click.option("--large-print", is_flag=True, help="booklets in 16 pt type, labels included")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["pdf", "html", "json"]),
    default="pdf",
    show_default=True,
    help="booklet and clinician's copy as PDF or HTML, or the plan-v1 JSON",
)
@click.option("--clinic", type=click.Path(path_type=Path), help="clinic details (YAML)")
@click.option(
    "--encoding",
    type=click.Choice(["utf-8", "cp1252", "latin-1"], case_sensitive=False),
    default="utf-8",
    show_default=True,
    help="the CSV's encoding: a 'CSV UTF-8' export, or an older Windows (cp1252) or latin-1 one",
)
@click.option("--rules", "rules_path", type=click.Path(path_type=Path), help="a rulebook folder")
@click.pass_context
def batch(
    ctx: click.Context,
    patients: Path,
    out_dir: Path,
    jobs: int | None,
    resume: bool,
    large_print: bool,
    fmt: str,
    clinic: Path | None,
    encoding: str,
    rules_path: Path | None,
) -> None:
    """A booklet and a clinician's copy per row of PATIENTS (a CSV; see 'osteoplan
    batch-template'): OUT/<id>-booklet.pdf and OUT/<id>-clinician.pdf."""
    from planner.batch.run import run_batch

    started = time.monotonic()

    def show_rate(done: int | None) -> str:
        seconds = time.monotonic() - started
        return f"{(done or 0) / seconds:.1f} rows/s" if seconds > 0 and done else ""

    # The rate is shown from the rows done, passed as the bar's current item: the bar draws
    # itself on entering, before any name for it exists.
    with click.progressbar(
        length=count_rows(patients) or 0,
        label="rows" if sys.stderr.isatty() else "",
        file=sys.stderr,
        show_eta=True,
        show_pos=True,
        item_show_func=show_rate,
    ) as bar:
        report = run_batch(
            patients,
            out_dir,
            jobs=jobs,
            resume=resume,
            large_print=large_print,
            fmt=cast(Literal["pdf", "html", "json"], fmt),
            clinic=clinic,
            rules_path=rules_path,
            progress=lambda _row: bar.update(1, bar.pos + 1),
            encoding=encoding,
        )
    click.echo(report.summary())
    ctx.exit(report.code)


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
