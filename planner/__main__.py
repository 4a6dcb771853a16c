"""``python -m planner`` runs the osteoplan command line."""

from planner.cli import main

main()
