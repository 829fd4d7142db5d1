"""Building the deck folder: plan, lock file, atomic writes and the report."""
