"""planner: a terminal planner for people attending research conferences."""

__version__ = "0.1.0"
