"""Benchmarks (bench/my_data_throughput.py). Not part of the installed project."""
