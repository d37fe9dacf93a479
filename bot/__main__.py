"""`python -m bot` is the same as the `studybot` command."""

from bot.cli import main

main()
