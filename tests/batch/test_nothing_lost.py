"""A batch loses nothing and leaks nothing: every row of the file is in the manifest, whatever
the file holds or the folder or another run does; no patient text reaches a message or the
manifest; the main process stays flat however long the file."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from planner.batch import run as run_module
from planner.batch.run import run_batch
from planner.cli import cli
from planner.errors import BatchInputError, OutputError

HEADER = (
    "id,name,age,ability,assessed_on,falls_12m,equipment,fracture1_site,fracture1_weeks_since\n"
)


def good(i: int, name: str = "Pat Example") -> str:
    return f"P{i},{name},{70 + i % 20},limited,2026-11-02,{i % 3},,vertebral,{3 + i % 10}\n"


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


def manifest(out: Path) -> list[dict[str, str]]:
    with (out / "manifest.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def manifest_text(out: Path) -> str:
    return (out / "manifest.csv").read_text("utf-8") + (out / "manifest.json").read_text("utf-8")


# --- 1: no id may name a file the batch writes ------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "html"])
def test_an_id_naming_the_manifest_is_refused(tmp_path: Path, fmt: str) -> None:
    src = write(tmp_path / "p.csv", HEADER + good(1).replace("P1", "manifest", 1) + good(2))
    out = tmp_path / "out"
    report = run_batch(src, out, fmt=fmt, jobs=1)  # type: ignore[arg-type]
    rows = manifest(out)
    assert [r["status"] for r in rows] == ["invalid", "ok"]
    assert "reserved" in rows[0]["error"] and "row 2: id:" in rows[0]["error"]
    data = json.loads((out / "manifest.json").read_text("utf-8"))
    assert [r["row"] for r in data["rows"]] == [2, 3]
    assert report.code == 1
    assert not (out / "manifest-booklet.html").exists()


# --- 2: an unterminated quote ------------------------------------------------------------------


def test_an_unterminated_quote_is_reported_and_the_rows_after_it_still_run(tmp_path: Path) -> None:
    broken = 'R10,"Mary Hill,74,limited,2026-11-02,0,,,\n'
    src = write(
        tmp_path / "p.csv", HEADER + good(1) + broken + "".join(good(i) for i in range(2, 42))
    )
    out = tmp_path / "out"
    report = run_batch(src, out, fmt="json", jobs=1)
    rows = manifest(out)
    assert len(rows) == 42 and report.code == 1
    assert [r["row"] for r in rows] == [str(n) for n in range(2, 44)]
    assert rows[1]["status"] == "invalid" and "quote" in rows[1]["error"]
    assert "row 3" in rows[1]["error"]
    assert all(r["status"] == "ok" for r in rows[2:])
    assert "Mary" not in manifest_text(out)


def test_an_unterminated_quote_before_a_row_starting_with_a_quoted_cell(tmp_path: Path) -> None:
    broken = 'R10,"Mary Hill,74,limited,2026-11-02,0,,,\n'
    quoted = 'P3,"Smith, J",71,limited,2026-11-02,0,,,\n'
    src = write(tmp_path / "p.csv", HEADER + good(1) + broken + quoted + good(4))
    out = tmp_path / "out"
    run_batch(src, out, fmt="json", jobs=1)
    rows = manifest(out)
    assert [(r["row"], r["id"], r["status"]) for r in rows] == [
        ("2", "P1", "ok"),
        ("3", "", "invalid"),
        ("4", "P3", "ok"),
        ("5", "P4", "ok"),
    ]
    assert "quote" in rows[1]["error"]
    plan = json.loads((out / "P3.json").read_text("utf-8"))
    assert plan["profile"]["name"] == "Smith, J"
    assert "Mary" not in manifest_text(out) and "Smith" not in manifest_text(out)


def test_an_unterminated_quote_on_the_last_row_is_reported(tmp_path: Path) -> None:
    src = write(tmp_path / "p.csv", HEADER + good(1) + 'R2,"Mary Hill,74,limited\n\n')
    run_batch(src, tmp_path / "out", fmt="json", jobs=1)
    rows = manifest(tmp_path / "out")
    assert [(r["row"], r["status"]) for r in rows] == [("2", "ok"), ("3", "invalid")]
    assert "quote" in rows[1]["error"]


def test_a_cell_over_two_lines_is_still_one_cell(tmp_path: Path) -> None:
    src = write(tmp_path / "p.csv", HEADER + 'N1,"Ann\nOne",70,fit,,,,,\n' + good(2))
    run_batch(src, tmp_path / "out", fmt="json", jobs=1)
    assert [(r["row"], r["status"]) for r in manifest(tmp_path / "out")] == [
        ("2", "ok"),
        ("4", "ok"),
    ]


# --- 3: unreadable lines do not stop the batch --------------------------------------------------


def test_a_huge_cell_and_a_latin1_line_are_rows_not_the_end(tmp_path: Path) -> None:
    lines = [good(i) for i in range(1, 8)]
    lines[2] = "P3," + "x" * 1_000_000 + ",70,fit,,,,,\n"  # line 4
    lines[4] = "P5,Zo\xeb Five,70,fit,,,,,\n"  # line 6, latin-1
    data = HEADER.encode() + b"".join(
        line.encode("latin-1" if "\xeb" in line else "utf-8") for line in lines
    )
    src = write(tmp_path / "p.csv", data)
    out = tmp_path / "out"
    report = run_batch(src, out, fmt="json", jobs=1)
    rows = manifest(out)
    assert [r["row"] for r in rows] == ["2", "3", "4", "5", "6", "7", "8"]
    by_row = {r["row"]: r for r in rows}
    assert by_row["4"]["status"] == "invalid" and "longer than" in by_row["4"]["error"]
    assert by_row["6"]["status"] == "invalid" and "--encoding" in by_row["6"]["error"]
    assert [by_row[n]["status"] for n in ("2", "3", "5", "7", "8")] == ["ok"] * 5
    assert report.code == 1
    assert "xxxx" not in manifest_text(out)
    again = run_batch(src, tmp_path / "latin", fmt="json", jobs=1, encoding="latin-1")
    assert {r.row: r.status for r in again.rows}[6] == "ok"
    plan = json.loads((tmp_path / "latin" / "P5.json").read_text("utf-8"))
    assert plan["profile"]["name"] == "Zo\xeb Five"


def test_a_read_failure_part_way_keeps_what_was_done_and_names_the_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = write(tmp_path / "p.csv", HEADER + "".join(good(i) for i in range(1, 6)))
    from planner.profile import csvlines, csvrows

    class FailingFile(io.BytesIO):
        """The file's first bytes (the header, two rows and a bit), then an I/O error."""

        def read(self, size: int | None = -1) -> bytes:
            if self.tell() > 0:
                raise OSError(5, "Input/output error")
            return super().read(len(HEADER) + len(good(1)) * 2 + 3)

    def failing_lines(binary: object, encoding: str) -> csvlines.Lines:
        return csvlines.Lines(FailingFile(src.read_bytes()), encoding)

    monkeypatch.setattr(csvrows, "Lines", failing_lines)
    out = tmp_path / "out"
    report = run_batch(src, out, fmt="json", jobs=1)
    rows = manifest(out)
    assert [(r["row"], r["status"]) for r in rows] == [("2", "ok"), ("3", "ok"), ("4", "failed")]
    assert "could not be read" in rows[2]["error"] and "not processed" in rows[2]["error"]
    assert report.code == 1 and sorted(p.name for p in out.glob("P*")) == ["P1.json", "P2.json"]


def test_the_cli_takes_an_encoding(tmp_path: Path) -> None:
    src = write(tmp_path / "p.csv", HEADER.encode() + "Z1,Zo\xeb,70,fit,,,,,\n".encode("cp1252"))
    args = ["batch", str(src), "-o", str(tmp_path / "out"), "--format", "json"]
    result = CliRunner().invoke(cli, [*args, "--jobs", "1"])
    assert result.exit_code == 1 and "--encoding" in (tmp_path / "out" / "manifest.csv").read_text()
    result = CliRunner().invoke(cli, [*args, "--jobs", "1", "--encoding", "cp1252"])
    assert result.exit_code == 0, result.output
    assert "1 rows: 1 ok" in result.output


# --- 4: one run at a time in a folder ----------------------------------------------------------


def test_a_second_run_into_a_folder_in_use_is_refused_naming_the_first(tmp_path: Path) -> None:
    src = write(tmp_path / "p.csv", HEADER + good(1))
    out = tmp_path / "out"
    out.mkdir()
    from planner.batch.lock import FolderLock

    with FolderLock(out):
        with pytest.raises(OutputError) as caught:
            run_batch(src, out, fmt="json", jobs=1)
        message = str(caught.value)
        assert f"pid {os.getpid()}" in message and "started" in message
        assert not (out / "manifest.csv").exists()
    assert run_batch(src, out, fmt="json", jobs=1).code == 0
    assert sorted(p.name for p in out.iterdir()) == ["P1.json", "manifest.csv", "manifest.json"]


# --- 5: the manifests are a pair ---------------------------------------------------------------


def test_a_manifest_that_cannot_be_written_leaves_the_old_pair_and_says_what_was_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = write(tmp_path / "p.csv", HEADER + good(1) + good(2))
    out = tmp_path / "out"
    run_batch(src, out, fmt="json", jobs=1)
    before = manifest_text(out)
    from planner.batch import manifest as manifest_module

    def full_disk(*_args: object, **_kwargs: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(manifest_module, "_json_line", full_disk)
    write(src, HEADER + good(1) + good(2) + good(3))
    report = run_batch(src, out, fmt="json", jobs=1)
    assert manifest_text(out) == before  # neither file replaced
    assert report.code == 1 and report.count("ok") == 3
    summary = report.summary()
    assert "3 rows: 3 ok" in summary and "manifest could not be written" in summary
    assert "No space left on device" in summary
    assert not list(out.glob(".*.tmp"))


# --- 6: workers die with the batch; stale parts folders are cleaned -----------------------------


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc (Linux)")
def test_workers_die_with_a_killed_batch(tmp_path: Path) -> None:
    src = write(tmp_path / "p.csv", HEADER + "".join(good(i) for i in range(20_000)))
    code = (
        "from planner.batch.run import run_batch\n"
        f"run_batch({str(src)!r}, {str(tmp_path / 'out')!r}, fmt='json', jobs=2)\n"
    )
    main = subprocess.Popen([sys.executable, "-c", code])

    def children() -> set[int]:
        found: set[int] = set()
        for task in Path(f"/proc/{main.pid}/task").glob("*"):
            text = (task / "children").read_text() if (task / "children").exists() else ""
            found |= {int(p) for p in text.split()}
        return found

    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.2)
        workers = children()
        if not any((tmp_path / "out").glob("P*.json")):
            workers = set()
    assert len(workers) >= 2
    main.send_signal(signal.SIGKILL)
    main.wait()
    deadline = time.monotonic() + 10
    alive = set(workers)
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = {pid for pid in alive if _running(pid)}
    assert not alive


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_batch_cleans_the_parts_folders_of_runs_that_are_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f"osteoplan-parts-{dead.pid}-abc"
    live = tmp_path / f"osteoplan-parts-{os.getpid()}-def"
    other = tmp_path / "osteoplan-parts-notapid"
    for folder in (stale, live, other):
        folder.mkdir()
        (folder / "x.pdf").write_bytes(b"%PDF")
    src = write(tmp_path / "p.csv", HEADER + good(1))
    run_batch(src, tmp_path / "out", fmt="json", jobs=1)
    assert not stale.exists() and live.exists() and other.exists()


# --- 7: an invalid id claims no file name ------------------------------------------------------


def test_an_invalid_id_does_not_block_a_later_valid_one(tmp_path: Path) -> None:
    src = write(
        tmp_path / "p.csv",
        HEADER + good(1).replace("P1", "a b", 1) + good(2).replace("P2", "a_b", 1),
    )
    run_batch(src, tmp_path / "out", fmt="json", jobs=1)
    rows = manifest(tmp_path / "out")
    assert [(r["id"], r["status"]) for r in rows] == [("", "invalid"), ("a_b", "ok")]
    assert "id:" in rows[0]["error"] and "duplicate" not in rows[1]["error"]


# --- 8: no patient text in messages or the manifest --------------------------------------------


def test_a_csv_without_its_header_names_no_cell(tmp_path: Path) -> None:
    src = write(tmp_path / "p.csv", "R1,Margaret Hill,74,limited\nR2,Ann Lee,70,fit\n")
    with pytest.raises(BatchInputError) as caught:
        run_batch(src, tmp_path / "out", fmt="json", jobs=1)
    message = str(caught.value).lower()
    assert "margaret" not in message and "hill" not in message and "r1" not in message
    assert "header" in message
    assert not (tmp_path / "out").exists()


def test_an_unknown_column_is_named_by_its_number(tmp_path: Path) -> None:
    src = write(tmp_path / "p.csv", "id,age,ability,margaret hill\nA1,70,fit,\n")
    with pytest.raises(BatchInputError) as caught:
        run_batch(src, tmp_path / "out", fmt="json", jobs=1)
    assert "margaret" not in str(caught.value) and "column 4" in str(caught.value)


def test_unknown_equipment_and_long_cells_stay_out_of_the_manifest(tmp_path: Path) -> None:
    src = write(
        tmp_path / "p.csv",
        HEADER
        + "E1,Eve,70,fit,,,mary_hill_lives_alone|dumbels,,\n"
        + "E2,Eve,"
        + "9" * 99_000
        + ",fit,,,,,\n"
        + "E3,Eve,70,fit,,,,hip,weeks "
        + "w" * 5000
        + "\n",
    )
    run_batch(src, tmp_path / "out", fmt="json", jobs=1)
    rows = manifest(tmp_path / "out")
    assert [r["status"] for r in rows] == ["invalid"] * 3
    assert "mary_hill" not in manifest_text(tmp_path / "out")
    assert "did you mean 'dumbbells'" in rows[0]["error"] and "equipment" in rows[0]["error"]
    assert all(len(r["error"]) <= 300 for r in rows)
    assert "999" not in manifest_text(tmp_path / "out") and "www" not in manifest_text(
        tmp_path / "out"
    )


def test_rows_cut_by_another_separator_than_the_headers_are_reported(tmp_path: Path) -> None:
    src = write(
        tmp_path / "p.csv",
        HEADER + good(1) + "R2;Mary Hill;74;limited;2026-11-02;0;;;\n",
    )
    run_batch(src, tmp_path / "out", fmt="json", jobs=1)
    rows = manifest(tmp_path / "out")
    assert [(r["id"], r["status"]) for r in rows] == [("P1", "ok"), ("", "invalid")]
    assert "';'" in rows[1]["error"] and "Mary" not in manifest_text(tmp_path / "out")


def test_the_separator_is_the_one_that_makes_the_header_columns(tmp_path: Path) -> None:
    src = write(tmp_path / "p.csv", "id;age;ability;name\nA1;70;fit;Hill, Mary, Ann, Jo\n")
    run_batch(src, tmp_path / "out", fmt="json", jobs=1)
    assert [r["status"] for r in manifest(tmp_path / "out")] == ["ok"]


# --- 13: an unwritable folder stops the batch before any work -----------------------------------


def test_an_unwritable_output_folder_stops_before_any_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = write(tmp_path / "p.csv", HEADER + good(1))
    out = tmp_path / "out"
    out.mkdir()
    from planner.batch import lock

    def refuse(*_args: object, **_kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(lock.os, "open", refuse)

    def no_rows(*_args: object) -> None:
        raise AssertionError("a row was processed")

    monkeypatch.setattr(run_module, "process", no_rows)
    with pytest.raises(OutputError) as caught:
        run_batch(src, out, fmt="json", jobs=1)
    assert "cannot write into the output folder" in str(caught.value)
    assert "nothing was processed" in str(caught.value)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into any folder")
def test_a_read_only_output_folder_stops_before_any_row(tmp_path: Path) -> None:
    src = write(tmp_path / "p.csv", HEADER + good(1))
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        with pytest.raises(OutputError):
            run_batch(src, out, fmt="json", jobs=1)
    finally:
        out.chmod(0o755)


# --- 18: the manifest says what each plan holds, resumed or not ---------------------------------


def test_resumed_rows_keep_their_rules_and_warnings_and_the_plan_facts(tmp_path: Path) -> None:
    src = write(tmp_path / "p.csv", HEADER + good(1) + "F2,Flo,84,frail,2026-11-02,3,,hip,2\n")
    out = tmp_path / "out"
    run_batch(src, out, fmt="json", jobs=1)
    first = json.loads((out / "manifest.json").read_text("utf-8"))["rows"]
    report = run_batch(src, out, fmt="json", jobs=1, resume=True)
    assert [r.status for r in report.rows] == ["skipped", "skipped"]
    again = json.loads((out / "manifest.json").read_text("utf-8"))["rows"]
    for before, after in zip(first, again, strict=True):
        for key in ("rules_fired", "warnings", "fall_risk", "review_date", "unmet"):
            assert before[key] == after[key], key
        assert before["supervision_required"] == after["supervision_required"]
    frail = again[1]
    assert isinstance(frail["rules_fired"], list) and "R-GEN-1" in frail["rules_fired"]
    assert isinstance(frail["warnings"], list) and frail["warnings"]
    plan = json.loads((out / "F2.json").read_text("utf-8"))
    assert frail["fall_risk"] == plan["fall_risk"] == "high"
    assert frail["review_date"] == plan["review_date"]
    assert frail["supervision_required"] is plan["supervision"]["required"]
    assert frail["unmet"] == [u["rule"] for u in plan["unmet"]]
    row = manifest(out)[1]
    assert row["rules_fired"] == " ".join(frail["rules_fired"])
    assert row["fall_risk"] == "high" and row["supervision_required"] in ("yes", "no")


# --- 19: the main process keeps nothing per row -------------------------------------------------


def _main_process_growth(tmp_path: Path, n: int) -> int:
    src = write(tmp_path / f"p{n}.csv", HEADER + "".join(good(i) for i in range(n)))
    tracemalloc.start()
    try:
        run_batch(src, tmp_path / f"out{n}", fmt="json", jobs=2)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_main_process_does_not_grow_per_row(tmp_path: Path) -> None:
    _main_process_growth(tmp_path, 20)  # imports and first-use caches
    small = _main_process_growth(tmp_path, 200)
    large = _main_process_growth(tmp_path, 1200)
    per_row = (large - small) / 1000
    # a result kept per row (its id, status, rules and paths) is well over a kilobyte; what is
    # left is the noise of the chunks in flight
    assert per_row < 200, f"{small} -> {large} bytes: {per_row:.0f} a row"


# --- 20: an interrupted batch writes the manifest of the rows done -----------------------------


def _check_interrupted(out: Path, n_rows: int, signame: str) -> list[dict[str, str]]:
    """The manifest of an interrupted run: rows 2, 3, ... in order, each done row ok with its
    plan, then (unless every row was done) one failed row at the first line not processed."""
    rows = manifest(out)
    assert rows, "no manifest rows"
    assert [int(r["row"]) for r in rows] == list(range(2, 2 + len(rows)))
    done, last = rows[:-1], rows[-1]
    assert all(r["status"] == "ok" for r in done)
    for r in done:
        assert (out / f"{r['id']}.json").is_file()
    if last["status"] != "ok":
        assert last["status"] == "failed" and len(rows) <= n_rows
        assert f"row {last['row']}:" in last["error"]
        assert signame in last["error"] and "not processed" in last["error"]
        assert not (out / f"{last['id'] or 'none'}.json").exists()
    assert not (out / ".osteoplan-batch.lock").exists()
    data = json.loads((out / "manifest.json").read_text("utf-8"))
    assert [r["row"] for r in data["rows"]] == [int(r["row"]) for r in rows]
    return rows


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_batch_writes_the_manifest_of_the_rows_done(
    tmp_path: Path, jobs: int, sig: signal.Signals
) -> None:
    n = 200
    src = write(tmp_path / "p.csv", HEADER + "".join(good(i) for i in range(n)))
    out = tmp_path / "out"
    seen = 0

    def progress(_row: object) -> None:
        nonlocal seen
        seen += 1
        if seen == 5:
            os.kill(os.getpid(), sig)

    before = signal.getsignal(sig)
    report = run_batch(src, out, fmt="json", jobs=jobs, progress=progress)
    assert signal.getsignal(sig) == before
    assert report.code == 128 + sig
    rows = _check_interrupted(out, n, sig.name)
    assert rows[-1]["status"] == "failed" and len(rows) < n  # stopped well before the end
    assert report.count("ok") == len(rows) - 1 and report.count("failed") == 1
    summary = report.summary()
    assert f"interrupted ({sig.name})" in summary and f"line {rows[-1]['row']}" in summary
    assert "manifest" in summary
    again = run_batch(src, out, fmt="json", jobs=jobs, resume=True)
    assert again.code == 0 and again.count("skipped") == len(rows) - 1
    assert again.count("ok") == n - len(rows) + 1


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_the_cli_interrupted_writes_the_manifest_and_exits_128_plus_the_signal(
    tmp_path: Path, sig: signal.Signals
) -> None:
    n = 400
    src = write(tmp_path / "p.csv", HEADER + "".join(good(i) for i in range(n)))
    out = tmp_path / "out"
    command = [sys.executable, "-m", "planner", "batch", str(src), "-o", str(out)]
    main = subprocess.Popen(
        [*command, "--format", "json", "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(out.glob("P*.json")):
        assert main.poll() is None, "the batch ended before any output appeared"
        time.sleep(0.005)
    main.send_signal(sig)
    stdout, stderr = main.communicate(timeout=60)
    assert main.returncode == 128 + sig, stderr
    assert "Traceback" not in stderr and "Pat Example" not in stdout + stderr
    rows = _check_interrupted(out, n, sig.name)
    assert len(rows) < n, "the batch finished before the signal: use more rows"
    assert f"{len(rows) - 1} ok" in stdout and f"interrupted ({sig.name})" in stdout
    assert str(out / "manifest.csv") in stdout
