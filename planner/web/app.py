"""The workbench as an ASGI app: the pages, the static files, and the guards around them.

From the outside in: the shield (errors logged by type only), the security headers, the host
check, the session cookie, the login check, then Starlette's routing.
"""

from __future__ import annotations

from http import HTTPStatus
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from planner.resources import templates_dir
from planner.rulebook import Rulebook, load_rulebook
from planner.web.config import SESSION_SECONDS, WebConfig
from planner.web.planning import Planner
from planner.web.routes import all_routes
from planner.web.security import (
    ASGIApp,
    LoginGuard,
    Receive,
    Scope,
    SecurityHeaders,
    Send,
    Shield,
)
from planner.web.state import WEB_TEMPLATES, Workbench, page
from planner.web.store.database import Database

SESSION_COOKIE = "osteoplan_session"
MESSAGES = {
    400: "The request could not be understood.",
    401: "Log in first.",
    403: "That is not allowed.",
    404: "There is no such page here.",
    405: "That page does not take this kind of request.",
}


class WorkbenchApp:
    """The ASGI app of one workbench; ``bench`` is what its pages share."""

    def __init__(self, site: Starlette, bench: Workbench) -> None:
        self.site = site
        self.bench = bench
        self._app: ASGIApp = Shield(SecurityHeaders(site, https=bench.config.secure_cookies))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._app(scope, receive, send)


class HostGuard:
    """Answers only requests addressed to an allowed host name, so a web page elsewhere
    cannot reach the workbench by pointing a name of its own at this computer."""

    def __init__(self, app: ASGIApp, *, allowed: tuple[str, ...] | None) -> None:
        self.app = app
        self.allowed = None if allowed is None else {h.strip("[]").lower() for h in allowed}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.allowed is not None:
            host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
            name = (urlsplit(f"//{host}").hostname or "").lower()
            if name not in self.allowed:
                response = PlainTextResponse("Unknown host.", status_code=400)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


async def error_page(request: Request, exc: Exception) -> Response:
    """A page for an HTTP error, in the workbench's own words."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else None
    if detail and detail != HTTPStatus(status).phrase:
        text = detail
    else:
        text = MESSAGES.get(status, "Something went wrong.")
    if "session" not in request.scope:  # refused before the session was read
        return PlainTextResponse(text, status_code=status)
    return page(request, "error.html.j2", {"status": status, "message": text}, status)


async def server_error(request: Request, exc: Exception) -> Response:
    """The answer to an unexpected error (the shield logs its type only)."""
    return PlainTextResponse("Something went wrong.", status_code=500)


def create_app(
    config: WebConfig, *, db: Database | None = None, book: Rulebook | None = None
) -> WorkbenchApp:
    """The workbench for ``config``: its database brought up to date, its rulebook loaded."""
    database = db or Database(config.db_url)
    database.migrate()
    bench = Workbench(config, database, Planner(book or load_rulebook()))
    static = StaticFiles(directory=templates_dir() / WEB_TEMPLATES / "static")
    site = Starlette(
        routes=[*all_routes(), Mount("/static", static, name="static")],
        middleware=[
            Middleware(HostGuard, allowed=config.allowed_hosts),
            Middleware(
                SessionMiddleware,
                secret_key=config.secret_key,
                session_cookie=SESSION_COOKIE,
                max_age=SESSION_SECONDS,
                same_site="lax",
                https_only=config.secure_cookies,
            ),
            Middleware(LoginGuard, required=config.login_required),
        ],
        exception_handlers={HTTPException: error_page, 500: server_error},
    )
    site.state.workbench = bench
    return WorkbenchApp(site, bench)
