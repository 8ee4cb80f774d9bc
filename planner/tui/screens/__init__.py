"""Provides the TUI's screens, one per file."""
