"""Stored estimates in the workspace (issue 5), read-only: each estimate with its interval, its
warnings, how it was made (input, seed, settings, version, hashes) and how it was reached (each
stratum's figures, the model chosen, dga's graphs, convergence, how the strata were combined).

Anyone signed in may look, but sees only the estimates their clearance allows
(`khavaran.analysis.access.estimates_visible_to`): an estimate is as protected as the most
protected list it counts, so viewers see only estimates of public lists. Estimates are made and
re-run from the command line (`khavaran estimate --run`, `khavaran estimate reproduce`).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from khavaran.analysis.access import estimates_visible_to
from khavaran.analysis.estimates import how_reached
from khavaran.web.permissions import ALL_ROLES, requires

# The newest this many: a page, not an archive (the CLI lists them all).
SHOWN = 200


@requires(ALL_ROLES)
def estimate_list(request: HttpRequest) -> HttpResponse:
    """The stored estimates this reader may read, newest first."""
    estimates = list(estimates_visible_to(request.user)[:SHOWN])
    shown = [(estimate, how_reached(estimate)) for estimate in estimates]
    return render(request, "khavaran/estimates/list.html", {"estimates": shown})
