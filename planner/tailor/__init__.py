"""The physiotherapist's adjustments, put through the rules: checked, applied and recorded.

Between the decisions and the plan: :mod:`.names` checks what the adjustments name (exercises,
the daily budget, a clinic's preset), :mod:`.guard` refuses what a fired rule, the patient's
equipment or their supervision rules out, and :mod:`.record` says what each adjustment did and
refuses requirements it would leave unmet unless the clinician accepted them.
"""
