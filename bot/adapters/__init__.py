"""Adapters: translate a platform's events into core calls and render the core's replies."""
