"""Stage 4, the week: decisions laid out as days and weeks of exercise
(:func:`planner.schedule.scheduler.schedule` runs the steps in order)."""
