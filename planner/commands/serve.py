"""``osteoplan serve``: the physiotherapist's workbench, a web app on this computer."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option(
    "--db",
    "db",
    metavar="FILE|URL",
    help="the database: a SQLite file, or a SQLAlchemy URL such as "
    "postgresql+psycopg://user@host/osteoplan (default: osteoplan.db in your data folder)",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="the address to listen on; any but this computer's needs accounts and HTTPS",
)
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=8765,
    show_default=True,
    help="the port to listen on",
)
@click.option("--open", "open_browser", is_flag=True, help="open the workbench in a browser")
@click.option(
    "--clinic",
    "clinic_path",
    type=click.Path(path_type=Path),
    help="a YAML file with the clinic's name, clinician, phone and address, for the handouts",
)
@click.option(
    "--add-user",
    metavar="NAME",
    help="make an account NAME (or give it a new password), asking for its password, then stop",
)
def serve(
    db: str | None,
    host: str,
    port: int,
    open_browser: bool,
    clinic_path: Path | None,
    add_user: str | None,
) -> None:
    """Start the workbench: patients, assessments, plans, prescriptions and printing, in a
    browser at http://127.0.0.1:8765/ (Ctrl-C stops it)."""
    from sqlalchemy.engine import make_url

    from planner.render.clinic import load_clinic
    from planner.web.config import database_url
    from planner.web.server import ServeOptions, prepare, run, url_of

    url = database_url(db)
    if add_user is not None:
        _add_user(url, add_user)
        return
    options = ServeOptions(
        db_url=url,
        host=host,
        port=port,
        open_browser=open_browser,
        clinic=load_clinic(clinic_path) if clinic_path is not None else None,
    )
    app = prepare(options, lambda text: click.echo(text, err=True))
    shown = make_url(url).render_as_string(hide_password=True)
    click.echo(f"osteoplan workbench at {url_of(options)} (database {shown})", err=True)
    run(app, options)


def _add_user(url: str, name: str) -> None:
    """Make an account (or set its password) with a password typed twice, not echoed."""
    from planner.web.store import accounts
    from planner.web.store.database import Database

    password = click.prompt(
        f"Password for {name}", hide_input=True, confirmation_prompt=True, err=True
    )
    accounts.check_new_account(name, password)
    database = Database(url)
    try:
        database.migrate()
        with database.session() as session, session.begin():
            made = accounts.set_user(session, name, password)
            accounts.record(session, name, "account made" if made else "password changed")
    finally:
        database.close()
    click.echo(f"account {name} {'made' if made else 'given a new password'}")
