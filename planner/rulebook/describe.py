"""Conditions in plain clinical words: why a rule fired, for explanations and the clinician.

:func:`describe` names each finding that made a condition hold with the patient's own value;
the word helpers here (abilities, red flags, casts) are shared with the handout.
"""

from __future__ import annotations

from typing import Any

from planner.profile.facts import is_healing
from planner.profile.model import Fracture, Profile
from planner.profile.words import site_word, time_ago
from planner.review.facts import BOOL_WORDS as REVIEW_BOOL_WORDS
from planner.review.facts import value_words
from planner.rulebook.conditions import (
    All,
    AnyOf,
    Condition,
    EveryFracture,
    FactTest,
    FractureMatch,
    FractureTest,
    Not,
    fact_spec,
    holds,
)


def describe(condition: Condition | None, profile: Profile, facts: dict[str, Any]) -> list[str]:
    """The parts of a holding condition that made it hold, in plain clinical words.

    Each line names a finding and the patient's own value, the way a clinician would write it:
    "Wrist fracture under 6 weeks (3 weeks ago, in a cast)", "Falls risk high: the wrist
    fracture 5 weeks ago was caused by a fall", "Back pain 6/10 (5 or more)". Shared by
    ``osteoplan explain`` and the clinician's copy of the handout.
    """
    if condition is None:
        return ["Applies to everyone"]
    if isinstance(condition, All):
        lines = [line for c in condition.all for line in describe(c, profile, facts)]
        return list(dict.fromkeys(lines))
    if isinstance(condition, AnyOf):
        for c in condition.any:
            if holds(c, profile, facts):
                return describe(c, profile, facts)
        return []
    if isinstance(condition, Not):
        return _absent(condition.not_, profile, facts)
    if isinstance(condition, FractureTest):
        return [
            _fracture_finding(condition.fracture, f, profile)
            for f in profile.fractures
            if condition.fracture.holds(profile, f)
        ]
    if isinstance(condition, EveryFracture):
        spec = condition.every_fracture
        chosen = [f for f in profile.fractures if spec.of.holds(profile, f)]
        sites = {f.site for f in chosen}
        merged = spec.of.model_copy(update=spec.are.model_dump(exclude_none=True))
        phrase = _match_phrase(merged, chosen[0].site if len(sites) == 1 else None)
        if len(chosen) > 1:
            phrase = f"Every {phrase[0].lower()}{phrase[1:]}"
        details = "; ".join(_fracture_details(spec.are, f, profile, len(sites) > 1) for f in chosen)
        return [f"{phrase} ({details})"]
    return [_fact_finding(condition, facts, profile)]


def _absent(condition: Condition, profile: Profile, facts: dict[str, Any]) -> list[str]:
    """Why a negated condition holds: the patient's own findings that keep it from holding."""
    if isinstance(condition, Not):
        return describe(condition.not_, profile, facts)
    if isinstance(condition, All):
        failing = [c for c in condition.all if not holds(c, profile, facts)]
        return [line for c in failing for line in _absent(c, profile, facts)]
    if isinstance(condition, AnyOf):
        return [line for c in condition.any for line in _absent(c, profile, facts)]
    if isinstance(condition, FractureTest):
        return [f"No {_match_phrase(condition.fracture, None).lower()}"]
    if isinstance(condition, EveryFracture):
        spec = condition.every_fracture
        chosen = [f for f in profile.fractures if spec.of.holds(profile, f)]
        if not chosen:
            return [f"No {_fracture_noun(spec.of, None).lower()}"]
        return [
            _fracture_finding(spec.of, f, profile) for f in chosen if not spec.are.holds(profile, f)
        ]
    return [_fact_finding(condition, facts, profile, negated=True)]


# --- fractures in words -----------------------------------------------------------------------

_TREATMENT_WORDS = {
    "conservative": "treated without surgery",
    "cast": "treated in a cast",
    "fixation": "fixed surgically",
    "arthroplasty": "joint replacement",
    "augmentation": "treated with vertebral augmentation",
}


def cast_words(site: str) -> str:
    """What keeps a fracture still, for its site: "in a cast or splint", "in a sling"."""
    return {"wrist": "in a cast or splint", "humerus": "in a sling"}.get(
        site, "in a cast, splint or sling"
    )


def _fracture_noun(match: FractureMatch, site: str | None) -> str:
    """ "Wrist fracture", "Hip replacement", "Hip fracture operation" or "Fracture"."""
    where = (
        site_word(site)
        if site
        else (site_word(match.site[0]) if match.site and len(match.site) == 1 else "")
    )
    treatments = set(match.treatment or ())
    if treatments == {"arthroplasty"}:
        noun = f"{where} replacement" if where else "joint replacement"
    elif treatments and treatments <= {"fixation", "arthroplasty"}:
        noun = f"{where} fracture operation" if where else "fracture operation"
    else:
        noun = f"{where} fracture" if where else "fracture"
    return noun[0].upper() + noun[1:]


def _qualifiers(match: FractureMatch) -> list[str]:
    """What a fracture match asks for, beyond the site, in words ("under 6 weeks", ...)."""
    out = []
    treatments = set(match.treatment or ())
    if treatments and not treatments <= {"fixation", "arthroplasty"}:
        out.append(" or ".join(_TREATMENT_WORDS[t] for t in match.treatment or ()))
    if match.approach:
        out.append(
            " or ".join(
                "approach not recorded" if a == "unknown" else f"{a} approach"
                for a in match.approach
            )
        )
    if match.cause:
        out.append(
            "caused by "
            + " or ".join(
                {
                    "fall": "a fall",
                    "lifting": "lifting",
                    "spontaneous": "nothing in particular",
                }.get(c, c)
                for c in match.cause
            )
        )
    low, high, most = match.weeks_at_least, match.weeks_under, match.weeks_at_most
    if low is not None and high is not None:
        out.append(f"{low:g} to {high:g} weeks")
    elif high is not None:
        out.append(f"under {high:g} weeks")
    elif low is not None:
        out.append(f"at least {low:g} weeks")
    if most is not None:
        out.append("in the last 12 months" if most == 52 else f"within {most:g} weeks")
    if match.in_cast is not None:
        out.append("in a cast, splint or sling" if match.in_cast else "out of its cast or sling")
    if match.in_cast and match.site and len(match.site) == 1:
        out[-1] = cast_words(match.site[0])
    if match.healing is not None:
        out.append("still healing" if match.healing else "healed")
    if match.cleared is not None:
        out.append("cleared" if match.cleared else "not yet cleared")
    return out


def _match_phrase(match: FractureMatch, site: str | None) -> str:
    words = _qualifiers(match)
    noun = _fracture_noun(match, site)
    if not words:
        return noun
    first, rest = words[0], words[1:]
    # a time window reads straight after the noun; anything else after a comma
    joined = (
        f"{noun} {first}"
        if first[0].isdigit() or first.startswith(("under", "at least", "in ", "within"))
        else f"{noun}, {first}"
    )
    return ", ".join([joined, *rest])


def _fracture_details(
    match: FractureMatch, fracture: Fracture, profile: Profile, with_site: bool = False
) -> str:
    """The fracture's own facts that the match does not already say: "3 weeks ago, in a cast"."""
    out = [time_ago(profile.weeks_since(fracture))]
    if with_site:
        out[0] = f"{site_word(fracture.site)} fracture {out[0]}"
    if fracture.count > 1:
        out.append(f"{fracture.count} vertebrae")
    if fracture.in_cast and match.in_cast is None:
        out.append(cast_words(fracture.site))
    if fracture.cleared and match.cleared is None:
        out.append("cleared")
    return ", ".join(out)


def _fracture_finding(match: FractureMatch, fracture: Fracture, profile: Profile) -> str:
    return f"{_match_phrase(match, fracture.site)} ({_fracture_details(match, fracture, profile)})"


# --- facts in words ---------------------------------------------------------------------------

ABILITY_WORDS = {
    "frail": "Frail",
    "limited": "Limited mobility",
    "independent": "Independent mobility",
    "fit": "Fit and active",
}
RED_FLAG_WORDS = {
    "new_back_pain": "new back pain",
    "chest_symptoms": "chest symptoms",
    "suspected_clot": "a suspected clot",
    "cast_problem": "a problem with the cast",
    "wound_problem": "a problem with the wound",
    "leg_neuro_symptoms": "new leg numbness or weakness",
    "other": "another red flag",
}
_BOOL_WORDS = {
    "injurious_fall_12m": (
        "An injurious fall in the last 12 months",
        "No injurious fall in the last 12 months",
    ),
    "long_lie_12m": (
        "A long lie (on the floor for an hour or more) after a fall",
        "No long lie after a fall",
    ),
    "syncope_suspected": ("Suspected syncope", "No suspected syncope"),
    "unsteady": ("Feels unsteady", "Does not feel unsteady"),
    "fear_of_falling": ("Worried about falling", "Not worried about falling"),
    "kyphosis": ("Hyperkyphosis", "No hyperkyphosis"),
    "supervision_available": (
        "A physiotherapist or instructor can supervise",
        "No supervision available",
    ),
    "osteoporosis_by_density": ("Osteoporosis on bone density", "No osteoporosis on bone density"),
}
_THRESHOLD_WORDS = {"ge": "{} or more", "gt": "more than {}", "le": "{} or less", "lt": "under {}"}


def red_flag_words(flags: Any) -> str:
    """Red flags as a list in words, e.g. "new back pain and a problem with the wound"."""
    words = [RED_FLAG_WORDS.get(f, str(f).replace("_", " ")) for f in sorted(flags)]
    return " and ".join([", ".join(words[:-1]), words[-1]]) if len(words) > 1 else "".join(words)


def _count(n: int, one: str, many: str) -> str:
    return f"{'No' if n == 0 else n} {one if n == 1 else many}"


def _fact_finding(
    test: FactTest, facts: dict[str, Any], profile: Profile, *, negated: bool = False
) -> str:
    """One fact test as the patient's finding, with the threshold where one was crossed."""
    fact, actual = test.fact, facts[test.fact]
    if fact_spec(fact).kind == "bool":
        yes, no = (_BOOL_WORDS | REVIEW_BOOL_WORDS).get(
            fact, (fact.replace("_", " ").capitalize(), "")
        )
        if fact == "any_red_flag":
            return (
                f"Red flag reported: {red_flag_words(profile.red_flags)}"
                if actual
                else "No red flags"
            )
        if fact == "healing_fracture":
            if not actual:
                return "No fracture still healing"
            healing = [f for f in profile.fractures if is_healing(profile, f)]
            return (
                "A fracture still healing ("
                + "; ".join(
                    f"{site_word(f.site)} fracture {time_ago(profile.weeks_since(f))}"
                    + (f", {cast_words(f.site)}" if f.in_cast else "")
                    for f in healing
                )
                + ")"
            )
        if fact == "osteoporosis_by_density" and actual and profile.t_score is not None:
            return f"{yes} (T-score {profile.t_score:g})"
        return yes if actual else (no or f"Not: {yes.lower()}")
    if fact == "red_flags":
        any_of = test.contains_any
        wanted = any_of if test.op == "contains_any" and any_of is not None else [test.contains]
        flagged = sorted(set(actual) & set(wanted)) if not negated else sorted(actual)
        return f"Red flag reported: {red_flag_words(flagged)}" if flagged else "No red flags"
    if fact == "fall_risk":
        grade, reasons = profile.effective_fall_risk()
        return f"Falls risk {grade}" + (f": {'; '.join(reasons)}" if reasons else "")
    if fact == "ability":
        return ABILITY_WORDS.get(actual, str(actual))
    words = {
        "age": lambda v: f"Age {v}",
        "sex": lambda v: f"Sex: {v}" if v else "Sex not recorded",
        "bone_status": lambda v: (
            "Bone density not known" if v == "unknown" else f"Bone density: {v}"
        ),
        "t_score": lambda v: "No T-score recorded" if v is None else f"T-score {v:g}",
        "falls_12m": lambda v: _count(
            v, "fall in the last 12 months", "falls in the last 12 months"
        ),
        "tug_s": lambda v: (
            "Timed Up and Go not measured" if v is None else f"Timed Up and Go {v:g} s"
        ),
        "back_pain": lambda v: f"Back pain {v}/10",
        "fracture_count": lambda v: _count(v, "fragility fracture", "fragility fractures"),
        "vertebral_fracture_count": lambda v: _count(
            v, "vertebral fracture", "vertebral fractures"
        ),
    }
    say = words.get(fact)
    review = value_words(fact, actual)
    shown = say(actual) if say else review or f"{fact.replace('_', ' ').capitalize()}: {actual}"
    threshold = _THRESHOLD_WORDS.get(test.op)
    value = test.value
    if threshold and actual and not negated and actual != value:
        if fact == "age" and test.op == "ge":
            return f"{shown} ({value} or over)"
        return f"{shown} ({threshold.format(value)})"
    return shown
