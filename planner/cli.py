"""The ``osteoplan`` command line: a thin click layer over the library.

Each command parses its options, calls one library function and prints the result. Every
:class:`~planner.errors.PlannerError` goes through one funnel (:class:`_Funnel`): a clear message
on stderr, no traceback, and the error's exit code (2 for bad input). Heavy imports (WeasyPrint)
happen inside the commands that need them, so ``osteoplan --help`` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Literal

import click

from planner.errors import OutputError, PlannerError, ProfileError, UserError
from planner.profile.model import Profile, profile_from_data
from planner.resources import templates_dir
from planner.vocabulary import ABILITIES, COMPONENTS
from planner.yamlfile import read_source

# --- the error funnel ------------------------------------------------------------------------


class _Funnel(click.Group):
    """Turns osteoplan's own errors into a message and an exit code, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PlannerError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=_Funnel, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="osteoplan")
def cli() -> None:
    """Personalised exercise plans for osteoporosis and fragility fractures."""


def main() -> None:
    """Console entry point."""
    cli(prog_name="osteoplan")


# --- profile from a file and/or flags ----------------------------------------------------------

#: Profile flags: (flag, profile field, click type, help). Fracture flags build one fracture.
_FLAGS: list[tuple[str, str, Any, str]] = [
    ("--id", "id", str, "patient identifier"),
    ("--age", "age", int, "age in years"),
    ("--ability", "ability", click.Choice(ABILITIES), "functional ability"),
    ("--sex", "sex", click.Choice(["female", "male", "other"]), "sex"),
    ("--assessed-on", "assessed_on", str, "assessment date YYYY-MM-DD (default today)"),
    (
        "--bone-status",
        "bone_status",
        click.Choice(["normal", "osteopenia", "osteoporosis", "unknown"]),
        "bone density category",
    ),
    ("--t-score", "t_score", float, "T-score"),
    ("--prior-fractures", "prior_fractures", int, "earlier fractures not listed"),
    ("--falls", "falls_12m", int, "falls in the last 12 months"),
    ("--tug", "tug_s", float, "Timed Up and Go, seconds"),
    ("--fall-risk", "fall_risk", click.Choice(["low", "intermediate", "high"]), "clinician grade"),
    ("--back-pain", "back_pain", int, "back pain 0-10"),
]
_BOOL_FLAGS: list[tuple[str, str, str]] = [
    ("--injurious-fall", "injurious_fall_12m", "an injurious fall in the last 12 months"),
    ("--long-lie", "long_lie_12m", "a long lie after a fall"),
    ("--syncope", "syncope_suspected", "suspected syncope"),
    ("--unsteady", "unsteady", "feels unsteady"),
    ("--fear-of-falling", "fear_of_falling", "worries about falling"),
    ("--kyphosis", "kyphosis", "hyperkyphosis"),
    ("--supervised", "supervision_available", "a physiotherapist can supervise"),
]
_FRACTURE_FLAGS: list[tuple[str, str, Any, str]] = [
    (
        "--site",
        "site",
        click.Choice(["vertebral", "hip", "pelvis", "wrist", "humerus", "other"]),
        "fracture site (one fracture; replaces the file's list)",
    ),
    ("--weeks-since", "weeks_since", float, "weeks since the fracture or operation"),
    ("--fracture-date", "date", str, "date of the fracture or operation"),
    (
        "--cause",
        "cause",
        click.Choice(["fall", "lifting", "spontaneous", "other", "unknown"]),
        "cause of the fracture",
    ),
    (
        "--treatment",
        "treatment",
        click.Choice(["conservative", "cast", "fixation", "arthroplasty", "augmentation"]),
        "treatment",
    ),
    (
        "--approach",
        "approach",
        click.Choice(["posterior", "anterior", "lateral", "unknown"]),
        "hip arthroplasty approach",
    ),
    ("--count", "count", int, "vertebral fractures in this entry"),
]
_FRACTURE_BOOLS = [
    ("--cleared", "cleared", "restrictions lifted"),
    ("--in-cast", "in_cast", "cast, splint or sling still on"),
]
_FLAG_FOR_FIELD = {f: flag for flag, f, *_ in _FLAGS} | {f: flag for flag, f, _ in _BOOL_FLAGS}
_FLAG_FOR_FIELD |= {f"fractures[0].{f}": flag for flag, f, *_ in _FRACTURE_FLAGS}
_FLAG_FOR_FIELD |= {f"fractures[0].{f}": flag for flag, f, _ in _FRACTURE_BOOLS}


def profile_options(func: Any) -> Any:
    """Add PROFILE and the quick-profile flags to a command."""
    options = [click.argument("profile", required=False, type=click.Path(path_type=Path))]
    for flag, field, kind, help_text in _FLAGS + _FRACTURE_FLAGS:
        options.append(click.option(flag, field, type=kind, help=help_text))
    for flag, field, help_text in _BOOL_FLAGS + _FRACTURE_BOOLS:
        options.append(click.option(flag, field, is_flag=True, default=None, help=help_text))
    options.append(
        click.option("--red-flag", "red_flags", multiple=True, help="a red flag (repeatable)")
    )
    options.append(
        click.option(
            "--equipment",
            "equipment",
            help="equipment at hand, comma-separated (default household)",
        )
    )
    options.append(
        click.option(
            "--rules",
            "rules_path",
            type=click.Path(path_type=Path),
            help="a rulebook folder (default: the built-in rules)",
        )
    )
    for option in reversed(options):
        func = option(func)
    return func


weeks_option = click.option(
    "--weeks",
    "n_weeks",
    type=click.IntRange(1, 52),
    default=12,
    show_default=True,
    help="length of the plan in weeks",
)


def resolve_profile(profile_path: Path | None, values: dict[str, Any]) -> Profile:
    """A profile from a file, from flags, or a file with flags laid over it."""
    fracture_fields = {f for _, f, *_ in _FRACTURE_FLAGS} | {f for _, f, _ in _FRACTURE_BOOLS}
    profile_fields = {f for _, f, *_ in _FLAGS} | {f for _, f, _ in _BOOL_FLAGS}
    flags = {k: v for k, v in values.items() if k in profile_fields and v is not None}
    fracture = {k: v for k, v in values.items() if k in fracture_fields and v is not None}
    if values.get("red_flags"):
        flags["red_flags"] = list(values["red_flags"])
    if values.get("equipment"):
        flags["equipment"] = [e.strip() for e in values["equipment"].split(",") if e.strip()]
    if fracture:
        flags["fractures"] = [fracture]

    if profile_path is None:
        if not flags:
            raise UserError.single(
                "give a profile file (see 'osteoplan profile-template') or flags such as "
                "--age 74 --ability limited"
            )
        try:
            return profile_from_data(flags)
        except ProfileError as exc:
            for problem in exc.problems:
                problem.field = _FLAG_FOR_FIELD.get(problem.field or "", problem.field)
            raise
    try:
        doc = read_source(profile_path)
    except ValueError as exc:
        raise ProfileError(problems=[exc.args[0]]) from None
    data = doc.data
    if isinstance(data, dict):
        data = {**data, **flags}
    return profile_from_data(data, doc)


def _load_rulebook(path: Path | None) -> Any:
    from planner.rulebook.load import load_rulebook

    return load_rulebook(path)


# --- commands ----------------------------------------------------------------------------------


@cli.command()
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
def plan(
    profile: Path | None,
    fmt: str,
    week: int | None,
    n_weeks: int,
    rules_path: Path | None,
    **values: Any,
) -> None:
    """Write the weekly plan for PROFILE (a YAML or JSON file) or for the flags given."""
    from planner.render.text import render_text
    from planner.schedule.build import build_plan

    patient = resolve_profile(profile, values)
    result = build_plan(patient, _load_rulebook(rules_path), weeks=n_weeks)
    if week is not None and result.weeks and week > len(result.weeks):
        raise UserError.single(f"--week {week} is past the plan's {len(result.weeks)} weeks")
    _notes_to_stderr(result)
    if fmt == "json":
        click.echo(result.to_json(), nl=False)
    else:
        click.echo(render_text(result, week=week), nl=False)


def _notes_to_stderr(result: Any) -> None:
    for note in result.explanation.notes:
        click.echo(f"note: {note}", err=True)
    for item in result.unmet:
        click.echo(
            f"note: could not meet {item.rule} ({item.label}): required {item.required}, "
            f"found {item.found}: {item.reason}",
            err=True,
        )


@cli.command()
@profile_options
def explain(profile: Path | None, rules_path: Path | None, **values: Any) -> None:
    """Why each rule fired, why each exercise is in the plan or left out, with sources."""
    from planner.render.text import render_explanation
    from planner.schedule.build import build_plan

    patient = resolve_profile(profile, values)
    book = _load_rulebook(rules_path)
    click.echo(render_explanation(build_plan(patient, book), book), nl=False)


@cli.group()
def rules() -> None:
    """Work with rulebooks."""


@rules.command("check")
@click.argument("path", required=False, type=click.Path(path_type=Path))
def rules_check(path: Path | None) -> None:
    """Validate a rulebook folder (default: the built-in rules) and check its exercise library:
    tags against pictures, wording against position, steps against dose and equipment."""
    from planner.rulebook.checks import check_library, findings_error, read_library

    book = _load_rulebook(path)
    findings = check_library(read_library(book.path))
    if findings:
        raise findings_error(book.path, findings)
    click.echo(
        f"ok: {book.path}: {len(book.rules)} rules, {len(book.exercises)} exercises, "
        f"{len(book.warnings)} warnings, {len(book.sources)} sources "
        f"(version {book.info.version}, sha256 {book.sha256[:12]})"
    )


@cli.command()
@click.option("--component", type=click.Choice(COMPONENTS), help="only this component")
@click.option("--equipment", "show_equipment", is_flag=True, help="list the equipment names")
@click.option("--rules", "rules_path", type=click.Path(path_type=Path), help="a rulebook folder")
def exercises(component: str | None, show_equipment: bool, rules_path: Path | None) -> None:
    """List the exercise library (or the equipment vocabulary)."""
    book = _load_rulebook(rules_path)
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


@cli.command()
@profile_options
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(),
    help="the patient's booklet to write (PDF, or HTML with --html); or a folder, to write "
    "<id>-booklet.pdf and <id>-clinician.pdf into it",
)
@click.option(
    "--clinician-copy",
    type=click.Path(dir_okay=False, path_type=Path),
    help="where to write the clinician's copy (default: beside the booklet, its name with "
    "-clinician)",
)
@click.option("--html", "as_html", is_flag=True, help="write self-contained HTML files")
@click.option("--large-print", is_flag=True, help="a booklet in 16 pt type, labels included")
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"]),
    default="a4",
    show_default=True,
    help="paper size",
)
@weeks_option
@click.option(
    "--clinic",
    "clinic_path",
    type=click.Path(path_type=Path),
    help="a YAML file with the clinic's name, clinician, phone and address",
)
def handout(
    profile: Path | None,
    output: str,
    clinician_copy: Path | None,
    as_html: bool,
    large_print: bool,
    paper: str,
    n_weeks: int,
    clinic_path: Path | None,
    rules_path: Path | None,
    **values: Any,
) -> None:
    """Write the patient's booklet and the clinician's copy for PROFILE (PDF, or HTML).

    The booklet is what the patient takes home; the clinician's copy (profile, falls risk,
    rules fired and why, what was left out, what could not be met, sources) is a separate file
    for the record, written beside the booklet unless --clinician-copy says where.
    """
    from planner.render.handout import load_clinic, write_handouts
    from planner.schedule.build import build_plan

    patient = resolve_profile(profile, values)
    clinic = load_clinic(clinic_path) if clinic_path is not None else None
    book = _load_rulebook(rules_path)
    fmt: Literal["pdf", "html"] = "html" if as_html else "pdf"
    booklet = Path(output)
    if output.endswith(("/", "\\")) or booklet.is_dir():
        from planner.batch.run import safe_name

        _make_folder(booklet)
        stem = safe_name(patient.id or (profile.stem if profile else "osteoplan"), 0)
        if clinician_copy is None:
            clinician_copy = booklet / f"{stem}-clinician.{fmt}"
        booklet = booklet / f"{stem}-booklet.{fmt}"
    result = build_plan(patient, book, weeks=n_weeks)
    _notes_to_stderr(result)
    paths = write_handouts(
        result,
        booklet,
        book,
        clinician=clinician_copy,
        fmt=fmt,
        large_print=large_print,
        paper=paper,  # type: ignore[arg-type]
        clinic=clinic,
    )
    for path in paths:
        click.echo(str(path))


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError.single(f"cannot make the folder ({exc.strerror})", path=folder) from None


@cli.command()
@click.option(
    "-o",
    "--output",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(),
    help="the folder to write the demo's booklet and clinician's copy into (default: here)",
)
def demo(folder: Path) -> None:
    """Write osteoplan-demo-booklet.pdf and osteoplan-demo-clinician.pdf, the two documents
    of a fictional example patient."""
    from planner.profile.model import load_profile
    from planner.render.handout import load_clinic, write_handouts
    from planner.schedule.build import build_plan

    patient = load_profile(templates_dir() / "demo-profile.yaml")
    clinic = load_clinic(templates_dir() / "demo-clinic.yaml")
    _make_folder(folder)
    book = _load_rulebook(None)
    paths = write_handouts(
        build_plan(patient, book),
        folder / "osteoplan-demo-booklet.pdf",
        book,
        clinic=clinic,
        today=patient.assessed_on,
    )
    for path in paths:
        click.echo(str(path))


@cli.command("profile-template")
def profile_template() -> None:
    """Print an annotated example profile to fill in."""
    click.echo((templates_dir() / "profile-template.yaml").read_text(encoding="utf-8"), nl=False)


@cli.command()
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
@click.option("--rules", "rules_path", type=click.Path(path_type=Path), help="a rulebook folder")
def batch(
    patients: Path,
    out_dir: Path,
    jobs: int | None,
    resume: bool,
    large_print: bool,
    fmt: str,
    clinic: Path | None,
    rules_path: Path | None,
) -> None:
    """A booklet and a clinician's copy per row of PATIENTS (a CSV; see 'osteoplan
    batch-template'): OUT/<id>-booklet.pdf and OUT/<id>-clinician.pdf."""
    import time

    from planner.batch.run import run_batch

    total = _count_rows(patients)
    started = time.monotonic()

    def show_rate(done: int | None) -> str:
        return _rate(done or 0, started)

    # The rate is shown from the rows done, passed as the bar's current item: the bar draws
    # itself on entering, before any name for it exists.
    with click.progressbar(
        length=total or 0,
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
            fmt=fmt,  # type: ignore[arg-type]
            clinic=clinic,
            rules_path=rules_path,
            progress=lambda _row: bar.update(1, bar.pos + 1),
        )
    if report.code == 2:
        click.echo(f"error: {report.error}", err=True)
    else:
        click.echo(report.summary())
    sys.exit(report.code)


def _count_rows(path: Path) -> int | None:
    """Non-blank lines after the header (an estimate for the progress bar), streamed."""
    try:
        with path.open("rb") as f:
            return max(0, sum(1 for line in f if line.strip()) - 1)
    except OSError:
        return None


def _rate(done: int, started: float) -> str:
    import time

    seconds = time.monotonic() - started
    return f"{done / seconds:.1f} rows/s" if seconds > 0 and done else ""


@cli.command("batch-template")
def batch_template_command() -> None:
    """Print the batch CSV header with one example row."""
    from planner.profile.csvrows import batch_template

    click.echo(batch_template(), nl=False)
    click.echo(
        "note: one patient per row; dates are YYYY-MM-DD or DD/MM/YYYY (day first, always); "
        "separate several red_flags or equipment names with '|'",
        err=True,
    )


if __name__ == "__main__":  # pragma: no cover (python -m planner.cli)
    main()
