"""`manage.py seed_bench`: the bench's national-scale data; the code lives in kansrijke/bench/."""

from kansrijke.bench.seed import Command

__all__ = ["Command"]
