"""Logging in and out, and the audit trail."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from planner.web.csrf import checked_form, renew_token
from planner.web.routes.common import see_other
from planner.web.state import actor, bench, page
from planner.web.store import accounts

WRONG = "The account name or the password is not right."
BLOCKED = "Too many failed attempts for this account; wait 15 minutes and try again."


async def login_page(request: Request) -> Response:
    """The login form (straight on to the patients when no login is needed)."""
    if not bench(request).config.login_required or request.session.get("user"):
        return see_other("/patients")
    return page(request, "login.html.j2", {"error": None, "name": ""})


async def login(request: Request) -> Response:
    """Check the name and password; a new session on success."""
    wb = bench(request)
    form = await checked_form(request)
    name = str(form.get("name") or "").strip()[:80]
    password = str(form.get("password") or "")
    if wb.throttle.blocked(name):
        return page(request, "login.html.j2", {"error": BLOCKED, "name": name}, 429)
    with wb.db.session() as session, session.begin():
        ok = accounts.check_login(session, name, password)
        known = accounts.USER_NAME.fullmatch(name) and accounts.has_user(session, name)
        accounts.record(
            session, name if known else "(unknown account)", "login" if ok else "login failed"
        )
    if not ok:
        wb.throttle.failed(name)
        return page(request, "login.html.j2", {"error": WRONG, "name": name}, 400)
    wb.throttle.succeeded(name)
    request.session.clear()
    request.session["user"] = name
    renew_token(request)
    return see_other("/patients")


async def logout(request: Request) -> Response:
    """End the session."""
    wb = bench(request)
    await checked_form(request)
    with wb.db.session() as session, session.begin():
        accounts.record(session, actor(request), "logout")
    request.session.clear()
    renew_token(request)
    return see_other("/login" if wb.config.login_required else "/patients")


async def audit_page(request: Request) -> Response:
    """The newest entries of the audit trail."""
    wb = bench(request)
    with wb.db.session() as session:
        entries = accounts.audit_entries(session)
    return page(request, "audit.html.j2", {"entries": entries, "limit": accounts.AUDIT_LIMIT})


ROUTES = [
    Route("/login", login_page, methods=["GET"]),
    Route("/login", login, methods=["POST"]),
    Route("/logout", logout, methods=["POST"]),
    Route("/audit", audit_page, methods=["GET"]),
]
