"""The rule file format: a rule is a condition, its effects, a rationale and its sources.

::

    rules:
      - id: R-WR-1
        title: Wrist fracture under 6 weeks or in a cast
        when: {any: [{fracture: {site: [wrist], weeks_under: 6}}, ...]}
        then:
          - exclude: {tag: [wrist_wb, upper_limb_wb, hand_load]}
            never_do: No weight through your injured wrist until your fracture clinic says so.
          - cap: {impact: low}
          - require: {days: 5, match: {slug: [finger_and_wrist_rom]}, label: finger exercises}
          - warn: W_CAST_CARE
          - warn: W_SURGEON_CLEARANCE
            when: {fracture: {site: [wrist], treatment: [fixation]}}
        rationale: ...
        sources: [NHS-wrist, ROS-wrist]

Each effect is a mapping recognised by its key (exclude, cap, require, warn, suppress_warnings,
supervision, suspend_requirements, stop_programme) and may carry its own ``when``.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from planner.rulebook.conditions import Condition
from planner.rulebook.effects import Effect
from planner.rulebook.nodes import Node

RuleId = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")]


class Rule(Node):
    """One clinical rule: when its condition holds, its effects apply."""

    id: RuleId
    title: str
    when: Condition | None = Field(None, description="omit for a rule that always applies")
    then: list[Effect] = Field(min_length=1)
    rationale: str
    sources: list[str] = Field(min_length=1, description="keys of rules/sources.yaml")
    notes: str | None = None


class RuleFile(Node):
    """A rule file: ``rules: [...]``."""

    rules: list[Rule] = Field(min_length=1)
