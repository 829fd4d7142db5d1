"""Fact files on disk: YAML with places, field specs, checking, sources, JSON Schema."""
