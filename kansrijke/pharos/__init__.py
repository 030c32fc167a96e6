"""The Pharos review layer: the overview, the half-year report, the RIVM answers and the
stale-data page under /admin/pharos/. It may read every app (it sits in the project, above them).
"""
