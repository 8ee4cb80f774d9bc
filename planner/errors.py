"""Provides the errors planner reports to a person: one root, one subclass per kind of input."""

from __future__ import annotations


class PlannerError(Exception):
    """Something a person can fix: a bad file, a bad time, a name that matches nothing."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    def at(self, file: str | None, line: int | None = None) -> PlannerError:
        """Return this error placed in `file` at `line`, keeping a place it already has."""
        located = type(self).__new__(type(self))
        located.__dict__.update(self.__dict__)
        Exception.__init__(located, self.message)
        located.file = self.file or file
        located.line = self.line if self.line is not None else line
        return located

    def __str__(self) -> str:
        if self.file and self.line is not None:
            return f"{self.file}:{self.line}: {self.message}"
        if self.file:
            return f"{self.file}: {self.message}"
        return self.message


class SourceError(PlannerError):
    """A program source (a page, a paper list, a feed) could not be read as a program."""


class TimeFormatError(SourceError):
    """A time or time range in a source could not be understood without guessing."""


class ProgramFileError(PlannerError):
    """A normalised program file is broken, or of a format version this planner does not read."""


class BookmarkFileError(PlannerError):
    """A bookmark file is broken, foreign or of an unknown version; it is left untouched."""


class ExportError(PlannerError):
    """A calendar could not be written."""


class NotFoundError(PlannerError):
    """A name given on the command line (a program, a presentation, a session) matches nothing."""
