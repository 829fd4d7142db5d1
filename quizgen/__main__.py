"""Allow `python -m quizgen`."""

from quizgen.cli import main

main()
