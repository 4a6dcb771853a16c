"""Reading the JSON files the tool itself writes (a saved plan), larger than a typed file may be."""

from __future__ import annotations

import json
from pathlib import Path

from planner.errors import SourceError
from planner.yamlfile import TOO_DEEP, SourceDoc, read_bounded


def read_json_document(
    path: Path, max_bytes: int, error: type[SourceError] = SourceError
) -> SourceDoc:
    """Read a JSON file the tool itself writes (a saved plan), larger than a typed file may be.

    JSON has no aliases, so its size bounds its values; its nesting is bounded by the parser.
    Problems name the file (and the line, for a syntax error); there is no line per key.

    Raises:
        SourceError: (or the ``error`` subclass given) for a file that cannot be read or parsed.
    """
    raw = read_bounded(path, max_bytes, "a JSON file", error)
    if len(raw) > max_bytes:
        raise error.single(
            f"is more than {max_bytes:,} bytes; check that it is the right file", path=path
        )
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise error.single("is not a UTF-8 text file", path=path) from None
    except json.JSONDecodeError as exc:
        raise error.single(f"not valid JSON: {exc.msg}", path=path, line=exc.lineno) from None
    except (RecursionError, ValueError):
        raise error.single(TOO_DEEP, path=path) from None
    return SourceDoc(path=path, data=data, lines={})
