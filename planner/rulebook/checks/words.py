"""The words against the position and the floor tag: a hand kept on the support, and no
getting down to the floor without ``floor_transfer``."""

from __future__ import annotations

import re
from typing import Final

from planner.rulebook.checks.entries import Entry, Finding, Library
from planner.rulebook.checks.text import clauses, negated, printed_texts
from planner.yamlfile import Loc, loc_text

_SUPPORT = r"(?:kitchen\s+)?(?:counter|support|rail|handrail|worktop|table|wall)"
#: Wording that takes the hand off the support, against ``standing_support`` ("one or both hands
#: on a stable support throughout", exercises.md).
OFF_SUPPORT: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    (re.compile(r"\blet(?:s|ting)?\s+go\b", re.I), "tells the patient to let go of the support"),
    (
        re.compile(rf"\b(?:just|slightly|a little)\s+above\s+(?:the|your|a)\s+{_SUPPORT}\b", re.I),
        "puts the hand above the support, not on it",
    ),
    (re.compile(r"\bhover", re.I), "puts the hand above the support, not on it"),
    (
        re.compile(rf"\bnear\s+(?:a|the|your)\s+{_SUPPORT}\b", re.I),
        "stands near the support instead of holding it",
    ),
    (re.compile(r"\bready\s+to\s+(?:hold|grab|take\s+hold)\b", re.I), "holds on only if needed"),
)
#: Words that put the person (not a foot) on the floor, against ``floor_transfer: false``.
FLOOR: Final = re.compile(
    r"\bmats?\b|\b(?:on|onto|down\s+to|down\s+on|down\s+onto)\s+the\s+floor\b"
    r"|\bget(?:ting)?\s+down\b[^.;]*?\bfloor\b",
    re.I,
)
_FOOT_BEFORE = re.compile(r"\b(?:foot|feet|heels?|toes?|soles?|stand|standing)\b", re.I)
_MAT_ON_BED = re.compile(
    r"^mats?\b(?:\s+\S+){0,3}?\s+on\s+(?:top\s+of\s+)?(?:the|your|a)\s+bed\b", re.I
)
_CLINICIAN_SAYS = re.compile(
    r"\b(?:only\s+(?:if|when|once|after)|unless)\s+(?:your|a|the)\s+"
    r"(?:physiotherapist|physio|therapist|instructor|doctor|surgeon)\b",
    re.I,
)


def check_support_words(entry: Entry) -> list[Finding]:
    """Steps, support and cue of a ``standing_support`` entry must keep a hand on the support.

    "let go", "just above the counter", "near a counter", "hover", "ready to hold" contradict it,
    unless negated ("do not let go") or left to a clinician ("let go only if your
    physiotherapist has said you may", "unless your physiotherapist has said you may let go").
    """
    if entry.exercise.position != "standing_support":
        return []
    out: list[Finding] = []
    for keys, text in printed_texts(entry.exercise):
        for clause in clauses(text):
            if _CLINICIAN_SAYS.search(clause):
                continue
            for pattern, meaning in OFF_SUPPORT:
                for m in pattern.finditer(clause):
                    if not negated(clause, m.start()):
                        out.append(
                            entry.finding(
                                keys,
                                f'says "{m.group(0)}", which {meaning}, but position '
                                "standing_support means a hand on the support throughout; keep "
                                "a hand on it, or make the position standing_free",
                            )
                        )
    return out


def check_floor_words(entry: Entry) -> list[Finding]:
    """An entry without ``floor_transfer`` must not put the person on the floor.

    A mat, "on the floor" or "get down to the floor" in a step, the support or the cue (or
    ``mat`` in the equipment list) means getting down to the floor, unless it is negated
    ("Do not get down onto the floor"), a foot on the floor ("keeping one foot on the floor"),
    or a mat on the bed ("an exercise mat on the bed").
    """
    ex = entry.exercise
    if ex.tags.floor_transfer:
        return []
    out: list[Finding] = []
    if "mat" in ex.equipment_names():
        out.append(
            entry.finding(
                ("equipment",),
                "lists mat (an exercise mat on the floor) but floor_transfer is false; set "
                "floor_transfer: true or use firm_bed_or_mat",
            )
        )
    for keys, text in printed_texts(ex):
        for said in floor_mentions(text):
            out.append(
                entry.finding(
                    keys,
                    f'says "{said}", which puts the patient on the floor, but floor_transfer '
                    'is false; set floor_transfer: true or say bed ("on your bed (a firm '
                    'mattress). Do not get down onto the floor for this.")',
                )
            )
    return out


def floor_mentions(text: str) -> list[str]:
    """The words in ``text`` that put the person on the floor (see :func:`check_floor_words`)."""
    found = []
    for clause in clauses(text):
        for m in FLOOR.finditer(clause):
            before = clause[: m.start()].split()[-3:]
            if negated(clause, m.start()) or _MAT_ON_BED.match(clause[m.start() :]):
                continue
            if "floor" in m.group(0).lower() and _FOOT_BEFORE.search(" ".join(before)):
                continue
            found.append(m.group(0))
    return found


def check_equipment_labels(library: Library) -> list[Finding]:
    """An equipment label printed for entries without ``floor_transfer`` must not send the
    patient to the floor (e.g. "a firm bed or an exercise mat")."""
    if library.equipment is None or library.equipment_doc is None:
        return []
    users: dict[str, list[str]] = {}
    for entry in library.entries:
        ex = entry.exercise
        if not ex.do_not_prescribe and not ex.tags.floor_transfer:
            for name in ex.equipment_names():
                users.setdefault(name, []).append(ex.slug)
    doc, out = library.equipment_doc, []
    for name, label in library.equipment.labels.items():
        said = floor_mentions(label)
        if said and name in users:
            at: Loc = ("labels", name)
            out.append(
                Finding(
                    doc.path,
                    doc.line_of(at),
                    name,
                    loc_text(at),
                    f'the label says "{said[0]}" (the floor) but is printed for entries without '
                    f'floor_transfer: {", ".join(sorted(users[name]))}; say the bed (e.g. "an '
                    'exercise mat on the bed is fine, not on the floor")',
                )
            )
    return out
