"""Which rows a batch still has to do: rows the reader could not read, ids naming the batch's
own files and repeated ids (ignoring case) are results at once; only a valid id claims a name."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from planner.batch.manifest import RowResult
from planner.batch.rows import manifest_id, rows_to_do
from planner.batch.store import Store
from planner.profile.csvrows import CsvRow


def row(line: int, id: str | None = None, **data: Any) -> CsvRow:
    return CsvRow(line=line, data=({"id": id} if id is not None else {}) | data)


@pytest.fixture
def store() -> Iterator[Store]:
    opened = Store()
    yield opened
    opened.close()


def todo(rows: list[CsvRow], store: Store) -> tuple[list[tuple[int, str]], list[RowResult]]:
    done: list[RowResult] = []
    work = [(r.line, stem) for r, stem in rows_to_do(rows, store, done.append)]
    return work, done


def test_each_new_row_is_yielded_with_its_file_stem(store: Store) -> None:
    work, done = todo([row(2, "A1"), row(3, "a b"), row(4)], store)
    assert work == [(2, "A1"), (3, "a_b"), (4, "row-4")]
    assert done == []


@pytest.mark.parametrize(("first", "second"), [("A1", "A1"), ("A1", "a1"), ("ab", "AB")])
def test_a_repeated_id_is_invalid_whatever_its_case(store: Store, first: str, second: str) -> None:
    work, done = todo([row(2, first), row(3, "B2"), row(5, second)], store)
    assert work == [(2, first), (3, "B2")]
    (dup,) = done
    assert (dup.row, dup.id, dup.status) == (5, second, "invalid")
    assert dup.error == "row 5: id: duplicate id, first on row 2"
    assert (dup.output, dup.clinician_copy) == ("", "")


def test_valid_ids_that_would_share_a_file_are_duplicates(store: Store) -> None:
    work, done = todo([row(2, "CON"), row(3, "_CON"), row(4, ".a"), row(5, "a")], store)
    assert work == [(2, "_CON"), (4, "a")]
    assert [(d.row, d.error.split("first on row ")[1]) for d in done] == [(3, "2"), (5, "4")]


def test_an_invalid_id_claims_no_file_name(store: Store) -> None:
    work, done = todo([row(2, "a b"), row(3, "a/b"), row(4, "a_b")], store)
    assert work == [(2, "a_b"), (3, "a_b"), (4, "a_b")]  # the first two are invalid rows
    assert done == []


@pytest.mark.parametrize("given", ["manifest", "MANIFEST", "Manifest.v2"])
def test_an_id_naming_the_manifest_is_refused(store: Store, given: str) -> None:
    work, done = todo([row(2, given), row(3, "B2")], store)
    assert work == [(3, "B2")]
    (refused,) = done
    assert (refused.id, refused.status) == (given, "invalid")
    assert refused.error == "row 2: id: 'manifest' is reserved for the batch's manifest"


def test_rows_without_an_id_are_never_duplicates_of_each_other(store: Store) -> None:
    work, done = todo([row(2), row(3), row(4, "")], store)
    assert [stem for _, stem in work] == ["row-2", "row-3", "row-4"]
    assert done == []


def test_a_duplicate_is_reported_as_soon_as_it_is_read(store: Store) -> None:
    done: list[RowResult] = []
    rows = rows_to_do([row(2, "A1"), row(3, "a1"), row(4, "C3")], store, done.append)
    assert next(rows)[0].line == 2 and done == []
    assert next(rows)[0].line == 4
    assert [d.row for d in done] == [3]


def test_a_row_the_reader_could_not_read_is_invalid_or_failed(store: Store) -> None:
    unreadable = CsvRow(line=3, data={}, problem="is not utf-8 text")
    cut = CsvRow(line=9, data={}, problem="the CSV could not be read from this line on", fatal=True)
    work, done = todo([row(2, "A1"), unreadable, cut], store)
    assert work == [(2, "A1")]
    assert [(d.row, d.id, d.status, d.error) for d in done] == [
        (3, "", "invalid", "row 3: is not utf-8 text"),
        (9, "", "failed", "row 9: the CSV could not be read from this line on"),
    ]


@pytest.mark.parametrize(
    ("given", "shown"),
    [("A1", "A1"), (" A1 ", "A1"), ("a b", ""), ("Mary Hill;74;limited", ""), ("x" * 65, "")],
)
def test_the_manifest_shows_only_valid_ids(given: str, shown: str) -> None:
    assert manifest_id(row(2, given)) == shown
