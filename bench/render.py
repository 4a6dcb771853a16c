"""Benchmark: seconds per printed handout (the booklet and the clinician's copy) for the demo
patient, once WeasyPrint is warm.

    python bench/render.py [N] [--large-print]

Builds the demo plan (templates/demo-profile.yaml), writes both documents once to warm up, then
N more times (default 10) and prints the mean and median seconds per handout (wall clock and
CPU), the time spent filling the templates, and each document's pages and size. Prints figures;
asserts nothing.
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
from planner.render.clinic import load_clinic
from planner.render.documents import write_handouts
from planner.render.html import render_html
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
        target = Path(folder) / "demo-booklet.pdf"
        t0 = time.perf_counter()
        written = write_handouts(plan, target, book, **options)  # warm up: imports, fonts
        first = time.perf_counter() - t0
        wall, cpu, html = [], [], []
        for _ in range(n):
            w, c = time.perf_counter(), time.process_time()
            write_handouts(plan, target, book, **options)
            wall.append(time.perf_counter() - w)
            cpu.append(time.process_time() - c)
        for _ in range(n):
            h = time.perf_counter()
            for document in ("booklet", "clinician"):
                render_html(plan, book, document=document, **options)
            html.append(time.perf_counter() - h)
        pages, sizes = [], []
        for path in written:
            with pikepdf.open(path) as pdf:
                pages.append(len(pdf.pages))
            sizes.append(path.stat().st_size)
    mean = statistics.mean(wall)
    print(f"handout:                  demo patient{' (large print)' if large else ''}")
    print(f"pages:                    {pages[0]:8d} booklet, {pages[1]} clinician's copy")
    print(f"file size:                {sizes[0] / 1024:8.0f} KB, {sizes[1] / 1024:.0f} KB")
    print(f"first render (cold):      {first:8.2f} s")
    print(f"per handout, mean:        {mean:8.2f} s   (wall, {n} renders of both documents)")
    print(f"per handout, median:      {statistics.median(wall):8.2f} s")
    print(f"per handout, CPU mean:    {statistics.mean(cpu):8.2f} s")
    print(f"per page, mean:           {mean / sum(pages):8.3f} s")
    print(f"HTML from templates:      {statistics.mean(html) * 1000:8.1f} ms of each handout")


if __name__ == "__main__":
    main(sys.argv[1:])
