"""The open data API (issue 18): read-only JSON of exactly what the public pages show, and, for
Pharos by token, the half-year report rows and the RIVM answers.

It reads every app and no app imports it (tests/test_architecture.py: kansrijke knows all).
"""
