"""Contact sheet of the exercise pictures, for looking at them.

    .venv/bin/python bench/figure_sheet.py OUT.pdf [SLUG ...]

Renders each pose in ``rules/poses.yaml`` (or only the slugs given) at its printed size, 8 cm
wide, under its name and slug, and writes the PDF with WeasyPrint from an HTML string; any attempt
to fetch a URL is refused.
"""

from __future__ import annotations

import sys
from html import escape
from pathlib import Path

import yaml
from weasyprint import HTML

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from planner.figures import load_poses, render_pose_svg  # noqa: E402

CSS = """
@page { size: A4; margin: 12mm; }
body { font-family: sans-serif; font-size: 9pt; margin: 0; }
.grid { display: flex; flex-wrap: wrap; }
.card { width: 8.6cm; margin: 0 2mm 4mm 0; break-inside: avoid; border: 0.3pt solid #bbb;
        padding: 1mm; }
.card svg { width: 8cm; height: auto; display: block; }
.name { font-weight: bold; }
.slug { color: #666; font-size: 7pt; }
"""


def refuse_fetch(url: str) -> dict[str, object]:
    """The sheet is self-contained: nothing may be fetched while rendering it."""
    raise ValueError(f"refusing to fetch {url}")


def exercise_names() -> dict[str, str]:
    """Slug to display name from ``rules/exercises/*.yaml`` when present."""
    names: dict[str, str] = {}
    for path in sorted((ROOT / "rules" / "exercises").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for entry in data.get("exercises", []) if isinstance(data, dict) else []:
            if isinstance(entry, dict) and "slug" in entry:
                names[entry["slug"]] = str(entry.get("name") or entry["slug"])
    return names


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("usage: figure_sheet.py OUT.pdf [SLUG ...]", file=sys.stderr)
        return 2
    poses = load_poses(ROOT / "rules" / "poses.yaml")
    wanted = argv[2:] or list(poses)
    names = exercise_names()
    cards = []
    for slug in wanted:
        name = names.get(slug, slug.replace("_", " ").capitalize())
        svg = render_pose_svg(poses[slug], label=name)
        cards.append(
            f'<div class="card"><div class="name">{escape(name)} '
            f'<span class="slug">{escape(slug)}</span></div>{svg}</div>'
        )
    html = (
        f"<!doctype html><html><head><meta charset='utf-8'><style>{CSS}</style></head>"
        f"<body><div class='grid'>{''.join(cards)}</div></body></html>"
    )
    HTML(string=html, url_fetcher=refuse_fetch).write_pdf(argv[1])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
