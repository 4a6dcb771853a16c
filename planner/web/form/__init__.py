"""The assessment form, derived from the profile model: its fields and groups
(:mod:`.layout`), their help from the annotated profile template (:mod:`.helptext`), and the
way a posted form becomes profile data and its errors land on their fields (:mod:`.values`)."""
