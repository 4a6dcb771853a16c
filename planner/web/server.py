"""Starting the workbench: the checks before it listens (a login for any host but this
computer), the database brought up to date, and uvicorn with a log that keeps no patient data.
"""

from __future__ import annotations

import threading
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass

import uvicorn

from planner.errors import UserError
from planner.render.clinic import Clinic
from planner.web.app import WorkbenchApp, create_app
from planner.web.config import LOCAL_HOSTS, WebConfig, is_loopback
from planner.web.logs import log_config
from planner.web.store import accounts
from planner.web.store.database import Database

NEEDS_ACCOUNT = (
    "listening on {host} lets other computers reach the workbench, so it needs accounts: make "
    "one first with 'osteoplan serve --add-user NAME' (and put the workbench behind HTTPS)"
)
BEHIND_HTTPS = (
    "the workbench listens on {host}: other computers can reach it. Put it behind a reverse "
    "proxy that serves HTTPS (its login cookie is sent over HTTPS only), and let nobody reach "
    "port {port} directly."
)


@dataclass(frozen=True)
class ServeOptions:
    """What ``osteoplan serve`` was asked for."""

    db_url: str
    host: str = "127.0.0.1"
    port: int = 8765
    open_browser: bool = False
    clinic: Clinic | None = None


def prepare(options: ServeOptions, say: Callable[[str], None]) -> WorkbenchApp:
    """The app for ``options``, once it is safe to start: the database brought up to date,
    and accounts present for any host but this computer.

    Raises:
        UserError: a host other than this computer's with no account.
    """
    db = Database(options.db_url)
    db.migrate()
    with db.session() as session:
        has_accounts = accounts.has_users(session)
    local = is_loopback(options.host)
    if not local and not has_accounts:
        db.close()
        raise UserError.single(NEEDS_ACCOUNT.format(host=options.host))
    if not local:
        say(f"warning: {BEHIND_HTTPS.format(host=options.host, port=options.port)}")
    config = WebConfig(
        db_url=options.db_url,
        login_required=has_accounts or not local,
        allowed_hosts=LOCAL_HOSTS if local else None,
        secure_cookies=not local,
        clinic=options.clinic,
    )
    return create_app(config, db=db)


def url_of(options: ServeOptions) -> str:
    """The address to open in a browser."""
    host = "127.0.0.1" if options.host in ("0.0.0.0", "::") else options.host
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{options.port}/"


def run(app: WorkbenchApp, options: ServeOptions) -> None:
    """Serve ``app`` until interrupted (opening a browser on it when asked)."""
    if options.open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url_of(options),)).start()
    uvicorn.run(
        app,
        host=options.host,
        port=options.port,
        log_config=log_config(),
        server_header=False,
        proxy_headers=not is_loopback(options.host),
    )
