"""The programme's charts, drawn on the server as SVG shapes (no script, no inline style: the
colours are the stylesheet's classes), each with the table that is its accessible version:
adherence (the share of sessions done per kind of session) and pain (exercises per pain band)
for each block reviewed, and the re-tests at each visit."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from planner.review.visit import Visit
from planner.vocabulary import COMPONENT_LABELS, COMPONENTS, Component
from planner.web.store.tables import ReviewVisit

WIDTH, HEIGHT = 400, 220
LEFT, RIGHT, TOP, BOTTOM = 52, 8, 22, 34
#: The steps an axis counts in (times a power of ten).
STEPS = (1.0, 2.0, 2.5, 4.0, 5.0)
BANDS = (
    ("expected", "Expected"),
    ("hold", "Hold band"),
    ("step_back", "Step-back band"),
    ("not_recorded", "Not recorded"),
)
RETESTS = (
    ("tug_s", "Timed Up and Go (s)"),
    ("chair_stands", "30-s chair stands"),
    ("balance_stage", "4-stage balance (stage)"),
    ("one_leg_s", "One-leg stand (s)"),
)


@dataclass
class Chart:
    """An SVG chart's shapes, in the viewBox's units, with its title and description."""

    key: str
    title: str
    desc: str
    width: int = WIDTH
    height: int = HEIGHT
    rects: list[dict[str, Any]] = field(default_factory=list)
    lines: list[dict[str, Any]] = field(default_factory=list)
    #: Lines drawn over the bars.
    marks: list[dict[str, Any]] = field(default_factory=list)
    texts: list[dict[str, Any]] = field(default_factory=list)
    paths: list[dict[str, Any]] = field(default_factory=list)
    dots: list[dict[str, Any]] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)


def _y(value: float, top: float, chart: Chart) -> float:
    """The SVG y of ``value`` on an axis from 0 to ``top``."""
    span = chart.height - TOP - BOTTOM
    return round(chart.height - BOTTOM - span * (value / top if top else 0), 1)


def _axis(chart: Chart, top: float, ticks: Sequence[float], unit: str = "") -> None:
    """The y axis's grid lines and labels, and the baseline."""
    for tick in ticks:
        y = _y(tick, top, chart)
        chart.lines.append({"x1": LEFT, "x2": chart.width - RIGHT, "y1": y, "y2": y, "cls": "grid"})
        chart.texts.append({"x": LEFT - 6, "y": y + 4, "text": f"{tick:g}{unit}", "cls": "tick"})


def nice_top(largest: float, ticks: int = 4) -> float:
    """The axis's top: ``ticks`` round steps that hold ``largest`` with a little room."""
    want = max(largest * 1.1, 1.0) / ticks
    scale = 10.0 ** math.floor(math.log10(want))
    step = next((s * scale for s in STEPS if s * scale >= want), 10 * scale)
    return step * ticks


def _x_label(chart: Chart, x: float, text: str) -> None:
    chart.texts.append({"x": round(x, 1), "y": chart.height - 12, "text": text, "cls": "label"})


def adherence_chart(rows: Sequence[dict[str, Any]]) -> tuple[Chart, list[Component]]:
    """Grouped bars: for each block, the share of each kind of session done (with the 2 in 3
    that progress needs); and the kinds of session shown."""
    kinds = [c for c in COMPONENTS if any(c in r["sessions"] for r in rows)]
    chart = Chart(
        "adherence",
        "Sessions done, per block",
        "Share of planned sessions done for each kind of session in each block reviewed; "
        "the dashed line is 2 in 3, below which exercises hold. The table below gives the numbers.",
    )
    _axis(chart, 100, (0, 25, 50, 75, 100), "%")
    y = _y(200 / 3, 100, chart)
    chart.marks.append({"x1": LEFT, "x2": chart.width - RIGHT, "y1": y, "y2": y, "cls": "target"})
    group = (chart.width - LEFT - RIGHT) / max(len(rows), 1)
    bar = group * 0.8 / max(len(kinds), 1)
    for i, row in enumerate(rows):
        x0 = LEFT + group * i + group * 0.1
        for j, kind in enumerate(kinds):
            done, planned = row["sessions"].get(kind, (0, 0))
            if not planned:
                continue
            top = _y(100 * done / planned, 100, chart)
            chart.rects.append(
                {
                    "x": round(x0 + bar * j, 1),
                    "y": top,
                    "w": round(bar * 0.9, 1),
                    "h": round(chart.height - BOTTOM - top, 1),
                    "cls": f"c-{kind}",
                }
            )
        _x_label(chart, x0 + group * 0.4, f"Block {row['block']}")
    chart.legend = [(f"c-{k}", COMPONENT_LABELS[k]) for k in kinds] + [("target", "2 in 3")]
    return chart, kinds


def pain_chart(rows: Sequence[dict[str, Any]]) -> Chart:
    """Stacked bars: for each block, how many of its exercises ended in each pain band."""
    chart = Chart(
        "pain",
        "Pain bands, per block",
        "Number of the block's exercises in each pain band at its review. The table below "
        "gives the numbers.",
    )
    top = max(nice_top(max(sum(r["pain"].values()) for r in rows)), 4.0)
    _axis(chart, top, [top * n / 4 for n in range(5)])
    group = (chart.width - LEFT - RIGHT) / max(len(rows), 1)
    width = min(group * 0.6, 80)
    for i, row in enumerate(rows):
        x = LEFT + group * i + (group - width) / 2
        base = 0
        for band, _ in BANDS:
            count = row["pain"].get(band, 0)
            if count:
                y_top = _y(base + count, top, chart)
                y_low = _y(base, top, chart)
                chart.rects.append(
                    {
                        "x": round(x, 1),
                        "y": y_top,
                        "w": round(width, 1),
                        "h": round(y_low - y_top, 1),
                        "cls": f"p-{band}",
                    }
                )
                base += count
        _x_label(chart, x + width / 2, f"Block {row['block']}")
    chart.legend = [(f"p-{band}", label) for band, label in BANDS]
    return chart


def retest_charts(visits: Sequence[tuple[str, Visit]]) -> list[Chart]:
    """A line for each re-test done at any visit: its result at each visit."""
    charts = []
    for key, label in RETESTS:
        points = [(i, getattr(v.retests, key)) for i, (_, v) in enumerate(visits)]
        values = [float(p) for _, p in points if p is not None]
        if not values:
            continue
        chart = Chart(
            f"retest-{key}",
            label,
            f"{label} at each review visit. The table below gives the numbers.",
            height=160,
        )
        top = 4.0 if key == "balance_stage" else nice_top(max(values))
        _axis(chart, top, [top * n / 4 for n in range(5)])
        step = (chart.width - LEFT - RIGHT) / max(len(visits), 1)
        coords = []
        for i, value in points:
            x = round(LEFT + step * (i + 0.5), 1)
            _x_label(chart, x, visits[i][0])
            if value is not None:
                y = _y(float(value), top, chart)
                coords.append(f"{x},{y}")
                chart.dots.append({"x": x, "y": y, "text": f"{value:g}"})
        chart.paths.append({"points": " ".join(coords), "cls": "line"})
        charts.append(chart)
    return charts


def charts_view(visits: Sequence[ReviewVisit]) -> dict[str, Any] | None:
    """The charts and their tables for a patient's review visits (oldest first); None when
    there has been no review yet."""
    if not visits:
        return None
    rows = [json.loads(v.summary_json) for v in visits]
    read = [Visit.model_validate_json(v.visit_json) for v in visits]
    dated = [(f"{v.visit_date.day} {v.visit_date:%b %y}", v) for v in read]
    adherence, kinds = adherence_chart(rows)
    return {
        "adherence": adherence,
        "kinds": [(k, COMPONENT_LABELS[k]) for k in kinds],
        "pain": pain_chart(rows),
        "bands": BANDS,
        "rows": [{**r, "date": d} for r, (d, _) in zip(rows, dated, strict=True)],
        "retests": retest_charts(dated),
        "retest_names": RETESTS,
        "retest_rows": [(d, v.retests) for d, v in dated if v.retests.done],
    }
