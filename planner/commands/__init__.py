"""The osteoplan commands, one module per group of verbs; :mod:`planner.cli` gathers them.

Each command parses its options, calls one library function and prints the result. Errors are
raised, never printed here: the funnel in :mod:`planner.cli` shows them. Rendering code is
imported inside the commands that need it, so ``osteoplan --help`` stays fast.
"""
