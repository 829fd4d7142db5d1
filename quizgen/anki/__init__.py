"""Anki's side: note identity, note types and writing `.apkg` packages."""
