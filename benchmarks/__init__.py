"""Benchmarks for mojifix: `python -m benchmarks` (accuracy per chain)."""
