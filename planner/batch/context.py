"""What a batch worker holds while it works through rows: the run's settings (sent once to each
worker), the rulebook, the shared cache of PDF parts and the plans made so far, and what the
work for one row (planning a profile row, or reviewing a visit row) hands back: the plan to
write and the files it goes into."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from planner.errors import UserError

if TYPE_CHECKING:
    from planner.plan import Plan
    from planner.render.clinic import Clinic
    from planner.render.typeset import PartCache
    from planner.rulebook import Rulebook


@dataclass(frozen=True)
class ReviewInputs:
    """Where a review day's rows find their files: each patient's last plan, their logs and
    the visit files a row may name (the visits CSV's folder unless given)."""

    prescriptions: Path
    logs: Path | None = None
    visits: Path | None = None

    def check(self) -> None:
        """Raises:
        UserError: a folder that does not exist (nothing is processed then)."""
        for what, folder in (
            ("prescriptions", self.prescriptions),
            ("logs", self.logs),
            ("visit files", self.visits),
        ):
            if folder is not None and not folder.is_dir():
                raise UserError.single(
                    f"the {what} folder does not exist (nothing was processed)", path=folder
                )


@dataclass(frozen=True)
class Settings:
    """What every row of one batch shares; sent once to each worker. ``review`` is set for a
    review day (rows are visits), None for a batch of profiles."""

    rules_path: Path | None
    out_dir: Path
    fmt: str
    large_print: bool
    clinic: Clinic | None
    parts_dir: Path | None
    today: dt.date
    review: ReviewInputs | None = None


@dataclass
class WorkerState:
    """One worker process's settings, rulebook, part cache and plans (by their facts)."""

    settings: Settings
    book: Rulebook
    parts: PartCache
    plans: dict[str, Plan] = field(default_factory=dict)
    allowed: frozenset[str] | None = None

    def handouts(self, plan: Plan) -> list[bytes]:
        """The plan's booklet and clinician's copy, in the run's format and print size."""
        from planner.render.documents import handout_documents

        settings = self.settings
        documents = handout_documents(
            plan,
            self.book,
            fmt="html" if settings.fmt == "html" else "pdf",
            large_print=settings.large_print,
            clinic=settings.clinic,
            today=settings.today,
            cache=self.parts,
        )
        return [documents["booklet"], documents["clinician"]]


@dataclass(frozen=True)
class Made:
    """What one row's work hands back: the plan (its facts fill the manifest row), the files
    it goes into and how to make their contents (called only when they are written)."""

    plan: Plan
    targets: tuple[Path, ...]
    contents: Callable[[], list[bytes]]
    #: Rule ids the manifest adds to the plan's (a review's own rules).
    more_rules: tuple[str, ...] = ()
