"""Shared code at the bottom: imports no app of this project (coalitions, partners, pijlers,
experiments, kansrijke). Apps build on it; it never reaches up."""
