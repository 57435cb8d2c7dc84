"""Small factories: plain functions that build what a test needs through the real actions."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from khavaran.analysis.actions import RunData, import_list, record_linkage_run
from khavaran.analysis.estimates import Inputs, run_confidentiality, run_tables, store_results
from khavaran.analysis.lists_import import ImportOptions
from khavaran.analysis.models import Estimate, LinkageRun, ListRecord, VictimList
from khavaran.engines.estimation import Settings, estimate
from khavaran.evidence.actions import add_excerpt, cite_quote
from khavaran.evidence.models import Excerpt, Source
from khavaran.ingest.pipeline import IngestOptions, ingest_file
from khavaran.records import actions
from khavaran.records.models import Claim, Person

ACTOR = "tester"


def make_source(
    tmp_path: Path,
    text: str = "The commission ordered executions in 1988.",
    *,
    name: str = "source.txt",
    confidentiality: str = "public",
    encoding: str = "utf-8",
    title: str | None = None,
) -> Source:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    options = IngestOptions(actor=ACTOR, confidentiality=confidentiality, title=title)
    outcome = ingest_file(path, options)
    assert outcome.source_id is not None, outcome.reason
    return Source.objects.get(pk=outcome.source_id)


def make_excerpt(source: Source, quote: str | None = None) -> Excerpt:
    if quote is None:
        return add_excerpt(source, start=0, end=min(20, len(source.text)), actor=ACTOR)
    return cite_quote(source, quote, actor=ACTOR)


def make_person(excerpt: Excerpt, name: str = "Ebrahim Raisi", **overrides: Any) -> Person:
    spec = actions.NameSpec(text=name, script=overrides.pop("script", "latin"), excerpts=[excerpt])
    return actions.create_person([spec], actor=ACTOR, **overrides)


def make_claim(excerpt: Excerpt, **overrides: Any) -> Claim:
    fields: dict[str, Any] = {
        "question": "number-killed:massacre-1988",
        "predicate": "victim_count",
        "value_number": 30000,
        "excerpts": [excerpt],
    }
    fields.update(overrides)
    return actions.record_claim(actions.ClaimSpec(**fields), actor=ACTOR)


def make_victim_list(
    tmp_path: Path, name: str, people: Iterable[int], *, confidentiality: str = "restricted"
) -> VictimList:
    """A list naming ``people`` (numbers), one row each, imported through the real action."""
    path = tmp_path / f"{name}.csv"
    rows = [f"Person,Number{i:03d}" for i in people]
    path.write_text("\n".join(["First name,Last name", *rows]) + "\n", encoding="utf-8")
    options = ImportOptions(name=name, actor=ACTOR, confidentiality=confidentiality)
    return import_list(path, options).victim_list


def make_linkage_run(lists: Iterable[VictimList]) -> LinkageRun:
    """A stored run that links each row to its person number exactly (no engine needed)."""
    records = ListRecord.objects.filter(victim_list__in=list(lists)).select_related("victim_list")
    clusters = [(r.pk, r.original["Last name"]) for r in records]
    names = sorted({r.victim_list.name for r in records})
    summary = {"n_clusters": len({c for _, c in clusters})}
    data = RunData({"threshold": 0.9}, "test", summary, names, [], clusters)
    return record_linkage_run(data, actor=ACTOR)


def make_estimate(run: LinkageRun, method: str = "loglinear") -> Estimate:
    """One method's estimate of a run, stored through the real action."""
    tables = run_tables(run)
    result = estimate(tables, method, Settings())
    level = run_confidentiality(run)
    inputs = Inputs(tables, Settings(), run=run, confidentiality=level)
    return store_results([result], inputs, actor=ACTOR)[0]


def make_case(*people: Person, crimes: Iterable[str] = ("cah.murder",), **overrides: Any) -> Any:
    """A case alleging ``crimes`` with ``people`` accused, through the real actions."""
    from khavaran.records.cases import accuse, create_case

    case = create_case(
        overrides.pop("title", "Tehran commission"), actor=ACTOR, crimes=crimes, **overrides
    )
    for person in people:
        accuse(case, person, actor=ACTOR)
    return case


def make_link(case: Any, element: str, excerpt: Excerpt, **overrides: Any) -> Any:
    """An element link citing ``excerpt``, through the real action."""
    from khavaran.records.cases import LinkSpec, link_element

    fields: dict[str, Any] = {"strength": "strong", "excerpts": [excerpt], **overrides}
    return link_element(LinkSpec(case, element, **fields), actor=ACTOR)
