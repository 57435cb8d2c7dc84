"""From a run's clusters to victims: a cluster nobody needs to review becomes one Person.

A cluster is settled when none of its records is in an undecided pair of the review queue.
Accepting is repeatable: records already linked to a Person stay with it, new records of its
cluster join it, and a cluster whose records point at two different Persons is left for a
person to resolve (a merge of records is not this module's to make).

A victim is offered, not attached: when a new victim has the name (in any script, by the linkage
engine's name keys) of a Person made outside the lists (the extraction review, a facts file) and
nothing contradicts them being one (no birth dates that cannot overlap, no fathers' names that
never meet), the outcome names that Person and the merge that would join them. A common name is
shared by different people, so a reviewer decides (`khavaran people candidates` lists them).

A split is followed: when a run puts a Person's records in several clusters (a reviewer said
they are different people), the cluster holding the record the Person was made from keeps it,
and the others' records leave it, with the names only their rows support, for the victim
their cluster makes or joins.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from khavaran.analysis.access import records_visible_to
from khavaran.analysis.actions import people_from_clusters, release_records
from khavaran.analysis.models import LinkageRun, ListRecord, RunCluster, VictimList
from khavaran.analysis.review import records_to_review
from khavaran.audit.chain import batch as audit_batch
from khavaran.engines.linkage import REVIEW_BITS, person_name_keys, split_full_name
from khavaran.records.access import names_visible_to, people_visible_to
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
    # New victims that are probably a Person made outside the lists, and the merge to check.
    probable: list[str] = field(default_factory=list)


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
    reader: Any = None,
) -> Acceptance:
    """Turn every settled cluster of the run into a Person linked to all its ListRecords.

    A cluster waits while one of its records is in an undecided pair within ``bits`` of match
    weight of the threshold: the review queue's band. ``started`` hears how many clusters
    there are and ``done`` how many more are finished (tens of thousands take minutes).
    ``probable`` names the Persons that ``reader`` may read (the public's, without one) that
    a new victim probably is.
    """
    unsettled = records_to_review(run, bits=bits)
    outcome = Acceptance()
    clusters = list(clusters_of(run).items())
    homes = _homes(clusters)
    made: list[tuple[str, Person, list[ListRecord]]] = []
    if started is not None:
        started(len(clusters))
    for first in range(0, len(clusters), BATCH):
        # One transaction and one lock on the audit chain per batch: a failure rolls back the
        # batch's victims whole, and accepting again carries on from there.
        new: list[list[ListRecord]] = []
        new_ids: list[str] = []
        grown: list[tuple[Person, list[ListRecord]]] = []
        leaving: dict[int, list[ListRecord]] = defaultdict(list)
        for cluster_id, records in clusters[first : first + BATCH]:
            if any(r.pk in unsettled for r in records):
                outcome.pending += 1
            else:
                _sort(cluster_id, records, homes, outcome, new, grown, leaving)
                new_ids += [cluster_id] * (len(new) - len(new_ids))
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
                people = people_from_clusters(new, actor=actor, also_link=grown)
            made += zip(new_ids, people, new, strict=True)
        outcome.split += len(leaving)
        if done is not None:
            done(len(clusters[first : first + BATCH]))
    outcome.probable = _offers(made, reader)
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


@dataclass(frozen=True)
class Profile:
    """What says whether two Persons may be one: their names' cross-script keys, the birth
    dates and fathers' names they or their list rows give, and how many list rows they have."""

    person: Person
    names: tuple[str, ...]
    keys: frozenset[str]
    born: tuple[tuple[date, date], ...] = ()
    fathers: frozenset[str] = frozenset()
    list_records: int = 0


def name_pair(text: str) -> str:
    """A full name's key in any script and order: حمید رضایی, Hamid Rezaei, Rezaei Hamid
    ("" for a name of one word, which says too little)."""
    given, family = split_full_name(text)
    return person_name_keys(given, family).pair if given and family else ""


def _profile(
    person: Person,
    names: Iterable[str],
    born: Iterable[tuple[date, date]],
    fathers: Iterable[str],
    list_records: int,
) -> Profile:
    names = tuple(dict.fromkeys(names))
    father_keys = {person_name_keys("", f).family for f in fathers if f}
    return Profile(
        person,
        names,
        frozenset(k for k in map(name_pair, names) if k),
        tuple(dict.fromkeys(born)),
        frozenset(father_keys - {""}),
        list_records,
    )


def _row_name(normalized: dict[str, Any]) -> str:
    parts = [normalized.get("given_name", ""), normalized.get("family_name", "")]
    return " ".join(p for p in parts if p) or str(normalized.get("full_name", ""))


def _row_born(normalized: dict[str, Any]) -> list[tuple[date, date]]:
    span = normalized.get("birth_year_range")
    if not span:
        return []
    return [(date.fromisoformat(span["earliest"]), date.fromisoformat(span["latest"]))]


def profiles(people: QuerySet[Person], reader: Any) -> dict[int, Profile]:
    """Each person's profile: their names, birth date and father's name, and their list rows'.

    Only the names and list rows ``reader`` may read count, for matching as for display: a
    name only a confidential source gives must neither show nor group people for a reviewer.
    """
    names: dict[int, list[str]] = defaultdict(list)
    readable = names_visible_to(reader).filter(person__in=people).order_by("pk")
    for pk, text in readable.values_list("person_id", "text"):
        names[pk].append(text)
    rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
    listed = records_visible_to(reader).filter(person__in=people).order_by("pk")
    for pk, normalized in listed.values_list("person_id", "normalized").iterator():
        rows[pk].append(normalized)
    found = {}
    for person in people.select_related("birth_date").order_by("pk").iterator():
        own = person.birth_date
        born = [(own.earliest, own.latest)] if own is not None else []
        mine = rows.get(person.pk, [])
        found[person.pk] = _profile(
            person,
            names.get(person.pk, []),
            born + [span for row in mine for span in _row_born(row)],
            [person.father_name, *(str(row.get("father_name", "")) for row in mine)],
            len(mine),
        )
    return found


def contradiction(a: Profile, b: Profile) -> str:
    """What says two people are not one ("" when nothing does): birth dates that cannot
    overlap, or fathers' names whose keys never meet."""
    if a.born and b.born and not any(x <= w and v <= y for x, y in a.born for v, w in b.born):
        return "birth date"
    if a.fathers and b.fathers and not a.fathers & b.fathers:
        return "father's name"
    return ""


def _offers(made: list[tuple[str, Person, list[ListRecord]]], reader: Any) -> list[str]:
    """For each new victim with the name of a Person made outside the lists that ``reader``
    may read, and nothing contradicting them, the line that offers the merge."""
    if not made:
        return []
    known = profiles(people_visible_to(reader).filter(list_records__isnull=True), reader)
    by_key: dict[str, set[int]] = defaultdict(set)
    for pk, profile in known.items():
        for key in profile.keys:
            by_key[key].add(pk)
    lines = []
    for cluster_id, person, records in made:
        new = _profile(
            person,
            (_row_name(r.normalized) for r in records),
            (span for r in records for span in _row_born(r.normalized)),
            (str(r.normalized.get("father_name", "")) for r in records),
            len(records),
        )
        same = sorted({pk for key in new.keys for pk in by_key.get(key, ())})
        fitting = [pk for pk in same if not contradiction(new, known[pk])]
        if fitting:
            lines.append(_offer(cluster_id, person, new.names[0], fitting))
    return lines


def _offer(cluster_id: str, person: Person, name: str, fitting: list[int]) -> str:
    others = ", ".join(f"person {pk}" for pk in fitting)
    return (
        f"cluster {cluster_id}: the new victim person {person.pk} ({name}) is probably {others}, "
        "recorded outside the lists (same name, no contradicting birth date or father's name); "
        f"if one: khavaran people merge {fitting[0]} {person.pk} --reason TEXT"
    )


@dataclass(frozen=True)
class Namesakes:
    """People who share a name, for a reviewer to merge or tell apart; ``differ`` says what
    contradicts two of them being one ("birth date: person 10, person 512")."""

    people: list[Profile]
    differ: list[str]


def namesakes(reader: Any, *, lists_too: bool = False) -> list[Namesakes]:
    """The groups of live people ``reader`` may read that share a name in any script.

    A group made only of victims from the lists is left out unless ``lists_too``: the linkage
    run and its review already kept them apart (a namesake, or a split).
    """
    known = profiles(people_visible_to(reader), reader)
    group: dict[int, int] = {pk: pk for pk in known}

    def root(pk: int) -> int:
        while group[pk] != pk:
            group[pk] = group[group[pk]]
            pk = group[pk]
        return pk

    first: dict[str, int] = {}
    for pk, profile in known.items():
        for key in profile.keys:
            group[root(pk)] = root(first.setdefault(key, pk))
    members: dict[int, list[Profile]] = defaultdict(list)
    for pk in sorted(known):
        members[root(pk)].append(known[pk])
    found = []
    for people in members.values():
        if len(people) > 1 and (lists_too or any(not p.list_records for p in people)):
            found.append(Namesakes(people, _differ(people)))
    return sorted(found, key=lambda n: n.people[0].person.pk)


def _differ(people: list[Profile]) -> list[str]:
    said = []
    for i, a in enumerate(people):
        for b in people[i + 1 :]:
            if what := contradiction(a, b):
                said.append(f"{what}: person {a.person.pk}, person {b.person.pk}")
    return said
