"""Clinic batch: a booklet and a clinician's copy (or a plan) per CSV row, in parallel,
resumable, with a manifest.

:func:`run_batch` streams the CSV (:mod:`planner.profile.csvrows`), hands rows to a process pool in
bounded chunks (at most ``4 * jobs`` rows in flight, so memory stays flat however long the file
is) and writes, for each good row, ``OUTDIR/<id>-booklet.<ext>`` and
``OUTDIR/<id>-clinician.<ext>`` (or ``OUTDIR/<id>.json``), each file atomically (a
``.name.tmp`` beside it, then :func:`os.replace`). Results arrive in any order; the manifest
(``manifest.csv`` and ``manifest.json``) lists them sorted by row. Nothing here prints or
logs patient text: problems name the row (file line) and the column only.

Each worker loads the rulebook once (pool initializer) and keeps a cache of plans keyed by the
profile without ``id``, ``name`` and ``note``: the plan depends on nothing else, so patients with
the same facts share one plan computation (and, for JSON, one serialisation) and only their
identity is swapped in. PDFs are made in parts (:func:`planner.render.handout.booklet_pdf`,
:func:`planner.render.handout.clinician_pdf`): each row typesets only its own pages (the booklet's
cover, the clinician's copy), and the pages that depend on the plan alone (exercise cards,
safety, build-up, log; sources; footers) come from a :class:`planner.render.typeset.PartCache` whose
folder, a temporary one removed at the end, all workers share.
"""

from __future__ import annotations

import concurrent.futures as cf
import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from planner.errors import OutputError, PlannerError, ProfileError
from planner.output import write_atomic
from planner.profile.csvrows import CsvRow, CsvRows, profile_from_row, translate_problems

Format = Literal["pdf", "html", "json"]
FORMATS: tuple[str, ...] = ("pdf", "html", "json")
Status = Literal["ok", "invalid", "failed", "skipped"]
MANIFEST_CSV = "manifest.csv"
MANIFEST_JSON = "manifest.json"
MANIFEST_FIELDS = (
    "row",
    "id",
    "status",
    "output",
    "clinician_copy",
    "rules_fired",
    "warnings",
    "error",
)
#: What identifies a patient rather than shaping the plan: left out of the plan cache's key.
IDENTITY_FIELDS = frozenset({"id", "name", "note"})
#: Names Windows reserves, whatever the extension (checked case-insensitively).
RESERVED_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{i}" for i in range(1, 10)}
    | {f"LPT{i}" for i in range(1, 10)}
)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Plans a worker keeps (a plan is about 160 kB): many for cheap JSON rows, where a plan shared
#: by many rows saves most of the work; few for handouts, where typesetting dominates.
PLAN_CACHE_SIZE = {"json": 256, "html": 16, "pdf": 16}


@dataclass
class RowResult:
    """What happened to one CSV row; this is one manifest line. ``output`` is the booklet (or
    the JSON plan), ``clinician_copy`` the clinician's copy."""

    row: int
    id: str
    status: Status
    output: str = ""
    clinician_copy: str = ""
    rules_fired: str = ""
    warnings: str = ""
    error: str = ""


@dataclass
class BatchReport:
    """The outcome of a batch: rows sorted by row, the manifest paths and the exit code."""

    rows: list[RowResult] = field(default_factory=list)
    code: int = 0
    manifest_csv: Path | None = None
    manifest_json: Path | None = None
    error: str = ""

    def count(self, status: Status) -> int:
        return sum(1 for r in self.rows if r.status == status)

    def summary(self) -> str:
        if self.code == 2:
            return f"batch did not start: {self.error}"
        return (
            f"{len(self.rows)} rows: {self.count('ok')} ok, {self.count('invalid')} invalid, "
            f"{self.count('failed')} failed, {self.count('skipped')} skipped; "
            f"manifest {self.manifest_csv}"
        )


# --- file names ----------------------------------------------------------------------------------


def safe_name(raw: str | None, line: int) -> str:
    """A file-name stem for a patient id: [A-Za-z0-9._-] only, no reserved or dot names."""
    name = _UNSAFE.sub("_", (raw or "").strip()).lstrip(".")
    if not name:
        return f"row-{line}"
    if name.split(".", 1)[0].upper() in RESERVED_NAMES:
        name = f"_{name}"
    return name[:100]


def output_path(out_dir: Path, stem: str, ext: str) -> Path:
    """``out_dir/stem.ext``, refusing anything that would resolve outside ``out_dir``."""
    base = out_dir.resolve()
    target = (base / f"{stem}.{ext}").resolve()
    if target.parent != base:
        raise OutputError.single("the output name would leave the output folder")
    return target


def row_outputs(out_dir: Path, stem: str, fmt: str) -> tuple[Path, ...]:
    """A row's files: ``<stem>-booklet.<fmt>`` and ``<stem>-clinician.<fmt>``, or
    ``<stem>.json``."""
    if fmt == "json":
        return (output_path(out_dir, stem, "json"),)
    return (
        output_path(out_dir, f"{stem}-booklet", fmt),
        output_path(out_dir, f"{stem}-clinician", fmt),
    )


def is_complete(path: Path, fmt: str) -> bool:
    """Whether an output written earlier is whole (used by resume)."""
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return False
        if fmt == "json":
            json.loads(path.read_bytes())
            return True
        if fmt == "html":
            with path.open("rb") as f:
                f.seek(max(0, path.stat().st_size - 64))
                return f.read().rstrip().endswith(b"</html>")
        with path.open("rb") as f:
            f.seek(max(0, path.stat().st_size - 32))
            if b"%%EOF" not in f.read():
                return False
        import pikepdf

        with pikepdf.open(path) as pdf:
            return len(pdf.pages) > 0
    except Exception:  # anything unreadable is simply redone
        return False


def neutralise(cell: str) -> str:
    """Keep a spreadsheet from reading a manifest cell as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


# --- the work done for one row (in a worker process, or in-process with jobs=1) ----------------

_STATE: dict[str, Any] = {}


def _init_worker(
    rules_path: str | None,
    out_dir: str,
    fmt: str,
    large_print: bool,
    clinic: Any,
    parts_dir: str | None,
    today: dt.date,
) -> None:
    from planner.render.typeset import PartCache
    from planner.rulebook.load import load_rulebook

    _STATE.clear()
    _STATE.update(
        book=load_rulebook(Path(rules_path) if rules_path else None),
        out_dir=Path(out_dir),
        fmt=fmt,
        large_print=large_print,
        clinic=clinic,
        plans={},
        parts=PartCache(Path(parts_dir) if parts_dir else None),
        today=today,
    )


def _cached(profile: Any) -> dict[str, Any]:
    """The cache entry of a profile's plan, computed once per distinct profile in this worker.

    The key is a hash of the profile without ``id``, ``name`` and ``note``: the plan is built
    from the profile alone, and those fields only label it, so patients with the same facts
    share it.
    """
    from planner.schedule.build import build_plan

    facts = profile.model_dump(mode="json", exclude=set(IDENTITY_FIELDS))
    key = hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()
    plans: dict[str, dict[str, Any]] = _STATE["plans"]
    entry = plans.get(key)
    if entry is None:
        entry = {"plan": build_plan(profile, _STATE["book"])}
        if len(plans) >= PLAN_CACHE_SIZE[_STATE["fmt"]]:
            plans.pop(next(iter(plans)))
        plans[key] = entry
    return entry


def _personal(plan: Any, profile: Any) -> dict[str, Any]:
    """The plan's profile with this patient's id, name and note (keys stay in place)."""
    return {**plan.profile, **{key: getattr(profile, key) for key in sorted(IDENTITY_FIELDS)}}


_SENTINEL = {"__osteoplan_profile__": 0}
_SENTINEL_TEXT = '{"__osteoplan_profile__":0}'


def _plan_json(entry: dict[str, Any], profile_data: dict[str, Any]) -> bytes:
    """Compact plan-v1 JSON (indentation would triple the size of a batch).

    The plan is serialised once per cache entry around a placeholder profile; each patient's
    copy is that text with their own profile spliced in, byte for byte what
    ``plan.model_dump_json()`` gives.
    """
    parts = entry.get("json")
    if parts is None:
        text = entry["plan"].model_copy(update={"profile": _SENTINEL}).model_dump_json()
        head, tail = text.split(_SENTINEL_TEXT, 1)
        parts = entry["json"] = (head.encode(), tail.encode() + b"\n")
    own = json.dumps(profile_data, ensure_ascii=False, separators=(",", ":")).encode()
    return bytes(parts[0] + own + parts[1])


def _render(entry: dict[str, Any], profile: Any, fmt: str) -> list[bytes]:
    """The row's files in the order of :func:`row_outputs`."""
    data = _personal(entry["plan"], profile)
    if fmt == "json":
        return [_plan_json(entry, data)]
    from planner.render.handout import handout_documents

    plan = entry["plan"].model_copy(update={"profile": data})
    documents = handout_documents(
        plan,
        _STATE["book"],
        fmt=fmt,  # type: ignore[arg-type]
        large_print=_STATE["large_print"],
        clinic=_STATE["clinic"],
        today=_STATE["today"],
        cache=_STATE["parts"],
    )
    return [documents["booklet"], documents["clinician"]]


def _process(row: CsvRow, stem: str) -> RowResult:
    """Validate, plan, render and write one row; never raises, never reports patient text."""
    fmt = _STATE["fmt"]
    result = RowResult(row=row.line, id=row.given_id or "", status="ok")
    try:
        profile = profile_from_row(row)
        from planner.schedule.build import check_equipment

        try:
            check_equipment(profile, _STATE["book"])
        except ProfileError as exc:
            translate_problems(exc.problems, row)
            raise
        entry = _cached(profile)
        plan = entry["plan"]
        result.rules_fired = " ".join(r.id for r in plan.rules_fired)
        result.warnings = " ".join(w.code for w in plan.warnings)
        targets = row_outputs(_STATE["out_dir"], stem, fmt)
        for target, data in zip(targets, _render(entry, profile, fmt), strict=True):
            write_atomic(target, data)
        result.output = targets[0].name
        result.clinician_copy = targets[1].name if len(targets) > 1 else ""
    except ProfileError as exc:
        result.status = "invalid"
        result.error = "; ".join(str(p) for p in exc.problems)
    except PlannerError as exc:
        result.status = "failed"
        result.error = f"row {row.line}: {exc}"
    except OSError as exc:  # the reason only: a file name could carry an id
        result.status = "failed"
        result.error = f"row {row.line}: cannot write the output ({exc.strerror})"
    except Exception as exc:  # an unexpected error: its type only, its text might hold data
        result.status = "failed"
        result.error = f"row {row.line}: could not produce the output ({type(exc).__name__})"
    return result


def _process_chunk(chunk: list[tuple[CsvRow, str]]) -> list[RowResult]:
    return [_process(row, stem) for row, stem in chunk]


# --- the batch -----------------------------------------------------------------------------------


def run_batch(
    csv_path: Path | str,
    out_dir: Path | str,
    *,
    jobs: int | None = None,
    resume: bool = False,
    large_print: bool = False,
    fmt: Format = "pdf",
    clinic: Path | str | None = None,
    rules_path: Path | str | None = None,
    progress: Callable[[RowResult], None] | None = None,
    today: dt.date | None = None,
) -> BatchReport:
    """Process every row of ``csv_path`` into ``out_dir``; see the module docstring.

    ``today`` is the date the handouts are given on (default: the day the batch starts).
    """
    report = BatchReport()
    out = Path(out_dir)
    try:
        if fmt not in FORMATS:
            raise OutputError.single(f"unknown format '{fmt}'; use pdf, html or json")
        jobs = max(1, jobs or os.cpu_count() or 1)
        from planner.rulebook.load import load_rulebook

        load_rulebook(Path(rules_path) if rules_path else None)  # a bad rulebook stops here
        clinic_info = None
        if clinic is not None:
            from planner.render.handout import load_clinic

            clinic_info = load_clinic(clinic)
        reader = CsvRows(csv_path)
        reader.__enter__()  # the header is checked before anything is written
    except PlannerError as exc:
        report.code, report.error = 2, str(exc)
        return report
    try:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            report.code = 2
            report.error = f"{out}: cannot create the output folder ({exc.strerror})"
            return report
        _remove_stale_tmp(out)
        parts_dir = tempfile.mkdtemp(prefix="osteoplan-parts-") if fmt == "pdf" else None
        init = (
            str(rules_path) if rules_path else None,
            str(out),
            fmt,
            large_print,
            clinic_info,
            parts_dir,
            today or dt.date.today(),
        )
        try:
            results = _run(reader, out, fmt, resume, jobs, init, progress)
        except PlannerError as exc:  # the CSV became unreadable part-way
            report.code, report.error = 2, str(exc)
            return report
        finally:
            if parts_dir:
                shutil.rmtree(parts_dir, ignore_errors=True)
    finally:
        reader.close()
    report.rows = sorted(results, key=lambda r: r.row)
    report.manifest_csv, report.manifest_json = write_manifest(out, report.rows)
    bad = any(r.status in ("invalid", "failed") for r in report.rows)
    report.code = 1 if bad else 0
    return report


def _remove_stale_tmp(out: Path) -> None:
    for stale in out.glob(".*.tmp"):
        if stale.is_file():
            stale.unlink(missing_ok=True)


def _rows_to_do(
    reader: CsvRows, out: Path, fmt: str, resume: bool, done: list[RowResult]
) -> Iterator[tuple[CsvRow, str]]:
    """Rows needing work; duplicates and (with resume) finished rows go straight to ``done``."""
    first_row: dict[str, int] = {}
    for row in reader:
        stem = safe_name(row.given_id, row.line)
        key = stem.casefold()  # A1 and a1 would be one file on a case-insensitive disk
        if key in first_row:
            done.append(
                RowResult(
                    row=row.line,
                    id=row.given_id or "",
                    status="invalid",
                    error=f"row {row.line}: id: duplicate id, first on row {first_row[key]}",
                )
            )
            continue
        first_row[key] = row.line
        targets = row_outputs(out, stem, fmt)
        if resume and all(is_complete(target, fmt) for target in targets):
            done.append(
                RowResult(
                    row=row.line,
                    id=row.given_id or "",
                    status="skipped",
                    output=targets[0].name,
                    clinician_copy=targets[1].name if len(targets) > 1 else "",
                )
            )
            continue
        yield row, stem


def _run(
    reader: CsvRows,
    out: Path,
    fmt: str,
    resume: bool,
    jobs: int,
    init: tuple[Any, ...],
    progress: Callable[[RowResult], None] | None,
) -> list[RowResult]:
    results: list[RowResult] = []
    reported = 0

    def tell() -> None:
        nonlocal reported
        if progress is not None:
            for r in results[reported:]:
                progress(r)
        reported = len(results)

    todo = _rows_to_do(reader, out, fmt, resume, results)
    if jobs == 1:
        _init_worker(*init)
        try:
            for row, stem in todo:
                results.append(_process(row, stem))
                tell()
        finally:
            _STATE.clear()
        tell()
        return results

    # json rows are cheap, so they travel in pairs; either way at most 4 * jobs rows are in flight
    chunk_size = 2 if fmt == "json" else 1
    max_pending = max(jobs, 4 * jobs // chunk_size)
    with cf.ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=init) as pool:
        pending: set[cf.Future[list[RowResult]]] = set()
        chunk: list[tuple[CsvRow, str]] = []
        for item in todo:
            chunk.append(item)
            if len(chunk) < chunk_size:
                continue
            pending.add(pool.submit(_process_chunk, chunk))
            chunk = []
            if len(pending) >= max_pending:
                finished, pending = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
                for f in finished:
                    results.extend(f.result())
            tell()
        if chunk:
            pending.add(pool.submit(_process_chunk, chunk))
        for f in cf.as_completed(pending):
            results.extend(f.result())
            tell()
    tell()
    return results


def write_manifest(out: Path, rows: list[RowResult]) -> tuple[Path, Path]:
    """``manifest.csv`` (formula-safe) and ``manifest.json``, each written atomically."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(MANIFEST_FIELDS)
    for r in rows:
        values = asdict(r)
        writer.writerow([neutralise(str(values[k])) for k in MANIFEST_FIELDS])
    csv_path, json_path = out / MANIFEST_CSV, out / MANIFEST_JSON
    write_atomic(csv_path, buffer.getvalue().encode("utf-8"))
    doc = {"rows": [asdict(r) for r in rows]}
    write_atomic(json_path, (json.dumps(doc, indent=2) + "\n").encode("utf-8"))
    return csv_path, json_path
