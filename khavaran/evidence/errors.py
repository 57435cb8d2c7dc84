"""Errors of the evidence layer, worded for the person who caused them."""


class EvidenceError(ValueError):
    """Base class: the message is one line a user can act on."""


class QuoteNotFound(EvidenceError):
    """A quote does not occur in its source's text."""


class BadSpan(EvidenceError):
    """An excerpt's offsets do not fit its source's text."""
