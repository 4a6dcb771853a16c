"""Who gave the handout: the clinic printed on the cover and in the page footer."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from planner.errors import UserError
from planner.profile.adjust import Adjustments, PresetName
from planner.yamlfile import read_source, validation_problems

_Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class Clinic(BaseModel):
    """Who gave the handout: printed on the cover and in the page footer."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: _Line | None = None
    clinician: _Line | None = None
    phone: Annotated[str, StringConstraints(strip_whitespace=True, max_length=60)] | None = None
    address: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] | None = None
    presets: dict[PresetName, Adjustments] = Field(
        default_factory=dict,
        max_length=100,
        description="named sets of adjustments a profile applies with 'preset: NAME'",
    )

    @field_validator("phone", mode="before")
    @classmethod
    def _phone_is_text(cls, value: Any) -> Any:
        if isinstance(value, int | float):
            raise ValueError('write the phone number in quotes, e.g. phone: "0161 555 0123"')
        return value


def load_clinic(path: Path | str) -> Clinic:
    """Read a clinic file (YAML or JSON); problems name the file, line and field."""
    doc = read_source(Path(path))
    if not isinstance(doc.data, dict):
        raise UserError.single(
            "a clinic file is a mapping of name, clinician, phone, address and presets",
            path=doc.path,
        )
    try:
        return Clinic.model_validate(doc.data)
    except ValidationError as exc:
        raise UserError(
            problems=validation_problems(exc, doc, model=Clinic),
            summary="The clinic file is not valid:",
        ) from None
