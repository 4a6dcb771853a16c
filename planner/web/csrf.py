"""Cross-site request forgery: every form and every script request carries the session's
token, and a request a browser marks as coming from another site is refused.

The token lives in the signed session cookie (SameSite=Strict); each page's forms carry it in
a hidden field and the page script sends it as a header. :func:`checked_form` is the only way a
page reads a posted form, so no form goes unchecked.
"""

from __future__ import annotations

import secrets

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request

SESSION_KEY = "csrf"
FIELD = "csrf_token"
HEADER = "x-csrf-token"
#: The largest upload (a profile is at most 1 MB; a clinic's CSV a few).
MAX_UPLOAD = 8 * 1024 * 1024
#: The most fields a form may post (the review visit's day-by-day log asks for more).
MAX_FIELDS = 400
FORGED = "This form has expired or did not come from this page. Go back, reload it and try again."


def csrf_token(request: Request) -> str:
    """The session's token, made on first use."""
    token = request.session.get(SESSION_KEY)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[SESSION_KEY] = token
    return token


def renew_token(request: Request) -> None:
    """A new token (at login and logout)."""
    request.session[SESSION_KEY] = secrets.token_urlsafe(32)


async def checked_form(request: Request, max_fields: int = MAX_FIELDS) -> FormData:
    """The posted form, once its token and origin are checked (an uploaded file in it is the
    caller's to close).

    Raises:
        HTTPException: 403 for a missing or wrong token or another site, 413 for an upload
        that is too large.
    """
    if request.headers.get("sec-fetch-site") == "cross-site":
        raise HTTPException(403, FORGED)
    size = request.headers.get("content-length")
    if size and size.isdigit() and int(size) > MAX_UPLOAD:
        raise HTTPException(413, "The file is too large.")
    form = await request.form(max_files=1, max_fields=max_fields)
    given = form.get(FIELD) or request.headers.get(HEADER)
    expected = request.session.get(SESSION_KEY)
    if not (
        isinstance(given, str)
        and isinstance(expected, str)
        and secrets.compare_digest(given, expected)
    ):
        await form.close()
        raise HTTPException(403, FORGED)
    return form
