"""Alembic migrations of the workbench's database, run at start-up by
:func:`planner.web.store.database.migrate`. A new revision goes in ``versions/`` (``alembic
revision`` with ``script_location`` set to this folder writes one from ``script.py.mako``)."""
