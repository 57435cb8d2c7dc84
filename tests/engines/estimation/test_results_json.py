"""An Estimate's JSON is JSON: an unbounded end and a single chain's R-hat are null, and read
back as infinity and NaN."""

from __future__ import annotations

import json
import math

import pytest

from khavaran.engines.estimation import Diagnostics, Estimate


def _strict(text: str) -> object:
    def refuse(constant: str) -> object:
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def test_an_unbounded_interval_and_a_missing_r_hat_are_null_and_read_back() -> None:
    diagnostics = Diagnostics(
        rhat=math.nan,
        ess_bulk=120.0,
        ess_tail=90.0,
        n_chains=1,
        n_draws=100,
        chain_medians=(4_500.0,),
        seconds=1.0,
        iterations_per_second=1e5,
    )
    estimate = Estimate(
        method="lcmcr",
        total=4_500.0,
        interval=(4_338.0, math.inf),
        observed=4_338,
        lists=("A", "B", "C"),
        input_sha256="0" * 64,
        settings={},
        seed=0,
        diagnostics=diagnostics,
    )
    data = _strict(estimate.to_json())
    assert data["interval"] == [4_338.0, None]  # type: ignore[index]
    assert data["diagnostics"]["rhat"] is None  # type: ignore[index]
    back = Estimate.from_json(estimate.to_json())
    assert back.interval == (4_338.0, math.inf)
    assert back.diagnostics is not None and math.isnan(back.diagnostics.rhat)


@pytest.mark.django_db
def test_the_audit_log_keeps_an_unbounded_figure_as_text(data_dir) -> None:
    from khavaran.audit.chain import append, check_chain

    event = append(actor="t", action="create", model="x", object_id=1, after={"high": math.inf})
    event.refresh_from_db()
    assert event.after == {"high": "inf"}
    assert list(check_chain()) == []
