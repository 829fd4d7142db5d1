"""The quiz progress store: answers and schedules in SQLite."""
