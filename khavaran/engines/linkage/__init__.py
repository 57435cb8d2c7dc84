"""Record linkage of victim lists across scripts and transliterations (no Django).

Public API: ``LinkageModel`` (fit, predict, cluster), ``ListRecord`` and ``prepare``,
``name_key`` and ``person_name_keys``, ``parse_date_range``, ``review_queue`` (its band
``REVIEW_BITS`` in ``match_weight``), ``cut_links`` (the links reviewers' decisions cut),
``capture_histories``, ``pairwise_scores`` and ``bcubed_scores``, ``simulate_lists``.
"""

from khavaran.text.person_names import name_key, person_name_keys, split_full_name, strip_honorifics

from .captures import capture_histories, write_capture_histories
from .clustering import DecisionError, cluster_records
from .cuts import CutLink, cut_links
from .dates import DateParseError, DateRange, parse_date_range
from .metrics import Scores, bcubed_scores, pairwise_scores
from .model import (
    DEFAULT_THRESHOLD,
    LinkageModel,
    LinkageResult,
    LinkageSummary,
    NotFittedError,
)
from .records import RECORD_COLUMNS, ListRecord, RecordError, prepare
from .review import REVIEW_BITS, band_distance, band_limits, match_weight, review_queue
from .simulate import SimulatedLists, simulate_lists

__all__ = [
    "DEFAULT_THRESHOLD",
    "RECORD_COLUMNS",
    "REVIEW_BITS",
    "CutLink",
    "DateParseError",
    "DateRange",
    "DecisionError",
    "LinkageModel",
    "LinkageResult",
    "LinkageSummary",
    "ListRecord",
    "NotFittedError",
    "RecordError",
    "Scores",
    "SimulatedLists",
    "band_distance",
    "band_limits",
    "bcubed_scores",
    "capture_histories",
    "cluster_records",
    "cut_links",
    "match_weight",
    "name_key",
    "pairwise_scores",
    "parse_date_range",
    "person_name_keys",
    "prepare",
    "review_queue",
    "simulate_lists",
    "split_full_name",
    "strip_honorifics",
    "write_capture_histories",
]
