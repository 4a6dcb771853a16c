"""The database: an engine for a SQLAlchemy URL, a SQLite file readable by its owner only, and
the migrations run at start-up.

SQLite is the default (one file); any URL SQLAlchemy knows works, so a clinic can point the
workbench at PostgreSQL (``postgresql+psycopg://user@host/osteoplan``, with its driver
installed) and the same migrations make its tables.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from planner.errors import UserError

#: The migrations, a folder of this package (Alembic finds it by package and name).
MIGRATIONS = "planner.web.store:migrations"
#: The database file and its folder: the owner's only.
FILE_MODE, FOLDER_MODE = 0o600, 0o700


class Database:
    """An engine and its sessions; :meth:`migrate` brings the tables up to date."""

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        self.file = _sqlite_file(parsed.database) if parsed.get_backend_name() == "sqlite" else None
        if self.file is not None:
            prepare_file(self.file)
        self.engine: Engine = create_engine(parsed)
        if self.file is not None:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    def session(self) -> Session:
        """A new session: ``with db.session() as s, s.begin(): ...``."""
        return self.sessions()

    def migrate(self) -> None:
        """Run every migration not yet applied (the tables of a new database too)."""
        config = Config()
        config.set_main_option("script_location", MIGRATIONS)
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def _sqlite_file(database: str | None) -> Path | None:
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def prepare_file(path: Path) -> None:
    """Make the SQLite file (and its folder) readable and writable by its owner only, before
    SQLite opens it; an existing file open to others is closed to them."""
    try:
        if not path.parent.exists():
            path.parent.mkdir(parents=True, mode=FOLDER_MODE)
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
        elif stat.S_IMODE(path.stat().st_mode) & 0o077:
            path.chmod(FILE_MODE)
    except OSError as exc:
        raise UserError.single(
            f"cannot make or open the database file ({exc.strerror})", path=path
        ) from None


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
