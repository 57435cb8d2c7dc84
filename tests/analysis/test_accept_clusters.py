"""`accept_clusters` pinned: exactly which Persons, Names, Excerpts, record links, search
documents and audit events accepting a run writes, in which order, with the chain intact.

Written against the one-cluster-at-a-time implementation, so that a faster one must leave the
same rows and the same history behind.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from khavaran.analysis import victims
from khavaran.analysis.actions import RunData, import_list, person_from_records, record_linkage_run
from khavaran.analysis.lists_import import ImportOptions
from khavaran.analysis.models import LinkageRun, ListRecord
from khavaran.analysis.victims import Acceptance, accept_clusters
from khavaran.audit import chain
from khavaran.audit.chain import check_chain
from khavaran.audit.models import AuditEvent, ChainHead
from khavaran.evidence.models import Excerpt
from khavaran.records.models import Name, Person
from khavaran.search.models import SearchDocument

pytestmark = pytest.mark.django_db

ACTOR = "tester"
PERSIAN = ["نام", "نام خانوادگی", "نام پدر"]
LATIN = ["First name", "Last name", "Father's name"]
LISTS: dict[str, tuple[str, list[str], list[list[str]]]] = {
    "families": (
        "confidential",
        PERSIAN,
        [
            ["محمدرضا", "احمدی", "علی"],
            ["حسین", "رضایی", ""],
            ["علی", "کاظمی", "حسن"],
            ["فاطمه", "نوری", ""],
        ],
    ),
    "memorial": (
        "restricted",
        LATIN,
        [
            ["Mohammad Reza", "Ahmadi", ""],
            ["Hossein", "Rezaei", ""],
            ["Hosein", "Rezai", "Mahmoud"],
            ["Hossein", "Rezaei", "Mahmud"],
            ["Ali", "Kazemi", ""],
            ["Maryam", "Hosseini", ""],
        ],
    ),
    "public-list": (
        "public",
        LATIN,
        [
            ["Maryam", "Hosseini", ""],
            ["Fatemeh", "Nouri", ""],
            ["Kaveh", "Nazari", "Ebrahim"],
        ],
    ),
}
# The run's clusters, by uid: A and B are new victims, C one accepted before whose cluster grew,
# D waits for its undecided pair, E joins two victims accepted apart, F was accepted as it is.
CLUSTERS = {
    "A": ["families:1", "memorial:1"],
    "B": ["families:2", "memorial:2", "memorial:3", "memorial:4"],
    "C": ["families:3", "memorial:5"],
    "D": ["families:4", "public-list:2"],
    "E": ["memorial:6", "public-list:1"],
    "F": ["public-list:3"],
}
ACCEPTED_BEFORE = ["memorial:5", "memorial:6", "public-list:1", "public-list:3"]
EXCERPT_FIELDS = [
    "pk",
    "source_id",
    "start",
    "end",
    "quoted_text",
    "page",
    "time_offset",
    "created_by",
]
DOC_FIELDS = [
    "kind",
    "ref_id",
    "source_id",
    "source_kind",
    "language",
    "confidentiality",
    "title",
    "body",
    "original_title",
    "original_body",
]


def state() -> dict[str, Any]:
    """Every row accepting writes or changes, ids included, timestamps and hashes left out."""
    return {
        "persons": [
            {f.attname: f.value_from_object(p) for f in Person._meta.concrete_fields}
            for p in Person.objects.order_by("pk")
        ],
        "names": [
            {
                **{f.attname: f.value_from_object(n) for f in Name._meta.concrete_fields},
                "excerpts": sorted(n.excerpts.values_list("pk", flat=True)),
            }
            for n in Name.objects.order_by("pk")
        ],
        "excerpts": list(Excerpt.objects.order_by("pk").values(*EXCERPT_FIELDS)),
        "records": list(ListRecord.objects.order_by("pk").values_list("pk", "person_id")),
        "search": list(SearchDocument.objects.order_by("kind", "ref_id").values(*DOC_FIELDS)),
        "events": list(
            AuditEvent.objects.order_by("seq").values(
                "seq", "actor", "action", "model", "object_id", "before", "after", "reason"
            )
        ),
        "head": ChainHead.objects.values_list("seq", flat=True).first(),
        "chain_problems": [p.message for p in check_chain()],
    }


def _write(path: Path, headers: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows([headers, *rows])
    return path


def record(uid: str) -> ListRecord:
    name, row = uid.rsplit(":", 1)
    return ListRecord.objects.select_related("victim_list__source").get(
        victim_list__name=name, row_number=int(row)
    )


@pytest.fixture
def run(tmp_path: Path) -> LinkageRun:
    for name, (level, headers, rows) in LISTS.items():
        path = _write(tmp_path / f"{name}.csv", headers, rows)
        import_list(path, ImportOptions(name=name, actor=ACTOR, confidentiality=level))
    for uid in ACCEPTED_BEFORE:
        person_from_records([record(uid)], actor=ACTOR)
    pk = {uid: record(uid).pk for uids in CLUSTERS.values() for uid in uids}
    d1, d2 = sorted(pk[uid] for uid in CLUSTERS["D"])
    data = RunData(
        {"threshold": 0.9},
        "0" * 64,
        {"n_clusters": len(CLUSTERS)},
        sorted(LISTS),
        [(d1, d2, 0.9, None)],  # on the threshold, undecided: its cluster waits
        [(pk[uid], cluster) for cluster, uids in CLUSTERS.items() for uid in uids],
    )
    return record_linkage_run(data, actor=ACTOR)


def span(uid: str) -> dict[str, Any]:
    row = record(uid)
    source = row.victim_list.source
    return {
        "source": source.pk,
        "start": row.start,
        "end": row.end,
        "quoted_text": source.text[row.start : row.end],
    }


def person_snapshot(person: Person) -> dict[str, Any]:
    """Its fields, and the value of its birth date (none on a victim list's person)."""
    fields = {f.attname: f.value_from_object(person) for f in Person._meta.concrete_fields}
    return {**fields, "birth_date_value": None}


def test_accepting_writes_exactly_these_rows_and_events_in_this_order(run: LinkageRun) -> None:
    first_new = ChainHead.objects.get().seq + 1
    heard: list[int] = []
    done: list[None] = []

    outcome = accept_clusters(
        run, actor=ACTOR, started=heard.append, done=lambda n: done.extend([None] * n)
    )

    assert outcome == Acceptance(
        created=2,
        extended=1,
        unchanged=1,
        pending=1,
        conflicts=[
            f"cluster E holds records of persons "
            f"{sorted([record('memorial:6').person_id, record('public-list:1').person_id])}; "
            "merge them first"
        ],
    )
    assert heard == [6] and len(done) == 6
    a, b = record("families:1").person, record("families:2").person
    c = record("memorial:5").person
    assert a is not None and b is not None and c is not None
    assert {p.pk for p in Person.objects.all()} == {
        a.pk, b.pk, *(record(uid).person_id for uid in ACCEPTED_BEFORE)
    }  # fmt: skip
    # Each new victim: the key of its first row, as protected as its most protected list, the
    # first father's name given, a name per spelling in row order citing the row that spells it.
    assert (a.key, a.confidentiality, a.father_name) == ("victim:families:1", "confidential", "علی")
    assert (b.key, b.confidentiality) == ("victim:families:2", "confidential")
    assert b.father_name == "Mahmoud"
    assert record("families:3").person_id == c.pk  # C grew
    for uid in CLUSTERS["D"]:
        assert record(uid).person_id is None  # D waits
    assert record("memorial:6").person_id != record("public-list:1").person_id  # E untouched
    a_names = list(a.names.order_by("pk"))
    b_names = list(b.names.order_by("pk"))
    assert [(n.text, n.script, n.kind) for n in b_names] == [
        ("حسین رضایی", "persian", "birth"),
        ("Hossein Rezaei", "latin", "birth"),
        ("Hosein Rezai", "latin", "birth"),
    ]
    assert [n.text for n in a_names] == ["محمدرضا احمدی", "Mohammad Reza Ahmadi"]
    cited = {
        "A": ["families:1", "memorial:1"],
        "B": ["families:2", "memorial:2", "memorial:3"],  # memorial:4 repeats memorial:2's name
    }
    for names, uids in ((a_names, cited["A"]), (b_names, cited["B"])):
        for name, uid in zip(names, uids, strict=True):
            excerpt = name.excerpts.get()
            assert {
                "source": excerpt.source_id,
                "start": excerpt.start,
                "end": excerpt.end,
                "quoted_text": excerpt.quoted_text,
            } == span(uid)
            assert excerpt.created_by == ACTOR and excerpt.page is None

    def name_event(name: Name) -> dict[str, Any]:
        return {
            "action": "create",
            "model": "records.Name",
            "object_id": str(name.pk),
            "before": None,
            "after": {
                "id": name.pk,
                "person_id": name.person_id,
                "text": name.text,
                "script": name.script,
                "kind": "birth",
                "excerpts": [name.excerpts.get().pk],
            },
        }

    def excerpt_event(name: Name, uid: str) -> dict[str, Any]:
        excerpt = name.excerpts.get()
        return {
            "action": "create",
            "model": "evidence.Excerpt",
            "object_id": str(excerpt.pk),
            "before": None,
            "after": {**span(uid), "page": None, "time_offset": None},
        }

    def person_event(person: Person) -> dict[str, Any]:
        return {
            "action": "create",
            "model": "records.Person",
            "object_id": str(person.pk),
            "before": None,
            "after": person_snapshot(person),
        }

    def link_event(person: Person, uids: list[str]) -> dict[str, Any]:
        return {
            "action": "link",
            "model": "records.Person",
            "object_id": str(person.pk),
            "before": None,
            "after": {"list_records": sorted(uids)},
        }

    # A batch of clusters is audited in three rounds, each in cluster order: the excerpts
    # cited, each new person with its names, the records linked. (One cluster at a time, the
    # rounds were interleaved per cluster; the events themselves are the same.)
    expected = [
        *(excerpt_event(n, uid) for n, uid in zip(a_names, cited["A"], strict=True)),
        *(excerpt_event(n, uid) for n, uid in zip(b_names, cited["B"], strict=True)),
        person_event(a),
        *(name_event(n) for n in a_names),
        person_event(b),
        *(name_event(n) for n in b_names),
        link_event(a, CLUSTERS["A"]),
        link_event(b, CLUSTERS["B"]),
        link_event(c, ["families:3"]),
    ]
    events = list(
        AuditEvent.objects.filter(seq__gte=first_new)
        .order_by("seq")
        .values("actor", "action", "model", "object_id", "before", "after", "reason")
    )
    assert events == [{**e, "actor": ACTOR, "reason": ""} for e in expected]
    assert list(check_chain()) == []
    assert ChainHead.objects.get().seq == AuditEvent.objects.order_by("-seq").first().seq

    # Searchable: each excerpt at its source's level, each name at its most protected level.
    for names in (a_names, b_names):
        for name in names:
            excerpt = name.excerpts.select_related("source").get()
            doc = SearchDocument.objects.get(kind="excerpt", ref_id=excerpt.pk)
            source = excerpt.source
            assert (doc.original_body, doc.original_title, doc.confidentiality) == (
                excerpt.quoted_text,
                source.title,
                source.confidentiality,
            )
            assert (doc.source_id, doc.source_kind, doc.language) == (
                source.pk,
                source.kind,
                source.language,
            )
            doc = SearchDocument.objects.get(kind="name", ref_id=name.pk)
            assert (doc.original_body, doc.original_title) == (name.text, name.text)
            assert doc.confidentiality == "confidential"  # the person's level
            assert doc.language == ("fa" if name.script == "persian" else "")


def test_accepting_again_changes_nothing(run: LinkageRun) -> None:
    accept_clusters(run, actor=ACTOR)
    before = state()

    again = accept_clusters(run, actor=ACTOR)

    assert (again.created, again.extended, again.unchanged, again.pending) == (0, 0, 4, 1)
    assert len(again.conflicts) == 1
    assert state() == before and before["chain_problems"] == []


@pytest.mark.parametrize("batch", [1, 2, 250])
def test_an_interrupted_acceptance_keeps_whole_victims_and_a_rerun_finishes_it(
    run: LinkageRun, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    """A failure part-way (here the clock, on the audit chain's 8th event) leaves no half-made
    victim and a whole chain; accepting again ends where one uninterrupted run does."""
    monkeypatch.setattr(victims, "BATCH", batch)
    real = chain._now_to_the_millisecond
    calls = {"n": 0}

    def failing_eighth() -> Any:
        calls["n"] += 1
        if calls["n"] == 8:
            raise RuntimeError("clock gone")
        return real()

    monkeypatch.setattr(chain, "_now_to_the_millisecond", failing_eighth)
    with pytest.raises(RuntimeError, match="clock gone"):
        accept_clusters(run, actor=ACTOR)
    monkeypatch.setattr(chain, "_now_to_the_millisecond", real)
    for person in Person.objects.all():
        assert person.names.exists() and person.list_records.exists()
    for name in Name.objects.all():
        assert name.excerpts.exists()
        assert SearchDocument.objects.filter(kind="name", ref_id=name.pk).exists()
    cited = set(Name.excerpts.through.objects.values_list("excerpt_id", flat=True))
    assert set(Excerpt.objects.values_list("pk", flat=True)) == cited  # no stray excerpt
    assert list(check_chain()) == []

    outcome = accept_clusters(run, actor=ACTOR)

    assert outcome.pending == 1 and len(outcome.conflicts) == 1
    assert outcome.created + outcome.unchanged + outcome.extended == 4
    for uids in (CLUSTERS["A"], CLUSTERS["B"], CLUSTERS["C"]):
        assert len({record(uid).person_id for uid in uids}) == 1
        assert all(record(uid).person_id for uid in uids)
    assert [n.text for n in record("families:2").person.names.order_by("pk")] == [
        "حسین رضایی",
        "Hossein Rezaei",
        "Hosein Rezai",
    ]
    assert list(check_chain()) == []


def test_accepting_writes_a_batch_of_victims_with_few_statements(run: LinkageRun) -> None:
    """2 new victims (5 names) and 1 grown: the persons, names, citations, links and audit
    events go in a statement or one executemany each; an excerpt and a search document per
    name remain (one at a time, 66 statements per victim took 20 minutes for 33,000)."""
    with CaptureQueriesContext(connection) as queries:
        accept_clusters(run, actor=ACTOR)
    assert len(queries.captured_queries) <= 60


def rerun(clusters: dict[str, list[str]]) -> LinkageRun:
    """A later run of the same lists, with these clusters and no pair left undecided."""
    data = RunData(
        {"threshold": 0.9},
        "1" * 64,
        {"n_clusters": len(clusters)},
        sorted(LISTS),
        [],
        [(record(uid).pk, cluster) for cluster, uids in clusters.items() for uid in uids],
    )
    return record_linkage_run(data, actor=ACTOR)


def test_a_victim_whose_records_a_later_run_splits_is_split_with_its_names(
    run: LinkageRun,
) -> None:
    """B was accepted from four rows. A reviewer then split memorial:2 and memorial:3 off (a
    brother, say): they leave B for a new victim, with the names only their rows supported;
    a name a staying row spells too cites that row instead."""
    from khavaran.verify import verify_all

    accept_clusters(run, actor=ACTOR)
    b = record("families:2").person
    name_of = {n.text: n for n in b.names.all()}
    assert sorted(name_of) == ["Hosein Rezai", "Hossein Rezaei", "حسین رضایی"]

    later = rerun(
        {
            **{k: v for k, v in CLUSTERS.items() if k not in ("B", "D", "E")},
            "B": ["families:2", "memorial:4"],
            "B2": ["memorial:2", "memorial:3"],
        }
    )
    outcome = accept_clusters(later, actor=ACTOR)

    assert (outcome.split, outcome.created) == (1, 1)
    assert {record(uid).person_id for uid in ("families:2", "memorial:4")} == {b.pk}
    brother = record("memorial:2").person
    assert brother.pk != b.pk and record("memorial:3").person_id == brother.pk
    assert sorted(n.text for n in brother.names.all()) == ["Hosein Rezai", "Hossein Rezaei"]
    # B keeps its Persian name; "Hossein Rezaei" now cites memorial:4, which spells it too;
    # "Hosein Rezai", supported by memorial:3 alone, is gone, and so is its search document.
    kept = {n.text: n for n in Person.objects.get(pk=b.pk).names.all()}
    assert sorted(kept) == ["Hossein Rezaei", "حسین رضایی"]
    assert [e.quoted_text for e in kept["Hossein Rezaei"].excerpts.all()] == [
        span("memorial:4")["quoted_text"]
    ]
    gone = name_of["Hosein Rezai"]
    assert not Name.objects.filter(pk=gone.pk).exists()
    assert not SearchDocument.objects.filter(kind="name", ref_id=gone.pk).exists()
    deleted = AuditEvent.objects.get(model="records.Name", object_id=str(gone.pk), action="delete")
    assert deleted.before["text"] == "Hosein Rezai" and "split" in deleted.reason
    # Every change is in the log, and the rows match it.
    assert verify_all().problems == ()

    again = accept_clusters(later, actor=ACTOR)
    assert (again.split, again.created, again.extended) == (0, 0, 0)
