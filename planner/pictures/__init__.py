"""The exercise pictures: poses from rules/poses.yaml drawn as start and finish line drawings."""
