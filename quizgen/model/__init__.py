"""Frozen values that every stage passes on: dates, sources, facts."""
