"""Provides the TUI's widgets, one per file."""
