"""Benchmarks run by `make bench`: lookup quality and speed, scale, storage throughput."""
