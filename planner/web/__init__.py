"""The physiotherapist's workbench: a local web app over the library (``osteoplan serve``).

A thin layer: pages read a profile from a form, the library plans and renders it, and a
database keeps patients, immutable prescriptions, accounts and an audit trail. No planning
happens here. :mod:`planner.web.app` builds the Starlette app, :mod:`planner.web.server`
runs it; the pages live in :mod:`planner.web.routes`, the database in :mod:`planner.web.store`.
"""
