"""The one exception tree of osteoplan.

::

    PlannerError                 anything osteoplan raises on purpose (exit code 1)
     └── UserError               bad input a user can fix: shown without a traceback (exit code 2)
          ├── SourceError        an input file, CLI flag set or CSV row that cannot be read or does
          │    │                 not validate; each problem names its file and line, row, field
          │    ├── ProfileError       a profile that does not validate
          │    ├── RulebookError      a rule, exercise, source or warning file that does not load
          │    └── BatchInputError    a batch CSV that cannot be read at all (header, encoding)
          └── OutputError        an output path that cannot be written or would escape its folder

A user error holds a list of :class:`Problem`, each with structured fields (``path``, ``line``,
``field``, ``row``, ``suggestion``), so callers can show them their own way; ``str(error)`` is the
full message for a terminal. A "did you mean" hint lives only in ``Problem.suggestion`` and is
written out by ``str(problem)``. Messages name *where* the problem is and *how* to fix it, and
never contain patient text.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self


def suggest(name: str, choices: Iterable[str]) -> str | None:
    """The closest valid name to ``name``, for a "did you mean" hint."""
    matches = difflib.get_close_matches(name, sorted(set(choices)), n=1, cutoff=0.6)
    return matches[0] if matches else None


@dataclass
class Problem:
    """One thing wrong with an input, located as precisely as it can be."""

    message: str
    path: Path | str | None = None
    line: int | None = None
    field: str | None = None
    row: int | None = None
    suggestion: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
        if self.row is not None:
            where += f" row {self.row}" if where else f"row {self.row}"
        parts = [f"{where}: " if where else ""]
        if self.field:
            parts.append(f"{self.field}: ")
        parts.append(self.message)
        if self.suggestion:
            parts.append(f" (did you mean '{self.suggestion}'?)")
        return "".join(parts)


class PlannerError(Exception):
    """Base class of every error osteoplan raises on purpose."""

    exit_code = 1


@dataclass(eq=False)
class UserError(PlannerError):
    """Input the user can fix; the CLI shows ``str(error)`` with no traceback.

    ``args`` holds the problems, so the error pickles and reads like any exception.
    """

    problems: list[Problem] = field(default_factory=list)
    summary: str = ""
    exit_code = 2

    def __post_init__(self) -> None:
        super().__init__(*self.problems)

    @classmethod
    def single(cls, message: str, **where: Any) -> Self:
        """An error of one problem: ``OutputError.single("cannot write", path=target)``."""
        return cls(problems=[Problem(message, **where)])

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.problems, self.summary))

    def __str__(self) -> str:
        lines = [self.summary] if self.summary else []
        lines += [str(p) for p in self.problems]
        return "\n".join(lines)


class SourceError(UserError):
    """Input that cannot be read or does not validate: a file, a set of flags or a CSV row."""


class ProfileError(SourceError):
    """A patient profile that does not validate."""


class RulebookError(SourceError):
    """A rulebook folder whose files do not load or do not agree with each other."""


class BatchInputError(SourceError):
    """A batch CSV that cannot be processed at all (as opposed to one bad row)."""


class OutputError(UserError):
    """An output path that cannot be used."""


@dataclass(frozen=True)
class Refusal:
    """One adjustment the rules do not allow: which, the rule that forbids it, and why."""

    kind: str  # drop, swap, add, hold, rest_days, minutes_per_day
    exercise: str | None
    rule: str | None
    reason: str

    def __str__(self) -> str:
        what = f"{self.kind} {self.exercise}" if self.exercise else self.kind
        by = f" ({self.rule})" if self.rule else ""
        return f"{what}: {self.reason}{by}"


@dataclass(eq=False)
class AdjustmentRefused(UserError):
    """Adjustments that would break a rule: each refusal names the exercise, rule and reason."""

    refusals: list[Refusal] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.problems:
            self.problems = [Problem(str(r)) for r in self.refusals]
        if not self.summary:
            self.summary = "The rules do not allow these adjustments:"
        super().__post_init__()

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.problems, self.summary, self.refusals))
