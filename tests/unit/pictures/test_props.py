"""The prop table: every kind is drawn by a drawer, as a surface, or with the chair."""

from __future__ import annotations

from typing import get_args

from planner.pictures.ground import SURFACE_KINDS
from planner.pictures.pose import PropKind
from planner.pictures.props import DRAWERS, FRONT_DRAWERS


def test_every_prop_kind_is_drawn() -> None:
    kinds = set(get_args(PropKind))
    drawn = set(DRAWERS) | SURFACE_KINDS | {"cushion"}  # a cushion is drawn on the chair
    assert drawn == kinds, f"no drawer for {sorted(kinds - drawn)}"


def test_front_views_change_only_drawn_kinds() -> None:
    assert set(FRONT_DRAWERS) <= set(DRAWERS)
