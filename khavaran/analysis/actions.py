"""Named writes on victim lists, linkage runs, review decisions and estimates.

Each validates, writes and audits in one transaction. Rows of a list and the pairs and
clusters of a run are written in bulk under one audit event for their parent: the event
carries their count and a hash, so the history stays readable for lists of 30,000 rows.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from khavaran import __version__
from khavaran.analysis.audit_states import digest, estimate_state, run_digests
from khavaran.analysis.errors import ReviewError
from khavaran.analysis.lists_import import ImportOptions, ImportReport, PreparedList, prepare_list
from khavaran.analysis.models import (
    ColumnMapping,
    Decision,
    Estimate,
    LinkageRun,
    LinkDecision,
    LinkPair,
    ListRecord,
    RunCluster,
    VictimList,
)
from khavaran.analysis.tables import MEDIA_TYPES
from khavaran.audit.chain import append
from khavaran.bulk import insert_rows
from khavaran.evidence.actions import SourceFields, Span, add_excerpts, add_source, get_store
from khavaran.evidence.models import Source
from khavaran.records.actions import (
    NameSpec,
    PersonSpec,
    add_citations,
    create_people,
    delete_name,
    uncite,
)
from khavaran.records.models import Person
from khavaran.text.arabic_script import arabic_script_share
from khavaran.vocabulary import CONFIDENTIALITY_ORDER

METHOD = "khavaran lists import"


def import_list(path: Any, options: ImportOptions) -> ImportReport:
    """Import a list file: its original stored, one ListRecord per accepted row, or nothing.

    Raises:
        ListError: see ``lists_import.prepare_list``; nothing is written.
    """
    prepared = prepare_list(path, options)
    store = get_store()
    stored = store.put(io.BytesIO(prepared.data), max_bytes=settings.MAX_FILE_BYTES)
    try:
        with transaction.atomic():
            victim_list = _write_list(prepared, stored, options)
            if options.save_mapping:
                save_column_mapping(options.save_mapping, prepared.mapping, actor=options.actor)
    except BaseException:
        # Another import of the same bytes may have recorded them meanwhile: keep its file.
        store.abandon(stored, is_referenced=lambda sha: Source.objects.filter(sha256=sha).exists())
        raise
    transaction.on_commit(lambda: store.committed(stored))
    rows_read = len(prepared.rows) + len(prepared.refused)
    used = set(prepared.mapping.values())
    unmapped = [h for h in prepared.table.headers if h and h not in used]
    return ImportReport(
        victim_list, rows_read, prepared.refused, prepared.mapping, unmapped, prepared.date_readings
    )


def _write_list(prepared: PreparedList, stored: Any, options: ImportOptions) -> VictimList:
    source = add_source(
        stored, _source_fields(prepared, options), actor=options.actor, method=METHOD
    )
    victim_list = VictimList.objects.create(
        name=options.name,
        source=source,
        mapping=prepared.mapping,
        headers=prepared.table.headers,
        row_count=len(prepared.rows),
        encoding=prepared.table.encoding,
        imported_by=options.actor,
    )
    ListRecord.objects.bulk_create(
        ListRecord(
            victim_list=victim_list,
            row_number=row.row_number,
            original=row.original,
            normalized=row.normalized,
            start=start,
            end=end,
        )
        for row, (start, end) in zip(prepared.rows, prepared.spans, strict=True)
    )
    append(
        actor=options.actor,
        action="create",
        model="analysis.VictimList",
        object_id=victim_list.pk,
        after={
            "name": victim_list.name,
            "source": source.pk,
            "mapping": prepared.mapping,
            "rows": len(prepared.rows),
            "refused_rows": [e.row for e in prepared.refused],
            # How its dates in numbers were read (08/03/1988: 8 March or 3 August), per column.
            "date_orders": {r.column: r.order for r in prepared.date_readings},
            "rows_sha256": digest([[r.row_number, r.original] for r in prepared.rows]),
        },
    )
    return victim_list


def _source_fields(prepared: PreparedList, options: ImportOptions) -> SourceFields:
    return SourceFields(
        title=options.name,
        kind="dataset",
        media_type=MEDIA_TYPES[prepared.path.suffix.lower()],
        original_filename=prepared.path.name,
        confidentiality=options.confidentiality,
        origin=options.origin,
        language="fa" if arabic_script_share(prepared.text) > 0.5 else "",
        text=prepared.text,
        text_method=METHOD,
        text_method_version=__version__,
        text_encoding=prepared.table.encoding,
        metadata={"list_name": options.name, "headers": prepared.table.headers},
    )


def save_column_mapping(name: str, fields: dict[str, str], *, actor: str) -> ColumnMapping:
    """Save (or replace) a named mapping for later imports."""
    with transaction.atomic():
        existing = ColumnMapping.objects.filter(name=name).first()
        before = dict(existing.fields) if existing else None
        mapping, _ = ColumnMapping.objects.update_or_create(
            name=name, defaults={"fields": fields, "created_by": actor}
        )
        append(
            actor=actor,
            action="update" if existing else "create",
            model="analysis.ColumnMapping",
            object_id=mapping.pk,
            before=before,
            after=fields,
        )
    return mapping


@dataclass(frozen=True)
class RunData:
    """What a linkage run found, keyed by ListRecord ids."""

    parameters: dict[str, Any]
    input_hash: str
    summary: dict[str, Any]
    lists: list[str]
    pairs: Sequence[tuple[int, int, float, float | None]]
    clusters: Sequence[tuple[int, str]]


def record_linkage_run(data: RunData, *, actor: str) -> LinkageRun:
    """Store a run with its pairs and each record's cluster."""
    with transaction.atomic():
        run = LinkageRun.objects.create(
            parameters=data.parameters,
            input_hash=data.input_hash,
            summary=data.summary,
            lists=data.lists,
            created_by=actor,
        )
        # A run at 100,000 records scores about half a million pairs: plain rows, not model
        # instances (bulk_create took 24 s for 250,000 pairs, this a few seconds).
        insert_rows(
            LinkPair,
            ["run_id", "record_l_id", "record_r_id", "probability", "weight"],
            [(run.pk, left, right, p, w) for left, right, p, w in data.pairs],
        )
        insert_rows(
            RunCluster,
            ["run_id", "record_id", "cluster_id"],
            [(run.pk, record, cluster) for record, cluster in data.clusters],
        )
        append(
            actor=actor,
            action="create",
            model="analysis.LinkageRun",
            object_id=run.pk,
            after={
                "parameters": data.parameters,
                "input_hash": data.input_hash,
                "n_pairs": len(data.pairs),
                "n_clusters": data.summary.get("n_clusters"),
                **run_digests(data.pairs, data.clusters),
            },
        )
    return run


def decide_pair(
    first: ListRecord, second: ListRecord, decision: str, *, actor: str, reason: str = ""
) -> LinkDecision:
    """Record that two records are one person (confirm) or two (split); replaces an earlier one.

    Raises:
        ReviewError: the same record twice, or an unknown decision.
    """
    if first.pk == second.pk:
        raise ReviewError(f"record {first} cannot be paired with itself")
    if decision not in Decision.values:
        raise ReviewError(f"unknown decision {decision!r}; use confirm or split")
    left, right = sorted((first, second), key=lambda r: r.uid)
    with transaction.atomic():
        existing = LinkDecision.objects.filter(record_l=left, record_r=right).first()
        before = {"decision": existing.decision} if existing else None
        made, _ = LinkDecision.objects.update_or_create(
            record_l=left,
            record_r=right,
            defaults={"decision": decision, "decided_by": actor, "reason": reason},
        )
        append(
            actor=actor,
            action="update" if existing else "create",
            model="analysis.LinkDecision",
            object_id=made.pk,
            before=before,
            after={"records": [left.uid, right.uid], "decision": decision},
            reason=reason,
        )
    return made


def person_from_records(records: Sequence[ListRecord], *, actor: str) -> Person:
    """One Person for a confirmed cluster: a cited name per distinct spelling, all rows linked.

    Each name cites its row's line in the list's text (see lists_import). The person is as
    protected as the most protected list that names them.
    """
    return people_from_clusters([records], actor=actor)[0]


def people_from_clusters(
    clusters: Sequence[Sequence[ListRecord]],
    *,
    actor: str,
    also_link: Sequence[tuple[Person, Sequence[ListRecord]]] = (),
) -> list[Person]:
    """``person_from_records`` for many clusters at once, in one transaction.

    The excerpts are cited first, cluster by cluster; then the persons and their names are
    written together and audited person by person, and the records linked (with those of
    ``also_link``, records that join a person accepted before).
    """
    with transaction.atomic():
        names = _name_specs_many(clusters, actor)
        specs = [
            PersonSpec(
                person_names,
                key=f"victim:{records[0].uid}",
                confidentiality=max(
                    (r.victim_list.source.confidentiality for r in records),
                    key=CONFIDENTIALITY_ORDER.index,
                ),
                father_name=_first(records, "father_name"),
            )
            for records, person_names in zip(clusters, names, strict=True)
        ]
        people = create_people(specs, actor=actor)
        _link([*zip(people, clusters, strict=True), *also_link], actor)
    return people


def link_records(person: Person, records: Sequence[ListRecord], *, actor: str) -> None:
    """Point records at the victim they document."""
    with transaction.atomic():
        _link([(person, records)], actor)


def _link(links: Sequence[tuple[Person, Sequence[ListRecord]]], actor: str) -> None:
    # One executemany for all (bulk_update's CASE took longer to build than to run).
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(ListRecord._meta.db_table)} SET {quote('person_id')} = %s "
            f"WHERE {quote('id')} = %s",
            [(person.pk, r.pk) for person, records in links for r in records],
        )
    for person, records in links:
        append(
            actor=actor,
            action="link",
            model="records.Person",
            object_id=person.pk,
            after={"list_records": sorted(r.uid for r in records)},
        )


def release_records(
    person: Person,
    leaving: Sequence[ListRecord],
    staying: Sequence[ListRecord],
    *,
    actor: str,
    reason: str,
) -> None:
    """A reviewer split a victim's records: ``leaving`` now document someone else (the caller
    links them). The person stops citing their rows: a name only they support is removed, and
    a name that a ``staying`` row spells too cites that row instead."""
    rows = [(r.victim_list.source_id, r.start, r.end) for r in leaving]
    spelled = {_display_name(r): r for r in reversed(staying)}
    for name in person.names.prefetch_related("excerpts").order_by("pk"):
        cited = list(name.excerpts.all())
        gone = [
            e
            for e in cited
            if any(s == e.source_id and a <= e.start and e.end <= b for s, a, b in rows)
        ]
        if not gone:
            continue
        if len(gone) == len(cited) and name.text in spelled:
            row = spelled[name.text]
            (excerpt,) = add_excerpts(
                [Span(row.victim_list.source, row.start, row.end)], actor=actor
            )
            add_citations(name, [excerpt], actor=actor, reason=reason)
            cited.append(excerpt)
        if len(gone) < len(cited):
            uncite(name, gone, actor=actor, reason=reason)
        else:
            delete_name(name, actor=actor, reason=reason)


def _name_specs_many(clusters: Sequence[Sequence[ListRecord]], actor: str) -> list[list[NameSpec]]:
    firsts: list[list[tuple[str, ListRecord]]] = []
    for records in clusters:
        seen: dict[str, ListRecord] = {}
        for record in records:
            seen.setdefault(_display_name(record), record)
        firsts.append(list(seen.items()))
    excerpts = iter(
        add_excerpts(
            [Span(r.victim_list.source, r.start, r.end) for f in firsts for _, r in f], actor=actor
        )
    )
    return [
        [
            NameSpec(
                text, "persian" if arabic_script_share(text) > 0.5 else "latin", [next(excerpts)]
            )
            for text, _ in f
        ]
        for f in firsts
    ]


def _display_name(record: ListRecord) -> str:
    fields = record.normalized
    parts = [fields.get("given_name", ""), fields.get("family_name", "")]
    return " ".join(p for p in parts if p) or str(fields.get("full_name", ""))


def _first(records: Sequence[ListRecord], field: str) -> str:
    return next((str(r.normalized[field]) for r in records if r.normalized.get(field)), "")


def record_estimate(fields: dict[str, Any], *, actor: str) -> Estimate:
    """Store one estimate (append-only) and audit what it says and how it was made.

    Args:
        fields: the Estimate's fields (see ``analysis/estimates.py``, which builds them from an
            engine result).
    """
    with transaction.atomic():
        estimate = Estimate.objects.create(**fields, created_by=actor)
        append(
            actor=actor,
            action="create",
            model="analysis.Estimate",
            object_id=estimate.pk,
            after=estimate_state(estimate),
        )
    return estimate
