"""Stage 2, the rules: conditions, exercise matches, effects, the exercise library, loading a
rulebook folder and checking it."""

from planner.rulebook.book import Rulebook
from planner.rulebook.load import load_rulebook

__all__ = ["Rulebook", "load_rulebook"]
