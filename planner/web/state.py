"""What every page shares: the configuration, the database, the planner, the templates and
the form; and who is at the keyboard."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from planner.resources import templates_dir
from planner.web.config import WebConfig
from planner.web.csrf import FIELD, csrf_token
from planner.web.form.layout import FormLayout, form_layout
from planner.web.planning import Planner
from planner.web.printing import Printer
from planner.web.store.database import Database
from planner.web.throttle import Throttle

#: The workbench's templates, inside the handout templates' folder.
WEB_TEMPLATES = "web"


@dataclass
class Workbench:
    """One running workbench."""

    config: WebConfig
    db: Database
    planner: Planner
    templates: Jinja2Templates = field(init=False)
    layout: FormLayout = field(init=False)
    printer: Printer = field(init=False)
    throttle: Throttle = field(default_factory=Throttle)

    def __post_init__(self) -> None:
        self.templates = Jinja2Templates(env=environment())
        self.layout = form_layout(self.planner.book)
        self.printer = Printer(self.planner.book, self.config.clinic)


def environment() -> jinja2.Environment:
    """The pages' Jinja environment: everything escaped, no silent blanks."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir() / WEB_TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def bench(request: Request) -> Workbench:
    """The workbench serving ``request``."""
    found: Workbench = request.app.state.workbench
    return found


def actor(request: Request) -> str:
    """Who is using the workbench: the account logged in, or the one running the server."""
    user = request.session.get("user")
    return user if isinstance(user, str) else bench(request).config.local_user


def page(
    request: Request, template: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """A page from ``templates/web/``, with what every page shows (the form token, the user)."""
    wb = bench(request)
    shared = {
        "csrf_field": FIELD,
        "csrf_token": csrf_token(request),
        "user": request.session.get("user"),
        "login_required": wb.config.login_required,
    }
    response: HTMLResponse = wb.templates.TemplateResponse(
        request, template, {**shared, **context}, status_code=status_code
    )
    return response
