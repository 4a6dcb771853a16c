"""The steps against the equipment: every item the printed words need is listed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from planner.rulebook.checks.entries import Entry, Finding
from planner.rulebook.checks.text import clauses, negated, printed_texts


def _words(pattern: str, *names: str) -> tuple[re.Pattern[str], frozenset[str]]:
    return re.compile(pattern, re.I), frozenset(names)


#: Words in a step that need an item, and the equipment names that satisfy them, most specific
#: first (a phrase claims its words before a shorter one can). Left out on purpose: "frame" (a
#: door frame or a walking frame), "door" alone, "someone", "instructor" (supervision is a rule,
#: not equipment), "clear space" (where to stand, not something to fetch), and "step" as a verb
#: or a count; "step" is the platform only after on/onto/off/beside/facing or as "a low step".
EQUIPMENT_WORDS: Final[tuple[tuple[re.Pattern[str], frozenset[str]], ...]] = (
    _words(r"\bdoor\s+anchor\b|\bfixed\s+point\b|\banchor(?:ed)?\b", "band_anchor"),
    _words(r"\b(?:resistance\s+)?bands?\b", "resistance_band"),
    _words(
        r"\bankle\s+(?:cuff\s+)?weights?\b|\bcuff\s+weights?\b|\bankle\s+cuffs?\b",
        "ankle_cuff_weight",
    ),
    _words(r"\bdumbbells?\b", "dumbbells"),
    _words(r"\bkettlebells?\b", "kettlebell"),
    _words(r"\bbarbell\b", "barbell"),
    _words(r"\bsquat\s+rack\b|\b(?:a|the)\s+rack\b", "squat_rack"),
    _words(r"\bbackpack\b|\bthe\s+pack\b", "weighted_backpack"),
    _words(
        r"\b(?:an?|the|light|heavier|heavy)\s+weights?\b",
        *("household_weights", "dumbbells", "kettlebell", "barbell"),
        *("ankle_cuff_weight", "weighted_backpack"),
    ),
    _words(r"\bsoft\s+ball\b|\bball\b(?!s|\s+of)|\bputty\b", "soft_ball_or_putty"),
    _words(r"\bexercise\s+bike\b|\bbike\b|\bhandlebars?\b|\bpedal", "exercise_bike"),
    _words(
        r"\b(?:stair\s+|pool\s+)?(?:hand)?rail\b",
        "stairs_with_rail",
        "counter_or_sturdy_support",
        "pool",
    ),
    _words(r"\bpool\b", "pool"),
    _words(r"\bstairs?\b|\bflights?\b", "stairs_with_rail"),
    _words(
        r"\b(?:on|onto|off|from|beside|facing)\s+(?:a|the)\s+(?:low,?\s+)?(?:stable\s+)?step\b"
        r"|\ba\s+low,?\s+(?:stable\s+)?step\b",
        "low_step",
    ),
    _words(r"\bcushion\b", "firm_cushion"),
    _words(
        r"\bchair\s+(?:with|that\s+has)\s+arms\b|\bchair\s+arms\b|\barms\s+of\s+the\s+chair\b"
        r"|\barmchair\b",
        "firm_chair_with_arms",
    ),
    _words(r"\bchairs?\b", "firm_chair", "firm_chair_with_arms"),
    _words(r"\bcounter\b|\bworktop\b", "counter_or_sturdy_support"),
    _words(r"\btable\b", "table"),
    _words(r"\bwall\b", "wall"),
    _words(r"\bdoorway\b|\bdoor\s*frame\b", "doorway"),
    _words(r"\bmats?\b", "mat", "firm_bed_or_mat"),
    _words(r"\bbed\b|\bmattress\b", "firm_bed_or_mat"),
    _words(r"\bpillows?\b", "pillow"),
    _words(r"\btowel\b", "rolled_towel"),
    _words(r"\bwalking\s+(?:aid|frame|stick)\b", "walking_aid"),
    _words(r"\bbroom(?:\s+handle)?\b|\bstick\b", "broom_handle", "walking_aid"),
    _words(r"\bhelper\b", "helper"),
    _words(r"\bclass\b|\bvideo\b", "class_or_video"),
    _words(r"\b(?:supportive\s+)?shoes\b|\btrainers\b", "supportive_shoes"),
)
WEIGHTS: Final = frozenset(
    {"household_weights", "dumbbells", "kettlebell", "barbell", "ankle_cuff_weight"}
    | {"weighted_backpack"}
)
#: A clause that offers an item rather than requiring it: "once you have one", "if you need
#: to", "a chair can be kept nearby".
_CONDITIONAL = re.compile(r"\b(?:if|unless|once\s+you\s+have|can\s+be|optional(?:ly)?)\b", re.I)
#: Two mentions joined by "or" (with up to three words between) are alternatives.
_OR_GAP = re.compile(r"^,?\s+or\s+(?:\S+\s+){0,3}$", re.I)


@dataclass(frozen=True)
class Mention:
    """Words in a step that need an item; ``names`` are the equipment that would do."""

    said: str
    names: frozenset[str]
    start: int
    end: int


def equipment_mentions(text: str) -> list[Mention]:
    """Items the text requires: not negated, not in a conditional clause."""
    out: list[Mention] = []
    for clause in clauses(text):
        if _CONDITIONAL.search(clause):
            continue
        taken: list[Mention] = []
        for pattern, names in EQUIPMENT_WORDS:
            for m in pattern.finditer(clause):
                if not any(m.start() < t.end and t.start < m.end() for t in taken):
                    taken.append(Mention(m.group(0), names, m.start(), m.end()))
        out += [t for t in sorted(taken, key=lambda t: t.start) if not negated(clause, t.start)]
    return out


def _alternatives(text: str) -> list[list[Mention]]:
    """The text's mentions grouped so that "a rail or helper" is one requirement."""
    groups: list[list[Mention]] = []
    for clause in clauses(text):
        last: Mention | None = None
        for mention in equipment_mentions(clause):
            if last is not None and _OR_GAP.match(clause[last.end : mention.start]):
                groups[-1].append(mention)
            else:
                groups.append([mention])
            last = mention
    return groups


def check_step_equipment(entry: Entry) -> list[Finding]:
    """Every item the steps, support or cue need is in the entry's equipment lists (required,
    an alternative, or optional). Mentions in a conditional clause ("once you have one", "if
    you need to") and negated ones ("without the stick") need nothing; alternatives ("a rail
    or helper") need one of them."""
    ex = entry.exercise
    listed = ex.equipment_names()
    out: list[Finding] = []
    for keys, text in printed_texts(ex):
        for group in _alternatives(text):
            names = frozenset().union(*(m.names for m in group))
            if not names & listed:
                said = " or ".join(f'"{m.said}"' for m in group)
                out.append(
                    entry.finding(
                        keys,
                        f"says {said} but the equipment lists none of: "
                        f"{', '.join(sorted(names))}; add it (to optional_equipment if the "
                        "patient can do without)",
                    )
                )
    return out
