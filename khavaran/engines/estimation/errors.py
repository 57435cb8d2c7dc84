"""Typed errors of the estimation engine; each message names the file, row or column at fault."""

from __future__ import annotations


class EstimationError(ValueError):
    """Base of every error the estimation engine raises on bad input or settings."""


class CaptureDataError(EstimationError):
    """A capture-history table is malformed (bad column, value, count or shape)."""


class SparseStratumError(EstimationError):
    """A stratum (or the whole table) has too little data for the requested method."""


class MethodNotApplicableError(EstimationError):
    """The method cannot run on this table (e.g. dga on more than five lists)."""
