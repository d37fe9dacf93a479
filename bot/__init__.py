"""studybot: a chat bot that helps a team learn AWS compute services together."""

__version__ = "0.1.0"
