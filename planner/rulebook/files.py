"""The rulebook's other files: the exercise files, warnings, sources, equipment and ruleset info.

Rule files are :mod:`planner.rulebook.rules`; pictures are ``poses.yaml``
(:mod:`planner.pictures`).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from planner.rulebook.exercises import Exercise
from planner.rulebook.nodes import Node

WarningCode = Annotated[str, Field(pattern=r"^W_[A-Z0-9_]+$")]


class ExerciseFile(Node):
    """One file of ``exercises/``: the library entries it lists."""

    exercises: list[Exercise]


class WarningText(Node):
    """A warning code's wording for the handout."""

    title: str
    text: str = Field(description="what the patient reads, in plain words")
    kind: Literal["stop", "advice"] = Field(
        description="stop: a 'stop and get help if' item; advice: everything else"
    )
    sources: list[str] = Field(min_length=1)


class WarningFile(Node):
    """``warnings.yaml``: warning code -> handout wording."""

    warnings: dict[WarningCode, WarningText]


class Source(Node):
    """One bibliography entry: the publication itself, never a copy of it on another site.

    ``authors`` may be an organisation (a guideline or patient page cited as that organisation's
    own); ``published_in`` is the journal, or the publisher or owner of the site; ``year`` must be
    given, ``null`` meaning the publication is undated. ``details`` holds volume(issue):pages, an
    article number or a date; ``note`` the part relied on (a table, a recommendation) or a
    companion document. ``citation`` prints it all in a Vancouver-like style::

        Authors. Title. Journal. Year;details. Note. doi:... PMID: ... Available from: url
    """

    authors: str = Field(pattern=r"\S")
    title: str = Field(pattern=r"\S")
    published_in: str = Field(pattern=r"\S", description="journal, or publisher / site owner")
    year: int | None = Field(ge=1900, le=2100, description="null when the publication is undated")
    details: str | None = Field(None, pattern=r"\S", description="volume(issue):pages, article no.")
    doi: str | None = Field(None, pattern=r"^10\.\d{4,9}/\S+$", description="without doi.org/")
    pmid: int | None = Field(None, ge=1, le=999_999_999)
    url: str | None = Field(None, pattern=r"^https?://\S+$", description="the publisher's own page")
    note: str | None = Field(None, pattern=r"\S")
    tier: Literal["guideline", "trial", "protocol", "patient-information", "seed", "other"]

    def citation_parts(self) -> list[tuple[str, str]]:
        """The citation piece by piece, as (field, text) pairs in print order."""

        def sentence(text: str) -> str:
            text = text.strip()
            ends_in_address = text.split()[-1].startswith(("http://", "https://"))
            return text if ends_in_address or text[-1] in ".?!" else text + "."

        when = "Undated" if self.year is None else str(self.year)
        if self.details:
            when += f";{self.details}" if self.year is not None else f"; {self.details}"
        parts = [("authors", sentence(self.authors)), ("title", sentence(self.title))]
        if self.published_in.strip().rstrip(".") != self.authors.strip().rstrip("."):
            parts.append(("published_in", sentence(self.published_in)))
        parts.append(("year", sentence(when)))
        if self.note:
            parts.append(("note", sentence(self.note)))
        if self.doi:
            parts.append(("doi", f"doi:{self.doi}."))
        if self.pmid is not None:
            parts.append(("pmid", f"PMID: {self.pmid}."))
        if self.url:
            parts.append(("url", f"Available from: {self.url}"))
        return parts

    @property
    def citation(self) -> str:
        """The whole entry as one line of text."""
        return " ".join(text for _, text in self.citation_parts())


class SourceFile(Node):
    """``sources.yaml``: the bibliography, key -> entry."""

    sources: dict[str, Source]


class EquipmentFile(Node):
    """``equipment.yaml``: the equipment vocabulary, the household default and plain labels."""

    household: list[str]
    on_request: list[str]
    labels: dict[str, str]

    @model_validator(mode="after")
    def _labels_complete(self) -> EquipmentFile:
        names = set(self.household) | set(self.on_request)
        missing = sorted(names - set(self.labels))
        extra = sorted(set(self.labels) - names)
        if missing or extra:
            raise ValueError(
                f"labels must cover exactly the vocabulary: missing {missing}, extra {extra}"
            )
        return self


class RulesetInfo(Node):
    """``ruleset.yaml``: the rule set's name and version."""

    name: str
    version: str
    description: str | None = None
