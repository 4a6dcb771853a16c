"""Benchmark: how many plans a second, once the rulebook is loaded.

    python bench/plan.py [N]

Builds plans for N generated profiles (default 2000, a fixed seed), plus the rulebook load time
and a JSON serialisation figure. Prints the figures; asserts nothing.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planner import Profile, build_plan, load_rulebook

SITES = ["vertebral", "hip", "pelvis", "wrist", "humerus", "other"]


def profiles(n: int, seed: int = 7) -> list[Profile]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        fractures = []
        for _ in range(rng.choice([0, 0, 1, 1, 1, 2])):
            site = rng.choice(SITES)
            treatment = rng.choice(["conservative", "cast", "fixation", "arthroplasty"])
            fx = {
                "site": site,
                "weeks_since": rng.choice([1, 3, 6, 8, 14, 30, 80]),
                "cause": rng.choice(["fall", "lifting", "unknown"]),
                "treatment": treatment,
            }
            if treatment == "arthroplasty":
                fx["approach"] = rng.choice(["posterior", "anterior", "lateral"])
            fractures.append(fx)
        out.append(
            Profile.model_validate(
                {
                    "id": f"P{i}",
                    "age": rng.randint(50, 95),
                    "assessed_on": "2026-11-21",
                    "ability": rng.choice(["frail", "limited", "independent", "fit"]),
                    "bone_status": rng.choice(["osteopenia", "osteoporosis"]),
                    "falls_12m": rng.choice([0, 0, 1, 2]),
                    "unsteady": rng.random() < 0.3,
                    "fractures": fractures,
                    "supervision_available": rng.random() < 0.3,
                }
            )
        )
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    t0 = time.perf_counter()
    rulebook = load_rulebook()
    load_s = time.perf_counter() - t0
    batch = profiles(n)
    build_plan(batch[0], rulebook)  # warm up
    times = []
    for profile in batch:
        t = time.perf_counter()
        build_plan(profile, rulebook)
        times.append(time.perf_counter() - t)
    plan = build_plan(batch[0], rulebook)
    t = time.perf_counter()
    for _ in range(100):
        plan.to_json()
    json_ms = (time.perf_counter() - t) * 10
    total = sum(times)
    print(f"rulebook load:        {load_s * 1000:8.1f} ms")
    print(f"plans built:          {n:8d}")
    print(f"per plan, mean:       {statistics.mean(times) * 1000:8.2f} ms")
    print(f"per plan, median:     {statistics.median(times) * 1000:8.2f} ms")
    print(f"per plan, p99:        {sorted(times)[int(n * 0.99) - 1] * 1000:8.2f} ms")
    print(f"plans per second:     {n / total:8.0f}")
    print(f"plan to JSON (12 wk): {json_ms:8.2f} ms")


if __name__ == "__main__":
    main()
