"""Where the packaged data lives: the one place that finds ``rules/`` and ``templates/``.

An installed wheel carries both folders inside the package (``planner/rules``); a checkout keeps
them at the top of the repository. Nothing else in the code computes these paths.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    packaged = _PACKAGE_DIR / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE_DIR.parent / name


def rules_dir() -> Path:
    """The default rulebook folder (rules, exercises, sources, warnings)."""
    return _data_dir("rules")


def templates_dir() -> Path:
    """The handout templates, stylesheet and other rendering assets."""
    return _data_dir("templates")
