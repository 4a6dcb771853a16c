"""The workbench as a health record: a form token on every form, the security headers on every
response, only local host names, logins where they are needed, a database file its owner alone
can read, no patient data in any log, and an audit trail naming patients by id only."""

from __future__ import annotations

import logging
import re
import stat
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from planner.commands.serve import serve
from planner.web.app import WorkbenchApp
from planner.web.logs import DropQuery, log_config
from planner.web.security import CSP, Shield
from planner.web.store import accounts
from planner.web.store.database import Database
from planner.web.store.tables import AuditEntry
from tests.web.conftest import PATIENT, Client, live_server, make_app

PASSWORD = "correct horse battery staple"


def _post_routes(app: WorkbenchApp, key: int) -> list[str]:
    paths = []
    for route in app.site.routes:
        if "POST" in (getattr(route, "methods", None) or ()):
            path = route.path.replace("{key:int}", str(key))  # type: ignore[attr-defined]
            paths.append(path.replace("{number:int}", "1"))
    return paths


def test_every_form_needs_the_session_token(client: Client, app: WorkbenchApp) -> None:
    key = client.add_patient(id="CSRF-1")
    paths = _post_routes(app, key)
    assert len(paths) >= 9
    token = client.token()
    for path in paths:
        assert client.post(path, data=PATIENT).status_code == 403, path
        assert client.post(path, data={**PATIENT, "csrf_token": "forged"}).status_code == 403
        cross = client.post(
            path, data={**PATIENT, "csrf_token": token}, headers={"sec-fetch-site": "cross-site"}
        )
        assert cross.status_code == 403, path
    refused = client.post("/patients/new", data=PATIENT)
    assert "expired or did not come from this page" in refused.text


def test_the_script_sends_the_token_as_a_header(client: Client) -> None:
    token = client.token()
    response = client.post("/patients/new/preview", data=PATIENT, headers={"x-csrf-token": token})
    assert response.status_code == 200


def test_another_session_s_token_is_refused(app: WorkbenchApp) -> None:
    with Client(app) as first, Client(app) as second:
        stolen = first.token()
        second.token()
        response = second.post("/patients/new", data={**PATIENT, "csrf_token": stolen})
        assert response.status_code == 403


@pytest.mark.parametrize("path", ["/patients", "/patients/new", "/static/workbench.js", "/nowhere"])
def test_security_headers_on_every_response(client: Client, path: str) -> None:
    response = client.get(path)
    headers = response.headers
    assert headers["content-security-policy"] == CSP
    assert "default-src 'self'" in CSP and "frame-ancestors 'none'" in CSP
    assert "unsafe-inline" not in CSP and "script-src 'self'" in CSP
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"
    assert headers["cache-control"] == ("no-cache" if "static" in path else "no-store")
    assert "strict-transport-security" not in headers


def test_pages_hold_no_inline_script_or_style_and_load_nothing_from_elsewhere(
    client: Client,
) -> None:
    key = client.add_patient(id="INLINE-1")
    for path in ("/patients", "/patients/new", f"/patients/{key}/plan", "/patients/import"):
        text = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=\"/static/)", text), path
        assert "<style" not in text and " style=" not in text and "javascript:" not in text
        assert not re.search(r'(src|href)="(https?:)?//', text), path


def test_text_typed_in_is_escaped(client: Client) -> None:
    key = client.add_patient(id="ESC-1", name="<script>alert(1)</script>")
    text = client.get(f"/patients/{key}/plan").text
    assert "<script>alert" not in text and "&lt;script&gt;alert(1)" in text


def test_only_local_host_names_are_answered(client: Client) -> None:
    assert client.get("/patients", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/patients", headers={"host": "127.0.0.1:8765"}).status_code == 200
    assert client.get("/patients", headers={"host": "localhost:8765"}).status_code == 200


def test_an_unexpected_error_is_logged_by_its_type_only(caplog: pytest.LogCaptureFixture) -> None:
    async def broken(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            raise ValueError("Zelda Quixote, born 1950")

    client = Client(Shield(broken))  # no lifespan: the app only answers HTTP
    with caplog.at_level(logging.DEBUG):
        response = client.get("/patients/1/plan?q=Zelda")
    assert response.status_code == 500 and "Zelda" not in response.text
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name != "httpx")  # the client's
    assert "ValueError" in logged and "Zelda" not in logged and "q=" not in logged


def test_the_access_log_drops_query_strings() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        "",
        0,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/patients?q=Zelda+Quixote", "1.1", 200),
        None,
    )
    assert DropQuery().filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "GET /patients HTTP/1.1" 200'
    assert log_config()["loggers"]["uvicorn.access"]["filters"] == ["drop_query"]


def test_no_name_or_note_reaches_the_server_log(tmp_path: Path) -> None:
    import httpx

    with live_server(tmp_path) as server, httpx.Client(base_url=server.url) as http:
        page = http.get("/patients/new")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token
        data = {**PATIENT, "note": "Ring Bartholomew first", "csrf_token": token.group(1)}
        created = http.post("/patients/new", data=data)
        assert created.status_code == 303
        http.get("/patients", params={"q": "Quixote"})
        http.get(created.headers["location"])
        http.post("/patients/new", data={**data, "age": "7"})  # an error page
    log = server.log.read_text()
    assert '"GET /patients HTTP/1.1" 200' in log and "POST /patients/new" in log
    for secret in ("Zelda", "Quixote", "Bartholomew", "q="):
        assert secret not in log


def test_the_database_file_is_its_owner_s_only(tmp_path: Path) -> None:
    target = tmp_path / "new" / "osteoplan.db"
    Database(f"sqlite:///{target}").migrate()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    open_file = tmp_path / "open.db"
    open_file.touch(mode=0o644)
    open_file.chmod(0o644)
    Database(f"sqlite:///{open_file}").migrate()
    assert stat.S_IMODE(open_file.stat().st_mode) == 0o600


def test_the_audit_trail_names_patients_by_id_only(client: Client, app: WorkbenchApp) -> None:
    key = client.add_patient(id="AUDIT-1", name="Hortensia Pumpernickel", note="a secret note")
    client.submit(f"/patients/{key}/assessment", {**PATIENT, "age": "80"})
    client.submit(f"/patients/{key}/prescriptions", {})
    client.get(f"/patients/{key}/prescriptions/1/download/json")
    with app.bench.db.session() as session:
        entries = list(
            session.scalars(select(AuditEntry).where(AuditEntry.patient_id == "AUDIT-1"))
        )
        everything = " ".join(
            f"{e.actor} {e.action} {e.patient_id} {e.detail}"
            for e in session.scalars(select(AuditEntry))
        )
    actions = [e.action for e in entries]
    assert actions == ["patient created", "assessment updated", "prescription saved", "downloaded"]
    assert all(e.actor == app.bench.config.local_user and e.at is not None for e in entries)
    assert entries[2].detail == "prescription 1"
    assert "Pumpernickel" not in everything and "secret" not in everything
    page = client.get("/audit").text
    assert "AUDIT-1" in page and "prescription saved" in page and "Pumpernickel" not in page


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> WorkbenchApp:
    """A workbench that needs a login, with one account."""
    app = make_app(tmp_path_factory.mktemp("guarded"), login_required=True)
    with app.bench.db.session() as session, session.begin():
        accounts.set_user(session, "sam", PASSWORD)
    return app


def _login(client: Client, name: str, password: str) -> Any:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    return client.post(
        "/login",
        data={"name": name, "password": password, "csrf_token": token.group(1)},
        follow_redirects=False,
    )


def test_without_a_login_only_the_login_page_opens(guarded: WorkbenchApp) -> None:
    with Client(guarded) as client:
        response = client.get("/patients", follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/login"
        assert client.get("/patients/1/plan", follow_redirects=False).status_code == 303
        assert client.post("/patients/new", data=PATIENT).status_code == 401
        assert client.get("/static/workbench.css").status_code == 200
        assert "Log in" in client.get("/login").text


def test_logging_in_and_out(guarded: WorkbenchApp) -> None:
    with Client(guarded) as client:
        wrong = _login(client, "sam", "not the password at all")
        assert wrong.status_code == 400 and "not right" in wrong.text
        right = _login(client, "sam", PASSWORD)
        assert right.status_code == 303
        cookie = right.headers["set-cookie"]
        assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()
        assert client.get("/patients").status_code == 200
        key = client.add_patient(id="LOGIN-1")
        assert "Signed in as sam" in client.get(f"/patients/{key}/plan").text
        client.submit(f"/patients/{key}/prescriptions", {})
        assert "sam" in client.get(f"/patients/{key}").text  # saved by
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/patients").text)
        assert token
        out = client.post("/logout", data={"csrf_token": token.group(1)}, follow_redirects=False)
        assert out.headers["location"] == "/login"
        assert client.get("/patients", follow_redirects=False).status_code == 303
    with guarded.bench.db.session() as session:
        actions = [(e.actor, e.action) for e in accounts.audit_entries(session)]
    assert ("sam", "login") in actions and ("sam", "logout") in actions
    assert ("sam", "login failed") in actions
    assert ("sam", "prescription saved") in actions


def test_guessing_passwords_is_stopped(guarded: WorkbenchApp) -> None:
    with Client(guarded) as client:
        for _ in range(5):
            assert _login(client, "nobody", "wrong wrong wrong").status_code == 400
        assert _login(client, "nobody", "wrong wrong wrong").status_code == 429


def test_secure_cookies_and_hsts_behind_https(tmp_path: Path) -> None:
    app = make_app(tmp_path, login_required=True, secure_cookies=True)
    with Client(app, base_url="https://testserver") as client:
        response = client.get("/login")
        assert "secure" in response.headers["set-cookie"].lower()
        assert response.headers["strict-transport-security"].startswith("max-age=")


def test_serve_refuses_other_hosts_without_an_account(tmp_path: Path) -> None:
    db = str(tmp_path / "serve.db")
    result = CliRunner().invoke(serve, ["--db", db, "--host", "0.0.0.0"])
    assert result.exit_code != 0
    assert "--add-user" in str(result.exception) + result.output
    assert "HTTPS" in str(result.exception) + result.output


def test_serve_adds_an_account_then_listens_on_other_hosts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.web import server

    db = str(tmp_path / "serve.db")
    short = CliRunner().invoke(serve, ["--db", db, "--add-user", "sam"], input="short\nshort\n")
    assert short.exit_code != 0 and "12 characters" in str(short.exception)
    made = CliRunner().invoke(
        serve, ["--db", db, "--add-user", "sam"], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert made.exit_code == 0, made.output
    assert "account sam made" in made.output and PASSWORD not in made.output
    started: list[Any] = []
    monkeypatch.setattr(server, "run", lambda app, options: started.append((app, options)))
    result = CliRunner().invoke(serve, ["--db", db, "--host", "0.0.0.0", "--port", "9999"])
    assert result.exit_code == 0, result.output
    assert "HTTPS" in result.output
    app, options = started[0]
    assert app.bench.config.login_required and app.bench.config.secure_cookies
    assert app.bench.config.allowed_hosts is None and options.port == 9999


def test_serve_is_an_osteoplan_command() -> None:
    from planner.cli import cli

    assert "serve" in cli.commands
    help_text = CliRunner().invoke(cli, ["serve", "--help"]).output
    assert "--add-user" in help_text and "--db" in help_text and "--open" in help_text
