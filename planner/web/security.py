"""The guards around every request: security headers, a login where one is required, and a
shield that keeps an unexpected error's text (which could hold patient data) out of the logs.

Each is a plain ASGI middleware, so it wraps static files and error pages too.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.responses import PlainTextResponse, RedirectResponse

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOG = logging.getLogger("osteoplan.web")
#: Nothing from another origin, no inline script or style, never framed.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "object-src 'none'; frame-ancestors 'none'"
)
HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
)
HSTS = (b"strict-transport-security", b"max-age=31536000")
#: Paths open without a login.
OPEN_PATHS = frozenset({"/login"})
OPEN_PREFIXES = ("/static/",)


class SecurityHeaders:
    """Adds the security headers to every response; pages are never cached (a shared computer
    keeps no patient's page), the stylesheet and script are revalidated."""

    def __init__(self, app: ASGIApp, *, https: bool = False) -> None:
        self.app = app
        self.extra = (HSTS,) if https else ()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith(OPEN_PREFIXES)
        cache = b"no-cache" if static else b"no-store"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k != b"cache-control"]
                message["headers"] = [*headers, *HEADERS, *self.extra, (b"cache-control", cache)]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class LoginGuard:
    """Sends anyone not logged in to the login page (when the workbench needs a login)."""

    def __init__(self, app: ASGIApp, *, required: bool) -> None:
        self.app = app
        self.required = required

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if (
            scope["type"] == "http"
            and self.required
            and path not in OPEN_PATHS
            and not path.startswith(OPEN_PREFIXES)
            and not scope.get("session", {}).get("user")
        ):
            response: Any
            if scope.get("method") in ("GET", "HEAD"):
                response = RedirectResponse("/login", status_code=303)
            else:
                response = PlainTextResponse("Log in first.", status_code=401)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


class Shield:
    """The outermost layer: an unexpected error is logged by its type and path only, never its
    message or traceback (either could quote a patient's details), and answered with a 500."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            LOG.error(
                "unexpected error (%s) on %s %s",
                type(exc).__name__,
                scope.get("method"),
                scope.get("path"),
            )
            if not started:
                response = PlainTextResponse("Something went wrong.", status_code=500)
                await response(scope, receive, send)
