"""The library's pose file, read once for the picture tests."""

from __future__ import annotations

from planner.pictures import load_poses
from planner.resources import rules_dir

POSES_FILE = rules_dir() / "poses.yaml"
POSES = load_poses(POSES_FILE)
