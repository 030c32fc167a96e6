"""`make bench`: seed national-scale data (seed.py), serve it with gunicorn and load it with wrk
(harness.py), against a one-query yardstick view (views.py). Kept apart from the runtime modules:
nothing here is imported while the app serves requests, except the yardstick view when
BENCH_MINIMAL_VIEW is set.
"""
