"""The estimates page: stored estimates, read-only, each reader seeing only what their clearance
allows (an estimate is as protected as the most protected list it counts)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from khavaran.analysis.estimates import Inputs, store_results
from khavaran.analysis.models import Estimate, LinkageRun
from khavaran.engines.estimation import Settings, read_captures
from khavaran.engines.estimation import estimate as estimate_tables
from tests.factories import make_estimate, make_linkage_run, make_victim_list

pytestmark = pytest.mark.django_db


def three_lists(tmp_path: Path, level: str, first: int) -> LinkageRun:
    """Three overlapping lists of 60 people numbered from ``first``, the third at ``level``."""
    people = range(60)
    on_a = [first + i for i in people if i % 2 == 0 or i < 20]
    on_b = [first + i for i in people if i % 3 == 0 or i > 30]
    on_c = [first + i for i in people if i % 5 == 0 or i >= 45]
    a = make_victim_list(tmp_path, f"{level}-a", on_a, confidentiality="public")
    b = make_victim_list(tmp_path, f"{level}-b", on_b, confidentiality="public")
    c = make_victim_list(tmp_path, f"{level}-c", on_c, confidentiality=level)
    return make_linkage_run([a, b, c])


@pytest.fixture
def estimates(cast: dict[str, Any], tmp_path: Path) -> dict[str, Estimate]:
    """One estimate per confidentiality level."""
    levels = ("public", "restricted", "confidential")
    return {
        level: make_estimate(three_lists(tmp_path, level, 100 * n))
        for n, level in enumerate(levels)
    }


def shown(client: Any) -> str:
    response = client.get("/estimates/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_viewer_sees_only_the_estimates_of_public_lists(client_as, estimates):
    page = shown(client_as("viewer"))
    assert f'id="estimate-{estimates["public"].pk}"' in page
    assert f'id="estimate-{estimates["restricted"].pk}"' not in page
    assert f'id="estimate-{estimates["confidential"].pk}"' not in page


def test_an_analyst_sees_restricted_estimates_but_not_confidential_ones(client_as, estimates):
    page = shown(client_as("analyst"))
    assert f'id="estimate-{estimates["restricted"].pk}"' in page
    assert f'id="estimate-{estimates["confidential"].pk}"' not in page
    assert f'id="estimate-{estimates["confidential"].pk}"' in shown(client_as("investigator"))


def test_each_estimate_says_how_it_was_made(client_as, estimates):
    public = estimates["public"]
    page = shown(client_as("viewer"))
    assert public.input_sha256 in page and f"Linkage run {public.linkage_run_id}" in page
    assert f"{public.total:,.0f}" in page and "criterion=bic" in page
    assert f"khavaran estimate reproduce {public.pk}" in page


def test_the_anonymous_are_sent_to_sign_in(client_as, estimates):
    assert client_as(None).get("/estimates/").status_code == 302


def test_the_page_is_translated_to_persian(client_as, estimates):
    client = client_as("viewer")
    client.post("/language/", {"language": "fa", "next": "/estimates/"})
    assert "برآوردها" in shown(client)


def test_figures_are_grouped_in_the_readers_digits_and_an_open_end_is_said_in_words(
    client_as: Any, estimates: dict[str, Estimate]
) -> None:
    estimate = estimates["public"]
    Estimate.objects.filter(pk=estimate.pk).update(
        total=450_060_001, interval_low=204_435_401, interval_high=float("inf"), observed=60_001
    )
    row = shown(client_as("admin")).split(f'id="estimate-{estimate.pk}"', 1)[1]
    row = row.split("</tr>", 1)[0]
    assert "<strong>450,060,001</strong>" in row
    assert "204,435,401 – no upper bound" in row and "inf" not in row
    assert "<td>60,001</td>" in row
    persian = client_as("admin")
    persian.post("/language/", {"language": "fa", "next": "/estimates/"})
    fa_row = shown(persian).split(f'id="estimate-{estimate.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "<strong>۴۵۰٬۰۶۰٬۰۰۱</strong>" in fa_row


def test_the_settings_shown_are_the_methods_own(
    client_as: Any, estimates: dict[str, Estimate]
) -> None:
    # A log-linear estimate is not shown with LCMCR's chains, which it never used.
    estimate = estimates["public"]
    assert estimate.method == "loglinear"
    details = shown(client_as("admin")).split(f'id="estimate-{estimate.pk}"', 1)[1]
    details = details.split("</details>", 1)[0]
    assert "criterion=" in details and "burn_in" not in details and "chains" not in details
    assert "public-a, public-b, public-c" in details


CSV = "A,B,C,count\n1,0,0,40\n0,1,0,30\n0,0,1,20\n1,1,0,10\n0,1,1,6\n1,0,1,5\n1,1,1,3\n"


def stored_by_city(tmp_path: Path, method: str, settings: Settings | None = None) -> Estimate:
    """A public estimate of two cities (one written with its آ) and a refused sparse one."""
    rows = ["city,A,B,C,count"]
    rows += [f"Tehran,{line}" for line in CSV.splitlines()[1:]]
    rows += [f"آبادان,{line}" for line in CSV.replace("40", "50").splitlines()[1:]]
    rows += ["Qom,1,0,0,3", "Qom,1,1,0,2"]
    path = tmp_path / "by-city.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    tables = read_captures(path, ["city"])
    settings = settings or Settings()
    result = estimate_tables(tables, method, settings, skip_sparse=True)
    inputs = Inputs(
        tables, settings, ("city",), True, captures_name=path.name, confidentiality="public"
    )
    return store_results([result], inputs, actor="test")[0]


def reached(page: str, estimate: Estimate) -> str:
    """The estimate's "How it was reached" section."""
    row = page.split(f'id="estimate-{estimate.pk}"', 1)[1]
    row = row.split('<tr id="estimate-', 1)[0]
    return row.split('class="how-reached"', 1)[1]


def test_a_stratified_estimate_shows_each_stratum_its_model_and_how_they_were_combined(
    client_as: Any, tmp_path: Path
) -> None:
    estimate = stored_by_city(tmp_path, "loglinear")
    how = reached(shown(client_as("viewer")), estimate)
    tehran = next(s for s in estimate.result["strata"] if s["stratum"] == "city=Tehran")
    low, high = tehran["interval"]
    assert "<bdi>city=Tehran</bdi></th><td>" + f"{tehran['observed']:,}" in how
    assert f"<td>{tehran['total']:,.0f}</td><td>{low:,.0f} – {high:,.0f}</td>" in how
    # The stratum keeps its آ.
    assert "<bdi>city=آبادان</bdi>" in how
    assert f'<span dir="ltr">{tehran["details"]["model"]}</span> (BIC ' in how
    assert "the lowest BIC (" in how and "of all 8 hierarchical models" in how
    assert how.count('<table class="list models">') == 2  # runners-up per stratum
    assert "city=Qom" in how and "Refused as too sparse" in how
    assert "Combined by simulation: the total is the sum of the strata's totals" in how
    assert "drawn 100,000 times" in how and "on the log scale" in how


def test_a_sampler_shows_its_convergence_per_stratum(client_as: Any, tmp_path: Path) -> None:
    tiny = Settings(seed=2, chains=2, burn_in=100, samples=40, thin=2, n_jobs=1)
    estimate = stored_by_city(tmp_path, "lcmcr", tiny)
    how = reached(shown(client_as("viewer")), estimate)
    assert '<th scope="col">R-hat</th>' in how
    for stratum in estimate.result["strata"]:
        assert f"<td>{stratum['diagnostics']['rhat']:.3f}</td>" in how
    assert "Combined by adding the strata's posterior draws, draw by draw" in how
    assert "derived from seed 2" in how and "Convergence of the summed draws" in how


def test_dga_shows_its_heaviest_graphs_and_their_weights(
    client_as: Any, estimates: dict[str, Estimate]
) -> None:
    run = estimates["public"].linkage_run
    assert run is not None
    estimate = make_estimate(run, "dga")
    how = reached(shown(client_as("viewer")), estimate)
    top = estimate.result["details"]["top_graphs"][0]
    assert f'<span dir="ltr">{", ".join(top["cliques"])}</span>: {top["weight"]:.1%}' in how
    assert "dga averaged 8 decomposable graphs" in how


def test_the_route_is_in_the_readers_digits_on_a_persian_page(
    client_as: Any, tmp_path: Path
) -> None:
    estimate = stored_by_city(tmp_path, "loglinear")
    client = client_as("viewer")
    client.post("/language/", {"language": "fa", "next": "/estimates/"})
    how = reached(shown(client), estimate)
    score = estimate.result["strata"][0]["details"]["bic"]
    persian = f"{score:.2f}".translate(str.maketrans("0123456789.", "۰۱۲۳۴۵۶۷۸۹\u066b"))
    assert persian in how and f"{score:.2f}" not in how
    assert "۱۰۰٬۰۰۰" in how  # the simulation's draws
    assert "<bdi>city=آبادان</bdi>" in how


def as_stored_before_2026_11_27(estimate: Estimate) -> Estimate:
    """The estimate's result as the code before 0108143 stored it: no combination marker, its
    words of then, every stratum on the estimate's one seed (none for the likelihood methods)."""
    result = estimate.result
    combined = result["combined"]
    del combined["details"]["combined_by"]
    likelihood = estimate.method == "loglinear"
    combined["details"]["combination"] = "normal approximation" if likelihood else "draws summed"
    if likelihood:
        combined["seed"] = None
    for stratum in result["strata"]:
        stratum["seed"] = combined["seed"]
    Estimate.objects.filter(pk=estimate.pk).update(result=result, seed=combined["seed"])
    return Estimate.objects.get(pk=estimate.pk)


def test_likelihood_strata_stored_before_2026_11_27_are_said_to_be_a_normal_approximation(
    client_as: Any, tmp_path: Path
) -> None:
    estimate = as_stored_before_2026_11_27(stored_by_city(tmp_path, "loglinear"))
    how = reached(shown(client_as("viewer")), estimate)
    assert "Combined by a normal approximation, the method used before 2026-11-27" in how
    assert "± 1.96 standard errors" in how and "estimate anew" in how
    # Never today's simulation, and never an empty seed.
    assert "Combined by simulation" not in how and "(seed" not in how


def test_bayesian_strata_stored_before_2026_11_27_are_said_to_share_one_seed(
    client_as: Any, tmp_path: Path
) -> None:
    tiny = Settings(seed=2, chains=2, burn_in=100, samples=40, thin=2, n_jobs=1)
    estimate = as_stored_before_2026_11_27(stored_by_city(tmp_path, "lcmcr", tiny))
    how = reached(shown(client_as("viewer")), estimate)
    assert "every stratum was sampled with the same seed, not each with its own" in how
    assert "the combined interval is too wide" in how
    assert "sampled with its own seed (derived from seed" not in how


def test_the_settings_of_a_sampler_are_its_own(client_as: Any, tmp_path: Path) -> None:
    tiny = Settings(seed=2, chains=2, burn_in=100, samples=40, thin=2, n_jobs=1)
    estimate = stored_by_city(tmp_path, "lcmcr", tiny)
    details = shown(client_as("viewer")).split(f'id="estimate-{estimate.pk}"', 1)[1]
    details = details.split("</details>", 1)[0]
    assert "chains=2, burn_in=100, samples=40, thin=2, classes=default" in details
    assert "criterion" not in details and "n_jobs" not in details
