"""Provides the schedule's default allowances, light enough for the command line's options."""

from __future__ import annotations

from datetime import timedelta

DEFAULT_WALKING = timedelta(minutes=5)
"""How long it takes to get from one room to another: a shorter gap is a tight change."""

DEFAULT_CROWDED_UNDER = timedelta(minutes=10)
"""Fewer minutes than this per bookmarked poster flags a poster session as rushed."""
