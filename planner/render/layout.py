"""The two documents of a plan: their sections in order, the page breaks between them, their
titles, and the paper sizes they are printed on.

- the **booklet** the patient takes home: the cover (name, dates, clinic, any note, the week at
  a glance), one card per exercise, "Never do these" and "Stop and get help if", how the plan
  builds up, and the log to bring back;
- the **clinician's copy**: the profile, the falls-risk grade and its reasons, the rules fired
  with their sources, every exclusion with its reason, what could not be met, supervision, the
  rule set's version and sha256, then the sources. It is never given to the patient.
"""

from __future__ import annotations

from typing import Any, Literal

Paper = Literal["a4", "letter"]
PAGE_SIZES: dict[str, str] = {"a4": "A4", "letter": "letter"}
Document = Literal["booklet", "clinician"]
#: The two documents of a plan: their sections in order (templates in ``templates/sections/``),
#: grouped by the page break that starts each group (the safety advice and how the plan builds
#: up follow the last exercise card; the log the patient brings back has pages of its own).
GROUPS: dict[str, tuple[tuple[str, ...], ...]] = {
    "booklet": (("cover",), ("exercises", "safety", "build-up"), ("log",)),
    "clinician": (("clinician",), ("sources",)),
}
SECTIONS = {doc: tuple(n for group in groups for n in group) for doc, groups in GROUPS.items()}
#: Each document's title (PDF metadata, outline, page footers).
TITLES = {"booklet": "Your exercise plan", "clinician": "Clinician's copy, not for the patient"}
#: The sections that print the patient's own details: typeset for each patient, never shared.
PERSONAL_SECTIONS = frozenset({"cover", "clinician"})


def parts(context: dict[str, Any], document: Document = "booklet") -> list[tuple[str, ...]]:
    """A document's sections in reading order, grouped by the page break that starts each group
    (a stopped plan's safety advice follows its cover on the same page)."""
    if document == "booklet" and context["stopped"]:
        return [("cover", "safety")]
    return list(GROUPS[document])


def in_large_print(document: Document, large_print: bool) -> bool:
    """Whether ``document`` is printed large: only the booklet is (the clinician's copy is
    reference material, the same in large print)."""
    return large_print and document == "booklet"
