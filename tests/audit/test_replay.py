"""`verify` compares the database with the audit log: a row changed, added or removed behind
the log's back is named, with the field that differs."""

from __future__ import annotations

import pytest
from django.db import connection

from khavaran.accounts.actions import create_user
from khavaran.analysis.actions import decide_pair, people_from_clusters
from khavaran.analysis.models import Estimate, ListRecord
from khavaran.evidence.models import Source
from khavaran.records.actions import add_citations, soft_delete, update_record
from khavaran.records.models import Claim, Name, Person
from khavaran.verify import verify_all
from khavaran.web.actions import set_public_site
from tests.audit.tampering import tamper
from tests.factories import (
    make_claim,
    make_estimate,
    make_excerpt,
    make_linkage_run,
    make_person,
    make_source,
    make_victim_list,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(data_dir, tmp_path, settings):
    """A little of everything, written only through Khavaran's actions."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    source = make_source(tmp_path, "Witness A saw the commission at Evin prison in 1988.")
    excerpt = make_excerpt(source, "the commission at Evin prison")
    person = make_person(make_excerpt(source, "Witness A"), "Witness A")
    claim = make_claim(excerpt)
    update_record(claim, {"assessment": "probable"}, actor="reviewer", reason="two sources")
    add_citations(claim, [make_excerpt(source, "in 1988")], actor="reviewer")
    soft_delete(make_claim(excerpt), actor="reviewer", reason="duplicate")
    lists = [
        make_victim_list(tmp_path, "families", range(1, 12)),
        make_victim_list(tmp_path, "memorial", range(4, 16)),
    ]
    run = make_linkage_run(lists)
    make_estimate(run)
    first, second = (ListRecord.objects.get(victim_list=v, row_number=1) for v in lists)
    decide_pair(first, second, "confirm", actor="analyst")
    people_from_clusters([[first, second]], actor="analyst")
    create_user("amir", role="viewer", password="a long enough passphrase 1988", actor="admin")
    set_public_site(True, actor="admin")
    return {"source": source, "person": person, "claim": claim}


def problems() -> list[str]:
    return [str(p) for p in verify_all().problems]


def test_a_database_written_only_through_khavaran_matches_its_log(case):
    report = verify_all()
    assert report.ok, report.problems
    assert report.rows_checked > 20


def test_a_record_field_changed_in_the_database_is_named_with_the_field(case):
    Claim.objects.filter(pk=case["claim"].pk).update(assessment="confirmed")
    assert problems() == [
        f"records.Claim {case['claim'].pk}: changed outside Khavaran: assessment differs from "
        "what the audit log last recorded"
    ]


def test_a_witness_made_public_behind_the_log_is_caught(case):
    person = case["person"]
    update_record(person, {"confidentiality": "confidential"}, actor="admin", reason="witness")
    Person.objects.filter(pk=person.pk).update(confidentiality="public")
    name = Name.objects.get(person=person)
    assert problems() == [
        f"records.Person {person.pk}: changed outside Khavaran: confidentiality differs from "
        "what the audit log last recorded",
        # Its name is indexed at the person's level: the index no longer agrees with the row.
        f"search.SearchDocument name {name.pk}: changed outside Khavaran: confidentiality "
        "differs from its record",
    ]


def test_a_citation_removed_behind_the_log_is_caught(case):
    name = Name.objects.get(person=case["person"])
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM records_name_excerpts WHERE name_id = %s", [name.pk])
    assert problems() == [
        f"records.Name {name.pk}: changed outside Khavaran: excerpts differs from what the audit "
        "log last recorded"
    ]


def test_a_row_added_or_deleted_behind_the_log_is_caught(case):
    claim = case["claim"]
    Claim.objects.bulk_create([Claim(question="q", predicate="victim_count", value_number=1)])
    added = Claim.objects.order_by("-pk").first()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM records_claim_excerpts WHERE claim_id = %s", [claim.pk])
        cursor.execute("DELETE FROM records_claim WHERE id = %s", [claim.pk])
    found = problems()
    assert f"records.Claim {added.pk}: no audit event records it: written outside Khavaran" in found
    assert (
        f"records.Claim {claim.pk}: the audit log records it but the database no longer has it: "
        "deleted outside Khavaran"
    ) in found


def test_a_source_text_rewritten_to_the_same_length_is_caught(case):
    source = case["source"]
    Source.objects.filter(pk=source.pk).update(text=source.text.replace("Evin", "Qasr"))
    found = problems()
    assert any(p.startswith(f"evidence.Source {source.pk}: changed") for p in found), found
    assert "text_sha256" in " ".join(found)


def test_an_edited_list_row_a_relinked_record_and_a_changed_estimate_are_caught(case):
    row = ListRecord.objects.select_related("victim_list").filter(person=None).first()
    ListRecord.objects.filter(pk=row.pk).update(
        original={"First name": "Someone", "Last name": "X"}
    )
    linked = ListRecord.objects.filter(person__isnull=False).first()
    ListRecord.objects.filter(pk=linked.pk).update(person=None)
    estimate = Estimate.objects.get()
    Estimate.objects.filter(pk=estimate.pk).update(total=1.0)
    found = problems()
    assert any(
        p.startswith(f"analysis.VictimList {row.victim_list_id}: changed") and "rows_sha256" in p
        for p in found
    ), found
    where = f"analysis.ListRecord list {linked.victim_list_id} row {linked.row_number}: changed"
    assert any(p.startswith(where) for p in found), found
    assert any(p.startswith(f"analysis.Estimate {estimate.pk}:") and "total" in p for p in found)


def test_an_account_promoted_behind_the_log_is_caught(case):
    from khavaran.accounts.models import User

    User.objects.filter(username="amir").update(role="admin")
    assert any("accounts.User" in p and "role" in p for p in problems())


def test_the_public_site_switched_on_behind_the_log_is_caught(data_dir):
    from khavaran.web.models import SiteSettings

    SiteSettings.objects.create(pk=1, public_site_enabled=True)
    assert problems() == [
        "web.SiteSettings 1: changed outside Khavaran: public_site_enabled differs from what "
        "the audit log last recorded"
    ]


def test_one_damaged_event_leaves_every_other_row_compared(case):
    from khavaran.audit.models import AuditEvent

    claim = str(case["claim"].pk)
    first = AuditEvent.objects.filter(model="records.Claim", object_id=claim).last()
    tamper("UPDATE audit_auditevent SET reason = 'x' WHERE id = %s", [first.pk])
    Source.objects.filter(pk=case["source"].pk).update(confidentiality="confidential")
    found = problems()
    altered = f"audit event #{first.seq}: audit event was altered: its content no longer matches"
    assert altered in found
    assert any(p.startswith(f"records.Claim {claim}: not compared") for p in found)
    source = case["source"].pk
    assert any(p.startswith(f"evidence.Source {source}: changed outside") for p in found)


def test_an_account_reactivated_behind_the_log_is_caught(case):
    from khavaran.accounts.actions import deactivate_user
    from khavaran.accounts.models import User

    deactivate_user("amir", actor="admin", reason="laptop seized")
    assert problems() == []
    User.objects.filter(username="amir").update(is_active=True)
    user = User.objects.get(username="amir")
    assert problems() == [
        f"accounts.User {user.pk}: changed outside Khavaran: is_active differs from what the "
        "audit log last recorded"
    ]


def test_a_date_changed_behind_the_log_is_caught(data_dir, tmp_path):
    from datetime import date

    from khavaran.evidence.models import FuzzyDate
    from khavaran.records.actions import create_incident, save_fuzzy_date

    excerpt = make_excerpt(make_source(tmp_path, "The executions began on 10 Mordad 1367."))
    start = save_fuzzy_date(date(1988, 8, 1), date(1988, 8, 1), original="10 Mordad 1367")
    incident = create_incident(
        "Executions begin", kind="execution", actor="tester", start=start, excerpts=[excerpt]
    )
    assert problems() == []
    FuzzyDate.objects.filter(pk=start.pk).update(earliest=date(1990, 1, 1), latest=date(1990, 1, 1))
    assert problems() == [
        f"records.Incident {incident.pk}: changed outside Khavaran: start_value differs from "
        "what the audit log last recorded"
    ]


def test_a_record_moved_to_another_cluster_behind_the_log_is_caught(case):
    from khavaran.analysis.models import LinkageRun, RunCluster

    run = LinkageRun.objects.get()
    first, second = RunCluster.objects.filter(run=run).order_by("pk")[:2]
    RunCluster.objects.filter(pk=first.pk).update(cluster_id=second.cluster_id + "-moved")
    assert problems() == [
        f"analysis.LinkageRun {run.pk}: changed outside Khavaran: clusters_sha256 differs from "
        "what the audit log last recorded"
    ]


def test_a_password_hash_copied_onto_another_account_is_caught(case):
    from khavaran.accounts.models import User

    create_user("ada", role="admin", password="another long passphrase 1988", actor="admin")
    viewer_hash = User.objects.get(username="amir").password
    User.objects.filter(username="ada").update(password=viewer_hash)
    ada = User.objects.get(username="ada")
    assert problems() == [
        f"accounts.User {ada.pk}: changed outside Khavaran: password_sha256 differs from what "
        "the audit log last recorded"
    ]


def test_a_second_factor_removed_behind_the_log_is_caught(case):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from khavaran.accounts.actions import confirm_second_factor
    from khavaran.accounts.models import User

    amir = User.objects.get(username="amir")
    confirm_second_factor(amir, TOTPDevice.objects.create(user=amir, name="phone"))
    assert problems() == []
    TOTPDevice.objects.filter(user=amir).delete()
    assert problems() == [
        f"accounts.User {amir.pk}: changed outside Khavaran: second_factor_devices differs from "
        "what the audit log last recorded"
    ]


def test_a_password_hash_upgraded_at_sign_in_is_logged_not_flagged(case, settings):
    from khavaran.accounts.models import User

    # The account's hash was made with MD5 (the fixture's hasher); the project now prefers
    # PBKDF2, so signing in rewrites the hash, as Django does after an upgrade.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    amir = User.objects.get(username="amir")
    assert amir.check_password("a long enough passphrase 1988")
    assert User.objects.get(username="amir").password.startswith("pbkdf2_sha256$")
    assert problems() == []


def test_a_confidential_passage_marked_public_in_the_search_index_is_caught(data_dir, tmp_path):
    from khavaran.search.models import SearchDocument

    source = make_source(
        tmp_path, "The witness is Shirin Zarvandi.", confidentiality="confidential"
    )
    excerpt = make_excerpt(source, "Shirin Zarvandi")
    assert problems() == []
    SearchDocument.objects.filter(source_id=source.pk).update(confidentiality="public")
    assert problems() == [
        f"search.SearchDocument source {source.pk}: changed outside Khavaran: confidentiality "
        "differs from its record",
        f"search.SearchDocument excerpt {excerpt.pk}: changed outside Khavaran: confidentiality "
        "differs from its record",
    ]


def test_words_added_to_the_index_or_a_record_dropped_from_it_are_caught(case):
    from khavaran.search.models import SearchDocument

    source = case["source"]
    SearchDocument.objects.filter(kind="source", ref_id=source.pk).update(
        body="fabricated words", original_body="Fabricated words"
    )
    name = Name.objects.get(person=case["person"])
    SearchDocument.objects.filter(kind="name", ref_id=name.pk).delete()
    found = problems()
    assert (
        f"search.SearchDocument source {source.pk}: changed outside Khavaran: body, "
        "original_body differ from its record"
    ) in found
    assert f"search.SearchDocument name {name.pk}: not in the search index" in found
