"""Stage 5, the outputs: the plan as text, and the patient's booklet and the clinician's copy as
HTML and tagged PDF. Importing this package imports no renderer; its modules do, when used."""
