"""Reading YAML and JSON with the line of every key, refusing duplicate keys, and turning
validation errors into problems that name file:line and field, with did-you-mean hints."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from planner.errors import Problem, ProfileError, RulebookError, SourceError
from planner.yamlfile import (
    MAX_BYTES,
    MAX_DEPTH,
    SourceDoc,
    date_problem,
    hinted_error,
    loc_text,
    located_error,
    parse_yaml_text,
    read_source,
    validation_problems,
)

RULES = """\
rules:
  - id: R-1
    when:
      fact: fall_risk
  - id: R-2
    when:
      fact: age
      at_least: 80
"""


class _When(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fact: str
    at_least: int | None = None

    @field_validator("fact")
    @classmethod
    def _known(cls, fact: str) -> str:
        if fact not in ("fall_risk", "age"):
            raise hinted_error(f"unknown fact '{fact}'", "fall_risk")
        return fact


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    level: Literal["low", "moderate", "high"] = "low"
    when: _When


class _Book(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rules: list[_Rule]


def _problems(text: str, path: str = "book.yaml") -> list[Problem]:
    doc = parse_yaml_text(text, path)
    with pytest.raises(ValidationError) as err:
        _Book.model_validate(doc.data)
    return validation_problems(err.value, doc, model=_Book)


def test_every_key_keeps_its_line() -> None:
    doc = parse_yaml_text(RULES, "book.yaml")
    assert doc.lines[("rules",)] == 1
    assert doc.lines[("rules", 1)] == 5
    assert doc.lines[("rules", 1, "when", "at_least")] == 8
    assert doc.data["rules"][1]["when"] == {"fact": "age", "at_least": 80}


def test_a_path_without_a_line_falls_back_to_its_nearest_enclosing_key() -> None:
    doc = parse_yaml_text(RULES, "book.yaml")
    assert doc.line_of(("rules", 0, "when", "missing")) == 3
    assert doc.line_of(["rules", 1, "title"]) == 5
    assert doc.line_of(()) == 1


def test_an_empty_file_is_no_data_and_has_no_lines(tmp_path: Path) -> None:
    for text in ("", "# only a comment\n", "\ufeff"):
        path = tmp_path / "empty.yaml"
        path.write_text(text, encoding="utf-8")
        doc = read_source(path)
        assert (doc.data, dict(doc.lines)) == (None, {})
        assert doc.line_of(("age",)) is None


def test_a_byte_order_mark_does_not_shift_the_lines(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("\ufeffage: 70\nability: fit\n", encoding="utf-8")
    doc = read_source(path)
    assert doc.data == {"age": 70, "ability": "fit"}
    assert doc.lines[("ability",)] == 2


@pytest.mark.parametrize(
    ("text", "line", "first"),
    [
        ("a: 1\nb: 2\na: 3\n", 3, 1),
        ("rules:\n  - id: x\n    when: {}\n    id: y\n", 4, 2),
        ('{"age": 70,\n "age": 71}', 2, 1),
    ],
)
def test_a_duplicate_key_is_refused_with_both_lines(text: str, line: int, first: int) -> None:
    with pytest.raises(SourceError) as err:
        parse_yaml_text(text, "d.yaml")
    (problem,) = err.value.problems
    assert (problem.path, problem.line) == ("d.yaml", line)
    assert f"appears twice (first on line {first})" in problem.message


def test_keys_are_names_even_the_ones_yaml_reads_as_yes_or_no() -> None:
    """A clearance's ``on: 2027-03-22`` is the field ``on``, not ``true``; values keep YAML's
    yes/no."""
    doc = parse_yaml_text("on: 2027-03-22\nno: 1\nunsteady: yes\n", "visit.yaml")
    assert doc.data == {"on": dt.date(2027, 3, 22), "no": 1, "unsteady": True}
    assert doc.line_of(["no"]) == 2


def test_the_same_key_in_two_mappings_is_no_duplicate() -> None:
    doc = parse_yaml_text("a:\n  x: 1\nb:\n  x: 2\n", "ok.yaml")
    assert doc.data == {"a": {"x": 1}, "b": {"x": 2}}


def test_parse_errors_raise_the_kind_asked_for_with_the_line() -> None:
    with pytest.raises(RulebookError) as err:
        parse_yaml_text("a: 1\nb: [1, 2\nc: 3\n", "r.yaml", RulebookError)
    (problem,) = err.value.problems
    assert (problem.path, problem.line) == ("r.yaml", 3)  # where the list should have closed
    assert problem.message.startswith("not valid YAML or JSON")


def test_two_documents_in_one_file_are_refused() -> None:
    with pytest.raises(SourceError, match="not valid YAML or JSON"):
        parse_yaml_text("a: 1\n---\nb: 2\n", "two.yaml")


LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]\n"
    for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_an_alias_bomb_fails_fast_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(LAUGHS)  # 342 bytes that expand to 387 million strings
    with pytest.raises(ProfileError) as err:
        read_source(path, ProfileError)
    (problem,) = err.value.problems
    assert problem.path == path and "has more than 20,000 values" in problem.message


def test_a_few_aliases_are_fine() -> None:
    doc = parse_yaml_text("a: &a [1, 2]\nb: *a\nc: *a\n", "ok.yaml")
    assert doc.data == {"a": [1, 2], "b": [1, 2], "c": [1, 2]}


def test_a_self_referencing_alias_is_refused() -> None:
    with pytest.raises(SourceError) as err:
        parse_yaml_text("age: 70\nloop: &x [1, *x]\n", "p.yaml")
    (problem,) = err.value.problems
    assert problem.path == "p.yaml" and f"more than {MAX_DEPTH} levels deep" in problem.message


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5000, 100_000])
def test_json_nested_too_deep_is_refused(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "p.json"
    path.write_text('{"age": ' + "[" * depth + "]" * depth + "}")
    with pytest.raises(ProfileError) as err:
        read_source(path, ProfileError)
    (problem,) = err.value.problems
    assert problem.path == path and "levels deep" in problem.message


def test_yaml_nested_too_deep_is_refused() -> None:
    text = "".join(f"{'  ' * i}k{i}:\n" for i in range(MAX_DEPTH + 1)) + "  " * 21 + "v: 1\n"
    with pytest.raises(SourceError, match="levels deep"):
        parse_yaml_text(text, "deep.yaml")
    parse_yaml_text("a:\n  b:\n    c: [[1, 2], {d: 3}]\n", "ok.yaml")


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("age: 70\nname: " + "x" * MAX_BYTES + "\n")
    with pytest.raises(ProfileError) as err:
        read_source(path, ProfileError)
    (problem,) = err.value.problems
    assert problem.path == path and "more than the 1,000,000" in problem.message
    assert "xxx" not in str(err.value)
    with pytest.raises(SourceError, match="more than the 1,000,000"):
        parse_yaml_text("x" * (MAX_BYTES + 1), "big.yaml")


def test_a_very_long_key_is_refused_without_echoing_it() -> None:
    with pytest.raises(SourceError) as err:
        parse_yaml_text("age: 70\n? " + "k" * 900_000 + "\n: 1\n", "p.yaml")
    (problem,) = err.value.problems
    assert problem.line == 2 and "a key longer than 200 characters" in problem.message
    assert "kkk" not in str(err.value)


def test_merge_keys_are_refused() -> None:
    with pytest.raises(SourceError) as err:
        parse_yaml_text("base: &b {x: 1}\nother:\n  <<: *b\n", "m.yaml")
    assert err.value.problems[0].line == 3


def test_a_merge_key_is_refused_in_plain_words() -> None:
    with pytest.raises(SourceError) as err:
        parse_yaml_text("base: &b {x: 1}\nother:\n  <<: *b\n", "m.yaml")
    assert "merge keys" in err.value.problems[0].message


def test_json_is_checked_as_json_and_reports_its_line(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text('{"age": 70,\n "ability": "fit",\n}', encoding="utf-8")
    with pytest.raises(ProfileError) as err:
        read_source(path, ProfileError)
    (problem,) = err.value.problems
    assert problem.line == 3 and problem.message.startswith("not valid JSON")


def test_json_keys_keep_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text('{\n  "age": 70,\n  "fractures": [\n    {"site": "hip"}\n  ]\n}')
    doc = read_source(path)
    assert doc.data == {"age": 70, "fractures": [{"site": "hip"}]}
    assert doc.lines[("fractures", 0, "site")] == 4


def test_an_impossible_date_is_a_source_error_with_its_line() -> None:
    with pytest.raises(SourceError) as err:
        parse_yaml_text("age: 70\nassessed_on: 2026-02-30\n", "p.yaml")
    assert err.value.problems[0].line == 2


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2026-02-30", "not a real date (day 30 of February)"),
        ("2026-13-40", "not a real date (there is no month 13)"),
        ("2027-02-29", "not a real date (day 29 of February in a year that is not a leap year)"),
    ],
)
def test_an_impossible_date_says_what_is_wrong_and_where(text: str, why: str) -> None:
    with pytest.raises(SourceError) as err:
        parse_yaml_text(f"age: 70\nassessed_on: {text}\n", "p.yaml")
    (problem,) = err.value.problems
    assert (problem.line, problem.field) == (2, "assessed_on")
    assert problem.message.startswith(why) and "YYYY-MM-DD" in problem.message
    assert "out of range" not in str(problem)


def test_date_problems_in_words() -> None:
    assert date_problem(2028, 2, 29) is None
    assert date_problem(2026, 4, 31) == "day 31 of April"
    assert date_problem(2026, 0, 1) == "there is no month 0"


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_number_too_long_for_python_is_a_plain_problem(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"p{suffix}"
    path.write_text('{"age": 70,\n "t_score": ' + "1" * 5001 + "}")
    with pytest.raises(ProfileError) as err:
        read_source(path, ProfileError)
    (problem,) = err.value.problems
    assert (problem.path, problem.line, problem.field) == (path, 2, "t_score")
    assert problem.message.startswith("a number of more than 4,300 digits")
    assert "sys.set_int_max_str_digits" not in str(problem) and "1111" not in str(problem)


def test_a_list_used_as_a_key_is_a_source_error() -> None:
    with pytest.raises(SourceError):
        parse_yaml_text("age: 70\n[hip, wrist]: 1\n", "p.yaml")


def test_json_exponent_numbers_stay_numbers(tmp_path: Path) -> None:
    path = tmp_path / "n.json"
    path.write_text('{"a": 1e5, "b": 1.5e3}')
    assert read_source(path).data == {"a": 100000.0, "b": 1500.0}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.yaml", None, "file not found"),
        ("folder", "dir", "is a folder, expected a YAML or JSON file"),
        ("latin.yaml", "âge: 70".encode("latin-1"), "is not a UTF-8 text file"),
    ],
)
def test_unreadable_files_are_named_problems(
    tmp_path: Path, name: str, content: bytes | str | None, message: str
) -> None:
    path = tmp_path / name
    if content == "dir":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    with pytest.raises(ProfileError) as err:
        read_source(path, ProfileError)
    (problem,) = err.value.problems
    assert problem.path == path and problem.message.startswith(message)


@pytest.mark.parametrize(
    ("loc", "text"),
    [
        (("rules", 2, "then", 0, "exclude"), "rules[2].then[0].exclude"),
        (("age",), "age"),
        ((0, "site"), "[0].site"),
        ((), ""),
    ],
)
def test_key_paths_read_the_way_users_write_them(loc: tuple, text: str) -> None:
    assert loc_text(loc) == text


def test_validation_problems_name_file_line_and_field() -> None:
    text = RULES.replace("at_least: 80", "at_least: eighty")
    (problem,) = _problems(text)
    assert (problem.path, problem.line, problem.field) == ("book.yaml", 8, "rules[1].when.at_least")
    assert str(problem).startswith("book.yaml:8: rules[1].when.at_least: input should be")


def test_every_invalid_value_is_a_problem_of_its_own() -> None:
    text = RULES.replace("fact: fall_risk", "fact: fall_risks").replace(
        "- id: R-2\n    when", "- when"
    )
    problems = _problems(text)
    assert [(p.field, p.line) for p in problems] == [
        ("rules[0].when.fact", 4),
        ("rules[1].id", 5),
    ]
    assert problems[1].message == "is required"


def test_hinted_error_puts_its_hint_in_the_suggestion_only() -> None:
    (problem,) = _problems(RULES.replace("fact: age", "fact: ages"))
    assert problem.message == "unknown fact 'ages'"
    assert problem.suggestion == "fall_risk"
    assert str(problem).endswith("unknown fact 'ages' (did you mean 'fall_risk'?)")


def test_a_validator_may_give_no_hint() -> None:
    class Plain(BaseModel):
        x: int

        @field_validator("x")
        @classmethod
        def _odd(cls, x: int) -> int:
            raise hinted_error("x must be odd", None)

    with pytest.raises(ValidationError) as err:
        Plain.model_validate({"x": 2})
    (problem,) = validation_problems(err.value, None, model=Plain)
    assert (problem.message, problem.suggestion, problem.field) == ("x must be odd", None, "x")


def test_unknown_keys_and_values_get_hints_from_the_model() -> None:
    problems = _problems(RULES.replace("  - id: R-2\n", "  - id: R-2\n    levle: hihg\n"))
    assert [(p.field, p.message, p.suggestion) for p in problems] == [
        ("rules[1].levle", "unknown field", "level")
    ]
    problems = _problems(RULES.replace("  - id: R-2\n", "  - id: R-2\n    level: hihg\n"))
    assert [(p.field, p.suggestion) for p in problems] == [("rules[1].level", "high")]


def test_an_unknown_key_far_from_any_field_lists_the_fields() -> None:
    (problem,) = _problems(RULES.replace("  - id: R-2\n", "  - id: R-2\n    zzz: 1\n"))
    assert problem.message == "unknown field; expected one of: id, level, when"
    assert problem.suggestion is None


def test_a_prefix_locates_an_object_inside_a_bigger_file() -> None:
    doc = parse_yaml_text(RULES.replace("at_least: 80", "at_least: old"), "book.yaml")
    with pytest.raises(ValidationError) as err:
        _Rule.model_validate(doc.data["rules"][1])
    (problem,) = validation_problems(err.value, doc, model=_Rule, prefix=("rules", 1))
    assert (problem.field, problem.line) == ("rules[1].when.at_least", 8)


def test_a_located_error_points_at_the_field_it_names() -> None:
    class Pair(BaseModel):
        rules: list[_Rule]

        @field_validator("rules")
        @classmethod
        def _two(cls, rules: list[_Rule]) -> list[_Rule]:
            raise located_error("clashes with the first rule", (1, "when", "at_least"))

    doc = parse_yaml_text(RULES, "book.yaml")
    with pytest.raises(ValidationError) as err:
        Pair.model_validate(doc.data)
    (problem,) = validation_problems(err.value, doc, model=Pair)
    assert (problem.field, problem.line) == ("rules[1].when.at_least", 8)
    assert problem.message == "clashes with the first rule"


def test_synonyms_give_hints_spelling_cannot() -> None:
    doc = parse_yaml_text(RULES.replace("  - id: R-2\n", "  - id: R-2\n    level: severe\n"), "b")
    with pytest.raises(ValidationError) as err:
        _Book.model_validate(doc.data)
    (problem,) = validation_problems(err.value, doc, model=_Book, synonyms={"severe": "high"})
    assert problem.suggestion == "high"
    (problem,) = validation_problems(err.value, doc, model=_Book, synonyms={"severe": "huge"})
    assert problem.suggestion is None  # a synonym that is no valid choice is never offered


def test_problems_without_a_file_carry_the_row_or_the_path_given() -> None:
    with pytest.raises(ValidationError) as err:
        _Rule.model_validate({"id": "R", "when": {"fact": "age", "at_least": "x"}})
    (problem,) = validation_problems(err.value, None, model=_Rule, row=7)
    assert (problem.path, problem.line, problem.row) == (None, None, 7)
    doc = SourceDoc(path="doc.yaml", data={}, lines={})
    (problem,) = validation_problems(err.value, doc, model=_Rule, path="other.yaml")
    assert (problem.path, problem.line) == ("other.yaml", None)
