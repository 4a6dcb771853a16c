"""Checks that keep the exercise library honest: its tags, position, dose and equipment against
the picture it is drawn with and the words the handout prints.

The rule engine protects a patient only through the library's data: a rule leaves out every
``hip_flex_gt90`` entry, or every ``standing_free`` one, so an entry whose picture or steps do
more than its tags, position or dose say escapes the rule written for it (library-corrections.md
sections 2 and 5; guidance.md 10.0 item 11 (5)). Each check is a pure function over one entry and
returns :class:`Finding` records naming ``file:line``. ``osteoplan rules check`` and the tests run
them; building a plan never does, so loading a rulebook costs no more than before.

Do-not-prescribe entries are skipped: the engine never plans them and no handout prints them.
"""

from planner.rulebook.checks.entries import Finding, Library, read_library
from planner.rulebook.checks.run import check_library, findings_error

__all__ = ["Finding", "Library", "check_library", "findings_error", "read_library"]
