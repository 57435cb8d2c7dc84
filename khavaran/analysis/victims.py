"""From a run's clusters to victims: a cluster nobody needs to review becomes one Person.

A cluster is settled when none of its records is in an undecided pair of the review queue.
Accepting is repeatable: records already linked to a Person stay with it, new records of its
cluster join it, and a cluster whose records point at two different Persons is left for a
person to resolve (a merge of records is not this module's to make).

A split is followed: when a run puts a Person's records in several clusters (a reviewer said
they are different people), the cluster holding the record the Person was made from keeps it,
and the others' records leave it, with the names only their rows support, for the victim
their cluster makes or joins.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from khavaran.analysis.actions import people_from_clusters, release_records
from khavaran.analysis.models import LinkageRun, ListRecord, RunCluster, VictimList
from khavaran.analysis.review import records_to_review
from khavaran.audit.chain import batch as audit_batch
from khavaran.engines.linkage import REVIEW_BITS
from khavaran.records.models import Person

# Clusters accepted per transaction: enough to spread the commit and the audit chain's lock
# over many victims, few enough that the lock is held for about a second.
BATCH = 250


@dataclass
class Acceptance:
    created: int = 0
    extended: int = 0
    unchanged: int = 0
    pending: int = 0
    conflicts: list[str] = field(default_factory=list)
    split: int = 0  # victims some of whose records left them for another victim


def clusters_of(run: LinkageRun) -> dict[str, list[ListRecord]]:
    """Each cluster's records, in record order.

    Records share one instance of their list and its source: a join would read the list's whole
    text once per record (6,000 records took 1.2 GB; 100,000 would not fit in memory).
    """
    lists = {v.pk: v for v in VictimList.objects.select_related("source")}
    clusters: dict[str, list[ListRecord]] = defaultdict(list)
    assignments = RunCluster.objects.filter(run=run).select_related("record__person")
    for assignment in assignments.order_by("record_id"):
        record = assignment.record
        record.victim_list = lists[record.victim_list_id]
        clusters[assignment.cluster_id].append(record)
    return dict(clusters)


def accept_clusters(
    run: LinkageRun,
    *,
    actor: str,
    bits: float = REVIEW_BITS,
    started: Callable[[int], None] | None = None,
    done: Callable[[int], None] | None = None,
) -> Acceptance:
    """Turn every settled cluster of the run into a Person linked to all its ListRecords.

    A cluster waits while one of its records is in an undecided pair within ``bits`` of match
    weight of the threshold: the review queue's band. ``started`` hears how many clusters
    there are and ``done`` how many more are finished (tens of thousands take minutes).
    """
    unsettled = records_to_review(run, bits=bits)
    outcome = Acceptance()
    clusters = list(clusters_of(run).items())
    homes = _homes(clusters)
    if started is not None:
        started(len(clusters))
    for first in range(0, len(clusters), BATCH):
        # One transaction and one lock on the audit chain per batch: a failure rolls back the
        # batch's victims whole, and accepting again carries on from there.
        new: list[list[ListRecord]] = []
        grown: list[tuple[Person, list[ListRecord]]] = []
        leaving: dict[int, list[ListRecord]] = defaultdict(list)
        for cluster_id, records in clusters[first : first + BATCH]:
            if any(r.pk in unsettled for r in records):
                outcome.pending += 1
            else:
                _sort(cluster_id, records, homes, outcome, new, grown, leaving)
        if new or grown:
            with transaction.atomic(), audit_batch():
                for person_id, records in leaving.items():
                    release_records(
                        homes[person_id].person,
                        records,
                        homes[person_id].staying,
                        actor=actor,
                        reason=f"list records {', '.join(r.uid for r in records)} are another "
                        f"victim's (linkage run {run.pk} split them from person {person_id})",
                    )
                people_from_clusters(new, actor=actor, also_link=grown)
        outcome.split += len(leaving)
        if done is not None:
            done(len(clusters[first : first + BATCH]))
    return outcome


@dataclass(frozen=True)
class _Home:
    """The cluster that keeps a Person the run split, and the Person's records in it."""

    cluster_id: str
    person: Person
    staying: list[ListRecord]


def _homes(clusters: list[tuple[str, list[ListRecord]]]) -> dict[int, _Home]:
    """For each Person whose records the run puts in several clusters, the one that keeps it:
    the cluster of the record it was made from (its key), else the one with most of them."""
    where: dict[int, dict[str, list[ListRecord]]] = defaultdict(lambda: defaultdict(list))
    for cluster_id, records in clusters:
        for record in records:
            if record.person_id is not None:
                where[record.person_id][cluster_id].append(record)
    split = {pk: found for pk, found in where.items() if len(found) > 1}
    keys = dict(Person.objects.filter(pk__in=split).values_list("pk", "key"))
    homes = {}
    for pk, found in split.items():
        origin = keys[pk].removeprefix("victim:")
        by_key = [c for c, records in found.items() if any(r.uid == origin for r in records)]
        home = by_key[0] if by_key else min(found, key=lambda c: (-len(found[c]), c))
        staying = found[home]
        homes[pk] = _Home(home, staying[0].person, staying)  # type: ignore[arg-type]
    return homes


def _sort(
    cluster_id: str,
    records: list[ListRecord],
    homes: dict[int, _Home],
    outcome: Acceptance,
    new: list[list[ListRecord]],
    grown: list[tuple[Person, list[ListRecord]]],
    leaving: dict[int, list[ListRecord]],
) -> None:
    """Count the cluster, and put it with the new victims or with those it adds records to;
    records that a split took from a Person kept elsewhere go with it, in ``leaving``."""
    gone = [
        r for r in records if r.person_id in homes and homes[r.person_id].cluster_id != cluster_id
    ]
    people = {r.person_id for r in records if r.person_id is not None and r not in gone}
    free = [r for r in records if r.person_id is None or r in gone]
    if len(people) > 1:
        outcome.conflicts.append(
            f"cluster {cluster_id} holds records of persons {sorted(people)}; merge them first"
        )
        return
    for record in gone:
        leaving[record.person_id].append(record)  # type: ignore[index]
    if not people:
        new.append(records)
        outcome.created += 1
    elif free:
        person = next(r.person for r in records if r.person is not None and r.person_id in people)
        grown.append((person, free))
        outcome.extended += 1
    else:
        outcome.unchanged += 1
