"""Stage 4, the week: decisions laid out as days and weeks of exercise."""
