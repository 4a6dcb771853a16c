"""Logging for the server: uvicorn's access log without query strings, and nothing else that
could carry a patient's details.

Pages are addressed by database keys (``/patients/12/plan``), never by a patient's id or name,
and a search's words travel in the query string, which the access log drops.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from uvicorn.config import LOGGING_CONFIG

#: uvicorn's access record: client, method, path with query, HTTP version, status.
_ACCESS_ARGS = 5


class DropQuery(logging.Filter):
    """Cuts the query string off the path of uvicorn's access log records."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == _ACCESS_ARGS and isinstance(args[2], str):
            record.args = (args[0], args[1], without_query(args[2]), args[3], args[4])
        return True


def without_query(path: str) -> str:
    """``/patients?q=smith`` -> ``/patients``."""
    return path.split("?", 1)[0]


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration with :class:`DropQuery` on the access log, and the
    workbench's own logger."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config["filters"] = {"drop_query": {"()": DropQuery}}
    config["loggers"]["uvicorn.access"]["filters"] = ["drop_query"]
    config["loggers"]["osteoplan.web"] = {
        "handlers": ["default"],
        "level": "INFO",
        "propagate": False,
    }
    return config
