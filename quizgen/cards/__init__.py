"""Cards from facts: templates, rendering, and the checks on what cards say."""
