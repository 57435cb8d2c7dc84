"""A decision never cuts a link silently: each link it cuts is reported with the pair that
keeps its two sides apart."""

import pandas as pd

from khavaran.engines.linkage import cluster_records, cut_links

# A tester's case in miniature: the families list names two Mohammads. families:140 is the
# tribunal's record 137 (same names, same father, 0.9993); families:31 is memorial:5 (0.983).
# The model scores the records across the two pairs as different people.
UIDS = ["families:140", "families:31", "memorial:5", "tribunal:137"]


def _frame(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["uid_l", "uid_r", "match_probability"])


LINKS = _frame(
    [
        ("families:140", "tribunal:137", 0.9993),
        ("families:31", "memorial:5", 0.983),
        ("families:140", "memorial:5", 0.396),
    ]
)
CONFLICTS = _frame(
    [
        ("families:140", "families:31", 0.0014),
        ("memorial:5", "tribunal:137", 0.0013),
        ("families:31", "tribunal:137", 0.0009),
    ]
)
CONFIRMED = [("families:140", "memorial:5")]


def _cluster(must=(), cannot=(), conflicts=CONFLICTS) -> pd.Series:  # type: ignore[no-untyped-def]
    pairs = list(zip(conflicts["uid_l"], conflicts["uid_r"], strict=True))
    return cluster_records(UIDS, LINKS, 0.5, must_link=must, cannot_link=cannot, conflicts=pairs)


def test_a_confirmation_that_breaks_stronger_links_names_each_and_why() -> None:
    clusters = _cluster(must=CONFIRMED)
    # The clustering keeps the confirmation and the model's conflicts, so both links go ...
    assert clusters["families:140"] == clusters["memorial:5"] != clusters["tribunal:137"]
    assert clusters["families:31"] != clusters["memorial:5"]

    cuts = cut_links(UIDS, LINKS, 0.5, clusters, must_link=CONFIRMED, conflicts=CONFLICTS)

    # ... but not silently: strongest first, each with the pair that keeps its sides apart.
    assert [(c.uid_l, c.uid_r, c.match_probability) for c in cuts] == [
        ("families:140", "tribunal:137", 0.9993),
        ("families:31", "memorial:5", 0.983),
    ]
    first, second = cuts
    assert (first.apart_l, first.apart_r, first.apart_probability) == (
        "memorial:5",
        "tribunal:137",
        0.0013,
    )
    assert (second.apart_l, second.apart_r, second.apart_probability) == (
        "families:31",
        "families:140",
        0.0014,
    )
    assert first.confirmed == second.confirmed == (("families:140", "memorial:5"),)


def test_the_models_own_cuts_are_not_laid_on_the_decisions() -> None:
    # Another chain, x – y – z, that the model cuts by itself on every run (x and z conflict).
    uids = [*UIDS, "x:1", "y:1", "z:1"]
    links = pd.concat([LINKS, _frame([("x:1", "y:1", 0.99), ("y:1", "z:1", 0.98)])])
    conflicts = pd.concat([CONFLICTS, _frame([("x:1", "z:1", 0.01)])])
    pairs = list(zip(conflicts["uid_l"], conflicts["uid_r"], strict=True))
    clusters = cluster_records(uids, links, 0.5, must_link=CONFIRMED, conflicts=pairs)
    assert clusters["y:1"] != clusters["z:1"]

    cuts = cut_links(uids, links, 0.5, clusters, must_link=CONFIRMED, conflicts=conflicts)

    assert {(c.uid_l, c.uid_r) for c in cuts} == {
        ("families:140", "tribunal:137"),
        ("families:31", "memorial:5"),
    }
    assert cut_links(uids, links, 0.5, clusters, conflicts=conflicts) == ()  # no decisions


def test_a_confirmation_that_breaks_nothing_reports_nothing() -> None:
    apart = CONFLICTS.iloc[:0]
    clusters = _cluster(must=CONFIRMED, conflicts=apart)
    assert clusters.nunique() == 1
    assert cut_links(UIDS, LINKS, 0.5, clusters, must_link=CONFIRMED, conflicts=apart) == ()


def test_a_split_reports_the_chain_link_it_cuts_but_not_the_pair_it_splits() -> None:
    chain = _frame([("a", "b", 0.99), ("b", "c", 0.95)])
    split = [("a", "b")]
    clusters = cluster_records(["a", "b", "c"], chain, 0.5, cannot_link=split)
    assert clusters["a"] != clusters["b"]

    cuts = cut_links(["a", "b", "c"], chain, 0.5, clusters, cannot_link=split)

    assert cuts == ()  # a–b is the reviewer's own split; b–c survives
    split = [("a", "c")]
    clusters = cluster_records(["a", "b", "c"], chain, 0.5, cannot_link=split)
    (cut,) = cut_links(["a", "b", "c"], chain, 0.5, clusters, cannot_link=split)
    assert (cut.uid_l, cut.uid_r) == ("b", "c")
    assert (cut.apart_l, cut.apart_r, cut.apart_probability) == ("a", "c", None)
