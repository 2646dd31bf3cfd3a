"""Benchmarks: `python -m bench` (or `make bench`) prints figures against a floor measured in the same run."""
