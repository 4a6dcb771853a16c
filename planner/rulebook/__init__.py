"""Stage 2, the rules: conditions, exercise matches, effects, the exercise library, loading a
rulebook folder and checking it."""
