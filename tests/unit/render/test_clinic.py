"""Clinic files: their errors name the line and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.errors import UserError
from planner.render.clinic import Clinic, load_clinic


def test_clinic_file_errors_name_the_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "clinic.yaml"
    path.write_text("name: Riverside\nphone: 01615550123\nclinican: Sam\n")
    with pytest.raises(UserError) as caught:
        load_clinic(path)
    message = str(caught.value)
    assert f"{path}:2: phone: write the phone number in quotes" in message
    assert f"{path}:3: clinican: unknown field (did you mean 'clinician'?)" in message
    path.write_text('name: Riverside\nphone: "0161 555 0123"\n')
    assert load_clinic(path) == Clinic(name="Riverside", phone="0161 555 0123")
