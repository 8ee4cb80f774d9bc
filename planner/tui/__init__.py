"""Provides the Textual interface: the app, its screens and widgets."""
