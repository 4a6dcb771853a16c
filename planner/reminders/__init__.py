"""Reminders of the plan's sessions and its review, for the patient's own calendar."""
