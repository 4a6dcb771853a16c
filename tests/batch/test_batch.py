"""The clinic batch: CSV reading, row validation, safe file names, manifest, resume, the two
documents of each row, speed."""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from planner import build_plan, load_rulebook
from planner.batch.manifest import MANIFEST_FIELDS, Manifest
from planner.batch.outputs import is_complete, output_path, safe_name
from planner.batch.run import run_batch
from planner.cli import cli
from planner.errors import BatchInputError, ProfileError
from planner.profile.csvrows import COLUMNS, CsvRows, batch_template, profile_from_row

HEADER = "id,name,age,ability,assessed_on,falls_12m,equipment,fracture1_site,fracture1_weeks_since"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding, newline="")
    return path


def manifest(out: Path) -> list[dict[str, str]]:
    with (out / "manifest.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_good_and_bad_rows(tmp_path: Path) -> None:
    src = write(
        tmp_path / "p.csv",
        HEADER
        + "\n"
        + "A1,Ann One,74,limited,2026-11-02,1,,vertebral,10\n"  # line 2 ok
        + "A2,Bob Two,,limited,2026-11-02,0,,,\n"  # line 3 missing age
        + "A3,Cy Three,70,independent,2026-11-02,0,,hipp,8\n"  # line 4 bad site
        + "A4,Di Four,70,independent,2026-11-02,0,,wrist,six\n"  # line 5 bad weeks
        + "A1,Ed Five,80,frail,2026-11-02,2,,,\n"  # line 6 duplicate id
        + "A6,Flo Six,66,fit,2026-11-02,0,firm_chair|dumbels,,\n"  # line 7 unknown equipment
        + "A7,Gus Seven,69,fit,2026-11-02,0,,,\n",  # line 8 ok
    )
    out = tmp_path / "out"
    report = run_batch(src, out, fmt="json", jobs=1)
    assert report.code == 1
    assert sorted(p.name for p in out.iterdir()) == [
        "A1.json",
        "A7.json",
        "manifest.csv",
        "manifest.json",
    ]
    rows = manifest(out)
    assert [r["row"] for r in rows] == ["2", "3", "4", "5", "6", "7", "8"]
    assert [r["status"] for r in rows] == ["ok", "invalid", "invalid", "invalid", "invalid"] + [
        "invalid",
        "ok",
    ]
    by_row = {r["row"]: r for r in rows}
    assert by_row["2"]["output"] == "A1.json"
    assert "R-GEN-1" in by_row["2"]["rules_fired"].split()
    assert "W_STOP_SYMPTOMS" in by_row["2"]["warnings"].split()
    assert "row 3" in by_row["3"]["error"] and "age: is required" in by_row["3"]["error"]
    assert "row 4" in by_row["4"]["error"] and "fracture1_site" in by_row["4"]["error"]
    assert "did you mean 'hip'" in by_row["4"]["error"]
    assert "row 5" in by_row["5"]["error"] and "fracture1_weeks_since" in by_row["5"]["error"]
    assert "duplicate id, first on row 2" in by_row["6"]["error"]
    assert "row 7" in by_row["7"]["error"] and "equipment" in by_row["7"]["error"]
    assert "did you mean 'dumbbells'" in by_row["7"]["error"]
    data = json.loads((out / "manifest.json").read_text())
    assert [r["status"] for r in data["rows"]] == [r["status"] for r in rows]
    # no patient names anywhere in the manifest
    text = (out / "manifest.csv").read_text() + (out / "manifest.json").read_text()
    for name in ("Ann One", "Bob Two", "Cy Three", "Di Four", "Ed Five", "Flo Six"):
        assert name not in text
    plan = json.loads((out / "A1.json").read_text())
    assert plan["schema"] == "osteoplan/plan-v1" and plan["profile"]["name"] == "Ann One"


def test_unknown_column_stops_before_any_work(tmp_path: Path) -> None:
    src = write(tmp_path / "p.csv", "id,agee,ability\nA1,70,fit\n")
    out = tmp_path / "out"
    with pytest.raises(BatchInputError) as err:
        run_batch(src, out, fmt="json", jobs=1)
    problem = err.value.problems[0]
    assert (problem.message, problem.suggestion, problem.row) == (
        "column 2 is not a known column name",
        "age",
        1,
    )
    assert not out.exists()
    result = CliRunner().invoke(cli, ["batch", str(src), "-o", str(out), "--format", "json"])
    assert result.exit_code == 2
    assert "column 2 is not a known column name (did you mean 'age'?)" in result.stderr
    assert "Traceback" not in result.output and not out.exists()


def test_export_quirks(tmp_path: Path) -> None:
    text = (
        "ID ; Name;AGE;ability;assessed_on;unsteady;kyphosis;fracture1_site;fracture1_date;"
        "fracture1_cleared\r\n"
        "\r\n"
        "Q1 ; Ann ;74 ;limited;02/11/2026;Yes;n;wrist;20/09/2026;TRUE\r\n"
        ";;;;;;;;;\r\n"
        "\r\n"
        "Q2;Bo;70;fit;2026-11-02;0;Y;;;\r\n"
    )
    src = write(tmp_path / "p.csv", "\ufeff" + text)
    with CsvRows(src) as rows:
        found = list(rows)
    assert [r.line for r in found] == [3, 6]
    first = profile_from_row(found[0])
    assert first.id == "Q1" and first.name == "Ann" and first.age == 74
    assert str(first.assessed_on) == "2026-11-02"
    assert first.unsteady is True and first.kyphosis is False
    assert str(first.fractures[0].date) == "2026-09-20" and first.fractures[0].cleared is True
    second = profile_from_row(found[1])
    assert second.unsteady is False and second.kyphosis is True
    report = run_batch(src, tmp_path / "out", fmt="json", jobs=1)
    assert report.code == 0 and [r.row for r in report.rows] == [3, 6]


def test_row_errors_name_columns_of_later_fracture_groups(tmp_path: Path) -> None:
    src = write(
        tmp_path / "p.csv",
        "age,ability,fracture2_site,fracture2_weeks_since,red_flags\n70,fit,hip,5,new_back_pan\n",
    )
    with CsvRows(src) as rows:
        (row,) = list(rows)
    with pytest.raises(ProfileError) as err:
        profile_from_row(row)
    fields = {p.field for p in err.value.problems}
    assert fields == {"red_flags"}
    src = write(tmp_path / "q.csv", "age,ability,fracture2_site\n70,fit,hip\n")
    with CsvRows(src) as rows:
        (row,) = list(rows)
    with pytest.raises(ProfileError) as err:
        profile_from_row(row)
    assert [p.field for p in err.value.problems] == ["fracture2_*"]
    assert err.value.problems[0].row == 2


def test_safe_names_stay_inside(tmp_path: Path) -> None:
    assert safe_name("../../x", 2) == "_.._x"
    assert safe_name("CON", 2) == "_CON" and safe_name("lpt1.pdf", 2) == "_lpt1.pdf"
    assert safe_name("a/b", 2) == "a_b" and safe_name("...", 7) == "row-7"
    assert safe_name(None, 9) == "row-9" and safe_name(".hidden", 2) == "hidden"
    for raw in ("../../x", "CON", "a/b", "..", "/etc/passwd", "nul"):
        target = output_path(tmp_path, safe_name(raw, 2), "pdf")
        assert target.parent == tmp_path.resolve()
    src = write(
        tmp_path / "p.csv",
        "id,age,ability\n../../x,70,fit\nCON,70,fit\na/b,70,fit\n,71,fit\n",
    )
    out = tmp_path / "deep" / "out"
    report = run_batch(src, out, fmt="json", jobs=1)
    written = sorted(p.name for p in out.iterdir())
    assert written == ["_CON.json", "manifest.csv", "manifest.json", "row-5.json"]
    assert sorted(p.name for p in (tmp_path / "deep").iterdir()) == ["out"]
    statuses = {r.row: r.status for r in report.rows}
    assert statuses == {2: "invalid", 3: "ok", 4: "invalid", 5: "ok"}
    assert "id: use 1 to 64 letters" in report.rows[0].error


def test_manifest_cells_are_neutralised(tmp_path: Path) -> None:
    src = write(
        tmp_path / "p.csv",
        'id,name,age,ability\n"=HYPERLINK(""http://x"",""y"")","=HYPERLINK(""http://x"",""y"")"'
        ",70,fit\n-1,Ann,70,fit\n",
    )
    out = tmp_path / "out"
    run_batch(src, out, fmt="json", jobs=1)
    text = (out / "manifest.csv").read_text()
    rows = manifest(out)
    assert rows[0]["id"] == "" and "HYPERLINK" not in text  # no valid id: not shown
    assert rows[1]["id"] == "'-1"
    for line in text.splitlines()[1:]:
        assert not line.startswith(("=", "+", "-", "@"))
        for cell in next(csv.reader([line])):
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def _rows_csv(path: Path, n: int, seed: int = 3, distinct: int | None = None) -> Path:
    rng = random.Random(seed)
    sites = ["", "vertebral", "hip", "wrist", "pelvis", "humerus"]
    facts = []
    for _ in range(distinct or n):
        site = rng.choice(sites)
        fact = {
            "age": rng.randint(60, 92),
            "ability": rng.choice(["frail", "limited", "independent", "fit"]),
            "falls_12m": rng.choice([0, 0, 1, 2]),
            "assessed_on": "2026-11-02",
        }
        if site:
            fact |= {
                "fracture1_site": site,
                "fracture1_weeks_since": rng.choice([6, 12, 30, 80]),
                "fracture1_cause": rng.choice(["fall", "lifting", "unknown"]),
            }
        facts.append(fact)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        for i in range(n):
            writer.writerow({"id": f"P{i:05d}", "name": f"Person {i}", **facts[i % len(facts)]})
    return path


def test_resume_redoes_only_what_is_missing_or_incomplete(tmp_path: Path) -> None:
    src = _rows_csv(tmp_path / "p.csv", 10)
    out = tmp_path / "out"
    first = run_batch(src, out, fmt="json", jobs=2)
    assert first.code == 0 and first.count("ok") == 10
    # a kill part-way: two outputs gone, one truncated under its final name, a stale temp file
    (out / "P00001.json").unlink()
    (out / "P00007.json").unlink()
    whole = (out / "P00004.json").read_bytes()
    (out / "P00004.json").write_bytes(whole[: len(whole) // 2])
    (out / ".P00009.json.x.tmp").write_bytes(b"{")
    assert not is_complete(out / "P00004.json", "json")
    done: list[int] = []
    second = run_batch(
        src, out, fmt="json", jobs=2, resume=True, progress=lambda r: done.append(r.row)
    )
    assert second.code == 0
    status = {r.id: r.status for r in second.rows}
    redo = {"P00001", "P00004", "P00007"}
    assert status == {f"P{i:05d}": "ok" if f"P{i:05d}" in redo else "skipped" for i in range(10)}
    assert sorted(done) == list(range(2, 12))  # every row reported exactly once
    assert (out / "P00004.json").read_bytes() == whole
    assert not list(out.glob(".*.tmp"))
    assert all(is_complete(out / f"P{i:05d}.json", "json") for i in range(10))


def test_resume_redoes_a_row_whose_clinicians_copy_is_missing(tmp_path: Path) -> None:
    src = _rows_csv(tmp_path / "p.csv", 4)
    out = tmp_path / "out"
    first = run_batch(src, out, fmt="html", jobs=1)
    assert first.code == 0
    assert sorted(p.name for p in out.glob("P*")) == [
        f"P{i:05d}-{doc}.html" for i in range(4) for doc in ("booklet", "clinician")
    ]
    rows = manifest(out)
    assert list(rows[0]) == list(MANIFEST_FIELDS)
    assert [(r["output"], r["clinician_copy"]) for r in rows] == [
        (f"P{i:05d}-booklet.html", f"P{i:05d}-clinician.html") for i in range(4)
    ]
    (out / "P00002-clinician.html").unlink()
    (out / "P00003-booklet.html").write_text("<!DOCTYPE html><html>")  # cut short
    second = run_batch(src, out, fmt="html", jobs=1, resume=True)
    status = {r.id: r.status for r in second.rows}
    assert status == {"P00000": "skipped", "P00001": "skipped", "P00002": "ok", "P00003": "ok"}
    skipped = next(r for r in second.rows if r.id == "P00000")
    assert (skipped.output, skipped.clinician_copy) == (
        "P00000-booklet.html",
        "P00000-clinician.html",
    )
    assert is_complete(out / "P00002-clinician.html", "html")
    assert is_complete(out / "P00003-booklet.html", "html")
    booklet = (out / "P00002-booklet.html").read_text(encoding="utf-8")
    copy = (out / "P00002-clinician.html").read_text(encoding="utf-8")
    assert "Person 2" in booklet and "Rules fired" not in booklet
    assert "Person 2" in copy and "Rules fired" in copy


def test_a_killed_pdf_batch_resumes_with_every_handout_whole(tmp_path: Path) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    names = [f"Patient {chr(65 + i)}. Example" for i in range(6)]
    rows = "".join(f"K{i},{name},74,limited,2026-11-02\n" for i, name in enumerate(names))
    src = write(tmp_path / "p.csv", "id,name,age,ability,assessed_on\n" + rows)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "planner", "batch", str(src), "-o", str(out), "--jobs", "2"]
    run = subprocess.Popen(
        command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while len(list(out.glob("K*-clinician.pdf"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(run.pid, signal.SIGKILL)  # the batch and its workers, mid-run
    run.wait()
    finished = {
        f"K{i}"
        for i in range(6)
        if (out / f"K{i}-booklet.pdf").exists() and (out / f"K{i}-clinician.pdf").exists()
    }
    assert 2 <= len(finished) < 6 and not (out / "manifest.csv").exists()

    report = run_batch(src, out, jobs=2, resume=True)
    assert report.code == 0
    assert sorted(r.id for r in report.rows) == [f"K{i}" for i in range(6)]  # each row once
    assert {r.id for r in report.rows if r.status == "skipped"} == finished
    assert not list(out.glob(".*.tmp"))
    for i, name in enumerate(names):
        for which in ("booklet", "clinician"):
            path = out / f"K{i}-{which}.pdf"
            assert is_complete(path, "pdf")
            doc = pdfium.PdfDocument(str(path))
            assert name in doc[0].get_textpage().get_text_range()
            doc.close()


def test_pdf_documents_carry_each_name_and_match_the_handout_command(tmp_path: Path) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    src = write(
        tmp_path / "p.csv",
        "id,name,age,ability,assessed_on\n"
        "H1,Margaret Hill,74,limited,2026-11-02\n"
        "H2,Edward Jones,74,limited,2026-11-02\n"
        "H3,Susan Patel,66,fit,2026-11-02\n",
    )
    out = tmp_path / "out"
    report = run_batch(src, out, fmt="pdf", jobs=2)
    assert report.code == 0, report.rows
    for stem, name in (("H1", "Margaret Hill"), ("H2", "Edward Jones"), ("H3", "Susan Patel")):
        row = next(r for r in report.rows if r.id == stem)
        assert (row.output, row.clinician_copy) == (f"{stem}-booklet.pdf", f"{stem}-clinician.pdf")
        for which, title in (("booklet", "Your exercise plan"), ("clinician", "Clinician's copy")):
            path = out / f"{stem}-{which}.pdf"
            assert is_complete(path, "pdf")
            doc = pdfium.PdfDocument(str(path))
            text = doc[0].get_textpage().get_text_range()
            assert title in text and name in text
            assert len(doc) > 1
            doc.close()
    # H1 and H2 share every plan page; each is still exactly what `osteoplan handout` writes
    single, profile = tmp_path / "single", tmp_path / "h2.yaml"
    profile.write_text(
        "id: H2\nname: Edward Jones\nage: 74\nability: limited\nassessed_on: 2026-11-02\n"
    )
    result = CliRunner().invoke(cli, ["handout", str(profile), "-o", f"{single}/"])
    assert result.exit_code == 0, result.stderr
    for which in ("booklet", "clinician"):
        name = f"H2-{which}.pdf"
        assert (out / name).read_bytes() == (single / name).read_bytes(), name


def test_a_clinic_list_is_all_planned_and_listed(tmp_path: Path) -> None:
    # 1,000 patients, many chunks in flight on two workers, 150 distinct sets of facts among
    # them (100,000 rows and the rate are measured by bench/batch.py, not here)
    src = _rows_csv(tmp_path / "big.csv", 1_000, distinct=150)
    report = run_batch(src, tmp_path / "out", fmt="json", jobs=2)
    assert report.code == 0 and report.count("ok") == 1_000
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert [r["status"] for r in manifest["rows"]] == ["ok"] * 1_000
    assert len(list((tmp_path / "out").glob("*.json"))) == 1_001  # and the manifest


def test_cli_template_and_batch(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["batch-template"])
    assert result.exit_code == 0
    assert result.output.startswith(batch_template())
    src = write(tmp_path / "t.csv", batch_template())
    result = runner.invoke(cli, ["batch", str(src), "-o", str(tmp_path / "o"), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "1 ok, 0 invalid, 0 failed, 0 skipped" in result.output
    bad = write(tmp_path / "b.csv", "age,ability\n,fit\n")
    result = runner.invoke(cli, ["batch", str(bad), "-o", str(tmp_path / "o2"), "--format", "json"])
    assert result.exit_code == 1


def test_example_csv_is_all_valid(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "patients.csv"
    report = run_batch(example, tmp_path / "out", fmt="json", jobs=1)
    assert report.code == 0 and report.count("ok") >= 12


def test_patients_sharing_a_plan_keep_their_own_name_and_note(tmp_path: Path) -> None:
    src = write(
        tmp_path / "p.csv",
        "id,name,note,age,ability,assessed_on\n"
        "N1,Ann Note,Walk with Sam on Tuesdays.,74,limited,2026-11-02\n"
        "N2,Bob Note,,74,limited,2026-11-02\n",
    )
    out = tmp_path / "out"
    report = run_batch(src, out, fmt="html", jobs=1)
    assert report.code == 0
    first = (out / "N1-booklet.html").read_text(encoding="utf-8")
    second = (out / "N2-booklet.html").read_text(encoding="utf-8")
    assert "Ann Note" in first and "Walk with Sam on Tuesdays." in first
    assert "Bob Note" in second and "Walk with Sam" not in second and "A note for you" not in second
    text = (out / "manifest.csv").read_text() + (out / "manifest.json").read_text()
    assert "Ann Note" not in text and "Walk with Sam" not in text


def test_json_rows_are_each_patients_own_plan(tmp_path: Path) -> None:
    src = write(
        tmp_path / "p.csv",
        "id,name,age,ability,assessed_on,fracture1_site,fracture1_weeks_since\n"
        "J1,Ann Jay,74,limited,2026-11-02,wrist,5\n"
        "J2,Bo Jay,74,limited,2026-11-02,wrist,5\n",
    )
    out = tmp_path / "out"
    assert run_batch(src, out, fmt="json", jobs=1).code == 0
    book = load_rulebook()
    with CsvRows(src) as rows:
        for row in rows:
            plan = build_plan(profile_from_row(row), book)
            written = (out / f"{row.given_id}.json").read_bytes()
            assert written == plan.model_dump_json().encode() + b"\n"
    manifest = Manifest.model_validate_json((out / "manifest.json").read_bytes())
    assert [(r.id, r.output) for r in manifest.rows] == [("J1", "J1.json"), ("J2", "J2.json")]


def test_a_csv_unreadable_part_way_lists_every_row_it_could_not_read(tmp_path: Path) -> None:
    src = tmp_path / "p.csv"
    src.write_bytes(b"id,age,ability\nA1,70,fit\n" + b"A2,7\xff0,fit\n" * 2000)
    out = tmp_path / "out"
    report = run_batch(src, out, fmt="json", jobs=1)
    assert (report.code, report.count("ok"), report.count("invalid")) == (1, 1, 2000)
    rows = manifest(out)
    assert [r["row"] for r in rows] == [str(n) for n in range(2, 2003)]
    assert all("not utf-8 text" in r["error"] and "--encoding" in r["error"] for r in rows[1:])
    result = CliRunner().invoke(cli, ["batch", str(src), "-o", str(out), "--format", "json"])
    assert result.exit_code == 1 and "2001 rows: 1 ok, 2000 invalid" in result.output
