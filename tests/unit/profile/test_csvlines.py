"""The physical lines of a batch CSV: numbered as the file's lines whatever their endings, a
line too long or not in the encoding a problem of that line only, a quote never closed told
from a cell over a few lines, and a read failure part-way named by its line."""

from __future__ import annotations

import csv
import io

import pytest

from planner.errors import BatchInputError
from planner.profile.csvlines import (
    MAX_CELL_LINES,
    MAX_LINE,
    Feed,
    Line,
    Lines,
    Unclosed,
    Unreadable,
    encoding_name,
)


def lines(data: bytes, encoding: str = "utf-8") -> list[Line]:
    source = Lines(io.BytesIO(data), encoding)
    found = []
    while (line := source.next_line()) is not None:
        found.append(line)
    return found


def test_lf_crlf_and_cr_endings_all_end_a_line() -> None:
    found = lines(b"a\nb\r\nc\rd\r\r\ne")
    assert [(ln.number, ln.text) for ln in found] == [
        (1, "a\n"),
        (2, "b\r\n"),
        (3, "c\r"),
        (4, "d\r"),
        (5, "\r\n"),
        (6, "e"),
    ]


def test_a_byte_order_mark_is_dropped_from_the_first_line_only() -> None:
    found = lines(b"\xef\xbb\xbfid\n\xef\xbb\xbfx\n", "cp1252")
    assert found[0].text == "id\n" and found[1].text != "x\n"


def test_a_line_too_long_is_a_problem_of_that_line_and_the_next_is_read() -> None:
    found = lines(b"a\n" + b"x" * (MAX_LINE * 3) + b"\nb\n")
    assert [(ln.number, ln.problem is not None) for ln in found] == [
        (1, False),
        (2, True),
        (3, False),
    ]
    assert "longer than" in (found[1].problem or "") and found[2].text == "b\n"


def test_a_line_not_in_the_encoding_is_a_problem_naming_the_way_out() -> None:
    found = lines(b"a\nZo\xeb\nb\n")
    assert found[1].problem == (
        "is not utf-8 text; save the file as 'CSV UTF-8' or run again with --encoding cp1252"
    )
    assert lines(b"Zo\xeb\n", "latin-1")[0].text == "Zo\xeb\n"


def test_a_read_failure_names_the_first_line_not_read() -> None:
    class Failing(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            if self.tell():
                raise OSError(5, "Input/output error")
            return super().read(3)

    source = Lines(Failing(b"a\nb\nc\n"), "utf-8")
    assert source.next_line() == Line(1, "a\n")
    with pytest.raises(Unreadable) as caught:
        source.next_line()
        source.next_line()
    assert caught.value.line == 2 and "Input/output error" in caught.value.message


@pytest.mark.parametrize(("given", "name"), [("UTF8", "utf-8"), ("latin1", "latin-1")])
def test_accepted_encodings_have_one_name(given: str, name: str) -> None:
    assert encoding_name(given) == name


def test_other_encodings_are_refused() -> None:
    with pytest.raises(BatchInputError, match="unknown encoding"):
        encoding_name("utf-16")


def records(data: bytes, columns: int = 7) -> list[list[str] | str]:
    source = Lines(io.BytesIO(data), "utf-8")
    feed = Feed(source, ",", columns)
    reader = csv.reader(feed)
    out: list[list[str] | str] = []
    while True:
        feed.record = []
        try:
            out.append(next(reader))
        except StopIteration:
            return out
        except Unclosed:
            out.append(f"unclosed at {feed.record[0].number}")
            source.push_back(feed.record[1:])


def test_a_cell_over_a_few_lines_is_one_cell() -> None:
    assert records(b'a,"one\ntwo, three",c,d,e,f,g\nh\n') == [
        ["a", "one\ntwo, three", "c", "d", "e", "f", "g"],
        ["h"],
    ]


def test_a_quote_running_onto_a_row_is_never_closed_and_the_row_is_read_again() -> None:
    assert records(b'a,"b,c\nd,e,f,g\nh,i,j,k\n') == [
        "unclosed at 1",
        ["d", "e", "f", "g"],
        ["h", "i", "j", "k"],
    ]


def test_the_lines_a_quote_swallowed_are_read_again_in_their_order() -> None:
    assert records(b'a,"b\nc\nd\nx,y,f,g\n') == [
        "unclosed at 1",
        ["c"],
        ["d"],
        ["x", "y", "f", "g"],
    ]


def test_a_quote_running_to_the_end_of_the_file_is_never_closed() -> None:
    assert records(b'a,b\nc,"d\ne\n') == [["a", "b"], "unclosed at 2", ["e"]]


def test_a_quote_running_over_too_many_lines_is_never_closed() -> None:
    data = b'a,"b\n' + b"x\n" * (MAX_CELL_LINES + 5) + b'"\n'
    found = records(data)
    assert found[0] == "unclosed at 1" and found[1] == ["x"]


def test_a_quote_running_onto_a_row_that_starts_with_a_quoted_cell_is_never_closed() -> None:
    assert records(b'a,"b,c\nd,"e, f",g\nh\n') == [
        "unclosed at 1",
        ["d", "e, f", "g"],
        ["h"],
    ]


def test_a_quote_running_onto_a_row_with_a_quoted_cell_later_is_never_closed() -> None:
    assert records(b'a,"b,c\nd,e f,"g",h\n') == ["unclosed at 1", ["d", "e f", "g", "h"]]


def test_a_cell_closed_at_the_start_of_a_line_is_still_one_cell() -> None:
    assert records(b'a,"one\ntwo",c\n"x\ny",z\n') == [["a", "one\ntwo", "c"], ["x\ny", "z"]]
