"""The error tree, and problems read from files and validation errors with their hints."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import pytest
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    field_validator,
)

from planner.errors import (
    BatchInputError,
    OutputError,
    PlannerError,
    Problem,
    ProfileError,
    RulebookError,
    SourceError,
    UserError,
)
from planner.yamlfile import hinted_error, parse_yaml_text, read_source, validation_problems


def test_every_input_error_is_a_source_error_and_a_user_error() -> None:
    for kind in (ProfileError, RulebookError, BatchInputError):
        assert issubclass(kind, SourceError) and kind.exit_code == 2
    assert issubclass(SourceError, UserError) and issubclass(OutputError, UserError)
    assert issubclass(UserError, PlannerError) and PlannerError.exit_code == 1


def test_a_user_error_survives_pickling() -> None:
    error = ProfileError(problems=[Problem("is required", field="age", row=3)], summary="Bad:")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is ProfileError and copy.problems == error.problems
    assert str(copy) == str(error) == "Bad:\nrow 3: age: is required"


def test_a_hint_is_printed_by_the_problem_only() -> None:
    problem = Problem("unknown column 'agee'", row=1, suggestion="age")
    assert problem.message == "unknown column 'agee'"
    assert str(problem) == "row 1: unknown column 'agee' (did you mean 'age'?)"


def test_unreadable_files_raise_the_error_asked_for(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as err:
        read_source(tmp_path / "none.yaml")
    assert str(err.value) == f"{tmp_path / 'none.yaml'}: file not found"
    (tmp_path / "dup.yaml").write_text("a: 1\na: 2\n")
    with pytest.raises(RulebookError) as err:
        read_source(tmp_path / "dup.yaml", RulebookError)
    (problem,) = err.value.problems
    assert (problem.line, problem.message[:24]) == (2, "key 'a' appears twice (f")
    with pytest.raises(SourceError, match="not valid YAML or JSON"):
        parse_yaml_text("a: [1, 2\n", "x.yaml")


class _Fact(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fact: str
    site: Literal["vertebral", "hip", "wrist"] = "hip"

    @field_validator("fact")
    @classmethod
    def _known(cls, fact: str) -> str:
        if fact != "fall_risk":
            raise hinted_error(f"unknown fact '{fact}'", "fall_risk")
        return fact


class _Not(BaseModel):
    model_config = ConfigDict(extra="forbid")
    not_: _Fact = Field(alias="not")


def _tag(value: Any) -> str | None:
    if isinstance(value, dict):
        return next((f"~{k}" for k in ("fact", "not") if k in value), None)
    return None


_Condition = Annotated[
    Union[Annotated[_Fact, Tag("~fact")], Annotated[_Not, Tag("~not")]],  # noqa: UP007
    Discriminator(_tag, custom_error_type="condition", custom_error_message="one of: fact, not"),
]


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    when: list[_Condition]


def _problems(data: Any) -> list[Problem]:
    doc = parse_yaml_text(json.dumps(data), "r.yaml")
    with pytest.raises(ValidationError) as err:
        _Rule.model_validate(doc.data)
    return validation_problems(err.value, doc, model=_Rule)


@pytest.mark.parametrize(
    ("when", "field", "message", "hint"),
    [
        ({"fact": "fall_risks"}, "when[0].fact", "unknown fact 'fall_risks'", "fall_risk"),
        ({"fact": "fall_risk", "site": "hipp"}, "when[0].site", "input should be", "hip"),
        ({"fact": "fall_risk", "sites": "hip"}, "when[0].sites", "unknown field", "site"),
        ({"fakt": {"fact": "fall_risk"}}, "when[0]", "one of: fact, not", "fact"),
        ({"not": {"fact": "falls"}}, "when[0].not.fact", "unknown fact 'falls'", "fall_risk"),
        ({"not": {"fact": "fall_risk", "sit": "hip"}}, "when[0].not.sit", "unknown field", "site"),
    ],
)
def test_hints_come_from_the_models(when: Any, field: str, message: str, hint: str) -> None:
    (problem,) = _problems({"when": [when]})
    assert (problem.field, problem.suggestion) == (field, hint)
    assert problem.message.startswith(message) and "did you mean" not in problem.message
    assert (problem.path, problem.line) == ("r.yaml", 1)
