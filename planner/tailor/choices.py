"""What a physiotherapist may choose from, for a form that offers only what the rules allow:
the exercises that could be added, and each planned exercise's alternatives for a swap."""

from __future__ import annotations

from dataclasses import dataclass

from planner.engine import decide
from planner.profile.model import Profile
from planner.rulebook import Rulebook
from planner.schedule.scheduler import schedule
from planner.tailor.guard import refusals


@dataclass(frozen=True)
class Choices:
    """The exercises the rules let this patient add, and the swaps for each planned one."""

    addable: tuple[str, ...]  # library order, not in the plan
    swaps: dict[str, tuple[str, ...]]  # planned slug -> same-kind alternatives, library order


def choices(profile: Profile, rulebook: Rulebook) -> Choices:
    """Every addition and swap the rules, the equipment and the supervision allow for the
    profile's plan without its adjustments (each is checked again when made)."""
    bare = profile.model_copy(update={"adjust": type(profile.adjust)()})
    decisions = decide(bare, rulebook)
    base = schedule(bare, decisions, rulebook)
    planned = {ex.slug for ex in base.chosen}

    def allowed(slug: str) -> bool:
        trial = bare.model_copy(
            update={"adjust": type(profile.adjust).model_validate({"add": [slug]})}
        )
        return not refusals(trial, decisions, rulebook, base)

    open_slugs = [s for s in rulebook.exercises if s not in planned and allowed(s)]
    kind = {s: ex.component for s, ex in rulebook.exercises.items()}
    return Choices(
        addable=tuple(open_slugs),
        swaps={
            slug: tuple(s for s in open_slugs if kind[s] == kind[slug])
            for slug in (ex.slug for ex in base.chosen)
        },
    )
