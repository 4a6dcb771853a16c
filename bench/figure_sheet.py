"""Contact sheet of the exercise pictures, for looking at them.

    .venv/bin/python bench/figure_sheet.py OUT.pdf [SLUG ...]
    .venv/bin/python bench/figure_sheet.py OUT.png [SLUG ...]

Renders each pose in ``rules/poses.yaml`` (or only the slugs given) at about its printed size,
8 cm wide, under its name and slug with the "Start" and "Finish" captions in 12 pt as the handout
prints them, and writes the PDF with WeasyPrint from an HTML string; any attempt to fetch a URL is
refused. With a ``.png`` name it writes one image per page instead (OUT-1.png, OUT-2.png, ...,
110 dpi, with pypdfium2 from the test extras), for looking at without a PDF viewer.
"""

from __future__ import annotations

import sys
from html import escape
from pathlib import Path

import yaml
from weasyprint import HTML

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from planner.pictures import load_poses, render_pose_svg  # noqa: E402

CSS = """
@page { size: A4; margin: 12mm; }
body { font-family: sans-serif; font-size: 9pt; margin: 0; }
.grid { display: flex; flex-wrap: wrap; }
.card { width: 8.6cm; margin: 0 2mm 4mm 0; break-inside: avoid; border: 0.3pt solid #bbb;
        padding: 1mm; }
.card svg { width: 8cm; height: auto; display: block; }
.figure-captions { width: 8cm; font-size: 12pt; font-weight: bold; line-height: 1.2;
        margin: 1mm 0 0.8mm; white-space: nowrap; }
.figure-captions span { display: inline-block; width: 47.45%; text-align: center; }
.figure-captions span + span { margin-left: 5.1%; }
.name { font-weight: bold; }
.slug { color: #666; font-size: 7pt; }
"""


# As the handout's exercise cards print them (templates/sections/exercises.html.j2): each over
# its panel, PANEL / (2 PANEL + GAP) = 47.45% of the picture wide, GAP / (...) = 5.1% between.
LABELS = '<div class="figure-captions"><span>Start</span><span>Finish</span></div>'


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
        print("usage: figure_sheet.py OUT.pdf|OUT.png [SLUG ...]", file=sys.stderr)
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
            f'<span class="slug">{escape(slug)}</span></div>{LABELS}{svg}</div>'
        )
    html = (
        f"<!doctype html><html><head><meta charset='utf-8'><style>{CSS}</style></head>"
        f"<body><div class='grid'>{''.join(cards)}</div></body></html>"
    )
    out = Path(argv[1])
    data = HTML(string=html, url_fetcher=refuse_fetch).write_pdf()
    if out.suffix.lower() != ".png":
        out.write_bytes(data)
        return 0
    import pypdfium2 as pdfium  # a test extra, needed only for images

    pdf = pdfium.PdfDocument(data)
    try:
        for n, page in enumerate(pdf, start=1):
            page.render(scale=110 / 72).to_pil().save(out.with_name(f"{out.stem}-{n}.png"))
    finally:
        pdf.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
