"""Werkagenda themes and items, bottlenecks and agreements (models follow)."""
