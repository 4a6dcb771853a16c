"""Benchmark: seconds per printed handout for the demo patient, once WeasyPrint is warm.

    python bench/render.py [N] [--large-print]

Builds the demo plan (templates/demo-profile.yaml), renders one handout to warm up, then N more
(default 10) and prints the mean and median seconds per handout (wall clock and CPU), the
share spent filling the templates, and the page count. Prints figures; asserts nothing.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pikepdf

from planner import build_plan, load_profile, load_rulebook
from planner.handout import load_clinic, render_html, render_pdf
from planner.resources import templates_dir


def main(argv: list[str]) -> None:
    numbers = [a for a in argv if not a.startswith("--")]
    n = int(numbers[0]) if numbers else 10
    large = "--large-print" in argv
    book = load_rulebook()
    profile = load_profile(templates_dir() / "demo-profile.yaml")
    clinic = load_clinic(templates_dir() / "demo-clinic.yaml")
    plan = build_plan(profile, book)
    options = {"clinic": clinic, "today": profile.assessed_on, "large_print": large}
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "handout.pdf"
        t0 = time.perf_counter()
        render_pdf(plan, target, book, **options)  # warm up: imports, fonts, templates
        first = time.perf_counter() - t0
        wall, cpu, html = [], [], []
        for _ in range(n):
            w, c = time.perf_counter(), time.process_time()
            render_pdf(plan, target, book, **options)
            wall.append(time.perf_counter() - w)
            cpu.append(time.process_time() - c)
        for _ in range(n):
            h = time.perf_counter()
            render_html(plan, book, **options)
            html.append(time.perf_counter() - h)
        with pikepdf.open(target) as pdf:
            pages = len(pdf.pages)
        size = target.stat().st_size
    mean = statistics.mean(wall)
    print(f"handout:                  demo patient{' (large print)' if large else ''}")
    print(f"pages:                    {pages:8d}")
    print(f"file size:                {size / 1024:8.0f} KB")
    print(f"first render (cold):      {first:8.2f} s")
    print(f"per handout, mean:        {mean:8.2f} s   (wall, {n} renders)")
    print(f"per handout, median:      {statistics.median(wall):8.2f} s")
    print(f"per handout, CPU mean:    {statistics.mean(cpu):8.2f} s")
    print(f"per page, mean:           {mean / pages:8.3f} s")
    print(f"HTML from templates:      {statistics.mean(html) * 1000:8.1f} ms of each handout")


if __name__ == "__main__":
    main(sys.argv[1:])
