"""A batch row's output files: safe names inside the output folder, and whether a file written
earlier is whole (for ``--resume``)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from planner.errors import OutputError

#: Names Windows reserves, whatever the extension (checked case-insensitively).
RESERVED_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{i}" for i in range(1, 10)}
    | {f"LPT{i}" for i in range(1, 10)}
)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def safe_name(raw: str | None, line: int) -> str:
    """A file-name stem for a patient id: [A-Za-z0-9._-] only, no reserved or dot names."""
    name = _UNSAFE.sub("_", (raw or "").strip()).lstrip(".")
    if not name:
        return f"row-{line}"
    if name.split(".", 1)[0].upper() in RESERVED_NAMES:
        name = f"_{name}"
    return name[:100]


def output_path(out_dir: Path, stem: str, ext: str) -> Path:
    """``out_dir/stem.ext``, refusing anything that would resolve outside ``out_dir``."""
    base = out_dir.resolve()
    target = (base / f"{stem}.{ext}").resolve()
    if target.parent != base:
        raise OutputError.single("the output name would leave the output folder")
    return target


def row_outputs(out_dir: Path, stem: str, fmt: str) -> tuple[Path, ...]:
    """A row's files: ``<stem>-booklet.<fmt>`` and ``<stem>-clinician.<fmt>``, or
    ``<stem>.json``."""
    if fmt == "json":
        return (output_path(out_dir, stem, "json"),)
    return (
        output_path(out_dir, f"{stem}-booklet", fmt),
        output_path(out_dir, f"{stem}-clinician", fmt),
    )


def review_outputs(out_dir: Path, stem: str, block: int, fmt: str) -> tuple[Path, ...]:
    """A reviewed row's files, named as ``osteoplan review`` names them: the booklet and the
    clinician's copy (``<stem>-block<N>-booklet.<fmt>``, ``-clinician``) unless the format is
    JSON, and always the plan, the next review's prescription (``<stem>-block<N>-plan.json``)."""
    named = f"{stem}-block{block}"
    plan = output_path(out_dir, f"{named}-plan", "json")
    return (plan,) if fmt == "json" else (*row_outputs(out_dir, named, fmt), plan)


def is_complete(path: Path, fmt: str) -> bool:
    """Whether an output written earlier is whole (used by resume)."""
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return False
        if fmt == "json" or path.suffix == ".json":
            json.loads(path.read_bytes())
            return True
        if fmt == "html":
            with path.open("rb") as f:
                f.seek(max(0, path.stat().st_size - 64))
                return f.read().rstrip().endswith(b"</html>")
        with path.open("rb") as f:
            f.seek(max(0, path.stat().st_size - 32))
            if b"%%EOF" not in f.read():
                return False
        import pikepdf

        with pikepdf.open(path) as pdf:
            return len(pdf.pages) > 0
    except Exception:  # anything unreadable is simply redone
        return False


def remove_stale_tmp(out: Path) -> None:
    """Remove the temporary files a killed batch left behind (``.<name>.<random>.tmp``)."""
    for stale in out.glob(".*.tmp"):
        if stale.is_file():
            stale.unlink(missing_ok=True)
