"""Checks of the review rules beyond their format: sources and warnings that exist, ids unique
across the rulebook, review effects only where they apply, every procedure step present."""

from __future__ import annotations

from planner.errors import Problem, suggest
from planner.review.facts import REVIEW_FACTS
from planner.rulebook.conditions import facts_tested
from planner.rulebook.effects import Warn
from planner.rulebook.files import Source, WarningText
from planner.rulebook.review_rules import PRINCIPLES, Principle, ReviewRuleFile
from planner.yamlfile import SourceDoc, loc_text

#: Effects that act on one exercise, so only an exercise-scope rule may carry them.
EXERCISE_ONLY = ("outcome", "restart", "regress", "no_new_exercise")
#: Effects a rule of every plan (first plans included) may carry.
PLAN_EFFECTS = ("warn", "principle")


def review_problems(
    files: list[tuple[SourceDoc, ReviewRuleFile]],
    sources: dict[str, Source],
    warnings: dict[str, WarningText],
    rule_ids: dict[str, str],
) -> list[Problem]:
    """Every problem of the review rule files, each at its file and line."""
    problems: list[Problem] = []
    seen = dict(rule_ids)
    principles: dict[str, int] = {}

    def at(
        doc: SourceDoc, loc: tuple[str | int, ...], message: str, hint: str | None = None
    ) -> None:
        problems.append(
            Problem(
                message,
                path=doc.path,
                line=doc.line_of(loc),
                field=loc_text(loc),
                suggestion=hint,
            )
        )

    for doc, file in files:
        for i, rule in enumerate(file.review_rules):
            loc: tuple[str | int, ...] = ("review_rules", i)
            if rule.id in seen:
                at(doc, (*loc, "id"), f"duplicate rule id '{rule.id}' (first at {seen[rule.id]})")
            seen.setdefault(rule.id, f"{doc.path}:{doc.line_of((*loc, 'id'))}")
            for j, key in enumerate(rule.sources):
                if key not in sources:
                    at(doc, (*loc, "sources", j), f"unknown source '{key}'", suggest(key, sources))
            if rule.scope == "plan":
                conditions = [rule.when, *(e.when for e in rule.then)]
                for fact in (f for c in conditions for f in facts_tested(c)):
                    if fact in REVIEW_FACTS:
                        at(
                            doc,
                            loc,
                            f"'{fact}' is a review fact; a rule of every plan cannot test it",
                        )
            for k, effect in enumerate(rule.then):
                here = (*loc, "then", k)
                if isinstance(effect, Warn) and warnings and effect.warn not in warnings:
                    at(
                        doc,
                        here,
                        f"unknown warning code '{effect.warn}'",
                        suggest(effect.warn, warnings),
                    )
                kind = next(iter(type(effect).model_fields.keys() - {"when", "if_planned"}))
                if kind in EXERCISE_ONLY and rule.scope != "exercise":
                    at(doc, here, f"'{kind}' acts on an exercise; give the rule scope: exercise")
                if rule.scope == "plan" and kind not in PLAN_EFFECTS:
                    at(
                        doc,
                        here,
                        f"'{kind}' needs a review visit; a rule of every plan cannot carry it",
                    )
                if isinstance(effect, Principle):
                    principles[effect.principle] = principles.get(effect.principle, 0) + 1
    if files:
        missing = [p for p in PRINCIPLES if p not in principles]
        if missing:
            problems.append(
                Problem(
                    "the review rules leave out steps of the review procedure: "
                    + ", ".join(missing),
                    path=files[0][0].path,
                )
            )
    return problems
