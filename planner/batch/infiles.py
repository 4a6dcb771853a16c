"""The files a batch row names (a patient's log, a visit file, a prescription): each must be a
file inside the folder the run was given for it. An absolute name, a ``..``, or a link that
leads out of the folder is refused, so a CSV cannot make a run read anything else. Problems
name the row and the column, never the name written in the cell."""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

from planner.errors import Problem, SourceError, UserError


def file_in(folder: Path, name: str, *, row: int, column: str, what: str) -> Path:
    """``folder/name``, checked to be a file inside ``folder``; ``what`` names the folder in a
    message (``the logs folder``).

    Raises:
        SourceError: the name leaves the folder, or no such file is there.
    """

    def refuse(message: str) -> SourceError:
        return SourceError(problems=[Problem(message, row=row, field=column)])

    posix, windows = PurePosixPath(name), PureWindowsPath(name)
    if posix.is_absolute() or windows.is_absolute() or windows.drive or name.startswith("~"):
        raise refuse(f"must be a file name inside {what}, not an absolute path")
    if ".." in posix.parts or ".." in windows.parts:
        raise refuse(f"must be a file name inside {what} (no .. in it)")
    try:
        base = folder.resolve(strict=True)
        target = (base / name).resolve()
    except (OSError, RuntimeError):  # a loop of links, or the folder gone
        raise refuse(f"cannot be found in {what}") from None
    if base not in target.parents:
        raise refuse(f"leads outside {what} (a link to elsewhere is not followed)")
    if not target.is_file():
        raise refuse(f"no such file in {what}")
    return target


def located(exc: UserError, *, row: int, column: str, what: str) -> SourceError:
    """A file's problems as the row's: ``row 3: log: line 5: date: ...`` (the file is named
    by ``what``, never by its path)."""
    problems = []
    for problem in exc.problems:
        where = f"line {problem.line}: " if problem.line is not None else ""
        field = f"{problem.field}: " if problem.field else ""
        problems.append(
            Problem(
                f"{what}: {where}{field}{problem.message}",
                row=row,
                field=column,
                suggestion=problem.suggestion,
            )
        )
    return SourceError(problems=problems, summary=exc.summary)
