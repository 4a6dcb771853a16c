"""``osteoplan handout`` and ``osteoplan demo``: a patient's booklet and the clinician's copy."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, cast

import click

from planner.commands.options import load_book, profile_options, resolve_profile, weeks_option
from planner.commands.plan import notes_to_stderr
from planner.errors import OutputError, UserError
from planner.resources import templates_dir


@click.command()
@profile_options
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(),
    help="the patient's booklet to write: FILE.pdf, or FILE.html for HTML; or a folder, to write "
    "<id>-booklet.pdf and <id>-clinician.pdf into it",
)
@click.option(
    "--clinician-copy",
    type=click.Path(dir_okay=False, path_type=Path),
    help="where to write the clinician's copy (default: beside the booklet, its name with "
    "-clinician)",
)
@click.option(
    "--html",
    "as_html",
    is_flag=True,
    help="write self-contained HTML files (the default for a booklet named .html)",
)
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
    help="a YAML file with the clinic's name, clinician, phone, address and presets",
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
    from planner.build import build_plan
    from planner.render.clinic import load_clinic
    from planner.render.documents import write_handouts

    patient = resolve_profile(profile, values)
    clinic = load_clinic(clinic_path) if clinic_path is not None else None
    book = load_book(rules_path)
    booklet = Path(output)
    folder = output.endswith(("/", "\\")) or booklet.is_dir()
    fmt = output_format(None if folder else booklet, clinician_copy, as_html=as_html)
    if folder:
        from planner.batch.outputs import safe_name

        make_folder(booklet)
        stem = safe_name(patient.id or (profile.stem if profile else "osteoplan"), 0)
        if clinician_copy is None:
            clinician_copy = booklet / f"{stem}-clinician.{fmt}"
        booklet = booklet / f"{stem}-booklet.{fmt}"
    presets = clinic.presets if clinic is not None else None
    result = build_plan(patient, book, weeks=n_weeks, presets=presets)
    notes_to_stderr(result)
    paths = write_handouts(
        result,
        booklet,
        book,
        clinician=clinician_copy,
        fmt=fmt,
        large_print=large_print,
        paper=cast(Literal["a4", "letter"], paper),
        clinic=clinic,
    )
    for path in paths:
        click.echo(str(path))


#: The file name endings of each format a handout is written in.
SUFFIXES: dict[str, Literal["pdf", "html"]] = {".pdf": "pdf", ".html": "html", ".htm": "html"}


def output_format(
    booklet: Path | None, clinician: Path | None, *, as_html: bool
) -> Literal["pdf", "html"]:
    """The format to write: HTML with ``--html`` or a booklet named ``.html``, else PDF. A file
    name that says another format than the one asked for is refused, never written."""
    named = {path: SUFFIXES.get(path.suffix.lower()) for path in (booklet, clinician) if path}
    for path, kind in named.items():
        if kind is None and path.suffix:
            raise UserError.single(
                f"{path.name}: a handout is written as PDF (.pdf) or HTML (.html); "
                f"'{path.suffix}' names neither"
            )
    fmt: Literal["pdf", "html"] = (
        "html" if as_html or (booklet is not None and named[booklet] == "html") else "pdf"
    )
    for path, kind in named.items():
        if kind is not None and kind != fmt:
            if as_html:
                fix = "--html asks for HTML: name it .html, or leave out --html"
            else:
                fix = f"the booklet is {fmt.upper()}: name both files .{fmt}"
            raise UserError.single(f"{path.name} names a {kind.upper()} file, but {fix}")
    return fmt


def make_folder(folder: Path) -> None:
    """Make ``folder`` (and its parents) to write into."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError.single(f"cannot make the folder ({exc.strerror})", path=folder) from None


#: Where ``osteoplan demo`` writes without ``-o``: a folder of its own (ignored by git).
DEMO_FOLDER = "osteoplan-demo"


@click.command()
@click.option(
    "-o",
    "--output",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(DEMO_FOLDER),
    show_default=True,
    help="the folder to write the demo's booklet and clinician's copy into",
)
def demo(folder: Path) -> None:
    """Write osteoplan-demo-booklet.pdf and osteoplan-demo-clinician.pdf, the two documents
    of a fictional example patient, into the folder osteoplan-demo (or -o DIR)."""
    from planner.build import build_plan
    from planner.profile.model import load_profile
    from planner.render.clinic import load_clinic
    from planner.render.documents import write_handouts

    patient = load_profile(templates_dir() / "demo-profile.yaml")
    clinic = load_clinic(templates_dir() / "demo-clinic.yaml")
    make_folder(folder)
    book = load_book(None)
    paths = write_handouts(
        build_plan(patient, book),
        folder / "osteoplan-demo-booklet.pdf",
        book,
        clinic=clinic,
        today=patient.assessed_on,
    )
    for path in paths:
        click.echo(str(path))
