"""What the handout templates read: the plan and rulebook turned into plain, printable values.

Kept apart from :mod:`planner.render.handout`, so that module holds only the rendering and
the writing. :func:`booklet_context` is what the patient's booklet prints; :func:`clinician_context`
is what the clinician's copy prints, in plain clinical words (exercise names, warning titles,
findings such as "Wrist fracture under 6 weeks (3 weeks ago, in a cast or splint)"; never a
slug, a fact name or a code). Every value is text or numbers ready to print (the templates
escape them); the one exception is each exercise picture, an inline ``<svg>`` from
:func:`render_pose_svg`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from planner.pictures.figures import render_pose_svg
from planner.plan import Plan, PlannedDose, PlannedExercise, Week
from planner.profile.model import site_word, time_ago
from planner.render.text import format_dose
from planner.rulebook.conditions import ABILITY_WORDS, cast_words, red_flag_words
from planner.rulebook.load import Rulebook
from planner.rulebook.rules import Cap
from planner.vocabulary import BOOL_TAGS, COMPONENT_LABELS, COMPONENTS

if TYPE_CHECKING:
    from planner.render.handout import Clinic

PHASE_WORDS = {
    "foundation": ("Getting started", "Learn each exercise at the starting dose."),
    "build": ("Building up", "A little more: more repeats, longer holds or a longer walk."),
    "progress": ("Moving on", "You reach the full doses, if the earlier weeks went well."),
}
#: A plan with weeks never prints this warning (its text says not to start): it becomes the
#: "gentle plan until reviewed" box, and stays the "do not start" notice of a plan with none.
STOP_CODE = "W_MEDICAL_REVIEW_FIRST"
GENTLE_CODE = "W_GENTLE_UNTIL_REVIEWED"
GENTLE_FALLBACK = (
    "Gentle plan until you are reviewed",
    "See your doctor or fracture clinic about this problem soon. Until they have, do only the "
    "gentle walking and posture exercises in this plan, and stop anything that makes it worse.",
)
LEVEL_WORDS = {
    "impact": "impact",
    "aerobic_intensity": "aerobic effort",
    "balance_challenge": "balance challenge",
}
TAG_WORDS = {
    "spinal_flexion": "bending the spine forward",
    "spinal_rotation": "twisting the spine",
    "end_range_flexion": "bending to the end of range",
    "wrist_wb": "weight through the wrist",
    "upper_limb_wb": "weight through the arms",
    "hand_load": "a load held in the hands",
    "shoulder_load": "a load on the shoulder",
    "overhead_load": "a load overhead",
    "hip_flex_gt90": "hip bending past a right angle",
    "hip_add_past_midline": "the leg crossing the midline",
    "hip_ir": "turning the hip inwards",
    "hip_ext_er": "hip extension with the foot turned out",
    "resisted_hip_abduction": "resisted hip abduction",
    "heavy_lift": "heavy lifting",
    "floor_transfer": "getting down to the floor",
}
OTHER_WORDS = {
    "standing_support": "standing with support",
    "standing_free": "standing without support",
    "sidelying": "side-lying",
    "lower_limb": "legs",
    "upper_limb": "arms",
    "upper_back": "upper back",
    "whole_body": "whole body",
    "do_not_prescribe": "do-not-prescribe",
}
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
_KEY_VALUE = re.compile(r"\b([a-z][a-z_]*)=([^\s,;)]+)")


def _long_date(day: dt.date | None) -> str | None:
    return f"{day:%A} {day.day} {day:%B %Y}" if day else None


def _short_date(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _day_month(day: dt.date) -> str:
    return f"{day.day} {day:%b}"


def _common(plan: Plan, clinic: Clinic, today: dt.date) -> dict[str, Any]:
    """What both documents print at their head."""
    return {
        "name": plan.profile.get("name"),
        "patient_id": plan.profile.get("id"),
        "today": _long_date(today),
        "clinic": clinic,
        "address_lines": (clinic.address or "").splitlines(),
        "start": _long_date(plan.start_date),
        "review": _long_date(plan.review_date),
        "stopped": not plan.weeks,
    }


# --- the patient's booklet ----------------------------------------------------------------------


def booklet_context(plan: Plan, book: Rulebook, clinic: Clinic, today: dt.date) -> dict[str, Any]:
    """Everything the patient's booklet prints, by name."""
    first = plan.weeks[0] if plan.weeks else None
    warnings = _warnings(plan, book)
    gentle = _gentle(plan, book, warnings)
    # The cover prints the red-flag warning (a stopped plan's "do not start" notice, or the
    # gentle-plan box), so the safety pages do not repeat it.
    shown = [w for w in warnings if w["code"] not in (GENTLE_CODE, STOP_CODE)]
    never = _never_do(plan)
    spine = book.warnings.get("W_SPINE_CARE")
    cards = _cards(plan, book, first) if first else []
    codes = {w.code for w in plan.warnings}
    note = plan.profile.get("note")
    return {
        **_common(plan, clinic, today),
        "see_doctor": next((w for w in warnings if w["code"] == STOP_CODE), None),
        "gentle": gentle,
        "note_lines": [line for line in (note or "").splitlines() if line.strip()],
        "glance": _glance(first, cards) if first else None,
        "cards": cards,
        "never": never,
        "spine_care": spine.text if spine and not never else None,
        "stop": [w for w in shown if w["kind"] == "stop"],
        "advice": [w for w in shown if w["kind"] != "stop"],
        "phases": _phases(plan),
        "log": [
            {"week": w.week, "from": _day_month(plan.start_date + dt.timedelta(weeks=w.week - 1))}
            for w in plan.weeks
        ],
        "log_days": [{"abbr": d.weekday[:3], "rest": not d.sessions} for d in first.days]
        if first
        else [],
        "supervised": "W_SUPERVISED_SESSIONS" in codes or plan.supervision.required,
    }


def _warnings(plan: Plan, book: Rulebook) -> list[dict[str, Any]]:
    out = []
    for w in plan.warnings:
        known = book.warnings.get(w.code)
        title, kind = (known.title, known.kind) if known else ("Important", "stop")
        out.append({"code": w.code, "title": title, "text": w.text, "kind": kind})
    return out


def _gentle(plan: Plan, book: Rulebook, warnings: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The "gentle plan until reviewed" box of a plan that has weeks and a red flag: the
    warning's own wording, or (for a rulebook that still sends the do-not-start warning with a
    plan) the same words built in, since a booklet never says "do not start" over exercises."""
    if not plan.weeks:
        return None
    found = next((w for w in warnings if w["code"] == GENTLE_CODE), None)
    if found is not None:
        return found
    if not any(w["code"] == STOP_CODE for w in warnings):
        return None
    known = book.warnings.get(GENTLE_CODE)
    title, text = (known.title, known.text) if known else GENTLE_FALLBACK
    return {"code": GENTLE_CODE, "title": title, "text": text, "kind": "advice"}


def _never_do(plan: Plan) -> list[str]:
    """The patient's "never do" lines, leaving out any that only narrow a broader line."""
    texts = list(dict.fromkeys(text for text, _ in plan.explanation.never_do))
    stems = [t.rstrip(".") for t in texts]
    return [t for t in texts if not any(t != o and t.startswith(o + " ") for o in stems)]


def _cards(plan: Plan, book: Rulebook, week: Week) -> list[dict[str, Any]]:
    """One card per distinct exercise of week 1, numbered in order of first appearance."""
    cards = []
    ladders = _dose_ladders(plan, book)
    for number, ex in enumerate(plan.exercises(), start=1):
        entry = book.exercises.get(ex.slug)
        pose = book.poses.get(ex.slug)
        days = [d for d in week.days if any(ex.slug in _slugs(s) for s in d.sessions)]
        cards.append(
            {
                "number": number,
                "slug": ex.slug,
                "name": ex.name,
                "component": COMPONENT_LABELS[ex.component],
                "picture": Markup(render_pose_svg(pose, label=ex.name)) if pose else None,
                "steps": entry.instructions if entry else [],
                "ladder": ladders[ex.slug]["steps"] if ex.slug in ladders else [],
                "dose_after": ladders[ex.slug]["after"] if ex.slug in ladders else "",
                "days": "Every day"
                if len(days) == 7
                else ", ".join(d.weekday[:3] for d in days) + f" ({len(days)} days a week)",
                "support": entry.support if entry else None,
                "safety": entry.safety_cue if entry else None,
                "equipment": [book.equipment.labels.get(e, e) for e in ex.equipment],
            }
        )
    return cards


def _slugs(session: Any) -> set[str]:
    return {e.slug for e in session.exercises}


def _glance(week: Week, cards: list[dict[str, Any]]) -> dict[str, Any]:
    """The 7-day grid of sessions (each with its cards and minutes) and the minutes per day."""
    numbers = {c["slug"]: c["number"] for c in cards}
    rows = []
    for component in COMPONENTS:
        marks = [next((s for s in d.sessions if s.component == component), None) for d in week.days]
        session = next((s for s in marks if s is not None), None)
        if session is None:
            continue
        rows.append(
            {
                "label": COMPONENT_LABELS[component],
                "marks": [m is not None for m in marks],
                "cards": [numbers[e.slug] for e in session.exercises],
                "minutes": session.minutes,
            }
        )
    return {
        "days": [{"abbr": d.weekday[:3], "full": d.weekday} for d in week.days],
        "rows": rows,
        "minutes": [d.minutes for d in week.days],
    }


def _phases(plan: Plan) -> list[dict[str, Any]]:
    """The plan's phases in order, each with its weeks and its first week."""
    spans: dict[str, list[Week]] = {}
    for week in plan.weeks:
        spans.setdefault(week.phase, []).append(week)
    out = []
    for phase, weeks in spans.items():
        a, b = weeks[0].week, weeks[-1].week
        start = plan.start_date + dt.timedelta(weeks=a - 1)
        title, text = PHASE_WORDS[phase]
        out.append(
            {
                "weeks": f"Week {a}" if a == b else f"Weeks {a} to {b}",
                "from": _short_date(start),
                "title": title,
                "text": text,
                "first": weeks[0],
            }
        )
    return out


def _dose_ladders(plan: Plan, book: Rulebook) -> dict[str, dict[str, Any]]:
    """Each exercise's dose in every phase of the plan, as its card prints it.

    A load or a frequency that is the same in every phase ("a comfortable pace ...", "several
    times a day") is said once, after the doses.
    """
    found: dict[str, list[tuple[str, PlannedExercise]]] = {}
    for phase in _phases(plan):
        seen: set[str] = set()
        for day in phase["first"].days:
            for session in day.sessions:
                for ex in session.exercises:
                    if ex.slug not in seen:
                        seen.add(ex.slug)
                        found.setdefault(ex.slug, []).append((phase["weeks"], ex))
    out: dict[str, dict[str, Any]] = {}
    for slug, steps in found.items():
        doses = [ex.dose for _, ex in steps]
        shared = {
            key: getattr(doses[0], key)
            for key in ("load", "frequency")
            if len({getattr(d, key) for d in doses}) == 1 and getattr(doses[0], key)
        }
        reset = {key: None for key in shared}
        out[slug] = {
            "steps": [
                {"weeks": weeks, "dose": _dose_words(ex.dose.model_copy(update=reset), slug, book)}
                for weeks, ex in steps
            ],
            "after": ", ".join(str(v) for v in shared.values()),
        }
    return out


def _dose_words(dose: PlannedDose, slug: str, book: Rulebook) -> str:
    """A dose as the patient reads it; repetitions and holds are per side where that applies."""
    entry = book.exercises.get(slug)
    per_side = entry is not None and entry.dose.per_side and not dose.minutes
    words = format_dose(dose) + (", each side" if per_side else "")
    return re.sub(r"(\d) (?=\S)", "\\1\u00a0", words)  # "6 min" never breaks between lines


# --- the clinician's copy -----------------------------------------------------------------------


def clinician_context(plan: Plan, book: Rulebook, clinic: Clinic, today: dt.date) -> dict[str, Any]:
    """Everything the clinician's copy prints, by name, in plain clinical words."""
    plain = Plain(book)
    ex = plan.explanation
    titles = {r.id: r.title for r in plan.rules_fired}
    warnings = _warnings(plan, book)
    gentle = _gentle(plan, book, warnings)
    names = {c.slug: c.name for c in plan.exercises()}
    cited = list(dict.fromkeys(key for rule in plan.rules_fired for key in rule.sources))
    return {
        **_common(plan, clinic, today),
        "assessed": _long_date(dt.date.fromisoformat(plan.profile["assessed_on"])),
        "profile": _profile_rows(plan, book),
        "fractures": [_fracture_line(f) for f in plan.profile.get("fractures", [])],
        "fall_risk": plan.fall_risk,
        "fall_reasons": [plain(r) for r in ex.fall_risk_reasons],
        "status": _status(plan, gentle),
        "cover_notice": gentle["title"]
        if gentle
        else "Do not start this programme until a doctor has reviewed you"
        if not plan.weeks
        else None,
        "supervision": {
            "required": plan.supervision.required,
            "rules": [(r, plain(titles.get(r, ""))) for r in plan.supervision.rules],
        },
        "stop_titles": [
            w["title"]
            for w in warnings
            if w["kind"] == "stop" and not (gentle and w["code"] == STOP_CODE)
        ],
        "advice_titles": [
            w["title"] for w in warnings if w["kind"] != "stop" and w["code"] != GENTLE_CODE
        ],
        "rules": [
            {
                "id": r.id,
                "title": plain(r.title),
                "why": [plain(line) for line in ex.because.get(r.id, [])],
                "sources": r.sources,
            }
            for r in plan.rules_fired
        ],
        "excluded_count": len(plan.excluded),
        "exclusions": _exclusion_groups(plan, book, plain),
        "unmet": [_unmet_row(u, titles, plain) for u in _unmet_items(plan)],
        "lifted": [plain(item) for item in ex.lifted],
        "chosen": [
            {"name": names.get(n.slug, plain(n.slug)), "reasons": [plain(r) for r in n.reasons]}
            for n in ex.chosen
        ],
        "limits": [
            f"{LEVEL_WORDS.get(tag, plain(tag)).capitalize()}: {level} at most"
            for tag, level in ex.caps.items()
        ],
        "budget": ex.day_budget_minutes,
        "weeks": len(plan.weeks),
        "notes": [plain(n) for n in ex.notes],
        "ruleset": plan.ruleset,
        "ruleset_name": book.info.name,
        "sources": [
            (k, book.sources[k]) for k in sorted(cited, key=str.lower) if k in book.sources
        ],
    }


class Plain:
    """Makes text written for the rule engine readable for a clinician: exercise slugs become
    exercise names, tag and vocabulary names become words, ``key=value`` pairs lose their
    punctuation. The last resort for any name left is to print it with spaces."""

    def __init__(self, book: Rulebook) -> None:
        words = {slug: ex.name for slug, ex in book.exercises.items()}
        words |= dict(book.equipment.labels)
        words |= TAG_WORDS | OTHER_WORDS
        words |= {tag: LEVEL_WORDS.get(tag, tag) for tag in LEVEL_WORDS}
        words |= {tag: tag.replace("_", " ") for tag in BOOL_TAGS if tag not in words}
        self.words = words

    def __call__(self, text: str) -> str:
        text = _KEY_VALUE.sub(lambda m: f"{m.group(1)} {m.group(2).replace('/', ' or ')}", text)
        return _SNAKE.sub(lambda m: self.words.get(m.group(0), m.group(0).replace("_", " ")), text)


def _status(plan: Plan, gentle: dict[str, Any] | None) -> str | None:
    """The programme's state when a red flag limits it; nothing for a full plan."""
    if not plan.weeks:
        return (
            "Programme stopped: a red flag needs a doctor's review before any exercise. The "
            "booklet tells the patient not to start and to come back for a new plan."
        )
    if gentle is not None:
        return (
            "Gentle plan until reviewed: a red flag needs a doctor's or fracture clinic's review "
            "soon. Until then the plan holds only gentle walking, posture and mobility, and the "
            "booklet's cover says so."
        )
    return None


_ABILITY_TEXT = {k: v[0].lower() + v[1:] for k, v in ABILITY_WORDS.items()}


def _yes(value: Any) -> str:
    return "yes" if value else "no"


def _profile_rows(plan: Plan, book: Rulebook) -> list[tuple[str, str]]:
    """The profile as entered, one finding a row, in words."""
    p = plan.profile
    bone = {"unknown": "not known"}.get(p.get("bone_status", "unknown"), p.get("bone_status"))
    if p.get("t_score") is not None:
        bone = f"{bone}, T-score {p['t_score']:g}"
    falls = int(p.get("falls_12m") or 0)
    fall_details = [
        text
        for key, text in (
            ("injurious_fall_12m", "an injurious fall"),
            ("long_lie_12m", "a long lie (on the floor for an hour or more)"),
        )
        if p.get(key)
    ]
    screening = [
        text
        for key, text in (
            ("unsteady", "feels unsteady"),
            ("fear_of_falling", "worried about falling"),
            ("syncope_suspected", "suspected syncope"),
        )
        if p.get(key)
    ]
    kit = list(p.get("equipment") or [])
    household = sorted(kit) == sorted(book.equipment.household)
    labels = [book.equipment.labels.get(e, e.replace("_", " ")) for e in kit]
    rows = [
        ("Age and sex", f"{p['age']}, {p.get('sex') or 'sex not given'}"),
        ("Ability", _ABILITY_TEXT.get(p["ability"], p["ability"])),
        ("Bone density", bone),
        ("Earlier fractures not listed", str(p.get("prior_fractures") or 0)),
        (
            "Falls in the last 12 months",
            ("none" if falls == 0 else str(falls))
            + (f", with {' and '.join(fall_details)}" if fall_details else ""),
        ),
        ("Falls screening", "; ".join(screening) or "nothing reported"),
        (
            "Timed Up and Go",
            "not measured" if p.get("tug_s") is None else f"{p['tug_s']:g} s",
        ),
        ("Clinician's falls-risk grade", p.get("fall_risk") or "not given"),
        (
            "Back pain",
            "not given" if p.get("back_pain") is None else f"{p['back_pain']}/10",
        ),
        ("Hyperkyphosis", _yes(p.get("kyphosis"))),
        ("Red flags", red_flag_words(p.get("red_flags") or []) or "none"),
        ("Supervision available", _yes(p.get("supervision_available"))),
        (
            "Equipment",
            "household basics (the default)" if household else "; ".join(labels) or "none",
        ),
    ]
    if p.get("note"):
        rows.append(("Note printed in the booklet", p["note"]))
    return rows


_CAUSE_WORDS = {
    "fall": "caused by a fall",
    "lifting": "caused by lifting",
    "spontaneous": "no clear cause",
    "other": "other cause",
    "unknown": "cause not known",
}
_TREATMENT_TEXT = {
    "conservative": "treated without surgery",
    "cast": "treated in a cast",
    "fixation": "fixed surgically",
    "arthroplasty": "joint replacement",
    "augmentation": "vertebral augmentation",
}


def _fracture_line(f: dict[str, Any]) -> str:
    """One fracture of the plan's profile as a sentence a clinician would write."""
    weeks = f.get("weeks_since")
    when = time_ago(weeks) if weeks is not None else "date not known"
    treated = _TREATMENT_TEXT.get(f["treatment"], f["treatment"])
    if f.get("approach"):
        approach = (
            "approach not recorded" if f["approach"] == "unknown" else f"{f['approach']} approach"
        )
        treated += f" ({approach})"
    parts = [_CAUSE_WORDS.get(f.get("cause", "unknown"), f.get("cause")), treated]
    if f.get("count", 1) > 1:
        parts.append(f"{f['count']} vertebrae")
    if f.get("in_cast"):
        parts.append(cast_words(f["site"]))
    parts.append("cleared" if f.get("cleared") else "not yet cleared")
    noun = site_word(f["site"]).capitalize()
    return f"{noun} fracture {when}: {'; '.join(parts)}"


def _exclusion_pairs(plan: Plan) -> dict[str, list[tuple[str, str]]]:
    """Each excluded exercise's (rule, reason) pairs, from the plan's explanation."""
    pairs = getattr(plan.explanation, "exclusion_reasons", None)
    if pairs:
        return {slug: [tuple(p) for p in items] for slug, items in pairs.items()}
    return {e.slug: [(", ".join(e.rules), e.reason)] for e in plan.excluded}


def _exclusion_groups(plan: Plan, book: Rulebook, plain: Plain) -> list[dict[str, Any]]:
    """Each rule's reason for leaving exercises out, with the exercises it left out, in rule
    order. A cap's reason is worded from the cap ("impact: low at most")."""
    cap_words = {}
    known = {r.id: r for r in book.rules}
    for fired in plan.rules_fired:
        for effect in known[fired.id].then if fired.id in known else ():
            if isinstance(effect, Cap):
                for tag, level in effect.cap.model_dump(exclude_none=True).items():
                    engine = f"{tag.replace('_', ' ')} above {level}"
                    cap_words[engine] = f"{LEVEL_WORDS.get(tag, tag)} higher than {level}"
    order = {r.id: i for i, r in enumerate(plan.rules_fired)}
    titles = {r.id: r.title for r in plan.rules_fired}
    groups: dict[tuple[str, str], list[str]] = {}
    for slug, pairs in _exclusion_pairs(plan).items():
        name = book.exercises[slug].name if slug in book.exercises else plain(slug)
        for rule, reason in pairs:
            groups.setdefault((rule, reason), []).append(name)
    out = [
        {
            "rule": rule,
            "title": plain(titles.get(rule, "")),
            "reason": plain(cap_words.get(reason, reason)),
            "names": sorted(names, key=str.lower),
        }
        for (rule, reason), names in groups.items()
    ]
    return sorted(out, key=lambda g: (order.get(g["rule"], len(order)), g["reason"]))


def _unmet_items(plan: Plan) -> list[Any]:
    """The plan's unmet requirements (on the plan itself, or on its explanation)."""
    found = getattr(plan, "unmet", None)
    if found is None:
        found = getattr(plan.explanation, "unmet", None)
    return list(found or [])


def _unmet_row(item: Any, titles: dict[str, str], plain: Plain) -> dict[str, str]:
    """One unmet requirement, whichever fields it carries (required and found as words, or the
    days required and planned)."""

    def field(*names: str) -> Any:
        for name in names:
            value = item.get(name) if isinstance(item, dict) else getattr(item, name, None)
            if value is not None:
                return value
        return None

    required, found = field("required", "days_required"), field("found", "days_planned")
    if isinstance(required, int) and not isinstance(required, bool):
        required = f"on {required} day{'s' if required != 1 else ''} a week"
    if isinstance(found, int) and not isinstance(found, bool):
        found = f"on {found} day{'s' if found != 1 else ''}"
    rule = str(field("rule") or "")
    return {
        "rule": rule,
        "title": plain(titles.get(rule, "")),
        "label": plain(str(field("label") or "")),
        "required": plain(str(required)) if required is not None else "",
        "found": plain(str(found)) if found is not None else "",
        "reason": plain(str(field("reason") or "")),
    }


#: The booklet's context under its earlier name.
handout_context = booklet_context
