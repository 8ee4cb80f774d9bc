"""Provides the benchmarks: synthetic programs at real conference scale and the scripts that time them."""
