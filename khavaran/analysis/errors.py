"""Errors of list import and linkage, each one line a user can act on."""


class ListError(ValueError):
    """Base class: the message names the file, row, field and what to do."""


class UnreadableList(ListError):
    """The file cannot be read as a table: extension, encoding, emptiness."""


class BadRow(ListError):
    """A row the import refuses (no name, an unreadable date)."""

    def __init__(self, row: int, message: str) -> None:
        self.row = row
        super().__init__(f"row {row}: {message}")


class MappingError(ListError):
    """The columns cannot be mapped to the fields the linkage needs."""


class DuplicateList(ListError):
    """The list name or the file itself is already imported."""


class ReviewError(ListError):
    """A review decision that cannot be applied (unknown pair, conflicting decisions)."""
