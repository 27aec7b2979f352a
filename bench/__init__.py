"""Benchmarks and the generator of large scripts (see bench/RESULTS.md)."""
