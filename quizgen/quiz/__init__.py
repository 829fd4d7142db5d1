"""The terminal quiz's logic: answers, options, sessions and scheduling."""
