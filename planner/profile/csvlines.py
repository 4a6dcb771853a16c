"""The physical lines of a batch CSV, for :mod:`planner.profile.csvrows`: read in bounded
pieces and decoded one line at a time, so that a line too long or not in the file's encoding is
one row's problem rather than the end of the file, and numbered as the file's lines (LF, CRLF or
CR endings). :class:`Feed` hands them to :mod:`csv` and tells a quote never closed from a cell
that spans a few lines."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import IO

from planner.errors import BatchInputError

#: Separators a header may use; the one that makes the most column names is the file's.
DELIMITERS = (",", ";", "\t")
_INSIDE_QUOTES = re.compile(r'(?:[^"]|"")*')
#: The longest line read (a longer one is a row problem), and the most lines one cell may span.
MAX_LINE = 65_536
MAX_CELL_LINES = 20
#: Encodings a CSV may be read in (``--encoding``), by codec name.
ENCODINGS = {"utf-8": "utf-8", "cp1252": "cp1252", "iso8859-1": "latin-1"}
ENCODING_ADVICE = {
    "utf-8": "; save the file as 'CSV UTF-8' or run again with --encoding cp1252",
    "cp1252": "; run again with --encoding latin-1 or save the file as 'CSV UTF-8'",
}


def encoding_name(name: str) -> str:
    """The name an accepted encoding is known by (``latin1`` -> ``latin-1``)."""
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        codec = ""
    if codec not in ENCODINGS:
        raise BatchInputError.single(
            f"unknown encoding; use {', '.join(sorted(set(ENCODINGS.values())))}"
        )
    return ENCODINGS[codec]


@dataclass(frozen=True)
class Line:
    """A physical line: its number in the file, its text, and why it cannot be read."""

    number: int
    text: str
    problem: str | None = None


class Unclosed(Exception):
    """A quoted cell ran on past what a cell can be: its opening quote is never closed."""


class Unreadable(Exception):
    """The file failed part-way: from ``line`` on nothing can be read."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(line)
        self.line, self.message = line, message


class Lines:
    """A file's physical lines (ended by LF, CRLF or CR), decoded one at a time and numbered
    (the header is line 1); a line too long or not in the encoding carries a ``problem``."""

    def __init__(self, binary: IO[bytes], encoding: str) -> None:
        self._file = binary
        self._encoding = encoding
        self._buffer = b""
        self._start = 0
        self._eof = False
        self._number = 0
        self._back: list[Line] = []

    def push_back(self, lines: list[Line]) -> None:
        """Read ``lines`` again next, in their order, before any line pushed back earlier."""
        self._back.extend(reversed(lines))

    def next_line(self) -> Line | None:
        if self._back:
            return self._back.pop()
        data, too_long = self._next_bytes()
        if data is None:
            return None
        self._number += 1
        if self._number == 1 and data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
        if too_long:
            return Line(self._number, "\n", f"is longer than {MAX_LINE:,} characters")
        try:
            return Line(self._number, data.decode(self._encoding))
        except UnicodeDecodeError:
            advice = ENCODING_ADVICE.get(self._encoding, "")
            return Line(self._number, "\n", f"is not {self._encoding} text{advice}")

    def _next_bytes(self) -> tuple[bytes | None, bool]:
        """The next line's bytes with its ending, and whether it was cut for being too long."""
        too_long = False
        while True:
            end = _line_end(self._buffer, self._start, self._eof)
            if end is not None:
                data, self._start = self._buffer[self._start : end], end
                return data, too_long
            if len(self._buffer) - self._start > MAX_LINE:
                too_long, self._buffer, self._start = True, b"", 0
            if self._eof:
                data, self._buffer, self._start = self._buffer[self._start :], b"", 0
                return (b"" if too_long else data or None), too_long
            try:
                chunk = self._file.read(1 << 16)
            except OSError as exc:
                raise Unreadable(
                    self._number + 1,
                    f"the CSV could not be read from this line on ({exc.strerror}); the rows "
                    "from here to the end were not processed",
                ) from None
            self._buffer, self._start = self._buffer[self._start :] + chunk, 0
            self._eof = not chunk


def _line_end(buffer: bytes, start: int, eof: bool) -> int | None:
    """Where the line from ``start`` ends (after its LF, CRLF or CR), if it is whole."""
    lf, cr = buffer.find(b"\n", start), buffer.find(b"\r", start)
    if cr != -1 and (lf == -1 or cr < lf):
        if cr + 1 < len(buffer):
            return cr + 2 if buffer[cr + 1] == 0x0A else cr + 1
        return cr + 1 if eof else None
    return lf + 1 if lf != -1 else None


def _cell_part(text: str) -> str:
    """The start of a line inside a quoted cell that still belongs to the cell: up to the first
    quote that is not doubled (the one that closes the cell), or all of it."""
    match = _INSIDE_QUOTES.match(text)
    return match.group(0) if match else text


def _closes_cell(text: str, part: str, delimiter: str) -> bool:
    """Whether the quote after ``part`` (if any) can close a cell: what follows it on the line
    is a separator or the line's end. A quote followed by text instead (``P3,"Smith, J",...``)
    opens a cell of a new row: the quote before it was never closed."""
    if len(part) >= len(text):
        return True  # no closing quote on this line: the cell goes on
    rest = text[len(part) + 1 :].lstrip(" ")
    return not rest or rest[0] in (delimiter, "\r", "\n")


class Feed:
    """The lines :mod:`csv` reads, remembering those of the current record. The reader asks for
    another line within a record only inside a quoted cell; one that runs to the end of the
    file, past :data:`MAX_CELL_LINES` lines, onto a line whose part inside the cell looks like
    a whole row (half the header's separators or more), or onto a line where the quote that
    would close it is followed by text rather than a separator (the line opens a quoted cell of
    its own, as in ``P3,"Smith, J",...``) is a quote never closed."""

    def __init__(self, lines: Lines, delimiter: str, columns: int) -> None:
        self._lines = lines
        self._delimiter = delimiter
        self._row_like = max(2, (columns - 1) // 2)
        self.record: list[Line] = []

    def __iter__(self) -> Feed:
        return self

    def __next__(self) -> str:
        line = self._lines.next_line()
        if self.record:  # inside a quoted cell
            part = "" if line is None else _cell_part(line.text)
            if (
                line is None
                or len(self.record) >= MAX_CELL_LINES
                or part.count(self._delimiter) >= self._row_like
                or not _closes_cell(line.text, part, self._delimiter)
            ):
                if line is not None:
                    self._lines.push_back([line])
                raise Unclosed
        if line is None:
            raise StopIteration
        self.record.append(line)
        return line.text
