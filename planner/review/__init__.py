"""Review visits: what the patient's log and the visit record, and what they mean for the next
block (guidance section 12)."""
