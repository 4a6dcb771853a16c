"""Tests of the exercise pictures (planner.pictures), one file per module."""
