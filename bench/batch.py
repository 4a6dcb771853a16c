"""Benchmark: clinic batch handouts (PDF) per second, the naive way and with run_batch.

    python bench/batch.py [N] [--naive M] [--jobs J] [--patients K] [--json]

Writes a realistic CSV of N patients (default 1000, fixed seed: mixed sites, ages, falls,
abilities, equipment; with ``--patients K`` every row repeats the clinical facts of one of K
patients under its own id and name) in a temporary folder, then times

* naive: one full handout (booklet and clinician's copy) per row, serially, with
  ``planner.render.handout.write_handouts`` (on the first M rows, default 100, since it is slow: its
  rate is the same on any sample);
* batch: ``run_batch`` on all N rows with ``jobs`` = all cores (or J);

and prints handouts per second for each, their ratio, how many distinct plans the rows hold
(patients with one plan share its pages), and the peak resident memory of this process and of
its (worker) children. With ``--json`` it times ``run_batch`` writing plan-v1 JSON instead
(plans per second; no naive run). Asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planner.batch.run import run_batch
from planner.build import build_plan
from planner.profile.csvrows import COLUMNS, CsvRows, profile_from_row
from planner.rulebook.load import load_rulebook

SITES = ["vertebral", "hip", "pelvis", "wrist", "humerus", "other"]
FIRST = ["Margaret", "Edward", "Susan", "Dorothy", "Anne", "Robert", "Helen", "George", "Joan"]
LAST = ["Hill", "Jones", "Patel", "Evans", "Clarke", "Wilson", "Baker", "Moore", "Taylor"]
EXTRA_EQUIPMENT = ["resistance_band", "dumbbells", "mat", "walking_aid", "low_step"]


def write_csv(path: Path, n: int, seed: int = 11, patients: int | None = None) -> None:
    """N rows; with ``patients`` = K, the clinical facts of each row are those of one of K
    generated patients (ids and names stay distinct), as in a list where many share a plan."""
    rng = random.Random(seed)
    shared = [_patient(rng, i) for i in range(patients or 0)]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        for i in range(n):
            if not shared:
                writer.writerow(_patient(rng, i))
                continue
            row = dict(rng.choice(shared))
            row.update(id=f"P{i:05d}", name=f"{rng.choice(FIRST)} {rng.choice(LAST)}")
            writer.writerow(row)


def _patient(rng: random.Random, i: int) -> dict[str, object]:
    """One realistic patient row: mixed sites, ages, falls, abilities and equipment."""
    ability = rng.choice(["frail", "limited", "limited", "independent", "independent", "fit"])
    falls = rng.choice([0, 0, 0, 1, 1, 2, 3])
    row = {
        "id": f"P{i:05d}",
        "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "age": rng.randint(58, 94),
        "sex": rng.choice(["female", "female", "female", "male"]),
        "assessed_on": f"2026-11-{rng.randint(2, 20):02d}",
        "bone_status": rng.choice(["osteoporosis", "osteoporosis", "osteopenia", "unknown"]),
        "falls_12m": falls,
        "injurious_fall_12m": "yes" if falls and rng.random() < 0.3 else "no",
        "unsteady": rng.choice(["yes", "no"]),
        "fear_of_falling": rng.choice(["yes", "no", "no"]),
        "ability": ability,
        "back_pain": rng.randint(0, 6),
        "kyphosis": rng.choice(["yes", "no", "no"]),
        "supervision_available": rng.choice(["yes", "no"]),
    }
    if rng.random() < 0.3:
        extra = rng.sample(EXTRA_EQUIPMENT, 2)
        row["equipment"] = "|".join(["firm_chair", "counter_or_sturdy_support", *extra])
    for n_fx in range(1, rng.choice([0, 1, 1, 1, 2]) + 1):
        site = rng.choice(SITES)
        row[f"fracture{n_fx}_site"] = site
        row[f"fracture{n_fx}_weeks_since"] = rng.choice([4, 8, 12, 20, 40, 80, 150])
        row[f"fracture{n_fx}_cause"] = rng.choice(["fall", "fall", "lifting", "unknown"])
        if site == "hip":
            row[f"fracture{n_fx}_treatment"] = rng.choice(["fixation", "arthroplasty"])
        elif site == "wrist":
            row[f"fracture{n_fx}_treatment"] = "cast"
        row[f"fracture{n_fx}_cleared"] = rng.choice(["yes", "no"])
    return row


def naive(src: Path, out: Path, limit: int) -> tuple[int, float]:
    from planner.render.documents import write_handouts

    book = load_rulebook()
    done = 0
    start = time.perf_counter()
    with CsvRows(src) as rows:
        for row in rows:
            if done >= limit:
                break
            profile = profile_from_row(row)
            write_handouts(build_plan(profile, book), out / f"{profile.id}-booklet.pdf", book)
            done += 1
    return done, time.perf_counter() - start


def distinct_plans(src: Path) -> int:
    """How many different plans the rows hold (the same plan whatever the name and dates)."""
    book = load_rulebook()
    seen = set()
    with CsvRows(src) as rows:
        for row in rows:
            plan = build_plan(profile_from_row(row), book)
            seen.add(plan.model_dump_json(exclude={"profile", "start_date", "review_date"}))
    return len(seen)


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=1000)
    parser.add_argument("--naive", type=int, default=100, help="rows for the naive run")
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument(
        "--patients", type=int, help="draw the rows' clinical facts from this many patients"
    )
    parser.add_argument("--json", action="store_true", help="time JSON plans, not handouts")
    args = parser.parse_args()
    if args.json:
        json_rate(args.n, args.jobs, args.patients)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        src = folder / "patients.csv"
        write_csv(src, args.n, patients=args.patients)
        plans = distinct_plans(src)
        (folder / "naive").mkdir()
        cpu0 = _cpu(resource.RUSAGE_SELF)
        n_naive, t_naive = naive(src, folder / "naive", min(args.naive, args.n))
        cpu_naive = _cpu(resource.RUSAGE_SELF) - cpu0
        cpu0 = _cpu(resource.RUSAGE_CHILDREN) + _cpu(resource.RUSAGE_SELF)
        start = time.perf_counter()
        report = run_batch(src, folder / "batch", jobs=args.jobs, fmt="pdf")
        t_batch = time.perf_counter() - start
        cpu_batch = _cpu(resource.RUSAGE_CHILDREN) + _cpu(resource.RUSAGE_SELF) - cpu0
        ok = report.count("ok")
    naive_rate, batch_rate = n_naive / t_naive, ok / t_batch
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"rows: {args.n} (naive on the first {n_naive}), cores: {os.cpu_count()}, jobs: {args.jobs}"
    )
    print(f"distinct plans among the rows: {plans}")
    print(f"naive (write_handouts):    {naive_rate:6.2f} handouts/s ({t_naive:.1f} s)")
    print(f"run_batch:                 {batch_rate:6.2f} handouts/s ({t_batch:.1f} s, {ok} ok)")
    print(f"ratio batch/naive:         {batch_rate / naive_rate:6.2f}x")
    print(
        f"CPU seconds per handout: naive {cpu_naive / n_naive:.2f}, batch {cpu_batch / ok:.2f} "
        f"(load average now {os.getloadavg()[0]:.1f}: other processes slow both wall clocks)"
    )
    print(f"peak RSS: self {me:.0f} MiB, largest child {kids:.0f} MiB")


def json_rate(n: int, jobs: int, patients: int | None) -> None:
    """Plans per second for a JSON batch of ``n`` rows."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "patients.csv"
        write_csv(src, n, patients=patients)
        start = time.perf_counter()
        report = run_batch(src, Path(tmp) / "out", jobs=jobs, fmt="json")
        seconds = time.perf_counter() - start
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"rows: {n}, jobs: {jobs}, ok: {report.count('ok')}")
    print(f"run_batch --format json: {report.count('ok') / seconds:7.1f} plans/s ({seconds:.1f} s)")
    print(f"peak RSS: self {me:.0f} MiB, largest child {kids:.0f} MiB")


if __name__ == "__main__":
    main()
