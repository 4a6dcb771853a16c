"""Stage 1, the patient: the profile model, the facts rules test, and reading profiles from
files, command-line flags and CSV rows."""
