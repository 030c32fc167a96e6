"""The denkraam: pillars, self-assessments, indicators and interventions (models follow)."""
