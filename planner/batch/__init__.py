"""The clinic batch: a CSV of patients in, two documents (or a plan) per row out, a manifest."""
