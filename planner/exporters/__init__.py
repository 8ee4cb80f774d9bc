"""Provides the exporters: a person's bookmarks written out for other programs (an iCalendar file)."""
