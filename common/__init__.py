"""Shared code at the bottom: imports no app of this project."""
