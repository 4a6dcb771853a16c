"""Loading a rulebook folder refuses every broken cross-reference, naming its file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planner import load_rulebook
from planner.errors import RulebookError
from planner.resources import rules_dir

#: file, text to replace (its first occurrence), replacement, expected problem (where, what)
CASES = {
    "exercise source": (
        "exercises/balance.yaml",
        "sources: [OC-exercise, OC2023]",
        "sources: [OC-exercise, OC2032]",
        "exercises[0].sources[1]: unknown source 'OC2032' (did you mean 'OC2023'?)",
    ),
    "warning source": (
        "warnings.yaml",
        "sources: [NIA-ex, OTAGO, GEIS]",
        "sources: [NIA-ex, OTAGO, GEISS]",
        "warnings.W_STOP_SYMPTOMS.sources[2]: unknown source 'GEISS' (did you mean 'GEIS'?)",
    ),
    "progression link": (
        "exercises/balance.yaml",
        "progression: [semi_tandem_stance]",
        "progression: [semi_tandem_stanse]",
        "exercises[0].progression[0]: unknown exercise slug 'semi_tandem_stanse' (did you mean "
        "'semi_tandem_stance'?)",
    ),
    "equipment name": (
        "exercises/balance.yaml",
        "equipment: [counter_or_sturdy_support]",
        "equipment: [counter_or_sturdy_suport]",
        "exercises[0].equipment: unknown equipment 'counter_or_sturdy_suport'",
    ),
    "equipment label": (
        "equipment.yaml",
        '  pillow: "a pillow"\n',
        "",
        "labels must cover exactly the vocabulary: missing ['pillow'], extra []",
    ),
    "picture": (
        "poses.yaml",
        "  weight_shifts_supported:",
        "  weight_shift_supported:",
        "exercise 'weight_shifts_supported' has no picture; add a pose",
    ),
    "picture of no entry": (
        "poses.yaml",
        "  weight_shifts_supported:",
        "  weight_shift_supported:",
        "unknown exercise slug 'weight_shift_supported' (did you mean 'weight_shifts_supported'?)",
    ),
    "handout text": (
        "exercises/balance.yaml",
        "    safety_cue: ",
        "    safety_cue: null\n    # ",
        "support and safety_cue are printed on the handout; give both",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_broken_reference_is_refused_with_its_file(tmp_path: Path, case: str) -> None:
    name, old, new, problem = CASES[case]
    folder = tmp_path / "rules"
    shutil.copytree(rules_dir(), folder)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the fixture text moved: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RulebookError) as err:
        load_rulebook(folder)
    lines = [line for line in str(err.value).splitlines() if str(path) in line]
    assert any(problem in line for line in lines), str(err.value)


def test_the_default_rulebook_loads_once(tmp_path: Path) -> None:
    assert load_rulebook() is load_rulebook()
    copy = tmp_path / "rules"
    shutil.copytree(rules_dir(), copy)
    other = load_rulebook(copy)
    assert other is not load_rulebook()
    assert other.sha256 == load_rulebook().sha256  # the fingerprint is of the files, not the path
