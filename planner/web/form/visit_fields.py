"""The building blocks of the review visit form: one input, and a fieldset of inputs."""

from __future__ import annotations

from dataclasses import dataclass

from planner.web.form.layout import Option, Widget

YES_NO = (Option("yes", "Yes"), Option("no", "No"))


@dataclass(frozen=True)
class VisitField:
    """One input of the visit form (shaped like the assessment form's fields, so the same
    template macro draws it)."""

    name: str
    label: str
    widget: Widget
    help: str = ""
    options: tuple[Option, ...] = ()
    blank: str | None = None
    decimal: bool = False
    required: bool = False

    def input_name(self, index: int | None = None) -> str:
        return self.name

    def input_id(self, index: int | None = None) -> str:
        return "v-" + self.name


@dataclass(frozen=True)
class Part:
    """A fieldset of the form: a title, its fields, and a line of help."""

    title: str
    fields: tuple[VisitField, ...]
    help: str = ""
    anchor: str = ""
    #: What the error summary calls it, when the title is long.
    short: str = ""
