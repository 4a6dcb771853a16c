"""The batch's store: names claimed once (the first line kept), results read back by row."""

from __future__ import annotations

from planner.batch.manifest import RowResult
from planner.batch.store import Store


def test_a_name_is_claimed_once_and_the_first_line_kept() -> None:
    store = Store()
    try:
        assert store.claim("a1", 2) is None
        assert store.claim("b2", 3) is None
        assert store.claim("a1", 7) == 2
        assert store.claim("a1", 9) == 2
    finally:
        store.close()


def test_results_come_back_sorted_by_row_and_are_counted() -> None:
    store = Store()
    try:
        for row, status in ((5, "ok"), (2, "invalid"), (9, "ok"), (3, "skipped")):
            store.add(RowResult(row=row, id=f"P{row}", status=status, rules_fired=["R-GEN-1"]))  # type: ignore[arg-type]
        assert [r.row for r in store.results()] == [2, 3, 5, 9]
        assert next(store.results()) == RowResult(
            row=2, id="P2", status="invalid", rules_fired=["R-GEN-1"]
        )
        assert (len(store), store.counts["ok"], store.counts["failed"]) == (4, 2, 0)
    finally:
        store.close()
