"""Rule file mappings: told apart by exactly one key, unknown keys refused, never changed."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import Field, ValidationError

from planner.rulebook.nodes import Node, tag_by_key

KEYS = {"exclude": "~exclude", "not": "~not", "cap": "~cap"}


class Negation(Node):
    not_: int = Field(alias="not")


class Capped(Node):
    cap: int
    when: int | None = None


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ({"exclude": 1}, "~exclude"),
        ({"cap": 1, "when": 2}, "~cap"),  # other keys do not count
        ({"exclude": 1, "cap": 2}, None),  # two keys: no tag, so the union refuses it
        ({"when": 2}, None),
        ({}, None),
        ("exclude", None),
        (["exclude"], None),
        (None, None),
    ],
)
def test_a_mapping_is_tagged_by_its_one_known_key(value: Any, tag: str | None) -> None:
    assert tag_by_key(value, KEYS) == tag


def test_a_parsed_node_is_tagged_by_its_fields_or_their_aliases() -> None:
    assert tag_by_key(Capped(cap=1), KEYS) == "~cap"
    assert tag_by_key(Negation.model_validate({"not": 1}), KEYS) == "~not"
    assert tag_by_key(Capped(cap=1), {"exclude": "~exclude"}) is None


def test_a_node_refuses_unknown_keys() -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Capped.model_validate({"cap": 1, "cpa": 2})


def test_a_node_never_changes_once_parsed() -> None:
    node = Capped(cap=1)
    with pytest.raises(ValidationError, match="Instance is frozen"):
        node.cap = 2
    assert node.cap == 1
