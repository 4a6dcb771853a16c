"""What the clinician's copy prints, in plain clinical words: the profile, the falls-risk grade
and its reasons, the rules fired, every exclusion with its reason, what could not be met and
the sources. Exercise names, warning titles and findings; never a slug, a fact name or a code.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from planner.plan import AppliedAdjustment, Plan
from planner.render.clinic import Clinic
from planner.render.findings import fracture_line, profile_rows
from planner.render.head import document_head
from planner.render.notices import GENTLE_CODE, STOP_CODE, gentle_box, printed_warnings
from planner.render.plain import LEVEL_WORDS, Plain
from planner.render.wording import long_date
from planner.rulebook import Rulebook
from planner.rulebook.effects import Cap


def clinician_context(plan: Plan, book: Rulebook, clinic: Clinic, today: dt.date) -> dict[str, Any]:
    """Everything the clinician's copy prints, by name, in plain clinical words."""
    plain = Plain(book)
    ex = plan.explanation
    titles = {r.id: r.title for r in plan.rules_fired}
    warnings = printed_warnings(plan, book)
    gentle = gentle_box(plan, book, warnings)
    names = {c.slug: c.name for c in plan.exercises()}
    cited = list(dict.fromkeys(key for rule in plan.rules_fired for key in rule.sources))
    return {
        **document_head(plan, clinic, today),
        "assessed": long_date(plan.profile.assessed_on),
        "profile": profile_rows(plan, book),
        "fractures": [fracture_line(f) for f in plan.profile.fractures],
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
        "adjustments": [adjustment_line(a, book, plain) for a in plan.adjustments],
        "programme": programme_line(plan),
        "changes": review_lines(plan, book, plain),
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


def _exclusion_pairs(plan: Plan) -> dict[str, list[tuple[str, str]]]:
    """Each excluded exercise's (rule, reason) pairs, as the plan carries them."""
    return {e.slug: [(r.rule, r.reason) for r in e.reasons] for e in plan.excluded}


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
        "accepted": str(field("accepted") or ""),
    }


ADJUSTMENT_WORDS = {
    "drop": "Dropped",
    "swap": "Swapped",
    "add": "Added",
    "hold": "Held the dose of",
    "rest_days": "Rest days",
    "minutes_per_day": "Daily time",
    "start_on": "Start",
}


def adjustment_line(item: AppliedAdjustment, book: Rulebook, plain: Plain) -> str:
    """One adjustment as the clinician's copy prints it: "Dropped Tai chi: no class nearby
    (met R-GEN-3 (balance exercises on 3 days) with Half heel-to-toe stand instead)"."""

    def name(slug: str | None) -> str:
        if slug is None:
            return ""
        return book.exercises[slug].name if slug in book.exercises else plain(slug)

    verb = ADJUSTMENT_WORDS[item.kind]
    effect = plain(item.effect)
    if item.exercise is None:
        return f"{verb}: {effect}"
    what = f"{verb} {name(item.exercise)}"
    if item.replacement:
        what += f" for {name(item.replacement)}"
    reason = f": {item.reason}" if item.reason else ": no reason recorded"
    return f"{what}{reason} ({effect})"


CHANGE_WORDS = {
    "progress": "Progressed",
    "hold": "Held",
    "step_back": "Stepped back",
    "new": "New",
    "dropped": "Dropped",
}


def programme_line(plan: Plan) -> str:
    """Where the plan stands in the 12-month programme (guidance 12.4)."""
    first = plan.programme.week
    stage = "maintenance" if plan.programme.maintenance else "building up"
    return (
        f"Block {plan.programme.block} of the 12-month programme, programme weeks {first} to "
        f"{first + len(plan.weeks) - 1 if plan.weeks else first} ({stage})"
    )


def review_lines(plan: Plan, book: Rulebook, plain: Plain) -> list[str]:
    """What changed and why at the review behind the plan, one line an exercise."""
    if plan.review is None:
        return []

    def name(slug: str) -> str:
        return book.exercises[slug].name if slug in book.exercises else plain(slug)

    out = []
    for change in plan.review.changes:
        what = f"{CHANGE_WORDS[change.change]}: {name(change.slug)}"
        if change.replacement:
            what += f", now {name(change.replacement)}"
        why = "; ".join(plain(b) for b in change.because)
        out.append(f"{what} ({', '.join(change.rules)}: {why})")
    return out
