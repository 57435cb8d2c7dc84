"""Lincoln–Petersen estimate with Chapman's bias correction, for exactly two lists."""

from __future__ import annotations

import math
from typing import Self

from khavaran.engines.estimation.base import Estimator
from khavaran.engines.estimation.captures import CaptureHistories
from khavaran.engines.estimation.errors import MethodNotApplicableError
from khavaran.engines.estimation.results import Estimate

Z95 = 1.959963984540054
SMALL_OVERLAP = 7


class Chapman(Estimator):
    """Chapman's estimator N = (n1+1)(n2+1)/(m+1) − 1 with Seber's variance and a normal interval.

    Assumes the two lists are independent and everyone has the same chance of being on each list;
    positive dependence between the lists biases the total down.

    Example:
        >>> caps = CaptureHistories.from_counts(["A", "B"], {(1, 0): 70, (0, 1): 40, (1, 1): 30})
        >>> round(Chapman().fit(caps).result_.total, 1)
        230.3
    """

    method = "chapman"

    def fit(self, captures: CaptureHistories) -> Self:
        """Estimate the total from a two-list table.

        Args:
            captures: a table with exactly two lists.

        Returns:
            self, with ``result_`` set.
        """
        if captures.n_lists != 2:
            raise MethodNotApplicableError(
                f"{captures.source}: Chapman needs exactly 2 lists, the table has "
                f"{captures.n_lists}; use --method loglinear, dga or lcmcr"
            )
        table = captures.full_table()
        n2, n1, both = int(table[1] + table[3]), int(table[2] + table[3]), int(table[3])
        total = (n1 + 1) * (n2 + 1) / (both + 1) - 1
        variance = (n1 + 1) * (n2 + 1) * (n1 - both) * (n2 - both) / ((both + 1) ** 2 * (both + 2))
        half = Z95 * math.sqrt(variance)
        warnings = small_overlap_warnings(both, "Chapman's interval")
        self._result = Estimate(
            method=self.method,
            total=total,
            interval=(max(float(captures.n_observed), total - half), total + half),
            observed=captures.n_observed,
            lists=captures.lists,
            input_sha256=captures.sha256(),
            settings={},
            seed=None,
            details={"n1": n1, "n2": n2, "both": both, "stderr": math.sqrt(variance)},
            warnings=tuple(warnings),
            stratum=captures.stratum,
        )
        return self


def small_overlap_warnings(both: int, subject: str) -> list[str]:
    """A warning when fewer than seven people are on both of two lists, else none.

    Below about seven people in common the two-list estimator is badly skewed (Seber 1982).

    Example:
        >>> small_overlap_warnings(1, "Chapman's interval")
        ["only 1 person is on both lists; Chapman's interval is unreliable"]
    """
    if both >= SMALL_OVERLAP:
        return []
    people = "1 person is" if both == 1 else f"{both} people are"
    return [f"only {people} on both lists; {subject} is unreliable"]
