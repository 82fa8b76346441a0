"""Benchmarks that print figures (never timed tests). Run from the project folder: python -m bench.scale."""
