"""The library, as the pages call it: one rulebook per process, profiles validated against its
equipment, and plans made once per distinct profile (a plan takes tens of milliseconds; a
page and its preview ask for the same one again and again)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from planner.build import build_plan
from planner.plan import Plan
from planner.profile.model import EquipmentNames, Profile, profile_from_data
from planner.rulebook import Rulebook

#: Plans kept in memory (each about half a megabyte).
PLAN_CACHE = 32


class Planner:
    """Validates profiles and makes plans with one loaded rulebook."""

    def __init__(self, book: Rulebook) -> None:
        self.book = book
        self.equipment = EquipmentNames(book.household, book.vocabulary)
        self._plans: OrderedDict[str, Plan] = OrderedDict()
        self._lock = threading.Lock()

    def profile(self, data: dict[str, Any]) -> Profile:
        """A profile from form or file data.

        Raises:
            ProfileError: each problem naming its field, with a did-you-mean.
        """
        return profile_from_data(data, equipment=self.equipment)

    def plan(self, profile: Profile) -> Plan:
        """The plan for ``profile`` (made once, then remembered)."""
        key = profile.model_dump_json()
        with self._lock:
            found = self._plans.get(key)
            if found is not None:
                self._plans.move_to_end(key)
                return found
        made = build_plan(profile, self.book)
        with self._lock:
            self._plans[key] = made
            if len(self._plans) > PLAN_CACHE:
                self._plans.popitem(last=False)
        return made
