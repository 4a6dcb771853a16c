"""What one running workbench is configured with: its database, who may use it, its hosts."""

from __future__ import annotations

import getpass
import ipaddress
import os
import secrets
import sys
from dataclasses import dataclass, field
from pathlib import Path

from planner.render.clinic import Clinic

#: The database file's name in the user's data folder.
DB_NAME = "osteoplan.db"
#: Host names that reach only this computer.
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})
#: The Host headers a workbench on this computer answers.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
#: How long a login lasts without use (seconds).
SESSION_SECONDS = 8 * 3600


@dataclass(frozen=True)
class WebConfig:
    """One workbench: its database URL and how it guards the door."""

    db_url: str
    #: Every page needs a login (any host but loopback, or once accounts exist).
    login_required: bool = False
    #: Host headers accepted (None: any, for a server behind a reverse proxy).
    allowed_hosts: tuple[str, ...] | None = LOCAL_HOSTS
    #: Cookies only over HTTPS (a server reached through a reverse proxy with TLS).
    secure_cookies: bool = False
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    clinic: Clinic | None = None
    #: Who saves prescriptions when nobody logs in: the account running the server.
    local_user: str = field(default_factory=lambda: _os_user())


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment or the password database
        return "local user"


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or name to listen on) reaches this computer only."""
    name = host.strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def data_dir() -> Path:
    """The user's data folder for osteoplan (XDG on Linux, the platform's elsewhere)."""
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / "osteoplan"


def database_url(value: str | Path | None) -> str:
    """A SQLAlchemy URL from ``--db``: a URL as given (``postgresql+psycopg://...``), or a
    SQLite file path (default: ``osteoplan.db`` in the user's data folder)."""
    if value is None:
        return f"sqlite:///{data_dir() / DB_NAME}"
    text = str(value)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().absolute()}"
