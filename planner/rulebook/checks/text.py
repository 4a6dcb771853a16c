"""The words an entry prints, split into clauses, and whether a negation governs a phrase."""

from __future__ import annotations

import re
from collections.abc import Iterator

from planner.rulebook.exercises import Exercise
from planner.yamlfile import Loc

_NEGATION = re.compile(r"\b(?:not|never|no|don't|without|instead\s+of|rather\s+than|avoid)\b", re.I)
_CLAUSE_END = re.compile(r"[.!?;:](?=\s|$)|[()]")


def printed_texts(ex: Exercise) -> Iterator[tuple[Loc, str]]:
    """The printed words of an entry: each step, the support and the safety cue."""
    for i, step in enumerate(ex.instructions):
        yield ("instructions", i), step
    if ex.support:
        yield ("support",), ex.support
    if ex.safety_cue:
        yield ("safety_cue",), ex.safety_cue


def clauses(text: str) -> list[str]:
    """Sentences and semicolon clauses, each parenthesis its own clause."""
    return [c.strip() for c in _CLAUSE_END.split(text) if c.strip()]


def negated(clause: str, start: int) -> bool:
    """Whether a negation stands within the six words before ``start``."""
    return bool(_NEGATION.search(" ".join(clause[:start].split()[-6:])))
