"""Help for each field, from the comments of the annotated profile template
(``osteoplan profile-template``), so the form and the template say the same thing.

A comment that only lists a field's choices (``female | male | other``), names a command or
carries on another field's (``... or its date``) is left out: the form shows the choices itself.
"""

from __future__ import annotations

import re
from functools import cache

from planner.resources import templates_dir

TEMPLATE = "profile-template.yaml"
#: ``key: value  # comment``, the key perhaps commented out or a list item (``- site:``).
_LINE = re.compile(r"^(?P<indent>\s*)(?:#\s*)?(?:-\s+)?(?P<key>[a-z_0-9]+):[^#]*#\s*(?P<help>.*)$")
#: A comment carried on from the line above (only spaces before the ``#``).
_MORE = re.compile(r"^\s{8,}#\s*(?P<help>.*)$")


@cache
def template_help() -> dict[tuple[bool, str], str]:
    """``(in a fracture, field name)`` -> the template's comment on it, as written."""
    found: dict[tuple[bool, str], str] = {}
    last: tuple[bool, str] | None = None
    text = (templates_dir() / TEMPLATE).read_text(encoding="utf-8")
    for line in text.splitlines():
        match = _LINE.match(line)
        if match:
            last = (len(match.group("indent")) > 0, match.group("key"))
            found.setdefault(last, match.group("help").strip())
            continue
        more = _MORE.match(line)
        if more and last is not None:
            found[last] = f"{found[last]} {more.group('help').strip()}"
        else:
            last = None
    return found


def field_help(name: str, choices: tuple[str, ...], *, fracture: bool, label: str) -> str:
    """The help a form shows under a field: the template's comment less what the form says
    already (its label, its choices) and any command line advice."""
    comment = template_help().get((fracture, name), "")
    kept = []
    for part in re.split(r";\s+", comment):
        words = part.strip().removeprefix("...").removesuffix("...").strip().rstrip(".")
        if words.lower().startswith(label.lower()):
            words = words[len(label) :].strip(" ,")
        head, colon, tail = words.partition(": ")
        if colon and _lists_choices(tail, choices):
            words = head
        if _lists_choices(words, choices):
            bare = re.search(r"\((required|optional)\)\s*$", words)
            words = bare.group(1) if bare else ""
        if words.startswith("(") and words.endswith(")"):
            words = words[1:-1]
        if not words or "osteoplan " in words or "[" in words or words.startswith("or "):
            continue
        kept.append(words)
    text = "; ".join(kept)
    return text[:1].upper() + text[1:] + ("." if text and not text.endswith(".") else "")


def _lists_choices(text: str, choices: tuple[str, ...]) -> bool:
    """Whether ``text`` is a list of the choices, ``a | b | c`` (perhaps with a remark)."""
    tokens = [t.strip(" ()") for t in re.split(r"\s*\|\s*", text)]
    return len(tokens) > 1 and all(t.split(" ")[0] in choices for t in tokens)
