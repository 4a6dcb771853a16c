"""Where the main process of a batch keeps what it must remember of every row: the file names
claimed so far (a repeated id is an error) and each row's result until the manifest is written,
sorted by row. Both live in a private temporary SQLite database on disk, so the main process
stays the same size however long the CSV: SQLite keeps a small page cache and spills the rest."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterator

from planner.batch.manifest import RowResult, Status

#: Pages SQLite keeps in memory (negative: KiB).
CACHE_KIB = 2048


class Store:
    """The file names claimed and the results of one batch run (rows of ``model``, whatever
    kind of result was added); close it when done."""

    def __init__(self, model: type[RowResult] = RowResult) -> None:
        self.model = model  # every result is read back as this row model
        self._db = sqlite3.connect("", isolation_level=None)  # "": a temporary file on disk
        self._db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute("CREATE TABLE names (name TEXT PRIMARY KEY, line INTEGER) WITHOUT ROWID")
        self._db.execute("CREATE TABLE results (row INTEGER PRIMARY KEY, data TEXT)")
        self._db.execute("BEGIN")
        self.counts: Counter[Status] = Counter()

    def claim(self, name: str, line: int) -> int | None:
        """Claim a file name for the row on ``line``: None, or the line that claimed it first."""
        found = self._db.execute("SELECT line FROM names WHERE name = ?", (name,)).fetchone()
        if found is not None:
            return int(found[0])
        self._db.execute("INSERT INTO names VALUES (?, ?)", (name, line))
        return None

    def add(self, result: RowResult) -> None:
        """Remember one row's result (each row is added once)."""
        self._db.execute(
            "INSERT OR REPLACE INTO results VALUES (?, ?)", (result.row, result.model_dump_json())
        )
        self.counts[result.status] += 1

    def __len__(self) -> int:
        return sum(self.counts.values())

    def results(self) -> Iterator[RowResult]:
        """Every result, sorted by row, read back a few at a time."""
        cursor = self._db.execute("SELECT data FROM results ORDER BY row")
        while batch := cursor.fetchmany(256):
            for (data,) in batch:
                yield self.model.model_validate(json.loads(data))  # no string cache kept

    def close(self) -> None:
        self._db.close()
